// 16 threads, each making a known number of calls; half of them exit long
// before the program does. Every thread's events survive, exactly counted,
// balanced and in order.
// RUN: %ruchycc -O2 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: %python %S/../Inputs/per_thread.py %t.json
#include <pthread.h>
#include <unistd.h>

__attribute__((noinline)) long work(long k, long i) { return k * 10000 + i; }

static void *worker(void *arg) {
  long k = (long)arg, s = 0;
  for (long i = 0; i < 500 + 10 * k; ++i) // thread k makes 500 + 10k calls
    s += work(k, i);
  return (void *)s;
}

__attribute__((no_instrument_function)) int main(void) {
  pthread_t t[16];
  for (long k = 0; k < 8; ++k) // these end early
    pthread_create(&t[k], 0, worker, (void *)k);
  for (int k = 0; k < 8; ++k)
    pthread_join(t[k], 0);
  for (long k = 8; k < 16; ++k)
    pthread_create(&t[k], 0, worker, (void *)k);
  for (int k = 8; k < 16; ++k)
    pthread_join(t[k], 0);
  return 0;
}
// 16 * 500 + 10 * (0 + ... + 15) = 9200 calls of work, plus 16 of worker.
// CHECK: summary events=18432 enter=9216 exit=9216 threads=16 dropped=0
