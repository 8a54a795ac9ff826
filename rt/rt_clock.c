/*===- rt_clock.c - timestamps calibrated to wall time ---------------------===
 *
 * Events carry raw ticks (rdtsc: a few ns, no syscall). Converting ticks
 * to wall-clock nanoseconds needs the tick rate, which we measure against
 * CLOCK_MONOTONIC between two samples: one at start-up and one when the
 * trace is written. Nothing waits for the interval to grow (see
 * rt_clock_calibrate for why a short one is as good). Wall time is anchored
 * at start-up.
 *
 * The frequency the CPU reports (CPUID 0x15/0x16, a hypervisor's leaf
 * 0x40000010) is not used: AMD processors and many virtual machines report
 * none (the machine this was measured on, an AMD EPYC guest, reports none),
 * and 0x16 is the nominal base frequency, not the TSC's measured one.
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

static uint64_t read_ns(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t rt_clock_fallback(void) { return read_ns(CLOCK_MONOTONIC); }

/* Two CPUID instructions, not the four __get_cpuid makes: in a virtual
 * machine each one traps to the hypervisor (6 us on the machine measured). */
static int tsc_is_invariant(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  /* CPUID 0x80000007 EDX bit 8: the TSC ticks at a constant rate in all
   * P-, C- and T-states, which is what makes it a clock. */
  __cpuid(0x80000000u, a, b, c, d);
  if (a < 0x80000007u || a > 0x8000ffffu)
    return 0;
  __cpuid(0x80000007u, a, b, c, d);
  return (d >> 8) & 1;
#else
  return 0;
#endif
}

/* One (ticks, monotonic ns) pair: the ticks read between two clock reads,
 * paired with their midpoint, so the pair is off by at most half the
 * bracket (~15 ns through the vDSO). The narrowest of a few tries is kept:
 * the first read of a process can take a page fault on the vDSO's data, and
 * an interrupt can land inside any one bracket. About 0.2 us in all. */
static void sample(uint64_t *ticks, uint64_t *mono) {
  uint64_t best = UINT64_MAX;
  for (int i = 0; i < 4; i++) {
    uint64_t m0 = read_ns(CLOCK_MONOTONIC), t = rt_clock_now();
    uint64_t m1 = read_ns(CLOCK_MONOTONIC);
    if (m1 - m0 < best) {
      best = m1 - m0;
      *ticks = t;
      *mono = m0 + (m1 - m0) / 2;
    }
  }
}

void rt_clock_start(void) {
  rt_clock_uses_tsc = tsc_is_invariant();
  start_wall_ns = read_ns(CLOCK_REALTIME);
  if (rt_clock_uses_tsc)
    sample(&start_ticks, &start_mono_ns);
  else
    start_ticks = start_mono_ns = read_ns(CLOCK_MONOTONIC);
}

/* The rate between the start sample and one taken now, as a 32.32 ns per
 * tick multiplier; `fallback` if no tick has passed. */
static uint64_t rate_since_start(uint64_t fallback) {
  uint64_t ticks, mono;
  sample(&ticks, &mono);
  if (ticks <= start_ticks || mono < start_mono_ns)
    return fallback;
  unsigned __int128 m =
      ((unsigned __int128)(mono - start_mono_ns) << 32) / (ticks - start_ticks);
  return m > UINT64_MAX ? UINT64_MAX : (uint64_t)m;
}

/* Stretching the interval to 50 us bounds the estimate's relative error by
 * 2 x 15 ns / 50 us = 0.06%, plenty for a threshold; rt_start calls this
 * last, so its own set-up work (~0.1 ms) usually covers the wait. */
#define RT_ESTIMATE_MIN_NS 50000ull

uint64_t rt_clock_estimate_ticks(uint64_t ns) {
  if (!rt_clock_uses_tsc)
    return ns;
  while (read_ns(CLOCK_MONOTONIC) - start_mono_ns < RT_ESTIMATE_MIN_NS)
    ;
  uint64_t m = rate_since_start(0);
  if (m == 0)
    return ns;
  return (uint64_t)(((unsigned __int128)ns << 32) / m);
}

/* Why no minimum interval: ticks T map to ns through the line through the
 * two samples (T0, M0) and (T1, M1), each off from the true (linear) clock
 * by at most e (the half bracket). For T0 <= T <= T1 the line's error at T
 * is (1-a)*err0 + a*err1 with a = (T-T0)/(T1-T0) in [0, 1], so at most e:
 * the error of a timestamp does not grow as the interval shrinks, only the
 * relative error of the rate does, and that is multiplied by at most the
 * interval itself (an elapsed time t <= T1-T0 is off by a*(err1-err0),
 * at most 2e, for a duration as for a timestamp since start). Every event
 * of a trace is recorded before its write calls this (other threads may
 * record a few microseconds past it; a <= 1 + those microseconds over the
 * interval). A zero interval (no tick passed) has every event at T0,
 * whatever the rate, so the rate is left as it was. */
void rt_clock_calibrate(void) {
  if (!rt_clock_uses_tsc)
    return; /* ticks already are monotonic ns */
  mult_q32 = rate_since_start(mult_q32);
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
