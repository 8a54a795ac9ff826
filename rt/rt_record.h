/*===- rt_record.h - the record path's thread state and helpers ------------===
 *
 * Shared by the files of the record path (rt_buffer.c: entries and exits,
 * rt_thread.c: a thread's buffer, rt_frames.c: the shadow stack, rt_ring.c:
 * ring sizing, rt_forward.c: entries sent to another copy). Its rules: no
 * locks, no atomic read-modify-write, no malloc, no syscall per event.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_RECORD_H
#define RUCHYTRACE_RT_RECORD_H

#include "rt_buffers.h"

#pragma GCC visibility push(hidden)

/* A recorded frame still open: what lets an exit, or the next entry, find
 * frames that were left without an exit (C++ exceptions, Rust panics,
 * longjmp, pthread_exit), and what RUCHY_TRACE_MIN_DURATION erases short
 * calls with. */
typedef struct rt_frame {
  uint64_t token;
  const __ruchy_trace_fn *fn;
  uint64_t head; /* buffer head before the entry record */
  uint64_t end;  /* and after it */
  /* Where the return address of the machine frame that ran the entry is
   * (abi.h `frame`; an inlined function shares its host's), RT_NO_SLOT if
   * unknown; the return address found there at entry; and the ra_slot of
   * the outermost frame of the run of frames this one belongs to on one
   * stack (see rt_frames.c). `pc` is where the entry hook was called from:
   * in the machine function that ran the entry (for an inlined function,
   * its host's code). */
  uintptr_t ra_slot, ra, base, pc;
} rt_frame;
#define RT_NO_SLOT UINTPTR_MAX

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
  uint64_t last;    /* timestamp of the newest record */
  /* frames[0] is a sentinel that no entry finds abandoned; the open
   * frames are frames[1..depth], outermost first. */
  rt_frame *frames;
  uint32_t depth;     /* recorded frames open on this thread */
  uint32_t frame_cap; /* open frames `frames` has room for */
  uint8_t failed;     /* buffer allocation failed: stay silent */
  uint8_t frames_own; /* `frames` is a mapping of its own (grown) */
  /* Ring mode: the multi-slot records among the newest buf->keep, as
   * (record index << 7) | (slots - 1), oldest at fat_tail; fat_extra sums
   * their extra slots (rt_ring.c). */
  uint64_t *fat;
  uint64_t fat_mask, fat_head, fat_tail, fat_extra;
  uint64_t reset_ticks; /* when the C API last emptied the buffer */
} rt_thread;

extern __thread rt_thread rt_tls __attribute__((tls_model("initial-exec")));

/* The sampling side of an entry (abi.h, __ruchy_trace_countdown): resets
 * the thread's countdown to `sample` - 1, so that the Nth call records,
 * and says whether this call may record. A countdown that a signal
 * handler's call drove negative sends the next call here whatever its
 * state: only a traced one records. Always-traced functions do not count. */
static inline int rt_sample_entry(const __ruchy_trace_fn *fn, int32_t sample) {
  if (fn->flags & RUCHY_TRACE_F_ALWAYS)
    return 1;
  __ruchy_trace_countdown = sample - 1;
  return __atomic_load_n(&fn->state, __ATOMIC_ACQUIRE) != 0; /* set_states */
}

/* rt_begin's uncommon cases: re-entry, or the thread's first event. */
int rt_record_slow(rt_thread *t);

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

/* Counts `n` events lost at record time (only this thread writes the
 * counter, so load+store is race free). */
static inline void rt_count_drops(rt_thread *t, uint64_t n) {
  uint64_t d = atomic_load_explicit(&t->buf->drops, memory_order_relaxed);
  atomic_store_explicit(&t->buf->drops, d + n, memory_order_relaxed);
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
  const rt_spill_ops *spill = rt_spill_now();
  if (RT_UNLIKELY(spill)) {
    rt_tbuf *b = t->buf;
    if (t->head + n >
        atomic_load_explicit(&b->spilled, memory_order_acquire) +
            atomic_load_explicit(&b->ring, memory_order_relaxed)->capacity)
      spill->wait(b, t->head, n);
  }
}

/* Ring mode: makes the ring big enough that writing a record of `n` > 1
 * slots keeps the newest buf->keep records (rt_ring.c). Stream mode: as
 * rt_room. */
void rt_reserve(rt_thread *t, unsigned n);
/* The record about to be erased (RUCHY_TRACE_MIN_DURATION) was the newest:
 * forget it if it was a multi-slot one. */
void rt_reserve_forget(rt_thread *t, uint64_t record);
/* Allocates the first ring of a thread's buffer and sets b->keep; 0 on
 * failure. */
int rt_ring_attach(rt_thread *t, rt_tbuf *b);

/* A one-slot exit record of frame `f` marked `kind`, at `ticks`. */
static inline void rt_put_exit(rt_thread *t, const rt_frame *f, unsigned kind,
                               uint64_t ticks) {
  rt_room(t, 1);
  rt_slot *s = t->cur;
  rt_put(s, ticks, (uint64_t)(uintptr_t)f->fn | kind, 0, f->token);
  rt_commit(t, rt_next(t, s), 1);
}

/*---- the shadow stack (rt_frames.c) -------------------------------------*/

/* Closes, as unwound, the open frames that an entry from the machine frame
 * whose return address is at `slot` shows abandoned. */
void rt_frames_bury(rt_thread *t, const __ruchy_trace_fn *fn, uintptr_t slot,
                    uintptr_t pc);

/* Before an entry is recorded: frames left by a longjmp or an exception
 * are closed first, so the new call nests where it runs and the depth
 * limit counts live frames only. A live parent's return address slot is
 * at or above the child's (the stack grows down), so the common case is
 * one compare. */
static inline void rt_frames_check(rt_thread *t, const __ruchy_trace_fn *fn,
                                   const void *frame, uintptr_t pc) {
  uintptr_t slot = (uintptr_t)frame;
  if (RT_UNLIKELY(slot >= t->frames[t->depth].ra_slot))
    rt_frames_bury(t, fn, slot, pc);
}

/* Makes room for one more open frame; 0 if there is none (the call is
 * then not recorded, and counted as dropped). */
int rt_frames_grow(rt_thread *t);

/* Two return address slots more than this apart are not taken to be on
 * the same stack (rt_frames.c). */
#define RT_LINK_MAX ((uintptr_t)256 << 10)

/* Pushes the frame just recorded (its entry started at head `start`);
 * rt_frames_grow made room for it. */
static inline void rt_push_frame(rt_thread *t, const __ruchy_trace_fn *fn,
                                 uint64_t token, uint64_t start,
                                 const void *frame, uintptr_t pc) {
  rt_frame *p = &t->frames[t->depth];
  rt_frame *f = p + 1;
  uintptr_t slot = frame ? (uintptr_t)frame : RT_NO_SLOT;
  f->token = token;
  f->fn = fn;
  f->head = start;
  f->end = t->head; /* called after the entry's commit */
  f->ra_slot = slot;
  f->ra = frame ? *(const uintptr_t *)frame : 0;
  f->pc = pc;
  f->base =
      slot <= p->ra_slot && p->ra_slot - slot <= RT_LINK_MAX ? p->base : slot;
  t->depth++;
}

/* An exit whose token is not the innermost open frame's: closes the frames
 * above its own as unwound and returns its frame, or NULL if it is not
 * open (see rt_frames.c). */
rt_frame *rt_frames_repair(rt_thread *t, uint64_t token);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_RECORD_H */
