// Frames a thread leaves by pthread_exit or by being cancelled end when the
// thread ends, as unwound, not at the end of the program as unfinished:
// both threads' exits come before main's later call begins.
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: %python %S/../Inputs/timeline.py %t.json | FileCheck --check-prefix=TIME %s
// RUN: %ruchytrace validate %t.json
#include <pthread.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
NOINLINE void quit(int code) { pthread_exit((void *)(long)code); }
NOINLINE void work(int code) { quit(code); }
NOINLINE void wait_forever(int n) {
  for (;;)
    pause(); // a cancellation point
}
NOINLINE void serve(int n) { wait_forever(n); }
static void *exiter(void *arg) {
  work(7);
  return arg;
}
static void *cancelled(void *arg) {
  serve(1);
  return arg;
}
NOINLINE void later(void) { usleep(100000); }
__attribute__((no_instrument_function)) int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, exiter, NULL);
  pthread_join(a, NULL);
  pthread_create(&b, NULL, cancelled, NULL);
  usleep(20000);
  pthread_cancel(b);
  pthread_join(b, NULL);
  later();
  return 0;
}
// CHECK: summary events=14 enter=7 exit=7 threads=3 dropped=0
// CHECK:      exiter(void *=null) = <unwound>
// CHECK-NEXT:   work(int=7) = <unwound>
// CHECK-NEXT:     quit(int=7) = <unwound>
// CHECK-NEXT: cancelled(void *=null) = <unwound>
// CHECK-NEXT:   serve(int=1) = <unwound>
// CHECK-NEXT:     wait_forever(int=1) = <unwound>
// CHECK-NEXT: later(){{ }}

// TIME:      T0 +quit
// TIME-NEXT: T0 -quit unwound
// TIME-NEXT: T0 -work unwound @last
// TIME-NEXT: T0 -exiter unwound @last
// TIME-NEXT: T1 +cancelled
// TIME-NEXT: T1 +serve
// TIME-NEXT: T1 +wait_forever
// TIME-NEXT: T1 -wait_forever unwound
// TIME-NEXT: T1 -serve unwound @last
// TIME-NEXT: T1 -cancelled unwound @last
// TIME-NEXT: T2 +later
// TIME-NEXT: T2 -later
