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

/* Registered images. Registration happens from constructors (and dlopen),
 * never on the record path, so a simple spin lock is fine here. */
#define RT_MAX_IMAGES 1024
static struct {
  __ruchy_trace_fn *begin, *end;
} images[RT_MAX_IMAGES];
static unsigned nimages;
static atomic_flag images_lock = ATOMIC_FLAG_INIT;

static _Atomic int init_state; /* 0 none, 1 running, 2 done */
static _Atomic int finalized;
static const char *program_name;

const char *rt_program_name(void) {
  return program_name ? program_name : "<unknown>";
}

static void rt_finalize(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&finalized, &expected, 1))
    return;
  /* Stop new entries everywhere: fast paths read state 0 from here on.
   * Exits of frames already recorded still complete; the snapshot in
   * rt_merge_emit tolerates writers that are still running. */
  while (atomic_flag_test_and_set_explicit(&images_lock, memory_order_acquire))
    ;
  for (unsigned i = 0; i < nimages; ++i)
    for (__ruchy_trace_fn *f = images[i].begin; f < images[i].end; ++f)
      __atomic_store_n(&f->state, 0, __ATOMIC_RELAXED);
  atomic_flag_clear_explicit(&images_lock, memory_order_release);
  rt_output_write();
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
  if (rt_cfg.enabled) {
    rt_clock_start();
    if (rt_cfg.min_duration_ns)
      rt_min_ticks = rt_clock_estimate_ticks(rt_cfg.min_duration_ns);
    __ruchy_trace_countdown = 0; /* the first call of each thread records */
    atexit(rt_finalize);
  }
  atomic_store(&init_state, 2);
}

RT_API void __ruchy_trace_register(uint32_t abi_version,
                                   __ruchy_trace_fn *begin,
                                   __ruchy_trace_fn *end) {
  rt_init();
  if (abi_version != RUCHY_TRACE_ABI_VERSION) {
    rt_warn("an image was instrumented for another ABI version of "
            "RuchyTrace; rebuild it with this RuchyTrace.so. Its functions "
            "are not traced",
            "", "");
    return;
  }
  if (!begin || end < begin)
    return;
  while (atomic_flag_test_and_set_explicit(&images_lock, memory_order_acquire))
    ;
  int known = 0;
  for (unsigned i = 0; i < nimages; ++i)
    known |= images[i].begin == begin;
  if (!known && nimages == RT_MAX_IMAGES)
    rt_warn("more than 1024 instrumented images; later ones are not traced",
            "", "");
  if (!known && nimages < RT_MAX_IMAGES) {
    images[nimages].begin = begin;
    images[nimages].end = end;
    ++nimages;
    if (rt_cfg.enabled && !atomic_load(&finalized))
      for (__ruchy_trace_fn *f = begin; f < end; ++f) {
        int on = (f->flags & RUCHY_TRACE_F_ALWAYS) || !rt_cfg.filter ||
                 rt_filter_match(f->name);
        __atomic_store_n(&f->state, on, __ATOMIC_RELAXED);
      }
  }
  atomic_flag_clear_explicit(&images_lock, memory_order_release);
}

/* glibc passes (argc, argv, envp) to ELF constructors; argv[0] names the
 * program in the trace's metadata. */
__attribute__((constructor(101))) static void rt_constructor(int argc,
                                                             char **argv,
                                                             char **envp) {
  (void)envp;
  if (argc > 0 && argv && argv[0])
    program_name = argv[0];
  rt_init();
}
