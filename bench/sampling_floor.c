/* bench/sampling_floor.c - what counting calls costs on this CPU, with no
 * tracer at all: plain recursive fib(20) (as in workloads.c) behind the
 * same check the pass puts at a sampled function's entry (the state byte
 * subtracted from a thread-local countdown, one branch when it drops below
 * zero). When it fires, the check only resets the countdown and goes on:
 * no runtime, no record.
 *
 * `sampling_floor PERIOD ITERATIONS` prints "ns_per_iteration <value>".
 * PERIOD 0 clears the state byte (tracing off); otherwise the branch is
 * taken once every PERIOD calls. Comparing PERIOD 1000 with PERIOD
 * 2147483647 (never taken in the run) isolates the branch: on the AMD EPYC
 * (family 26) of bench/RESULTS.md, taken once per 10^6 calls it costs fib
 * 1.13x and once per 10^3 calls 1.22x, while the same reset done without
 * a branch (a conditional move) costs 1.01x, and a branch taken once at
 * start-up nothing: a branch the predictor has seen taken is no longer
 * free, even when it is nearly always predicted right. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))

static __thread int countdown;
static volatile unsigned char state = 1;
static int period;

/* Out of line like the runtime's entry; the asm keeps it from being
 * merged into the caller as a conditional move. */
NOINLINE static void fire(void) {
  countdown = period - 1;
  __asm__ volatile("" ::: "memory");
}

long fib(long n) {
  if (__builtin_expect((countdown -= state) < 0, 0))
    fire();
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static volatile long fib_n = 20;

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s PERIOD ITERATIONS\n", argv[0]);
    return 2;
  }
  period = atoi(argv[1]);
  long iterations = atol(argv[2]);
  if (period <= 0)
    state = 0;
  countdown = period > 0 ? period - 1 : 0;
  struct timespec a, b;
  volatile long sink = 0;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < iterations; ++i)
    sink += fib(fib_n);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
  printf("ns_per_iteration %.1f\n", ns / (iterations > 0 ? iterations : 1));
  return 0;
}
