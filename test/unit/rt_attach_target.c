/*===- rt_attach_target.c - a process to attach to, under the sanitizers ---===
 *
 * Built like the unit tests (test/CMakeLists.txt: as shipped, ASan+UBSan,
 * TSan) against the runtime's sources, so that `ruchytrace attach` drives
 * rt_attach.c, the window of rt_collect and the session's changes of the
 * state bytes, sampling and depth while threads record. Its functions are
 * descriptors registered like an instrumented image's, called the way the
 * pass's entry check calls them: the state byte, then the countdown.
 * Prints "ready", runs until its standard input ends, prints "done".
 * test/attach-sanitizers.test runs it.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static __ruchy_trace_type long_t = {
    .kind = RUCHY_TRACE_K_SINT, .size = 8, .name = "long"};
static const __ruchy_trace_type *const one_long[] = {&long_t};
/* One image: a section-like array, as the pass lays them out. */
static __ruchy_trace_fn fns[2] = {
    {0, 0, 1, 1, 1, 0, "handle_request", "t.c", &long_t, one_long, 0, NULL},
    {0, 0, 1, 2, 1, 0, "compute", "t.c", &long_t, one_long, 0, NULL},
};

/* What the pass inlines at a function's entry, then its body. The state
 * is loaded as on x86-64, where every load acquires. */
static long call(__ruchy_trace_fn *fn, long arg, long (*body)(long)) {
  uint64_t tok = 0;
  if (__atomic_load_n(&fn->state, __ATOMIC_ACQUIRE) &&
      --__ruchy_trace_countdown < 0)
    tok = __ruchy_trace_enter(fn, (uint64_t)arg, 0, NULL);
  long r = body(arg);
  if (tok)
    __ruchy_trace_exit(fn, tok, (uint64_t)r);
  return r;
}

static long compute(long i) { return i * 3 + 1; }
static long handle(long seq) { return call(&fns[1], seq, compute) + seq; }

static volatile int stop;
static volatile long sink;
static int running; /* workers in their loop */

static void *worker(void *arg) {
  (void)arg;
  __atomic_add_fetch(&running, 1, __ATOMIC_RELAXED);
  for (long seq = 0; !__atomic_load_n(&stop, __ATOMIC_RELAXED); ++seq) {
    long r = call(&fns[0], seq, handle);
    __atomic_store_n(&sink, r, __ATOMIC_RELAXED);
    if (seq % 64 == 0)
      usleep(100);
  }
  return NULL;
}

int main(void) {
  __ruchy_trace_register(RUCHY_TRACE_ABI_VERSION, fns, fns + 2);
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], NULL, worker, NULL);
  /* "ready" once both call: a sanitized thread on a loaded machine can
   * take longer to start than the first session lasts (an empty trace). */
  while (__atomic_load_n(&running, __ATOMIC_RELAXED) < 2)
    usleep(1000);
  printf("ready\n");
  fflush(stdout);
  char buf[64];
  while (read(0, buf, sizeof buf) > 0)
    ;
  __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], NULL);
  printf("done\n");
  return 3;
}
