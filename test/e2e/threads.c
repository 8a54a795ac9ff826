// Several threads, each with its own buffer; threads that end before the
// program keep their events; the merge interleaves them by time with each
// thread's own order intact; thread_id is the OS thread id.
// RUN: %ruchycc -O2 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t > %t.tids
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: %python %S/../Inputs/thread_ids.py %t.json %t.tids
// RUN: env RUCHY_TRACE=1 %t 2> %t.txt > /dev/null
// RUN: FileCheck --check-prefix=TEXT --input-file=%t.txt %s
// RUN: %check-trace text %t.txt | FileCheck --check-prefix=TEXTSUM %s
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((noinline)) long step(long k, long i) { return k * 1000 + i; }

__attribute__((noinline)) void *worker(void *arg) {
  long k = (long)arg, s = 0;
  for (long i = 0; i < 100; ++i)
    s += step(k, i);
  printf("%ld\n", (long)syscall(SYS_gettid));
  return (void *)s;
}

__attribute__((no_instrument_function)) int main(void) {
  pthread_t t[4];
  for (long k = 0; k < 4; ++k)
    pthread_create(&t[k], 0, worker, (void *)k);
  for (int k = 0; k < 4; ++k)
    pthread_join(t[k], 0);
  return 0;
}
// CHECK: summary events=808 enter=404 exit=404 threads=4 dropped=0
// CHECK: fn step enter=400 exit=400
// CHECK: fn worker enter=4 exit=4
// TEXT: {{^\[tid [0-9]+\] \[[0-9]+\.[0-9]{6}\] -> worker\(void \*=0x[0-9a-f]+\) <.*threads.c:18:33>$}}
// TEXTSUM: summary lines=808 threads=4
