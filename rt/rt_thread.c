/*===- rt_thread.c - a thread's recording state: its buffer, first to last ==
 *
 * Each thread owns one ring of 32-byte slots, allocated with mmap on the
 * thread's first event (one syscall per thread) and linked into a global
 * list so the buffer outlives its thread and is written at exit. This file
 * is that life: the first event, the end of the thread, a fork, and the C
 * API's reset. The record path itself is rt_buffer.c.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_record.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

__thread rt_thread rt_tls __attribute__((tls_model("initial-exec")));

RT_API __thread int32_t __ruchy_trace_countdown
    __attribute__((tls_model("initial-exec")));

_Atomic(rt_tbuf *) rt_buffers;
uint64_t rt_min_ticks;
uint64_t rt_fork_ticks;

/*---- thread exit ----------------------------------------------------------*/

/* A thread that ends inside traced frames (pthread_exit, cancellation)
 * runs its thread-specific data destructors after its stack is unwound:
 * the frames still open end there. Threads that return normally have none
 * open; the process's exit() runs no destructor, and its open frames are
 * written as unfinished. */
static pthread_key_t end_key;
static int end_key_ok;

static void thread_end(void *arg) {
  (void)arg;
  rt_thread *t = &rt_tls;
  if (!t->depth || !rt_begin(t))
    return;
  uint64_t now = rt_clock_now();
  for (; t->depth; t->depth--)
    rt_put_exit(t, &t->frames[t->depth], RT_EV_EXIT_UNWIND, now);
  t->last = now;
  rt_end(t);
}

void rt_thread_install(void) {
  end_key_ok = pthread_key_create(&end_key, thread_end) == 0;
}

/* The value only has to be non-NULL for the destructor to run. Keys below
 * PTHREAD_KEY_2NDLEVEL_SIZE (ours, created at start-up) need no
 * allocation in glibc. */
static void watch_thread_end(rt_tbuf *b) {
  if (end_key_ok)
    pthread_setspecific(end_key, b);
}

/*---- first event ---------------------------------------------------------*/

/* Open frames a thread has room for before its first rt_frames_grow. */
#define RT_FRAMES_FIRST 1024u

/* Ring mode: the fat-record queue holds at most `keep` entries. */
static uint64_t fat_entries(uint64_t keep) {
  uint64_t n = 1;
  while (n < keep)
    n <<= 1;
  return n;
}

/* First event of a thread: allocate and publish its buffer. Returns 0 if
 * the thread cannot record (allocation failed earlier or now). */
static __attribute__((noinline)) int thread_attach(rt_thread *t) {
  if (t->failed)
    return 0;
  uint64_t keep = rt_cfg.buffer_events;
  const rt_spill_ops *spill = rt_spill_now();
  uint64_t nfat = spill ? 0 : fat_entries(keep);
  size_t size = sizeof(rt_tbuf) + (RT_FRAMES_FIRST + 1) * sizeof(rt_frame) +
                nfat * sizeof(uint64_t);
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  rt_tbuf *b = p;
  if (p == MAP_FAILED || !rt_ring_attach(t, b)) {
    if (p != MAP_FAILED)
      munmap(p, size);
    t->failed = 1;
    rt_warn("cannot allocate a trace buffer for a thread; its calls are not "
            "traced (lower RUCHY_TRACE_BUFFER)",
            "", "");
    return 0;
  }
  b->tid = (uint64_t)syscall(SYS_gettid);
  b->spill_fd = spill ? spill->open_file() : -1;
  t->frames = (rt_frame *)(b + 1);
  t->frames[0].ra_slot = t->frames[0].base = RT_NO_SLOT; /* the sentinel */
  t->frame_cap = RT_FRAMES_FIRST;
  t->fat = (uint64_t *)(t->frames + RT_FRAMES_FIRST + 1);
  t->fat_mask = nfat - 1;
  t->head = t->records = 0;
  /* Lock-free push; a read-modify-write once per thread, not per event. */
  rt_tbuf *old = atomic_load_explicit(&rt_buffers, memory_order_relaxed);
  do
    b->next = old;
  while (!atomic_compare_exchange_weak_explicit(
      &rt_buffers, &old, b, memory_order_release, memory_order_relaxed));
  t->buf = b;
  watch_thread_end(b);
  return 1;
}

/* The uncommon cases of rt_begin, kept out of line so the common path
 * stays small. */
__attribute__((noinline)) int rt_record_slow(rt_thread *t) {
  if (t->buf) {
    /* A signal handler (or instrumented code reached from inside the
     * runtime) interrupted a record on this thread: writing now would tear
     * it. Drop this call (its exit is skipped too: token 0) and count its
     * two events. */
    rt_count_drops(t, 2);
    return 0;
  }
  return thread_attach(t);
}

/*---- fork and reset --------------------------------------------------------*/

/* In a forked child only the forking thread exists. Its trace starts
 * empty: every buffer (the other threads' too, which are the parent's
 * events) is cleared, and frames entered before the fork are forgotten. */
void rt_thread_after_fork(void) {
  rt_fork_ticks = rt_clock_now();
  for (rt_tbuf *b = atomic_load_explicit(&rt_buffers, memory_order_relaxed); b;
       b = b->next) {
    atomic_store_explicit(&b->head, 0, memory_order_relaxed);
    atomic_store_explicit(&b->records, 0, memory_order_relaxed);
    atomic_store_explicit(&b->drops, 0, memory_order_relaxed);
    atomic_store_explicit(&b->floor, 0, memory_order_relaxed);
    atomic_store_explicit(&b->busy, 0, memory_order_relaxed);
  }
  rt_thread *t = &rt_tls;
  if (t->buf) {
    t->cur = t->begin;
    t->head = t->records = 0;
    t->buf->tid = (uint64_t)syscall(SYS_gettid);
  }
  t->depth = 0;
  t->fat_head = t->fat_tail = t->fat_extra = 0;
}

rt_tbuf *rt_thread_buffer(void) { return rt_tls.buf; }

/* Empties the calling thread's buffer (the C API's drain). Open frames are
 * forgotten with their entries: their exits find no frame and are
 * recorded without one, as after a ring overflow (see rt_exit_unknown). */
void rt_thread_reset(void) {
  rt_thread *t = &rt_tls;
  rt_tbuf *b = t->buf;
  if (!b)
    return;
  uint64_t seq = atomic_load_explicit(&b->seq, memory_order_relaxed);
  atomic_store_explicit(&b->seq, seq + 1, memory_order_relaxed);
  atomic_store_explicit(&b->floor, 0, memory_order_relaxed);
  atomic_store_explicit(&b->records, 0, memory_order_relaxed);
  atomic_store_explicit(&b->drops, 0, memory_order_relaxed);
  atomic_store_explicit(&b->head, 0, memory_order_release);
  t->cur = t->begin;
  t->head = t->records = 0;
  t->depth = 0;
  t->fat_head = t->fat_tail = t->fat_extra = 0;
  t->reset_ticks = rt_clock_now();
}
