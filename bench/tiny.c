/* bench/tiny.c - the tiny-function workload: one noinline call per loop
 * iteration, timed inside the program so start-up and trace writing are
 * not counted. Prints "ns_per_call <value>". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((noinline)) long tiny(long x) { return x * 3 + 1; }

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000;
  volatile long sink = 0;
  double t0 = now_ns();
  for (long i = 0; i < n; ++i)
    sink += tiny(i);
  double t1 = now_ns();
  printf("ns_per_call %.4f\n", (t1 - t0) / n);
  return (int)(sink & 0);
}
