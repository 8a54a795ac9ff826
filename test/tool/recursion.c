// report: a recursive function's total time counts each outermost call
// once (as uftrace does), so a thread's part never exceeds the run's wall
// time (two threads running it at once add up, as CPU time does); direct
// and mutual recursion; self time stays exact. report_check.py recomputes
// every number from the JSON.
// RUN: %ruchycc -O1 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_BUFFER=100000 %t
// RUN: %ruchytrace report %t.json > %t.report
// RUN: %python %S/../Inputs/report_check.py %t.json %t.report | FileCheck %s
// RUN: %ruchytrace report --threads %t.json | FileCheck --check-prefix=THREADS %s
// A ring too small for the run: the surviving window starts inside open
// frames, whose exits come without their entries.
// RUN: env RUCHY_TRACE_OUTPUT=%t.small.json RUCHY_TRACE_BUFFER=300 %t
// RUN: %ruchytrace report %t.small.json > %t.small.report
// RUN: %python %S/../Inputs/report_check.py %t.small.json %t.small.report | FileCheck --check-prefix=SMALL %s
#include <pthread.h>

#define NOINLINE __attribute__((noinline))
NOINLINE long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
NOINLINE int is_odd(unsigned n);
NOINLINE int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
NOINLINE int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
NOINLINE long run(long n) { return fib(n) + is_even((unsigned)n * 10); }
NOINLINE void *worker(void *arg) { return (void *)run((long)arg); }

volatile long sink;
__attribute__((no_instrument_function)) int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, (void *)12);
  sink = run(15);
  pthread_join(t, 0);
  return 0;
}
// CHECK: fib calls=2438 total<=wall
// CHECK: is_even calls=137 total<=wall
// CHECK: is_odd calls=135 total<=wall
// CHECK: run calls=2 total<=wall
// CHECK: worker calls=1 total<=wall
// SMALL-DAG: fib calls={{[0-9]+}} total<=wall
// SMALL-DAG: run calls=2 total<=wall
// THREADS-DAG: {{% +1973( +[0-9.]+){3}  [0-9]+ +fib$}}
// THREADS-DAG: {{% +465( +[0-9.]+){3}  [0-9]+ +fib$}}
