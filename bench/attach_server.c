/* bench/attach_server.c - a long-running process for bench/attach.py: for
 * each line "N" on standard input it calls tiny() N times and fib(20)
 * N / 2000 times, and prints the ns per call of each, timed inside. It
 * stays up between batches so that `ruchytrace attach` can attach to it and
 * detach, and the off cost after that be measured in the same process. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))

NOINLINE long tiny(long x) { return x * 3 + 1; }
NOINLINE long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

volatile long sink;
volatile long fib_n = 20; /* not a constant: fib(20) is not folded */

int main(void) {
  long n;
  setvbuf(stdout, NULL, _IOLBF, 0);
  while (scanf("%ld", &n) == 1 && n > 0) {
    double t0 = now_ns();
    for (long i = 0; i < n; ++i)
      sink = tiny(i);
    double t1 = now_ns();
    long fibs = n / 2000 > 0 ? n / 2000 : 1;
    for (long i = 0; i < fibs; ++i)
      sink = fib(fib_n);
    double t2 = now_ns();
    printf("%.3f %.1f\n", (t1 - t0) / (double)n, (t2 - t1) / (double)fibs);
  }
  return 0;
}
