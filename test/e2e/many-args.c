// Functions with more than two arguments carry them in continuation slots;
// every value arrives in order, also with a tiny ring that wraps mid-record
// and grows to keep RUCHY_TRACE_BUFFER events although they take more
// slots than that.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.small.json RUCHY_TRACE_BUFFER=25 %t
// RUN: %check-trace json %t.small.json --allow-orphan-exits | FileCheck --check-prefix=SMALL %s
__attribute__((noinline)) long eight(long a, long b, long c, long d, long e,
                                     long f, long g, long h) {
  return a + b + c + d + e + f + g + h;
}

volatile long sink;
__attribute__((no_instrument_function)) int main(void) {
  for (long i = 0; i < 40; ++i)
    sink = eight(i, -2, 3, -4, 5, -6, 7, i * 100);
  return 0;
}
// CHECK: summary events=80 enter=40 exit=40 threads=1 dropped=0
// CHECK: eight(long=0, long=-2, long=3, long=-4, long=5, long=-6, long=7, long=0) = 3
// CHECK: eight(long=39, long=-2, long=3, long=-4, long=5, long=-6, long=7, long=3900) = 3942
// An entry takes 3 slots, an exit 1; the buffer counts events: the newest
// 25 of the 80 are the exit of call 27 (its entry is older), then calls
// 28..39 whole.
// SMALL: summary events=25 enter=12 exit=13 threads=1 dropped=55 orphan_exits=1
// SMALL: eight(long=28, long=-2, long=3, long=-4, long=5, long=-6, long=7, long=2800) = 2831
// SMALL: eight(long=39, long=-2, long=3, long=-4, long=5, long=-6, long=7, long=3900) = 3942
