// longjmp abandons frames; the next exit of an enclosing traced frame
// records them as unwound. exit() from inside frames leaves them open: the
// writer closes them as unfinished at the end of the trace.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.exit.json not %t exit && test -f %t.exit.json
// RUN: %check-trace json %t.exit.json | FileCheck --check-prefix=EXIT %s
#include <setjmp.h>
#include <stdlib.h>

static jmp_buf env;
#define NOINLINE __attribute__((noinline))
NOINLINE void leaf(int mode) {
  if (mode == 1)
    longjmp(env, 1);
  if (mode == 2)
    exit(7);
}
NOINLINE void middle(int mode) { leaf(mode); }
NOINLINE int top(int mode) {
  if (setjmp(env))
    return 42;
  middle(mode);
  return 0;
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  (void)argv;
  volatile int r = top(argc > 1 ? 2 : 1);
  return r == 42 ? 0 : 1;
}
// CHECK: summary events=6 enter=3 exit=3 threads=1 dropped=0
// CHECK: top(int=1) = 42
// CHECK-NEXT:   middle(int=1) = <unwound>
// CHECK-NEXT:     leaf(int=1) = <unwound>
// EXIT: summary events=6 enter=3 exit=3 threads=1 dropped=0
// EXIT: top(int=2) = <unfinished>
// EXIT-NEXT:   middle(int=2) = <unfinished>
// EXIT-NEXT:     leaf(int=2) = <unfinished>
