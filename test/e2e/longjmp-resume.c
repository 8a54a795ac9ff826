// A longjmp out of two traced frames back to an untraced main, which then
// goes on calling traced functions (the same call site in a loop, then
// others): the abandoned frames are closed as unwound at the next entry,
// stamped with the last event known inside them, so the calls that follow
// are roots of their own and no duration swallows the rest of main. An
// inlined child at -O2 (twice) and the children of a frame with a VLA are
// not mistaken for abandoned frames. A snapshot taken right after a
// longjmp already shows the right tree.
// RUN: %ruchycc -O0 %s -o %t0
// RUN: %ruchycc -O2 %s -o %t2
// RUN: rm -f %t0.json* %t2.json*
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json RUCHY_TRACE_SNAPSHOT_SIGNAL=USR2 %t0
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %check-trace json %t0.json.snapshot-1 | FileCheck --check-prefix=SNAP %s
// RUN: %python %S/../Inputs/timeline.py %t0.json | FileCheck --check-prefix=TIME %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json RUCHY_TRACE_SNAPSHOT_SIGNAL=USR2 %t2
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %check-trace json %t2.json.snapshot-1 | FileCheck --check-prefix=SNAP %s
// RUN: %python %S/../Inputs/timeline.py %t2.json | FileCheck --check-prefix=TIME %s
// The depth limit counts live frames only: every iteration records the
// same calls.
// RUN: env RUCHY_TRACE_OUTPUT=%t.depth.json RUCHY_TRACE_SNAPSHOT_SIGNAL=USR2 RUCHY_TRACE_MAX_DEPTH=2 %t2
// RUN: %check-trace json %t.depth.json | FileCheck --check-prefix=DEPTH %s
#include <setjmp.h>
#include <signal.h>

#define NOINLINE __attribute__((noinline))
static jmp_buf env;

NOINLINE void leaf(int mode) {
  if (mode)
    longjmp(env, 1);
}
NOINLINE void middle(int mode) { leaf(mode); }
NOINLINE int top(int mode) {
  middle(mode);
  return 0;
}
NOINLINE int step(int x) { return x + 1; }
NOINLINE int after(int x) { return step(x) * 2; }
NOINLINE void checkpoint(void) { raise(SIGUSR2); }
static int twice(int x) { return 2 * x; } // inlined at -O2
NOINLINE int work(int n) {
  volatile char buf[n]; // a VLA: this frame's children run further down
  buf[0] = 1;
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += twice(i) + step(i);
  return s + buf[0];
}

__attribute__((no_instrument_function)) int main(void) {
  for (volatile int i = 0; i < 3; ++i) {
    if (!setjmp(env))
      top(1);
    after(i);
  }
  if (!setjmp(env))
    top(1);
  checkpoint();
  return work(2) == 6 ? 0 : 1;
}
// CHECK: summary events=48 enter=24 exit=24 threads=1 dropped=0
// CHECK:      top(int=1) = <unwound>
// CHECK-NEXT:   middle(int=1) = <unwound>
// CHECK-NEXT:     leaf(int=1) = <unwound>
// CHECK-NEXT: after(int=0) = 2
// CHECK-NEXT:   step(int=0) = 1
// CHECK-NEXT: top(int=1) = <unwound>
// CHECK-NEXT:   middle(int=1) = <unwound>
// CHECK-NEXT:     leaf(int=1) = <unwound>
// CHECK-NEXT: after(int=1) = 4
// CHECK-NEXT:   step(int=1) = 2
// CHECK-NEXT: top(int=1) = <unwound>
// CHECK-NEXT:   middle(int=1) = <unwound>
// CHECK-NEXT:     leaf(int=1) = <unwound>
// CHECK-NEXT: after(int=2) = 6
// CHECK-NEXT:   step(int=2) = 3
// CHECK-NEXT: top(int=1) = <unwound>
// CHECK-NEXT:   middle(int=1) = <unwound>
// CHECK-NEXT:     leaf(int=1) = <unwound>
// CHECK-NEXT: checkpoint()
// CHECK-NEXT: work(int=2) = 6
// CHECK-NEXT:   twice(int=0) = 0
// CHECK-NEXT:   step(int=0) = 1
// CHECK-NEXT:   twice(int=1) = 2
// CHECK-NEXT:   step(int=1) = 2

// The abandoned frames end where leaf's entry was recorded, the last
// event inside them, before main's next call begins.
// TIME:      T0 +leaf
// TIME-NEXT: T0 -leaf unwound @last
// TIME-NEXT: T0 -middle unwound @last
// TIME-NEXT: T0 -top unwound @last
// TIME-NEXT: T0 +after

// The snapshot, written inside checkpoint() after the last longjmp.
// SNAP: summary events=38 enter=19 exit=19 threads=1 dropped=0
// SNAP:      after(int=2) = 6
// SNAP-NEXT:   step(int=2) = 3
// SNAP-NEXT: top(int=1) = <unwound>
// SNAP-NEXT:   middle(int=1) = <unwound>
// SNAP-NEXT:     leaf(int=1) = <unwound>
// SNAP-NEXT: checkpoint() = <unfinished>

// DEPTH: summary events=40 enter=20 exit=20 threads=1 dropped=0
// DEPTH:      top(int=1) = <unwound>
// DEPTH-NEXT:   middle(int=1) = <unwound>
// DEPTH-NEXT: after(int=0) = 2
// DEPTH-NEXT:   step(int=0) = 1
// DEPTH-NEXT: top(int=1) = <unwound>
// DEPTH-NEXT:   middle(int=1) = <unwound>
// DEPTH-NEXT: after(int=1) = 4
// DEPTH-NEXT:   step(int=1) = 2
// DEPTH-NEXT: top(int=1) = <unwound>
// DEPTH-NEXT:   middle(int=1) = <unwound>
// DEPTH-NEXT: after(int=2) = 6
// DEPTH-NEXT:   step(int=2) = 3
// DEPTH-NEXT: top(int=1) = <unwound>
// DEPTH-NEXT:   middle(int=1) = <unwound>
// DEPTH-NEXT: checkpoint()
// DEPTH-NEXT: work(int=2) = 6
