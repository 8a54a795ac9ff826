// C `inline` functions are the program's functions too: traced at every
// optimisation level (clang marks `inline` only from -O1 on, so the pass
// cannot honour it consistently). Only always_inline opts out, at every
// level. The same functions, calls and values at -O0 to -O3.
// RUN: %ruchycc -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %ruchycc -O1 %s -o %t1
// RUN: env RUCHY_TRACE_OUTPUT=%t1.json %t1 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t1.json | FileCheck %s
// RUN: %ruchycc -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %ruchycc -O3 %s -o %t3
// RUN: env RUCHY_TRACE_OUTPUT=%t3.json %t3 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t3.json | FileCheck %s
#include <stdio.h>

// The usual header helpers: static inline, and a C99 inline function whose
// external definition this file provides.
static inline int clamp(int v, int lo, int hi) {
  return v < lo ? lo : v > hi ? hi : v;
}
inline int square(int x) { return x * x; }
extern inline int square(int x);
__attribute__((always_inline)) static inline int twice(int x) { return 2 * x; }

static int scale(int x) { return clamp(square(x), 0, 5) + twice(x); }

int main(int argc, char **argv) {
  (void)argv;
  int sum = 0;
  for (int i = 0; i < 3 + argc; ++i)
    sum += scale(i);
  printf("%d\n", sum);
  return 0;
}
// OUT: {{^22$}}
// CHECK: summary events=26 enter=13 exit=13
// CHECK-NEXT: program
// CHECK-NEXT: fn clamp enter=4 exit=4
// CHECK-NEXT: fn main enter=1 exit=1
// CHECK-NEXT: fn scale enter=4 exit=4
// CHECK-NEXT: fn square enter=4 exit=4
// CHECK-NEXT: main(int=1, char **="0x{{[0-9a-f]+}}") = 0
// CHECK:        scale(int=2) = 8
// CHECK-NEXT:     square(int=2) = 4
// CHECK-NEXT:     clamp(int=4, int=0, int=5) = 4
// CHECK-NEXT:   scale(int=3) = 11
// CHECK-NEXT:     square(int=3) = 9
// CHECK-NEXT:     clamp(int=9, int=0, int=5) = 5
// CHECK-NOT: twice
