// Traced programs built with sanitizers: the instrumentation and runtime
// must not trip ASan, UBSan or TSan, and the trace is the same.
// RUN: %ruchycc -O1 -fsanitize=address,undefined -fno-sanitize-recover=all %s -o %t.asan
// RUN: env RUCHY_TRACE_OUTPUT=%t.asan.json %t.asan
// RUN: %check-trace json %t.asan.json | FileCheck %s
// RUN: %ruchycc -O1 -fsanitize=thread -pthread %s -o %t.tsan
// RUN: env TSAN_OPTIONS=halt_on_error=1 RUCHY_TRACE_OUTPUT=%t.tsan.json %t.tsan
// RUN: %check-trace json %t.tsan.json | FileCheck --check-prefix=TSAN %s
#include <pthread.h>
#include <stdlib.h>

__attribute__((noinline)) int sum(const int *v, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += v[i];
  return s;
}

__attribute__((noinline)) void *worker(void *arg) {
  int *v = malloc(4 * sizeof *v);
  for (int i = 0; i < 4; ++i)
    v[i] = i + (int)(long)arg;
  long r = sum(v, 4);
  free(v);
  return (void *)r;
}

__attribute__((no_instrument_function)) int main(void) {
  pthread_t t[2];
  for (long k = 0; k < 2; ++k)
    pthread_create(&t[k], 0, worker, (void *)k);
  for (int k = 0; k < 2; ++k)
    pthread_join(t[k], 0);
  return 0;
}
// CHECK: summary events=8 enter=4 exit=4 threads=2 dropped=0
// CHECK: fn sum enter=2 exit=2
// TSAN: summary events=8 enter=4 exit=4 threads=2 dropped=0
