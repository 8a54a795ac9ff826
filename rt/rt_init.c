/*===- rt_init.c - initialisation, image registration, finalisation --------===
 *
 * Each instrumented image calls __ruchy_trace_register from a constructor
 * with its descriptor range. Registration is where "off" is decided: when
 * tracing is disabled nothing is written and every descriptor keeps state 0,
 * so instrumented code never leaves its inlined fast path.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_control.h"
#include "rt_peer.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static _Atomic int init_state; /* 0 none, 1 running, 2 done */

void rt_finalize_now(void) {
  if (!rt_finalize_claim())
    return;
  /* Stop new entries everywhere: fast paths read state 0 from here on.
   * Exits of frames already recorded still complete; the snapshot in
   * rt_merge_emit tolerates writers that are still running. */
  rt_images_stop();
  /* An attached session first: its trace goes to its own client. */
  rt_attach_end(RT_ATTACH_END_EXIT);
  if (rt_cfg.enabled)
    rt_output_write(NULL);
  if (rt_cfg.filter)
    rt_filter_report_unmatched();
}

/* The exit handler: the process is leaving (see rt_exiting). */
static void at_exit(void) {
  rt_exiting = 1;
  rt_finalize_now();
}

/* A forked child's trace starts empty; it writes its own file at its exit
 * (see rt_output.c for the name). */
static void after_fork_child(void) {
  rt_images_fork_unlock();
  rt_forked_child = 1;
  rt_safe_note_pid();
  rt_thread_after_fork();
  rt_stream_after_fork();
  rt_attach_end(RT_ATTACH_END_FORK);
}

/* The images lock is held across fork (rt_image.c): in the child, no
 * other thread could ever release it. Installed once, whether by the start
 * of tracing or by rt_attach_install (a second pair would lock twice). */
void rt_fork_install(void) {
  static int installed;
  if (installed)
    return;
  installed = 1;
  pthread_atfork(rt_images_fork_lock, rt_images_fork_unlock, after_fork_child);
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
  /* Another copy of the runtime already runs this process: forward to it,
   * and start nothing of our own (no configuration messages twice, no
   * second exit handler, no second trace). */
  if (!rt_peer_join()) {
    rt_config_load();
    rt_peer_rename_output();
    if (rt_cfg.enabled)
      rt_start();
    rt_attach_install();
  }
  atomic_store(&init_state, 2);
}

void rt_start_recording(void) {
  static int started;
  if (started)
    return;
  started = 1;
  rt_clock_start();
  rt_safe_note_pid();
  rt_thread_install();
  rt_signals_install();
}

void rt_start(void) {
  static int started;
  if (started)
    return;
  started = 1;
  __ruchy_trace_countdown = 0; /* the first call of each thread records */
  atexit(at_exit);
  rt_fork_install();
  rt_start_recording();
  rt_output_open_early();
  rt_output_stream_open();
  rt_stream_start();
  /* Last: the set-up above is most of the interval the estimate needs. */
  if (rt_cfg.min_duration_ns)
    rt_min_ticks = rt_clock_estimate_ticks(rt_cfg.min_duration_ns);
}

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
  if (rt_forward) {
    rt_forward->reg(abi_version, begin, end);
    return;
  }
  if (!abi_ok(abi_version) || !begin || end < begin)
    return;
  rt_images_register(begin, end, rt_cfg.enabled && !rt_finalized());
}

RT_API void __ruchy_trace_unregister(uint32_t abi_version,
                                     __ruchy_trace_fn *begin,
                                     __ruchy_trace_fn *end) {
  if (rt_forward) {
    rt_forward->unreg(abi_version, begin, end);
    return;
  }
  if (abi_version != RUCHY_TRACE_ABI_VERSION || !begin || end < begin)
    return;
  /* Whenever tracing is on, events may name this image until the last
   * trace is written, and that can be after this destructor even at exit
   * (the shared runtime's exit handler runs after the loader's, which runs
   * the destructors): keep its descriptors. */
  rt_images_unregister(begin, end, rt_cfg.enabled);
}

/* What other copies of the runtime call when they forward here. */
RT_OWN_ALIAS(__ruchy_trace_register);
RT_OWN_ALIAS(__ruchy_trace_unregister);

/* glibc passes (argc, argv, envp) to ELF constructors; argv[0] names the
 * program in the trace's metadata. */
__attribute__((constructor(101))) static void
rt_constructor(int argc, char **argv, char **envp) {
  (void)envp;
  if (argc > 0 && argv && argv[0])
    rt_set_program_name(argv[0]);
  rt_init();
}
