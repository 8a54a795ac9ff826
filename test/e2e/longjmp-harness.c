// A test runner's pattern: main calls each test through the same function
// pointer, and a failing test longjmps back. The next test's call has the
// same return address slot and the same return address as the abandoned
// one, but another function, called for real: the abandoned frames are
// closed as unwound and each test is a root. Functions inlined into main
// at -O2 (one inside the other, from the same place) stay nested.
// RUN: %ruchycc -O0 %s -o %t0
// RUN: %ruchycc -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2
// RUN: %check-trace json %t2.json | FileCheck %s
#include <setjmp.h>

#define NOINLINE __attribute__((noinline))
static jmp_buf env;
static volatile int failures;
NOINLINE void fail(int x) {
  failures += x;
  longjmp(env, 1);
}
NOINLINE void test_a(int x) { fail(x); }
NOINLINE void test_b(int x) { fail(x); }
NOINLINE void test_c(int x) { failures += x * 0; }
static void (*const tests[])(int) = {test_a, test_b, test_c, test_a};
static int inner(int x) { return x * 2; }     // inlined into main at -O2
static int outer(int x) { return inner(x) + 1; } // likewise

__attribute__((no_instrument_function)) int main(void) {
  for (volatile int i = 0; i < 4; ++i)
    if (!setjmp(env))
      tests[i](i);
  return outer(4) == 9 ? 0 : 1;
}
// CHECK: summary events=18 enter=9 exit=9 threads=1 dropped=0
// CHECK:      test_a(int=0) = <unwound>
// CHECK-NEXT:   fail(int=0) = <unwound>
// CHECK-NEXT: test_b(int=1) = <unwound>
// CHECK-NEXT:   fail(int=1) = <unwound>
// CHECK-NEXT: test_c(int=2){{ }}
// CHECK-NEXT: test_a(int=3) = <unwound>
// CHECK-NEXT:   fail(int=3) = <unwound>
// CHECK-NEXT: outer(int=4) = 9
// CHECK-NEXT:   inner(int=4) = 8
