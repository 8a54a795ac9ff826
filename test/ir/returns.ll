; Every return path gets its own exit; a musttail call keeps its ret right
; behind it and the exit goes before the call. No debug info here, so names
; and types come from the IR and the descriptor says so.
; RUN: %opt -load-pass-plugin=%plugin -ruchy-trace-split=false -passes='ruchy-trace,verify' -S %s -o - | FileCheck %s
target triple = "x86_64-unknown-linux-gnu"

; CHECK-DAG: @[[I32:ruchy_trace.type[.0-9]*]] = private constant %ruchy_trace.type { i8 1, i8 0, i16 0, i32 4, i32 0, i32 0, ptr @[[I32NAME:ruchy_trace.str[.0-9]*]], ptr null, ptr null }
; CHECK-DAG: @[[I32NAME]] = private unnamed_addr constant [4 x i8] c"i32\00"
; Flags NO_DEBUG (4), line/column 0, file null, no parameter names.
; CHECK-DAG: @ruchy_trace.fn.sign = private global %ruchy_trace.fn { i8 0, i8 4, i16 1, i32 0, i32 0, i32 0, ptr @{{.*}}, ptr null, ptr @[[I32]], ptr @{{.*}}, ptr @sign, ptr null }, section "ruchy_trace_fn"

define i32 @sign(i32 %x) {
entry:
  %neg = icmp slt i32 %x, 0
  br i1 %neg, label %a, label %b
a:
  ret i32 -1
b:
  %z = icmp eq i32 %x, 0
  br i1 %z, label %c, label %d
c:
  ret i32 0
d:
  ret i32 1
}
; CHECK-LABEL: define i32 @sign(
; CHECK: call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.sign, i64 %ruchy.token, i64 -1)
; CHECK: call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.sign, i64 %ruchy.token, i64 0)
; CHECK: call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.sign, i64 %ruchy.token, i64 1)
; CHECK-NOT: __ruchy_trace_exit
; CHECK-LABEL: define i32 @count(

define i32 @count(i32 %n) {
entry:
  %done = icmp eq i32 %n, 0
  br i1 %done, label %base, label %rec
base:
  ret i32 0
rec:
  %m = sub i32 %n, 1
  %r = musttail call i32 @count(i32 %m)
  ret i32 %r
}
; CHECK:      [[HAS:%.*]] = icmp ne i64 %ruchy.token, 0
; CHECK-NEXT: br i1 [[HAS]]
; CHECK:      call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.count, i64 %ruchy.token, i64 0)
; CHECK:      [[HAS2:%.*]] = icmp ne i64 %ruchy.token, 0
; CHECK-NEXT: br i1 [[HAS2]]
; CHECK:      call preserve_mostcc void @__ruchy_trace_exit_tail(ptr @ruchy_trace.fn.count, i64 %ruchy.token)
; CHECK-NEXT: br label
; CHECK:      %r = musttail call i32 @count(i32 %m)
; CHECK-NEXT: ret i32 %r

; A function without arguments passes zeros; a wide integer is not
; captured (OPAQUE, kind 9) rather than truncated.
define i128 @wide(i128 %v) {
  ret i128 %v
}
; CHECK-LABEL: define i128 @wide(
; CHECK: call preserve_mostcc i64 @__ruchy_trace_enter(ptr @ruchy_trace.fn.wide, i64 0, i64 0, ptr {{%.*}})
; CHECK: call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.wide, i64 %ruchy.token, i64 0)

; On targets without preserve_most the runtime is called with the C
; convention (abi.h says the same).
; RUN: sed 's/x86_64-unknown-linux-gnu/riscv64-unknown-linux-gnu/' %s | %opt -load-pass-plugin=%plugin -ruchy-trace-split=false -passes='ruchy-trace,verify' -S -o - | FileCheck --check-prefix=RISCV %s
; RISCV: call i64 @__ruchy_trace_enter(ptr @ruchy_trace.fn.sign, {{.*}}, ptr null)
; RISCV: call void @__ruchy_trace_exit(ptr @ruchy_trace.fn.sign
