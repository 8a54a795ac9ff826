// An interpreter's dispatch loop with computed goto (labels as values): the
// function cannot be copied (the copy's table would name the original's
// blocks), so it is hooked in its one body; the helper it calls is split.
// Both are traced, and the program's output is the same at every level.
// RUN: %ruchycc -O0 %s -o %t0 && %ruchycc -O2 %s -o %t2 && %ruchycc -O3 %s -o %t3
// RUN: %t0 | FileCheck --check-prefix=OUT %s
// RUN: %t2 | FileCheck --check-prefix=OUT %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t3.json %t3 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t3.json | FileCheck %s
// RUN: %ruchycc -O2 -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s
#include <stdio.h>

long step(long acc, long x) { return acc * 3 + x; }

long run(const unsigned char *code, long x) {
  static const void *ops[] = {&&add, &&mul, &&done};
  long acc = 0;
  goto *ops[*code++];
add:
  acc = step(acc, x);
  goto *ops[*code++];
mul:
  acc *= 2;
  goto *ops[*code++];
done:
  return acc;
}

int main(void) {
  static const unsigned char prog[] = {0, 1, 0, 2};
  printf("result %ld\n", run(prog, 5));
  return 0;
}
// OUT: result 35
// CHECK: summary events=8 enter=4 exit=4
// CHECK: run(const unsigned char *={{.*}}, long=5) = 35
// CHECK-NEXT: step(long=0, long=5) = 5
// CHECK-NEXT: step(long=10, long=5) = 35
// IR-NOT: define {{.*}} @run.traced(
// IR: define {{.*}} @step.traced(
// IR-NOT: define {{.*}} @run.traced(
