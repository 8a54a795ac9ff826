/*===- rt_buffer.c - per-thread event buffers and the record path ----------===
 *
 * The record path is what instrumented code calls when a call is sampled.
 * Its rules: no locks, no atomic read-modify-write, no malloc, no syscall
 * per event. The thread's buffer, from its first event to its end, is
 * rt_thread.c's; events of images bound to another copy of the runtime go
 * there through rt_forward.c.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_peer.h"
#include "rt_record.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline uint64_t rt_token(uint64_t ticks) {
  return ticks | (ticks == 0); /* never 0: 0 means "not recorded" */
}

/* rt_enter_begin's uncommon cases: the depth limit, or no room left for
 * one more open frame. */
static __attribute__((noinline)) int rt_enter_slow(rt_thread *t) {
  if (t->depth >= rt_live(rt_cfg.max_depth))
    return 0;
  if (t->depth == t->frame_cap && !rt_frames_grow(t)) {
    rt_count_drops(t, 2); /* its entry and its exit */
    return 0;
  }
  return 1;
}

/* Common prologue of the entry points: sampling reset, the record bracket,
 * frames the program abandoned, and the depth limit (on live frames).
 * Returns 0 if the call is not recorded. */
static inline int rt_enter_begin(rt_thread *t, const __ruchy_trace_fn *fn,
                                 const void *frame, uintptr_t pc) {
  if (RT_UNLIKELY(!rt_sample_entry(fn, rt_live(rt_cfg.sample))))
    return 0;
  if (!rt_begin(t))
    return 0;
  rt_frames_check(t, fn, frame, pc);
  if (RT_UNLIKELY(t->depth >= rt_live(rt_cfg.max_depth) ||
                  t->depth == t->frame_cap) &&
      !rt_enter_slow(t)) {
    rt_end(t);
    return 0;
  }
  return 1;
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

/* Common epilogue of the entry points, once the entry record that began
 * at head `start` is committed. */
static inline uint64_t rt_enter_end(rt_thread *t, const __ruchy_trace_fn *fn,
                                    uint64_t now, uint64_t start,
                                    const void *frame, uintptr_t pc) {
  t->last = now;
  rt_push_frame(t, fn, rt_token(now), start, frame, pc);
  rt_end(t);
  return rt_token(now);
}

/* An entry whose arguments carry data (images, followed pointers): the
 * capture happens here, inside the record bracket, so a fault while
 * following a pointer is recovered from (rt_safe.c) with nothing torn. */
static __attribute__((noinline)) uint64_t rt_enter_data(rt_thread *t,
                                                        __ruchy_trace_fn *fn,
                                                        const uint64_t *args,
                                                        const void *frame,
                                                        uintptr_t pc) {
  unsigned n = rt_recorded_args(fn->nargs);
  uint8_t data[RT_DATA_BUDGET];
  size_t len = rt_capture(fn->args, n, args, data);
  unsigned slots = rt_enter_slots(n) + rt_data_slots(len);
  rt_reserve(t, slots);
  uint64_t now = rt_clock_now(), start = t->head;
  rt_slot *s = rt_put_entry(t, fn, now, args, n);
  s = rt_put_data(t, s, data, len);
  rt_commit(t, rt_next(t, s), slots);
  return rt_enter_end(t, fn, now, start, frame, pc);
}

/* The entry points' bodies, given the hook's call site `pc` in the machine
 * function that runs the entry: the exported functions read it from their
 * return address; a forwarding copy of the runtime (rt_peer.c) passes the
 * one its own entry point read. */
static inline __attribute__((always_inline)) uint64_t
rt_enter_at(__ruchy_trace_fn *fn, uint64_t a0, uint64_t a1, const void *frame,
            uintptr_t pc) {
  rt_thread *t = &rt_tls;
  if (!rt_enter_begin(t, fn, frame, pc))
    return 0;
  if (RT_UNLIKELY(fn->flags & RUCHY_TRACE_F_ARG_DATA)) {
    uint64_t args[2] = {a0, a1};
    return rt_enter_data(t, fn, args, frame, pc);
  }
  rt_room(t, 1);
  uint64_t now = rt_clock_now(), start = t->head;
  rt_slot *s = t->cur;
  rt_put(s, now, (uint64_t)(uintptr_t)fn | RT_EV_ENTER, a0, a1);
  rt_commit(t, rt_next(t, s), 1);
  return rt_enter_end(t, fn, now, start, frame, pc);
}

static inline __attribute__((always_inline)) uint64_t
rt_enter_v_at(__ruchy_trace_fn *fn, const uint64_t *args, const void *frame,
              uintptr_t pc) {
  rt_thread *t = &rt_tls;
  if (!rt_enter_begin(t, fn, frame, pc))
    return 0;
  if (RT_UNLIKELY(fn->flags & RUCHY_TRACE_F_ARG_DATA))
    return rt_enter_data(t, fn, args, frame, pc);
  unsigned n = rt_recorded_args(fn->nargs), slots = rt_enter_slots(n);
  if (slots > 1)
    rt_reserve(t, slots);
  else
    rt_room(t, 1);
  uint64_t now = rt_clock_now(), start = t->head;
  rt_slot *s = rt_put_entry(t, fn, now, args, n);
  rt_commit(t, rt_next(t, s), slots);
  return rt_enter_end(t, fn, now, start, frame, pc);
}

RT_API RUCHY_TRACE_CC uint64_t __ruchy_trace_enter(__ruchy_trace_fn *fn,
                                                   uint64_t a0, uint64_t a1,
                                                   const void *frame) {
  uintptr_t pc = (uintptr_t)__builtin_return_address(0);
  if (RT_UNLIKELY(rt_forward))
    return rt_forward_enter(fn, a0, a1, frame, pc);
  return rt_enter_at(fn, a0, a1, frame, pc);
}

RT_API RUCHY_TRACE_CC uint64_t __ruchy_trace_enter_v(__ruchy_trace_fn *fn,
                                                     const uint64_t *args,
                                                     const void *frame) {
  uintptr_t pc = (uintptr_t)__builtin_return_address(0);
  if (RT_UNLIKELY(rt_forward))
    return rt_forward_enter_v(fn, args, frame, pc);
  return rt_enter_v_at(fn, args, frame, pc);
}

/* What another copy of the runtime calls to record for its images. */
uint64_t rt_peer_enter(__ruchy_trace_fn *fn, uint64_t a0, uint64_t a1,
                       const void *frame, uintptr_t pc) {
  return rt_enter_at(fn, a0, a1, frame, pc);
}
uint64_t rt_peer_enter_v(__ruchy_trace_fn *fn, const uint64_t *args,
                         const void *frame, uintptr_t pc) {
  return rt_enter_v_at(fn, args, frame, pc);
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
  uint64_t cap = atomic_load_explicit(&b->ring, memory_order_relaxed)->capacity;
  uint64_t lost = t->head > cap ? t->head - cap : 0;
  if (lost > atomic_load_explicit(&b->floor, memory_order_relaxed))
    atomic_store_explicit(&b->floor, lost, memory_order_relaxed);
  rt_reserve_forget(t, t->records - 1);
  t->head = start;
  t->records -= 1;
  t->cur = t->begin + start % cap;
  atomic_store_explicit(&b->records, t->records, memory_order_relaxed);
  atomic_store_explicit(&b->head, t->head, memory_order_release);
  return 1;
}

/* An exit whose frame is not open. Entered before fork(), in the child:
 * its entry is in the parent's trace. Entered before the C API emptied
 * the buffer: recorded without a frame, as after a ring overflow.
 * Otherwise its frame was already closed as unwound: the real exit is
 * lost, and counted. Returns 1 if the exit is to be recorded. */
static __attribute__((noinline)) int rt_exit_unknown(rt_thread *t,
                                                     uint64_t token) {
  if (token < rt_fork_ticks)
    return 0;
  if (token < t->reset_ticks)
    return 1;
  rt_count_drops(t, 1);
  return 0;
}

static inline void rt_record_exit(__ruchy_trace_fn *fn, uint64_t token,
                                  uint64_t ret, unsigned kind) {
  rt_thread *t = &rt_tls;
  /* A token means this thread recorded the entry, so its buffer exists;
   * only re-entry can stop us here. */
  if (!rt_begin(t))
    return;
  uint64_t now = rt_clock_now();
  rt_frame *f = &t->frames[t->depth];
  if (RT_UNLIKELY(f->token != token))
    f = rt_frames_repair(t, token);
  t->last = now;
  if (RT_LIKELY(f)) {
    t->depth = (uint32_t)(f - t->frames) - 1;
    if (RT_UNLIKELY(rt_min_ticks) && now - token < rt_min_ticks &&
        rt_rewind(t, f)) {
      rt_end(t);
      return;
    }
  } else if (!rt_exit_unknown(t, token)) {
    rt_end(t);
    return;
  }
  if (RT_UNLIKELY((fn->flags & RUCHY_TRACE_F_RET_DATA) && kind == RT_EV_EXIT)) {
    uint8_t data[RT_DATA_BUDGET];
    size_t len = rt_capture(&fn->ret, 1, &ret, data);
    unsigned slots = 1 + rt_data_slots(len);
    rt_reserve(t, slots);
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
RT_OWN_ALIAS(__ruchy_trace_exit);
RT_OWN_ALIAS(__ruchy_trace_exit_ref);
RT_OWN_ALIAS(__ruchy_trace_exit_tail);
