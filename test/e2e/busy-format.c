// Threads keep recording while another thread formats the whole trace
// (the C API; snapshots, attach sessions and a final write with threads
// still running read the rings the same way). The rings never fill, so no
// format may report dropped events: a thread's record counter was read
// after its ring was copied, and the records it added meanwhile counted as
// dropped (11280 here; 48-664 in a 4-thread attach session).
// RUN: %ruchycc -O1 -pthread %s -o %t
// RUN: env RUCHY_TRACE_BUFFER=200000 RUCHY_TRACE_OUTPUT=%t.json %t | FileCheck %s
// CHECK: formats {{[1-9][0-9]*}}, most dropped 0
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ruchytrace/ruchytrace.h"
#define NOINLINE __attribute__((noinline))
NOINLINE long leaf(long x) { return x * 3 + 1; }
NOINLINE long request(long x) { return leaf(x) + leaf(x + 1); }
static volatile int stop;
static void *worker(void *arg) {
  long s = 0;
  for (long i = 0; !stop && i < 6000; ++i) {
    s += request(i);
    if (i % 8 == 0)
      usleep(20);
  }
  return (void *)s;
}

int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  static char buf[64 << 20];
  unsigned long worst = 0, formats = 0;
  for (int k = 0; k < 30; ++k) {
    long n = ruchy_trace_format(buf, sizeof buf);
    if (n < 0 || (size_t)n >= sizeof buf)
      continue;
    buf[n] = 0;
    char *d = strstr(buf, "\"dropped_events\": ");
    if (d) {
      unsigned long v = strtoul(d + 18, 0, 10);
      worst = v > worst ? v : worst;
      formats++;
    }
    usleep(2000);
  }
  stop = 1;
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  printf("formats %lu, most dropped %lu\n", formats, worst);
  return 0;
}
