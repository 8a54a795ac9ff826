// RUCHY_TRACE_SNAPSHOT_SIGNAL writes the trace so far without stopping the
// program; the final trace is still written at exit. A bad value is
// reported and ignored.
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -f %t.json %t.json.snapshot-*
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_SNAPSHOT_SIGNAL=USR2 %t
// RUN: %check-trace json %t.json.snapshot-1 | FileCheck --check-prefix=SNAP %s
// RUN: %check-trace json %t.json | FileCheck --check-prefix=FINAL %s
// Without a snapshot handler the raised SIGUSR2 kills the program, as it
// would untraced.
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_SNAPSHOT_SIGNAL=SEGV not --crash %t 2> %t.bad
// RUN: FileCheck --check-prefix=BAD --input-file=%t.bad %s
#include <signal.h>

#define NOINLINE __attribute__((noinline))
NOINLINE int step(int i) { return i; }
NOINLINE void checkpoint(void) { raise(SIGUSR2); }

__attribute__((no_instrument_function)) int main(void) {
  step(1);
  checkpoint();
  step(2);
  return 0;
}
// The snapshot was taken inside checkpoint(): still open, shown unfinished.
// SNAP: summary events=4 enter=2 exit=2
// SNAP: step(int=1) = 1
// SNAP-NEXT: checkpoint() = <unfinished>
// FINAL: summary events=6 enter=3 exit=3
// FINAL: step(int=1) = 1
// FINAL-NEXT: checkpoint()
// FINAL-NEXT: step(int=2) = 2
// BAD: ruchytrace: RUCHY_TRACE_SNAPSHOT_SIGNAL='SEGV' is not a signal name
