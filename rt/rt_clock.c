/*===- rt_clock.c - timestamps calibrated to wall time ---------------------===
 *
 * Events carry raw ticks (rdtsc: a few ns, no syscall). Converting ticks
 * to wall-clock nanoseconds needs the tick rate, which we measure against
 * CLOCK_MONOTONIC over the whole traced run: the longer the interval, the
 * smaller the error, and a run is usually far longer than any calibration
 * loop we could afford at start-up. Wall time is anchored at start-up.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_base.h"

#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

int rt_clock_uses_tsc;

static uint64_t start_ticks, start_mono_ns, start_wall_ns;
/* ns per tick as a 32.32 fixed-point multiplier. */
static uint64_t mult_q32 = 1ull << 32;

/* A calibration interval shorter than this is stretched by spinning at
 * output time (only when tracing is on), so that the ~50 ns uncertainty of
 * the two clock reads is under 1e-5 of the interval. */
#define RT_MIN_CALIBRATION_NS 5000000ull

static uint64_t read_ns(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t rt_clock_fallback(void) { return read_ns(CLOCK_MONOTONIC); }

static int tsc_is_invariant(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  /* CPUID 0x80000007 EDX bit 8: the TSC ticks at a constant rate in all
   * P-, C- and T-states, which is what makes it a clock. */
  if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u)
    return 0;
  __get_cpuid(0x80000007u, &a, &b, &c, &d);
  return (d >> 8) & 1;
#else
  return 0;
#endif
}

void rt_clock_start(void) {
  rt_clock_uses_tsc = tsc_is_invariant();
  start_wall_ns = read_ns(CLOCK_REALTIME);
  start_mono_ns = read_ns(CLOCK_MONOTONIC);
  start_ticks = rt_clock_now();
}

uint64_t rt_clock_estimate_ticks(uint64_t ns) {
  if (!rt_clock_uses_tsc)
    return ns;
  uint64_t m0 = read_ns(CLOCK_MONOTONIC), t0 = rt_clock_now(), m1, t1;
  do {
    m1 = read_ns(CLOCK_MONOTONIC);
    t1 = rt_clock_now();
  } while (m1 - m0 < 1000000);
  return (uint64_t)((unsigned __int128)ns * (t1 - t0) / (m1 - m0));
}

void rt_clock_calibrate(void) {
  if (!rt_clock_uses_tsc)
    return; /* ticks already are monotonic ns */
  uint64_t mono, ticks;
  do {
    mono = read_ns(CLOCK_MONOTONIC);
    ticks = rt_clock_now();
  } while (mono - start_mono_ns < RT_MIN_CALIBRATION_NS);
  uint64_t dt = ticks - start_ticks;
  if (dt == 0)
    return;
  mult_q32 = (uint64_t)(((unsigned __int128)(mono - start_mono_ns) << 32) / dt);
}

uint64_t rt_clock_ticks_to_ns(uint64_t ticks) {
  return (uint64_t)(((unsigned __int128)ticks * mult_q32) >> 32);
}

uint64_t rt_clock_to_wall_ns(uint64_t ticks) {
  if (ticks < start_ticks) /* cannot happen after start; be safe */
    return start_wall_ns;
  return start_wall_ns + rt_clock_ticks_to_ns(ticks - start_ticks);
}

uint64_t rt_clock_start_wall_ns(void) { return start_wall_ns; }

void rt_clock_get(uint64_t *start, uint64_t *wall_ns, uint64_t *mult) {
  *start = start_ticks;
  *wall_ns = start_wall_ns;
  *mult = mult_q32;
}

void rt_clock_set(uint64_t start, uint64_t wall_ns, uint64_t mult) {
  start_ticks = start;
  start_wall_ns = wall_ns;
  mult_q32 = mult;
}
