/*===- rt_init.c - initialisation, image registration, finalisation --------===
 *
 * Each instrumented image calls __ruchy_trace_register from a constructor
 * with its descriptor range. Registration is where "off" is decided: when
 * tracing is disabled nothing is written and every descriptor keeps state 0,
 * so instrumented code never leaves its inlined fast path.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_internal.h"

#include <stdlib.h>
#include <unistd.h>

static _Atomic int init_state; /* 0 none, 1 running, 2 done */
static _Atomic int finalized;
static const char *program_name;

const char *rt_program_name(void) {
  return program_name ? program_name : "<unknown>";
}

void rt_finalize_now(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&finalized, &expected, 1))
    return;
  /* Stop new entries everywhere: fast paths read state 0 from here on.
   * Exits of frames already recorded still complete; the snapshot in
   * rt_merge_emit tolerates writers that are still running. */
  rt_images_stop();
  rt_output_write(NULL);
  if (rt_cfg.filter)
    rt_filter_report_unmatched();
}

int rt_finalize_claim(void) {
  int expected = 0;
  return atomic_compare_exchange_strong(&finalized, &expected, 1);
}

void rt_init(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&init_state, &expected, 1)) {
    /* Constructors run on one thread; this only waits out a concurrent
     * dlopen racing the first registration. */
    while (atomic_load(&init_state) != 2)
      ;
    return;
  }
  rt_config_load();
  if (rt_cfg.enabled)
    rt_start();
  atomic_store(&init_state, 2);
}

void rt_start(void) {
  static int started;
  if (started)
    return;
  started = 1;
  rt_clock_start();
  if (rt_cfg.min_duration_ns)
    rt_min_ticks = rt_clock_estimate_ticks(rt_cfg.min_duration_ns);
  __ruchy_trace_countdown = 0; /* the first call of each thread records */
  atexit(rt_finalize_now);
  rt_fork_install();
  rt_signals_install();
  rt_stream_on = rt_cfg.stream;
  rt_stream_start();
}

int rt_finalized(void) { return atomic_load(&finalized); }

static int abi_ok(uint32_t abi_version) {
  if (abi_version == RUCHY_TRACE_ABI_VERSION)
    return 1;
  rt_warn("an image was instrumented for another ABI version of "
          "RuchyTrace; rebuild it with this RuchyTrace.so. Its functions "
          "are not traced",
          "", "");
  return 0;
}

RT_API void __ruchy_trace_register(uint32_t abi_version,
                                   __ruchy_trace_fn *begin,
                                   __ruchy_trace_fn *end) {
  rt_init();
  if (!abi_ok(abi_version) || !begin || end < begin)
    return;
  rt_images_register(begin, end, rt_cfg.enabled && !atomic_load(&finalized));
}

RT_API void __ruchy_trace_unregister(uint32_t abi_version,
                                     __ruchy_trace_fn *begin,
                                     __ruchy_trace_fn *end) {
  /* At normal exit the trace is already written; only an image unloaded
   * while the program runs needs its descriptors kept. */
  if (abi_version != RUCHY_TRACE_ABI_VERSION || !begin || end < begin ||
      !rt_cfg.enabled || atomic_load(&finalized))
    return;
  rt_images_unregister(begin, end);
}

/* glibc passes (argc, argv, envp) to ELF constructors; argv[0] names the
 * program in the trace's metadata. */
__attribute__((constructor(101))) static void
rt_constructor(int argc, char **argv, char **envp) {
  (void)envp;
  if (argc > 0 && argv && argv[0])
    program_name = argv[0];
  rt_init();
}
