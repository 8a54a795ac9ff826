// The flight recorder: a crash writes the trace of what led up to it, and
// the program dies exactly as it would have (signal, exit status). Frames
// open at the crash are closed as unfinished.
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -f %t.segv.json %t.abrt.json
// RUN: env RUCHY_TRACE_OUTPUT=%t.segv.json %python %S/../Inputs/run_status.py %t segv | FileCheck --check-prefix=SEGV-STATUS %s
// RUN: %check-trace json %t.segv.json | FileCheck --check-prefix=SEGV %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.abrt.json %python %S/../Inputs/run_status.py %t abort | FileCheck --check-prefix=ABRT-STATUS %s
// RUN: %check-trace json %t.abrt.json | FileCheck --check-prefix=ABRT %s
// Untraced, the same deaths:
// RUN: %python %S/../Inputs/run_status.py %t segv | FileCheck --check-prefix=SEGV-STATUS %s
// RUN: %python %S/../Inputs/run_status.py %t abort | FileCheck --check-prefix=ABRT-STATUS %s
// A program that installs its own handler (after the runtime's, which is
// installed before main) takes the signal over: its handler runs, exactly
// as without tracing, and no crash trace is written.
// RUN: rm -f %t.own.json
// RUN: env RUCHY_TRACE_OUTPUT=%t.own.json %python %S/../Inputs/run_status.py %t own | FileCheck --check-prefix=OWN-STATUS %s
// RUN: not ls %t.own.json
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
NOINLINE int before(int x) { return x * 2; }
NOINLINE void fault(int *p) { *(volatile int *)p = 1; }
NOINLINE void die(const char *how) {
  if (!strcmp(how, "abort"))
    abort();
  fault((int *)(long)before(8));
}
static void own_handler(int sig) {
  (void)sig;
  _exit(42);
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  (void)argc;
  if (!strcmp(argv[1], "own"))
    signal(SIGSEGV, own_handler);
  before(1);
  die(argv[1]);
  return 0;
}
// SEGV-STATUS: signal 11
// SEGV: summary events=8 enter=4 exit=4 threads=1 dropped=0
// SEGV: before(int=1) = 2
// SEGV-NEXT: die(const char *="segv") = <unfinished>
// SEGV-NEXT:   before(int=8) = 16
// SEGV-NEXT:   fault(int *="0x10") = <unfinished>
// ABRT-STATUS: signal 6
// ABRT: before(int=1) = 2
// ABRT-NEXT: die(const char *="abort") = <unfinished>
// OWN-STATUS: exit 42
