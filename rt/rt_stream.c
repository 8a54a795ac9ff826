/*===- rt_stream.c - streaming mode: spill rings to files, drop nothing ----===
 *
 * RUCHY_TRACE_MODE=stream. A background thread (the spiller) copies every
 * thread's completed records from its ring to that thread's spill file, an
 * unnamed O_TMPFILE that disappears with the process. A recording thread
 * whose ring is full of unspilled records waits for the spiller instead of
 * overwriting them; with rings of the default size and a spiller writing at
 * disk speed that wait is rare. At exit the rings' last records are
 * appended, each spill file is mapped, and the writers read it exactly like
 * a ring snapshot, so the final document holds every event.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_collect.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static _Atomic int closed;   /* output started: stop waiting, stop spilling */
static _Atomic int stop;     /* ask the spiller to finish */
static _Atomic int running;  /* a spiller thread exists in this process */
static _Atomic int spilling; /* the spiller is inside a pass */
static pthread_t spiller;

/* Where spilled records go when not to each thread's own file: a .rtrace
 * stream (rt_rtrace_stream.c) installs itself here before the spiller
 * starts. Only the spiller (or, once it has stopped, the output path)
 * calls it. */
static const rt_spill_sink *sink;

void rt_stream_set_sink(const rt_spill_sink *s) { sink = s; }

static int open_file(void) {
  if (sink)
    return RT_SPILL_TO_SINK;
  const char *dir = secure_getenv("TMPDIR");
  int fd = open(dir && *dir ? dir : "/tmp",
                O_TMPFILE | O_RDWR | O_CLOEXEC | O_EXCL, 0600);
  if (fd < 0 && dir)
    fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC | O_EXCL, 0600);
  if (fd < 0)
    rt_warn("streaming mode cannot create a spill file in $TMPDIR or /tmp; "
            "this thread's oldest events may be dropped",
            "", "");
  return fd;
}

/* Appends b's records [spilled, head) to its file. Only the spiller (or,
 * once it has stopped, the output path) calls this. */
static int spill(rt_tbuf *b) {
  uint64_t h = atomic_load_explicit(&b->head, memory_order_acquire);
  uint64_t s = atomic_load_explicit(&b->spilled, memory_order_relaxed);
  if (h == s || b->spill_fd == -1)
    return 0;
  rt_ring *r = atomic_load_explicit(&b->ring, memory_order_relaxed);
  uint64_t cap = r->capacity;
  uint64_t from = s % cap, n = h - s;
  uint64_t first = n < cap - from ? n : cap - from;
  int ok = b->spill_fd == RT_SPILL_TO_SINK
               ? sink && sink->slots(b, &r->slots[from], first, &r->slots[0],
                                     n - first)
               : !rt_write_all(b->spill_fd, &r->slots[from],
                               first * sizeof(rt_slot)) &&
                     !rt_write_all(b->spill_fd, &r->slots[0],
                                   (n - first) * sizeof(rt_slot));
  if (!ok) {
    rt_warn("writing a spill file failed (disk full?); streaming stops for "
            "a thread and its oldest events may be dropped",
            "", "");
    if (b->spill_fd >= 0)
      close(b->spill_fd);
    b->spill_fd = -1;
  }
  /* Release: the recording thread may reuse these slots once it sees it. */
  atomic_store_explicit(&b->spilled, h, memory_order_release);
  return 1;
}

static void *spiller_main(void *arg) {
  (void)arg;
  for (;;) {
    atomic_store(&spilling, 1);
    int worked = 0;
    if (!atomic_load(&closed) && sink)
      sink->pass(0);
    if (!atomic_load(&closed))
      for (rt_tbuf *b = atomic_load_explicit(&rt_buffers, memory_order_acquire);
           b; b = b->next)
        worked |= spill(b);
    atomic_store(&spilling, 0);
    if (atomic_load(&stop) && !worked)
      return NULL;
    if (!worked) {
      struct timespec ts = {0, 200000}; /* idle: look again in 0.2 ms */
      nanosleep(&ts, NULL);
    }
  }
}

static void start_spiller(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&running, &expected, 1))
    return;
  /* The spiller must not be traced or interrupted by our snapshot signal;
   * it runs no instrumented code, and signals go to other threads. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  if (pthread_create(&spiller, NULL, spiller_main, NULL) != 0) {
    atomic_store(&running, 0);
    rt_warn("streaming mode cannot start its writer thread; falling back to "
            "rings that drop their oldest events",
            "", "");
    atomic_store(&rt_spill, NULL);
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Called by a recording thread about to write `n` slots into a ring whose
 * unspilled records would be overwritten. */
static void wait_for_room(rt_tbuf *b, uint64_t head, unsigned n) {
  if (!atomic_load_explicit(&running, memory_order_relaxed))
    start_spiller(); /* e.g. in a forked child */
  uint64_t cap = atomic_load_explicit(&b->ring, memory_order_relaxed)->capacity;
  while (head + n >
         atomic_load_explicit(&b->spilled, memory_order_acquire) + cap) {
    if (atomic_load_explicit(&closed, memory_order_relaxed) ||
        b->spill_fd == -1 || !rt_spill_now())
      return; /* output has started or spilling failed: overwrite */
    sched_yield();
  }
}

static const rt_spill_ops ops = {open_file, wait_for_room};

void rt_stream_start(void) {
  if (!rt_cfg.stream)
    return;
  atomic_store(&rt_spill, &ops);
  start_spiller();
}

/* Stops the spiller and appends what the rings still hold. After this the
 * spill files hold every record of every thread. From a crash handler we
 * cannot join a thread: wait a bounded time for its current pass. */
void rt_stream_finish(int from_signal) {
  if (!rt_spill_now())
    return;
  atomic_store(&stop, 1);
  if (from_signal) {
    atomic_store(&closed, 1);
    for (int i = 0; i < 100000 && atomic_load(&spilling); ++i)
      sched_yield();
  } else if (atomic_load(&running)) {
    pthread_join(spiller, NULL);
    atomic_store(&running, 0);
  }
  atomic_store(&closed, 1);
  if (sink)
    sink->pass(1);
  for (rt_tbuf *b = atomic_load_explicit(&rt_buffers, memory_order_acquire); b;
       b = b->next)
    spill(b);
}

int rt_stream_to_sink(void) { return sink != NULL && rt_spill_now(); }

/* Maps b's spill file for reading; returns the number of slots, or 0. */
uint64_t rt_stream_map(rt_tbuf *b, rt_slot **slots, size_t *bytes) {
  *slots = NULL;
  *bytes = 0;
  if (b->spill_fd < 0) /* none, or RT_SPILL_TO_SINK */
    return 0;
  off_t size = lseek(b->spill_fd, 0, SEEK_END);
  if (size <= 0)
    return 0;
  void *p = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, b->spill_fd, 0);
  if (p == MAP_FAILED)
    return 0;
  *slots = p;
  *bytes = (size_t)size;
  return (uint64_t)size / sizeof(rt_slot);
}

/* In a forked child the spiller thread is gone and the spill files are
 * shared with the parent: start over with new ones. */
void rt_stream_after_fork(void) {
  if (!rt_spill_now())
    return;
  atomic_store(&running, 0);
  atomic_store(&spilling, 0);
  /* The parent's .rtrace stream is the parent's: the child spills to
   * files of its own and writes its trace at exit. */
  if (sink)
    sink->pass(2);
  sink = NULL;
  for (rt_tbuf *b = atomic_load_explicit(&rt_buffers, memory_order_relaxed); b;
       b = b->next) {
    if (b->spill_fd >= 0)
      close(b->spill_fd);
    b->spill_fd = open_file();
    atomic_store_explicit(&b->spilled, 0, memory_order_relaxed);
  }
}
