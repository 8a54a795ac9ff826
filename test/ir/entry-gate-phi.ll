; The entry-check rewrite (pass/EntryGate.cpp) on shapes the optimiser can
; leave behind: the traced side with a phi of its own, the state's branch
; inverted, and a sample block doing something besides counting or in an
; ifunc resolver (left as they are).
; RUN: %opt -load-pass-plugin=%plugin -passes='function(ruchy-trace-entry-gate),verify' -S %s -o - | FileCheck %s

@desc = private global i8 0, align 8
@__ruchy_trace_countdown = external thread_local(initialexec) global i32
declare i32 @f.traced(i32)
declare void @other()

; CHECK-LABEL: define i32 @phi_on_traced_side(
; CHECK:         %s = load atomic i8, ptr @desc unordered
; CHECK:         [[N:%.*]] = sub i32 {{%.*}}, {{%.*}}
; CHECK:         br i1 {{%.*}}, label %traced, label %body, !prof {{.*}}!ruchy.trace.gate
; The phi, now of one value, folds away.
; CHECK:       traced:
; CHECK-NEXT:    tail call i32 @f.traced(i32 %x)
; CHECK:       body:
; CHECK-NEXT:    %z = add i32 %x, 1
; CHECK-NOT:   sample:
define i32 @phi_on_traced_side(i32 %x) {
entry:
  %s = load atomic i8, ptr @desc monotonic, align 8
  %on = icmp ne i8 %s, 0
  br i1 %on, label %sample, label %body, !ruchy.trace.gate !0
sample:
  %a = call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
  %c = load i32, ptr %a, align 4
  %n = add i32 %c, -1
  store i32 %n, ptr %a, align 4
  %hit = icmp slt i32 %n, 0
  br i1 %hit, label %traced, label %body
traced:
  %v = phi i32 [ %x, %sample ]
  %r = tail call i32 @f.traced(i32 %v), !ruchy.trace.gate !0
  ret i32 %r
body:
  %y = phi i32 [ 1, %entry ], [ 1, %sample ]
  %z = add i32 %x, %y
  ret i32 %z
}

; CHECK-LABEL: define i32 @inverted(
; CHECK:         sub i32
; CHECK:         br i1 {{%.*}}, label %traced, label %body
define i32 @inverted(i32 %x) {
entry:
  %s = load atomic i8, ptr @desc monotonic, align 8
  %off = icmp eq i8 %s, 0
  br i1 %off, label %body, label %sample, !ruchy.trace.gate !0
sample:
  %a = call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
  %c = load i32, ptr %a, align 4
  %n = add i32 %c, -1
  store i32 %n, ptr %a, align 4
  %hit = icmp slt i32 %c, 1
  br i1 %hit, label %traced, label %body
traced:
  %r = tail call i32 @f.traced(i32 %x), !ruchy.trace.gate !0
  ret i32 %r
body:
  ret i32 %x
}

; The body gets different values from the entry and from the sample block:
; one branch could not tell them apart.
; CHECK-LABEL: define i32 @differing_phi(
; CHECK:         br i1 {{%.*}}, label %sample, label %body, !ruchy.trace.gate
; CHECK:       sample:
define i32 @differing_phi(i32 %x) {
entry:
  %s = load atomic i8, ptr @desc monotonic, align 8
  %on = icmp ne i8 %s, 0
  br i1 %on, label %sample, label %body, !ruchy.trace.gate !0
sample:
  %a = call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
  %c = load i32, ptr %a, align 4
  %n = add i32 %c, -1
  store i32 %n, ptr %a, align 4
  %hit = icmp slt i32 %n, 0
  br i1 %hit, label %traced, label %body
traced:
  %r = tail call i32 @f.traced(i32 %x), !ruchy.trace.gate !0
  ret i32 %r
body:
  %y = phi i32 [ 1, %entry ], [ 2, %sample ]
  ret i32 %y
}

; A sample block that calls something is not the countdown.
; CHECK-LABEL: define i32 @not_a_countdown(
; CHECK:       sample:
; CHECK:         call void @other()
define i32 @not_a_countdown(i32 %x) {
entry:
  %s = load atomic i8, ptr @desc monotonic, align 8
  %on = icmp ne i8 %s, 0
  br i1 %on, label %sample, label %body, !ruchy.trace.gate !0
sample:
  call void @other()
  %a = call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
  %c = load i32, ptr %a, align 4
  %n = add i32 %c, -1
  store i32 %n, ptr %a, align 4
  %hit = icmp slt i32 %n, 0
  br i1 %hit, label %traced, label %body
traced:
  %r = tail call i32 @f.traced(i32 %x), !ruchy.trace.gate !0
  ret i32 %r
body:
  ret i32 %x
}

; An ifunc resolver may run before thread-local storage exists.
; CHECK-LABEL: define ptr @resolver(
; CHECK:       sample:
@chosen = ifunc i32 (i32), ptr @resolver
define ptr @resolver() {
entry:
  %s = load atomic i8, ptr @desc monotonic, align 8
  %on = icmp ne i8 %s, 0
  br i1 %on, label %sample, label %body, !ruchy.trace.gate !0
sample:
  %a = call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
  %c = load i32, ptr %a, align 4
  %n = add i32 %c, -1
  store i32 %n, ptr %a, align 4
  %hit = icmp slt i32 %n, 0
  br i1 %hit, label %traced, label %body
traced:
  ret ptr @f.traced
body:
  ret ptr @f.traced
}

!0 = !{}
