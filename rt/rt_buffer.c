/*===- rt_buffer.c - per-thread event buffers and the record path ----------===
 *
 * The record path is what instrumented code calls when a call is sampled.
 * Its rules: no locks, no atomic read-modify-write, no malloc, no syscall
 * per event. Each thread owns one ring of 32-byte slots, allocated with
 * mmap on the thread's first event (one syscall per thread) and linked into
 * a global list so the buffer outlives its thread and is written at exit.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"
#include "rt_peer.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Thread-local state is plain data with no destructor, so it is valid in
 * every thread at every moment, including during thread teardown when
 * destructors of other TLS objects may call instrumented code (the lesson
 * of XRay FDR's trivially destructible TLS). */
typedef struct rt_thread {
  rt_slot *cur; /* next slot to write */
  rt_slot *begin, *end;
  rt_tbuf *buf;
  uint64_t head;    /* == buf->head, kept here to avoid reading it back */
  uint64_t records; /* == buf->records */
  uint32_t depth;   /* recorded frames open on this thread */
  uint8_t failed;   /* buffer allocation failed: stay silent */
} rt_thread;

static __thread rt_thread rt_tls __attribute__((tls_model("initial-exec")));

RT_API __thread int32_t __ruchy_trace_countdown
    __attribute__((tls_model("initial-exec")));

_Atomic(rt_tbuf *) rt_buffers;
uint64_t rt_min_ticks;
uint64_t rt_fork_ticks;

/* First event of a thread: allocate and publish its buffer. Returns 0 if
 * the thread cannot record (allocation failed earlier or now). */
static __attribute__((noinline)) int rt_thread_attach(rt_thread *t) {
  if (t->failed)
    return 0;
  size_t size = sizeof(rt_tbuf) + rt_cfg.buffer_slots * sizeof(rt_slot);
  long page = sysconf(_SC_PAGESIZE);
  size = (size + (size_t)page - 1) & ~((size_t)page - 1);
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    t->failed = 1;
    rt_warn("cannot allocate a trace buffer for a thread; its calls are not "
            "traced (lower RUCHY_TRACE_BUFFER)",
            "", "");
    return 0;
  }
  rt_tbuf *b = p;
  b->capacity = rt_cfg.buffer_slots;
  b->map_size = size;
  b->tid = (uint64_t)syscall(SYS_gettid);
  b->spill_fd = rt_stream_on ? rt_stream_open_file() : -1;
  t->begin = t->cur = b->slots;
  t->end = b->slots + b->capacity;
  t->head = t->records = 0;
  /* Lock-free push; a read-modify-write once per thread, not per event. */
  rt_tbuf *old = atomic_load_explicit(&rt_buffers, memory_order_relaxed);
  do
    b->next = old;
  while (!atomic_compare_exchange_weak_explicit(
      &rt_buffers, &old, b, memory_order_release, memory_order_relaxed));
  t->buf = b;
  return 1;
}

/* The uncommon cases of rt_begin, kept out of line so the common path
 * stays small. */
static __attribute__((noinline)) int rt_record_slow(rt_thread *t) {
  if (t->buf) {
    /* A signal handler (or instrumented code reached from inside the
     * runtime) interrupted a record on this thread: writing now would tear
     * it. Drop this call (its exit is skipped too: token 0) and count its
     * two events. Only this thread writes the counter, so load+store is
     * race free. */
    uint64_t n =
        atomic_load_explicit(&t->buf->reentrant_drops, memory_order_relaxed);
    atomic_store_explicit(&t->buf->reentrant_drops, n + 2,
                          memory_order_relaxed);
    return 0;
  }
  return rt_thread_attach(t);
}

/* Brackets the writing of one record (see rt_tbuf.busy). The release
 * fence orders busy=1 before the slot stores, so a reader that saw any of
 * them and then acquires sees busy (or the head that follows). On x86-64
 * both fences are compiler barriers only. Returns 0 on re-entry or when
 * the thread has no buffer and cannot get one. */
static inline int rt_begin(rt_thread *t) {
  rt_tbuf *b = t->buf;
  if (RT_UNLIKELY(!b || atomic_load_explicit(&b->busy, memory_order_relaxed)))
    if (!rt_record_slow(t))
      return 0;
  atomic_store_explicit(&t->buf->busy, 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  return 1;
}

static inline void rt_end(rt_thread *t) {
  atomic_store_explicit(&t->buf->busy, 0, memory_order_release);
}

/* Slot words are stored as relaxed atomics: plain 8-byte moves on x86-64
 * and AArch64, but a well-defined race with a snapshot taken while this
 * thread still records (rt_merge.c validates what it copied). */
static inline void rt_put(rt_slot *s, uint64_t w0, uint64_t w1, uint64_t w2,
                          uint64_t w3) {
  __atomic_store_n(&s->w[0], w0, __ATOMIC_RELAXED);
  __atomic_store_n(&s->w[1], w1, __ATOMIC_RELAXED);
  __atomic_store_n(&s->w[2], w2, __ATOMIC_RELAXED);
  __atomic_store_n(&s->w[3], w3, __ATOMIC_RELAXED);
}

static inline rt_slot *rt_next(rt_thread *t, rt_slot *s) {
  return ++s == t->end ? t->begin : s;
}

/* Publishes `n` slots written from t->cur onwards as one record. The
 * release store orders the slot contents before the new head for a reader
 * that acquires head; `records` is stored first so a reader never sees
 * more slots than records account for. */
static inline void rt_commit(rt_thread *t, rt_slot *next, unsigned n) {
  t->cur = next;
  t->head += n;
  t->records += 1;
  atomic_store_explicit(&t->buf->records, t->records, memory_order_relaxed);
  atomic_store_explicit(&t->buf->head, t->head, memory_order_release);
}

/* Streaming mode: wait until `n` more slots do not overwrite records the
 * spiller has not saved yet. One branch in ring mode. */
static inline void rt_room(rt_thread *t, unsigned n) {
  if (RT_UNLIKELY(rt_stream_on)) {
    rt_tbuf *b = t->buf;
    if (t->head + n >
        atomic_load_explicit(&b->spilled, memory_order_acquire) + b->capacity)
      rt_stream_wait(b, t->head, n);
  }
}

static inline uint64_t rt_token(uint64_t ticks) {
  return ticks | (ticks == 0); /* never 0: 0 means "not recorded" */
}

/* Common prologue of the entry points: sampling reset and depth limit.
 * Returns 0 if the call is not recorded. */
static inline int rt_enter_begin(rt_thread *t, const __ruchy_trace_fn *fn) {
  if (!(fn->flags & RUCHY_TRACE_F_ALWAYS))
    __ruchy_trace_countdown = rt_cfg.sample;
  if (RT_UNLIKELY(t->depth >= rt_cfg.max_depth) || !rt_begin(t))
    return 0;
  return 1;
}

/* Pushes the frame just recorded (its entry started at head `start`). */
static inline void rt_push_frame(rt_thread *t, const __ruchy_trace_fn *fn,
                                 uint64_t token, uint64_t start) {
  if (RT_LIKELY(t->depth < RT_SHADOW_DEPTH)) {
    rt_frame *f = &t->buf->frames[t->depth];
    f->token = token;
    f->fn = fn;
    f->head = start;
    f->end = t->head; /* called after the entry's commit */
  }
  t->depth++;
}

/* Writes an entry record with `n` payloads from t->cur on: two in the
 * first slot, RT_CONT_PAYLOADS in each continuation slot (rt_enter_slots
 * in all). Returns the last slot written. */
static inline rt_slot *rt_put_entry(rt_thread *t, const __ruchy_trace_fn *fn,
                                    uint64_t now, const uint64_t *args,
                                    unsigned n) {
  rt_slot *s = t->cur;
  rt_put(s, now, (uint64_t)(uintptr_t)fn | RT_EV_ENTER, n > 0 ? args[0] : 0,
         n > 1 ? args[1] : 0);
  for (unsigned i = 2; i < n; i += RT_CONT_PAYLOADS) {
    s = rt_next(t, s);
    rt_put(s, args[i], 0 /* continuation */, i + 1 < n ? args[i + 1] : 0,
           i + 2 < n ? args[i + 2] : 0);
  }
  return s;
}

/* Writes `len` bytes of a data stream as continuation slots after `s`
 * (24 bytes each, in w[0], w[2], w[3]); returns the last slot written. */
static rt_slot *rt_put_data(rt_thread *t, rt_slot *s, const uint8_t *data,
                            size_t len) {
  for (size_t off = 0; off < len; off += 24) {
    uint64_t w[3] = {0, 0, 0};
    memcpy(w, data + off, len - off < 24 ? len - off : 24);
    s = rt_next(t, s);
    rt_put(s, w[0], 0 /* continuation */, w[1], w[2]);
  }
  return s;
}

static inline unsigned rt_data_slots(size_t len) {
  return (unsigned)((len + 23) / 24);
}

/* An entry whose arguments carry data (images, followed pointers): the
 * capture happens here, inside the record bracket, so a fault while
 * following a pointer is recovered from (rt_safe.c) with nothing torn. */
static __attribute__((noinline)) uint64_t rt_enter_data(rt_thread *t,
                                                        __ruchy_trace_fn *fn,
                                                        const uint64_t *args) {
  unsigned n = rt_recorded_args(fn->nargs);
  uint8_t data[RT_DATA_BUDGET];
  size_t len = rt_capture(fn->args, n, args, data);
  unsigned slots = rt_enter_slots(n) + rt_data_slots(len);
  rt_room(t, slots);
  uint64_t now = rt_clock_now(), start = t->head;
  rt_slot *s = rt_put_entry(t, fn, now, args, n);
  s = rt_put_data(t, s, data, len);
  rt_commit(t, rt_next(t, s), slots);
  rt_push_frame(t, fn, rt_token(now), start);
  rt_end(t);
  return rt_token(now);
}

RT_API RUCHY_TRACE_CC uint64_t __ruchy_trace_enter(__ruchy_trace_fn *fn,
                                                   uint64_t a0, uint64_t a1) {
  if (RT_UNLIKELY(rt_forward))
    return rt_forward_enter(fn, a0, a1);
  rt_thread *t = &rt_tls;
  if (!rt_enter_begin(t, fn))
    return 0;
  if (RT_UNLIKELY(fn->flags & RUCHY_TRACE_F_ARG_DATA)) {
    uint64_t args[2] = {a0, a1};
    return rt_enter_data(t, fn, args);
  }
  rt_room(t, 1);
  uint64_t now = rt_clock_now(), start = t->head;
  rt_slot *s = t->cur;
  rt_put(s, now, (uint64_t)(uintptr_t)fn | RT_EV_ENTER, a0, a1);
  rt_commit(t, rt_next(t, s), 1);
  rt_push_frame(t, fn, rt_token(now), start);
  rt_end(t);
  return rt_token(now);
}

RT_API RUCHY_TRACE_CC uint64_t __ruchy_trace_enter_v(__ruchy_trace_fn *fn,
                                                     const uint64_t *args) {
  if (RT_UNLIKELY(rt_forward))
    return rt_forward_enter_v(fn, args);
  rt_thread *t = &rt_tls;
  if (!rt_enter_begin(t, fn))
    return 0;
  if (RT_UNLIKELY(fn->flags & RUCHY_TRACE_F_ARG_DATA))
    return rt_enter_data(t, fn, args);
  unsigned n = rt_recorded_args(fn->nargs), slots = rt_enter_slots(n);
  rt_room(t, slots);
  uint64_t now = rt_clock_now(), start = t->head;
  rt_slot *s = rt_put_entry(t, fn, now, args, n);
  rt_commit(t, rt_next(t, s), slots);
  rt_push_frame(t, fn, rt_token(now), start);
  rt_end(t);
  return rt_token(now);
}

/* RUCHY_TRACE_MIN_DURATION: erase the call of frame `f` (just popped) by
 * moving head back over its entry — possible only if nothing was recorded
 * after the entry (a recorded child means the call is not short anyway,
 * and children shorter than the threshold erased themselves first). */
static __attribute__((noinline)) int rt_rewind(rt_thread *t,
                                               const rt_frame *f) {
  rt_tbuf *b = t->buf;
  uint64_t start = f->head;
  if (t->head != f->end)
    return 0;
  uint64_t seq = atomic_load_explicit(&b->seq, memory_order_relaxed);
  atomic_store_explicit(&b->seq, seq + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  /* The erased entry overwrote the ring slots of whatever was `capacity`
   * slots older; those records are gone for good. */
  uint64_t lost = t->head > b->capacity ? t->head - b->capacity : 0;
  if (lost > atomic_load_explicit(&b->floor, memory_order_relaxed))
    atomic_store_explicit(&b->floor, lost, memory_order_relaxed);
  t->head = start;
  t->records -= 1;
  t->cur = t->begin + start % b->capacity;
  atomic_store_explicit(&b->records, t->records, memory_order_relaxed);
  atomic_store_explicit(&b->head, t->head, memory_order_release);
  return 1;
}

/* rt_repair's answer for the exit of a frame entered before fork(), in
 * the child: its entry is in the parent's trace, not ours. */
#define RT_SKIP_EXIT UINT32_MAX

/* The exit's token is not the innermost open frame's: the frames above
 * the one it belongs to were left without an exit (an exception or
 * longjmp went through them). Record their exits now, marked unwound, so
 * the trace stays balanced. Returns the repaired depth of the exiting
 * frame, or `depth` unchanged if the token is not on the shadow stack. */
static __attribute__((noinline)) uint32_t rt_repair(rt_thread *t,
                                                    uint32_t depth,
                                                    uint64_t token,
                                                    uint64_t now) {
  rt_frame *frames = t->buf->frames;
  uint32_t k = depth;
  while (k > 0 && frames[k - 1].token != token)
    --k;
  if (k == 0) /* not on the stack: deeper than it, or lost */
    return token < rt_fork_ticks ? RT_SKIP_EXIT : depth;
  for (uint32_t j = depth; j >= k; --j) {
    rt_room(t, 1);
    rt_slot *s = t->cur;
    rt_put(s, now, (uint64_t)(uintptr_t)frames[j].fn | RT_EV_EXIT_UNWIND, 0,
           frames[j].token);
    rt_commit(t, rt_next(t, s), 1);
  }
  return k - 1;
}

static inline void rt_record_exit(__ruchy_trace_fn *fn, uint64_t token,
                                  uint64_t ret, unsigned kind) {
  rt_thread *t = &rt_tls;
  /* A token means this thread recorded the entry, so its buffer exists;
   * only re-entry can stop us here. */
  if (!rt_begin(t))
    return;
  uint64_t now = rt_clock_now();
  uint32_t depth = t->depth ? t->depth - 1 : 0; /* index of this frame */
  if (RT_LIKELY(depth < RT_SHADOW_DEPTH)) {
    if (RT_UNLIKELY(t->buf->frames[depth].token != token)) {
      uint32_t d = rt_repair(t, depth, token, now);
      if (d == RT_SKIP_EXIT) {
        rt_end(t);
        return;
      }
      depth = d;
    }
    t->depth = depth;
    if (RT_UNLIKELY(rt_min_ticks) && now - token < rt_min_ticks &&
        rt_rewind(t, &t->buf->frames[depth])) {
      rt_end(t);
      return;
    }
  } else {
    t->depth = depth;
  }
  if (RT_UNLIKELY((fn->flags & RUCHY_TRACE_F_RET_DATA) && kind == RT_EV_EXIT)) {
    uint8_t data[RT_DATA_BUDGET];
    size_t len = rt_capture(&fn->ret, 1, &ret, data);
    unsigned slots = 1 + rt_data_slots(len);
    rt_room(t, slots);
    rt_slot *s = t->cur;
    rt_put(s, now, (uint64_t)(uintptr_t)fn | kind, ret, token);
    s = rt_put_data(t, s, data, len);
    rt_commit(t, rt_next(t, s), slots);
    rt_end(t);
    return;
  }
  rt_room(t, 1);
  rt_slot *s = t->cur;
  rt_put(s, now, (uint64_t)(uintptr_t)fn | kind, ret, token);
  rt_commit(t, rt_next(t, s), 1);
  rt_end(t);
}

RT_API RUCHY_TRACE_CC void __ruchy_trace_exit(__ruchy_trace_fn *fn,
                                              uint64_t token, uint64_t ret) {
  if (RT_UNLIKELY(rt_forward))
    return rt_forward_exit(fn, token, ret);
  rt_record_exit(fn, token, ret, RT_EV_EXIT);
}

RT_API RUCHY_TRACE_CC void __ruchy_trace_exit_ref(__ruchy_trace_fn *fn,
                                                  uint64_t token,
                                                  const void *value) {
  if (RT_UNLIKELY(rt_forward))
    return rt_forward_exit_ref(fn, token, value);
  rt_record_exit(fn, token, (uint64_t)(uintptr_t)value, RT_EV_EXIT);
}

RT_API RUCHY_TRACE_CC void __ruchy_trace_exit_tail(__ruchy_trace_fn *fn,
                                                   uint64_t token) {
  if (RT_UNLIKELY(rt_forward))
    return rt_forward_exit_tail(fn, token);
  rt_record_exit(fn, token, 0, RT_EV_EXIT_TAIL);
}

/* What other copies of the runtime call when they forward here. */
RT_OWN_ALIAS(__ruchy_trace_enter);
RT_OWN_ALIAS(__ruchy_trace_enter_v);
RT_OWN_ALIAS(__ruchy_trace_exit);
RT_OWN_ALIAS(__ruchy_trace_exit_ref);
RT_OWN_ALIAS(__ruchy_trace_exit_tail);

/* In a forked child only the forking thread exists. Its trace starts
 * empty: every buffer (the other threads' too, which are the parent's
 * events) is cleared, and frames entered before the fork are forgotten. The
 * child writes its own file at its exit (see rt_output.c for the name). */
static void rt_after_fork_child(void) {
  rt_images_fork_unlock();
  rt_forked_child = 1;
  rt_fork_ticks = rt_clock_now();
  rt_safe_note_pid();
  for (rt_tbuf *b = atomic_load_explicit(&rt_buffers, memory_order_relaxed); b;
       b = b->next) {
    atomic_store_explicit(&b->head, 0, memory_order_relaxed);
    atomic_store_explicit(&b->records, 0, memory_order_relaxed);
    atomic_store_explicit(&b->reentrant_drops, 0, memory_order_relaxed);
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
  rt_stream_after_fork();
}

/* The images lock is held across fork (rt_image.c): in the child, no
 * other thread could ever release it. */
void rt_fork_install(void) {
  pthread_atfork(rt_images_fork_lock, rt_images_fork_unlock,
                 rt_after_fork_child);
}

rt_tbuf *rt_thread_buffer(void) { return rt_tls.buf; }

/* Empties the calling thread's buffer (the C API's drain). Open frames are
 * forgotten with their entries: their exits find no frame and are
 * recorded without one, as after a ring overflow. */
void rt_thread_reset(void) {
  rt_thread *t = &rt_tls;
  rt_tbuf *b = t->buf;
  if (!b)
    return;
  uint64_t seq = atomic_load_explicit(&b->seq, memory_order_relaxed);
  atomic_store_explicit(&b->seq, seq + 1, memory_order_relaxed);
  atomic_store_explicit(&b->floor, 0, memory_order_relaxed);
  atomic_store_explicit(&b->records, 0, memory_order_relaxed);
  atomic_store_explicit(&b->reentrant_drops, 0, memory_order_relaxed);
  atomic_store_explicit(&b->head, 0, memory_order_release);
  t->cur = t->begin;
  t->head = t->records = 0;
  t->depth = 0;
}
