// Timestamps and durations agree with the program's own clock, although
// the tick rate is calibrated from just two samples (at start-up and when
// the trace is written) with no wait: each call of nap measures its own
// sleep, and the traced call must enclose that measurement. The first run
// lives ~20 ms, the second ~60 ms; in stream mode the trace is written by
// the same calibration.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.1.json %t 1 > %t.1.txt
// RUN: %python %S/../Inputs/durations_check.py %t.1.json %t.1.txt | FileCheck --check-prefix=ONE %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.3.json %t 3 > %t.3.txt
// RUN: %python %S/../Inputs/durations_check.py %t.3.json %t.3.txt | FileCheck --check-prefix=THREE %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.s.json RUCHY_TRACE_MODE=stream %t 2 > %t.s.txt
// RUN: %python %S/../Inputs/durations_check.py %t.s.json %t.s.txt | FileCheck --check-prefix=TWO %s
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((no_instrument_function)) static uint64_t now(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t spent[3], began[3];

__attribute__((noinline)) void nap(int i) {
  began[i] = now(CLOCK_REALTIME);
  uint64_t t0 = now(CLOCK_MONOTONIC);
  struct timespec ts = {0, 20000000L};
  nanosleep(&ts, 0);
  spent[i] = now(CLOCK_MONOTONIC) - t0;
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  for (int i = 0; i < n && i < 3; ++i)
    nap(i);
  for (int i = 0; i < n && i < 3; ++i)
    printf("nap %llu %llu\n", (unsigned long long)spent[i],
           (unsigned long long)began[i]);
  return 0;
}
// ONE: ok nap
// ONE-NOT: ok
// TWO-COUNT-2: ok nap
// TWO-NOT: ok
// THREE-COUNT-3: ok nap
// THREE-NOT: ok
