// Unwinding out of a recursion 5000 frames deep (a parser's nesting-limit
// test), by longjmp and by a C++ exception, then more calls: every frame
// gets its unwound exit, the calls after are roots, and the trace is valid.
// With the default buffer (10000 events) the oldest events are dropped and
// counted, and the trace stays valid.
// RUN: %ruchycxx -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_BUFFER=30000 %t
// RUN: %ruchytrace validate %t.json | FileCheck --check-prefix=VALID %s
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.small.json %t
// RUN: %ruchytrace validate %t.small.json | FileCheck --check-prefix=SMALL %s
#include <setjmp.h>
#include <stdexcept>

#define NOINLINE __attribute__((noinline))
static jmp_buf env;
NOINLINE int descend_jmp(int depth) {
  if (depth == 0)
    longjmp(env, 1);
  return descend_jmp(depth - 1) + 1;
}
NOINLINE int descend_throw(int depth) {
  if (depth == 0)
    throw std::runtime_error("too deep");
  return descend_throw(depth - 1) + 1;
}
NOINLINE int after(int x) { return x + 1; }
volatile int sink;
__attribute__((no_instrument_function)) int main() {
  if (!setjmp(env))
    sink = descend_jmp(5000);
  sink = after(1);
  try {
    sink = descend_throw(5000);
  } catch (const std::exception &) {
  }
  sink = after(2);
  return 0;
}
// VALID: valid, 20008 events, 1 threads, 0 dropped
// CHECK: summary events=20008 enter=10004 exit=10004 threads=1 dropped=0
// CHECK: fn descend_jmp enter=5001 exit=5001
// CHECK: fn descend_throw enter=5001 exit=5001
// CHECK:      {{^}}descend_jmp(int=5000) = <unwound>
// CHECK-NEXT: {{^  }}descend_jmp(int=4999) = <unwound>
// CHECK:      {{^ +}}descend_jmp(int=0) = <unwound>
// CHECK-NEXT: {{^}}after(int=1) = 2
// CHECK-NEXT: {{^}}descend_throw(int=5000) = <unwound>
// CHECK:      {{^ +}}descend_throw(int=0) = <unwound>
// CHECK-NEXT: {{^}}after(int=2) = 3
// The newest 10000 of 20008 events.
// SMALL: valid, 10000 events, 1 threads, 10008 dropped
