/*===- rt_buffers.h - threads' buffers as other layers see them -------------===
 *
 * The record layer's face: the slot format, each thread's buffer and the
 * list of them, what the record path asks of a spiller, and a thread's
 * life. What only the record path needs is rt_record.h.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_BUFFERS_H
#define RUCHYTRACE_RT_BUFFERS_H

#include "rt_base.h"

#pragma GCC visibility push(hidden)

/*---- per-thread event buffers (rt_thread.c, rt_ring.c) ------------------*/

/* Events are written as 32-byte slots. A header slot holds
 *   w[0] = timestamp ticks, w[1] = descriptor address | kind,
 *   w[2], w[3] = payloads (enter: first two arguments; exit: return
 *   value and the entry timestamp, i.e. the token).
 * An entry with more than two arguments continues in slots with w[1] == 0
 * holding three payloads each in w[0], w[2], w[3]: a reader that starts in
 * the middle of an overwritten record recognises and skips them. */
typedef struct rt_slot {
  uint64_t w[4];
} rt_slot;

enum rt_event_kind {
  RT_EV_CONT = 0,
  RT_EV_ENTER = 1,
  RT_EV_EXIT = 2,
  RT_EV_EXIT_TAIL = 3,
  /* The frame was left without its exit (exception, longjmp): recorded
   * when an enclosing frame's exit found it still open. */
  RT_EV_EXIT_UNWIND = 4,
  /* Written only by the writers: a frame still open when the trace was
   * written (exit() from inside it, or a thread still running). */
  RT_EV_EXIT_UNFINISHED = 5,
};
#define RT_EV_KIND_MASK 7u

/* Whether a slot starts a record (a descriptor in w[1]); any other slot
 * continues one, or is what a reader skips. */
static inline int rt_slot_is_head(const rt_slot *s) {
  return (s->w[1] & ~(uint64_t)RT_EV_KIND_MASK) != 0;
}

/* Payloads per continuation slot, and slots an entry record needs. At most
 * RT_MAX_ARGS arguments are recorded; the rest are cut (and shown cut). */
#define RT_CONT_PAYLOADS 3u
#define RT_MAX_ARGS 64u
static inline unsigned rt_recorded_args(unsigned nargs) {
  return nargs < RT_MAX_ARGS ? nargs : RT_MAX_ARGS;
}
static inline unsigned rt_enter_slots(unsigned nargs) {
  nargs = rt_recorded_args(nargs);
  return nargs <= 2 ? 1
                    : 1 + (nargs - 2 + RT_CONT_PAYLOADS - 1) / RT_CONT_PAYLOADS;
}

/* The most slots one record can take (an entry with RT_MAX_ARGS args). */
#define RT_MAX_RECORD_SLOTS                                                    \
  (1 + (RT_MAX_ARGS - 2 + RT_CONT_PAYLOADS - 1) / RT_CONT_PAYLOADS +           \
   RT_DATA_SLOTS)

/* The slots of a thread's ring. In ring mode it grows (rt_ring_grow) when
 * the newest RUCHY_TRACE_BUFFER records need more slots than it has; a
 * reader loads the pointer once and uses that ring's capacity with it. */
typedef struct rt_ring {
  uint64_t capacity; /* slots; slot i of the stream is slots[i % capacity] */
  size_t map_size;
  uint64_t pad[2];
  rt_slot slots[];
} rt_ring;

/* Readers (rt_merge.c) currently copying rings: a ring replaced by a
 * larger one is unmapped only when there are none (see rt_ring_grow). */
extern _Atomic unsigned rt_ring_readers;

/* The part of a thread's buffer that other threads read at output time.
 * Only its owner thread writes it; `head` (slots ever written) and
 * `records` are published with release stores after each record, so a
 * reader that acquires `head` sees complete records below it. `busy` is
 * set while a record is being written: it makes re-entry (a signal handler
 * on the same thread) detectable, and tells a concurrent reader that a
 * record in progress may be overwriting the oldest slots. */
typedef struct rt_tbuf {
  _Atomic uint64_t head;
  _Atomic uint64_t records;
  /* Events lost at record time, not through the ring: calls dropped on
   * re-entry or for want of shadow-stack memory, real exits of frames
   * already closed as unwound. */
  _Atomic uint64_t drops;
  _Atomic uint32_t busy;
  uint32_t pad0;
  /* RUCHY_TRACE_MIN_DURATION erases a short call by moving head back over
   * its entry. That breaks the readers' assumption that head only grows,
   * so each rewind bumps `seq` (a reader that sees it change retries), and
   * raises `floor`: slots below it were overwritten by records that no
   * longer exist, and must not be read as the older records they were.
   * Replacing the ring by a larger one bumps `seq` too. */
  _Atomic uint64_t seq;
  _Atomic uint64_t floor;
  /* Streaming mode: records below `spilled` are in the spill file, and the
   * owner never overwrites records above it. */
  _Atomic uint64_t spilled;
  _Atomic(rt_ring *) ring;
  /* Ring mode: the newest `keep` records are what the trace shows
   * (RUCHY_TRACE_BUFFER); 0 in stream mode, where all are kept. */
  uint64_t keep;
  int spill_fd; /* -1 without one */
  int pad1;
  uint64_t tid;
  struct rt_tbuf *next; /* registry of all buffers, never unlinked */
  /* `records` and `drops` when an attached session began (rt_attach.c):
   * its trace counts only what was lost since (rt_collect_from_ticks). */
  _Atomic uint64_t window_records, window_drops;
} rt_tbuf;

/* Head of the list of all threads' buffers (newest first). */
extern _Atomic(rt_tbuf *) rt_buffers;

/* What the record path asks of streaming mode's spiller: NULL in ring
 * mode, where a full ring overwrites its oldest records. rt_stream.c sets
 * it at start; it is declared down here (rt_ring.c) so that recording does
 * not depend on the spiller. */
typedef struct rt_spill_ops {
  int (*open_file)(void); /* a new thread's spill file, or -1 */
  /* Returns when `n` slots from `head` overwrite no unspilled record (or
   * spilling has stopped). */
  void (*wait)(rt_tbuf *b, uint64_t head, unsigned n);
} rt_spill_ops;
extern const rt_spill_ops *_Atomic rt_spill;
/* The spiller now (relaxed: it is set before threads record, and cleared
 * only when its thread cannot start). */
static inline const rt_spill_ops *rt_spill_now(void) {
  return atomic_load_explicit(&rt_spill, memory_order_relaxed);
}

/* A walk follow's elements (rt_capture_walk.c): copies the first n into
 * dst, `f->size` bytes each, from the container whose walk starts at ptr
 * (`param`: the `nparam` follows after it, its PARAMs first; img: where
 * ptr was read). Returns
 * the elements copied, or -1 if the first could not be read. */
long rt_capture_walk(const __ruchy_trace_follow *f,
                     const __ruchy_trace_follow *param, unsigned nparam,
                     uint64_t ptr, const uint8_t *img, size_t img_len,
                     uint64_t n, uint8_t *dst);
/* A std::deque walk's element count (its follow has no count word):
 * 0 when its iterators cannot be a deque's. */
int rt_capture_deque_count(const __ruchy_trace_follow *param, unsigned nparam,
                           const uint8_t *img, size_t img_len, size_t size,
                           uint64_t *count);
/* An EACH_SLICE, EACH_SLICE_IF or EACH_DEREF follow's item at `pos` within
 * `room` bytes (its length word included), from the elements item `base`
 * of its parent. */
size_t rt_capture_each(const __ruchy_trace_follow *f, const uint8_t *base,
                       size_t base_len, uint8_t *out, size_t pos, size_t room);

/* Builds the data stream for `n` values; returns its length in bytes. */
size_t rt_capture(const __ruchy_trace_type *const *types, unsigned n,
                  const uint64_t *payloads, uint8_t *out);

/* Registers the thread-exit hook that closes the frames a thread leaves
 * open (pthread_exit, cancellation; rt_thread.c). */
void rt_thread_install(void);
/* Empties every buffer in a forked child (rt_thread.c). */
void rt_thread_after_fork(void);
/* Set in a forked child: exits of frames entered before the fork are not
 * recorded (their entries belong to the parent's trace). */
extern uint64_t rt_fork_ticks;

/* The calling thread's buffer (NULL before its first event), and its
 * reset to empty. */
rt_tbuf *rt_thread_buffer(void);
void rt_thread_reset(void);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_BUFFERS_H */
