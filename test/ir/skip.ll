; Functions the pass must leave alone, and the no_instrument_function
; marks clang leaves under -finstrument-functions-after-inlining: a marked
; module skips unmarked functions and loses the marks, so no
; __cyg_profile_func_* call is ever inserted later.
; RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace,verify' -S %s -o - | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace,ee-instrument<post-inline>' -S %s -o - | FileCheck --check-prefix=POST %s
target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: @ruchy_trace.fn.naked
; CHECK-NOT: @ruchy_trace.fn.avail
; CHECK-NOT: @ruchy_trace.fn.never
; CHECK-NOT: @ruchy_trace.fn.nosan
; CHECK-NOT: @ruchy_trace.fn.__ruchy_trace_x
; CHECK-NOT: @ruchy_trace.fn.unmarked
; CHECK: @ruchy_trace.fn.marked =
; CHECK-NOT: @ruchy_trace.fn.

define void @naked() naked "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  unreachable
}
define available_externally i32 @avail(i32 %x) "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  ret i32 %x
}
define i32 @never(i32 %x) "function-instrument"="xray-never" "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  ret i32 %x
}
define i32 @nosan(i32 %x) disable_sanitizer_instrumentation "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  ret i32 %x
}
define i32 @__ruchy_trace_x(i32 %x) "instrument-function-entry-inlined"="__cyg_profile_func_enter" {
  ret i32 %x
}
define i32 @unmarked(i32 %x) {
  ret i32 %x
}
define i32 @marked(i32 %x) "instrument-function-entry-inlined"="__cyg_profile_func_enter" "instrument-function-exit-inlined"="__cyg_profile_func_exit" {
  ret i32 %x
}
declare i32 @external(i32)

; CHECK-LABEL: define i32 @unmarked(
; CHECK-NEXT:    ret i32 %x
; CHECK-LABEL: define i32 @marked(
; CHECK:         call preserve_mostcc i64 @__ruchy_trace_enter(
; CHECK-NOT: instrument-function-entry-inlined
; CHECK-NOT: instrument-function-exit-inlined
; POST-NOT: __cyg_profile_func
