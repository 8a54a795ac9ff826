// RUCHY_TRACE_MAX_DEPTH keeps the outermost recorded frames;
// RUCHY_TRACE_MIN_DURATION erases calls shorter than the threshold at
// record time (they take no buffer space), keeping slow calls with their
// slow callees.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.d2.json RUCHY_TRACE_MAX_DEPTH=2 %t
// RUN: %check-trace json %t.d2.json | FileCheck --check-prefix=DEPTH %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.min.json RUCHY_TRACE_MIN_DURATION=1ms %t
// RUN: %check-trace json %t.min.json | FileCheck --check-prefix=MIN %s
// A ring that only fits the slow calls still holds them all: the quick
// ones never occupied it.
// RUN: env RUCHY_TRACE_OUTPUT=%t.small.json RUCHY_TRACE_MIN_DURATION=1000us RUCHY_TRACE_BUFFER=64 %t
// RUN: %check-trace json %t.small.json | FileCheck --check-prefix=MIN %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_MIN_DURATION=1hour RUCHY_TRACE_MAX_DEPTH=0 %t 2>&1 >/dev/null | FileCheck --check-prefix=BAD %s
#include <time.h>

#define NOINLINE __attribute__((noinline))
NOINLINE long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
NOINLINE void nap(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, 0);
}
NOINLINE long slow(int k) {
  long s = fib(10); // quick callees: erased
  nap(2);           // slow callee: kept
  return s + k;
}

volatile long sink;
__attribute__((no_instrument_function)) int main(void) {
  sink = fib(4);
  for (int k = 0; k < 3; ++k)
    sink = slow(k);
  return 0;
}
// DEPTH: summary events=24 enter=12 exit=12
// DEPTH: fib(long=4) = 3
// DEPTH-NEXT:   fib(long=3) = 2
// DEPTH-NEXT:   fib(long=2) = 1
// DEPTH-NEXT: slow(int=0) = 55
// DEPTH-NEXT:   fib(long=10) = 55
// DEPTH-NEXT:   nap(int=2)
// MIN: summary events=12 enter=6 exit=6 threads=1 dropped=0
// MIN: slow(int=0) = 55
// MIN-NEXT:   nap(int=2)
// MIN-NEXT: slow(int=1) = 56
// MIN-NEXT:   nap(int=2)
// MIN-NEXT: slow(int=2) = 57
// MIN-NEXT:   nap(int=2)
// BAD: ruchytrace: RUCHY_TRACE_MAX_DEPTH='0' is not a whole number from 1 to 4294967295; no depth limit
// BAD: ruchytrace: RUCHY_TRACE_MIN_DURATION='1hour' is not a duration like 500ns, 20us, 1ms or 2s; keeping every call
