/*===- rt_merge.c - snapshot all threads' buffers, merge by time -----------===
 *
 * At output time other threads may still be running and recording (exits
 * of frames entered before tracing stopped). Each buffer is therefore
 * copied like a seqlock reader: read `head`, copy the newest `capacity`
 * slots, read `head` again, and discard every copied slot the writer could
 * have overwritten in between. What remains is made of complete records,
 * because `head` only ever advances past complete ones (release store in
 * rt_commit, acquire load here).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_collect.h"

#include <string.h>
#include <sys/mman.h>

static uint64_t load_word(const uint64_t *p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* One attempt at copying the newest surviving slots of `b`, at most
 * `room`, into `dst`. Returns how many, or -1 if a rewind (see
 * rt_tbuf.seq) happened meanwhile, or the writer overwrote every slot
 * copied, and the copy must be retried. */
static int64_t snapshot_once(rt_tbuf *b, rt_slot *dst, uint64_t room) {
  uint64_t seq1 = atomic_load_explicit(&b->seq, memory_order_acquire);
  rt_ring *r = atomic_load_explicit(&b->ring, memory_order_acquire);
  uint64_t cap = r->capacity;
  uint32_t busy1 = atomic_load_explicit(&b->busy, memory_order_acquire);
  uint64_t h1 = atomic_load_explicit(&b->head, memory_order_acquire);
  uint64_t floor = atomic_load_explicit(&b->floor, memory_order_acquire);
  uint64_t count = h1 < cap ? h1 : cap;
  if (count > room)
    count = room;
  uint64_t first = h1 - count;
  if (first < floor) {
    first = floor < h1 ? floor : h1;
    count = h1 - first;
  }
  for (uint64_t i = first; i < h1; ++i)
    for (int w = 0; w < 4; ++w)
      dst[i - first].w[w] = load_word(&r->slots[i % cap].w[w]);
  /* Order the copy before the second look at busy, head and seq (seqlock
   * reader): a slot store we saw implies we see the busy=1 (or seq bump)
   * before it, or the head published after it. */
  atomic_thread_fence(memory_order_acquire);
  uint32_t busy2 = atomic_load_explicit(&b->busy, memory_order_acquire);
  uint64_t h2 = atomic_load_explicit(&b->head, memory_order_acquire);
  uint64_t seq2 = atomic_load_explicit(&b->seq, memory_order_acquire);
  if (seq1 != seq2)
    return -1;
  if (!busy1 && !busy2 && h1 == h2)
    return (int64_t)count; /* quiescent: nothing written while we copied */
  /* The writer finished slots below h2 and may have been writing up to one
   * record beyond; each slot index j it wrote overwrote index j - cap. */
  uint64_t clobbered = h2 + RT_MAX_RECORD_SLOTS;
  uint64_t valid_from = clobbered > cap ? clobbered - cap : 0;
  if (valid_from <= first)
    return (int64_t)count;
  if (valid_from >= h1)
    return -1; /* lapped while we copied (we were preempted): again */
  uint64_t skip = valid_from - first;
  for (uint64_t i = 0; i < h1 - valid_from; ++i)
    dst[i] = dst[i + skip];
  return (int64_t)(h1 - valid_from);
}

static uint64_t snapshot(rt_tbuf *b, rt_slot *dst, uint64_t room) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    int64_t n = snapshot_once(b, dst, room);
    if (n >= 0)
      return (uint64_t)n;
  }
  /* A thread erasing short calls faster than we can copy: give up on its
   * events rather than output torn ones (they count as dropped). */
  return 0;
}

/* One thread's records for rt_replay: its spill file (the final write of a
 * streaming run) or a copy of its ring, each one segment. */
typedef struct rt_held {
  rt_slot *slots;
  uint64_t n;
  rt_slot *mapped; /* a spill file, to unmap at the end */
  size_t mapped_bytes;
} rt_held;

static void held_segment(rt_source *src, uint64_t index, const rt_slot **slots,
                         uint64_t *n) {
  (void)index;
  rt_held *h = src->ctx;
  *slots = h->slots;
  *n = h->n;
}

static const __ruchy_trace_fn *translate(void *ctx, const __ruchy_trace_fn *fn,
                                         uint64_t ticks, rt_image_hints *h) {
  (void)ctx;
  return rt_images_translate(fn, ticks, h);
}

static void when(void *ctx, uint64_t ticks) {
  (void)ctx;
  rt_images_when(ticks);
}

const rt_names rt_live_names = {translate, when, NULL};

uint64_t rt_collect_from_ticks;

uint64_t rt_collect_window_start(void) {
  uint64_t now = rt_clock_now();
  for (rt_tbuf *b = atomic_load_explicit(&rt_buffers, memory_order_acquire); b;
       b = b->next) {
    atomic_store_explicit(
        &b->window_records,
        atomic_load_explicit(&b->records, memory_order_relaxed),
        memory_order_relaxed);
    atomic_store_explicit(&b->window_drops,
                          atomic_load_explicit(&b->drops, memory_order_relaxed),
                          memory_order_relaxed);
  }
  return now;
}

/* An attached session's window on a copy of a ring: the records older
 * than `from` are cut from its front (a thread's records are in time
 * order), and an exit whose entry is older (a frame already open when the
 * window began) becomes a continuation slot, which every reader skips
 * with the data slots that follow it. Returns the exits so hidden. */
static uint64_t window(rt_held *h, uint64_t from) {
  uint64_t k = 0;
  while (k < h->n &&
         (!rt_slot_is_head(&h->slots[k]) || h->slots[k].w[0] < from))
    ++k;
  h->slots += k;
  h->n -= k;
  uint64_t hidden = 0;
  for (uint64_t i = 0; i < h->n; ++i) {
    rt_slot *s = &h->slots[i];
    unsigned kind = (unsigned)(s->w[1] & RT_EV_KIND_MASK);
    if (rt_slot_is_head(s) && kind >= RT_EV_EXIT && kind <= RT_EV_EXIT_UNWIND &&
        s->w[3] < from) {
      s->w[1] = 0;
      hidden++;
    }
  }
  return hidden;
}

/* What a thread counted since `base`, never below 0. */
static uint64_t since(uint64_t now, uint64_t base) {
  return now > base ? now - base : 0;
}

int rt_collect(rt_collected *c, int from_spill, rt_tbuf *only) {
  *c = (rt_collected){0};
  /* Rings we may still be copying are not unmapped (rt_ring.c). */
  atomic_fetch_add_explicit(&rt_ring_readers, 1, memory_order_seq_cst);
  atomic_thread_fence(memory_order_seq_cst);
  /* The list only grows at its head, so the buffers from `first` on are a
   * fixed set however many threads start meanwhile. */
  rt_tbuf *first = atomic_load_explicit(&rt_buffers, memory_order_acquire);
  uint64_t threads = 0;
  if (only) {
    first = only;
    threads = 1;
  } else {
    for (rt_tbuf *b = first; b; b = b->next)
      threads++;
  }
  /* Scratch memory from mmap, not malloc: the program's allocator may be
   * instrumented, broken, or (in a crash handler) unusable. One mapping
   * for the bookkeeping and the ring copies, with room for a full ring
   * per thread because its head may still move while we copy: reserved,
   * not touched, so a short process's exit faults in one page, not two. */
  uint64_t ring_slots = 0, i = 0;
  for (rt_tbuf *b = first; b && i < threads; b = b->next, ++i)
    ring_slots +=
        atomic_load_explicit(&b->ring, memory_order_acquire)->capacity;
  size_t held_bytes = threads * (sizeof(rt_source) + sizeof(rt_held));
  held_bytes = (held_bytes + 63) & ~(size_t)63;
  c->held_bytes = held_bytes + ring_slots * sizeof(rt_slot);
  if (threads) {
    void *p = mmap(NULL, c->held_bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      rt_warn("cannot allocate memory to write the trace", "", "");
      c->held_bytes = 0;
      return 0;
    }
    c->srcs = p;
    c->held = (rt_held *)(c->srcs + threads);
    c->scratch = (rt_slot *)((char *)p + held_bytes);
  }
  rt_held *held = c->held;
  /* Where each thread's records come from: its spill file (the final write
   * of a streaming run) or a copy of its ring, never more of it than the
   * room reserved above (a ring that grew since copies its newest part). */
  uint64_t room = ring_slots;
  i = 0;
  for (rt_tbuf *b = first; b && i < threads; b = b->next, ++i) {
    rt_held *h = &held[i];
    if (from_spill && rt_spill_now() && b->spill_fd >= 0)
      h->n = rt_stream_map(b, &h->mapped, &h->mapped_bytes);
    uint64_t cap =
        atomic_load_explicit(&b->ring, memory_order_acquire)->capacity;
    c->srcs[i].slots_total = h->mapped ? h->n : cap < room ? cap : room;
    room -= h->mapped ? 0 : c->srcs[i].slots_total;
  }
  c->n = threads;
  rt_slot *next_slots = c->scratch;
  i = 0;
  for (rt_tbuf *b = first; b && i < threads; b = b->next, ++i) {
    rt_held *h = &held[i];
    rt_source *src = &c->srcs[i];
    /* Counted before the copy: a thread still running adds records while
     * we copy, and counted after, those records (in no copy) would be
     * reported as dropped: a session of four busy threads whose rings
     * never filled reported hundreds. Counted before, the records it
     * adds meanwhile can only hide as many real drops. */
    src->records = atomic_load_explicit(&b->records, memory_order_relaxed);
    src->drops = atomic_load_explicit(&b->drops, memory_order_relaxed);
    if (h->mapped) {
      h->slots = h->mapped;
    } else {
      h->slots = next_slots;
      h->n = snapshot(b, next_slots, src->slots_total);
      next_slots += src->slots_total;
    }
    src->tid = b->tid;
    src->keep = h->mapped ? 0 : b->keep;
    if (rt_collect_from_ticks && !h->mapped) {
      uint64_t hidden = window(h, rt_collect_from_ticks);
      src->records =
          since(since(src->records, atomic_load_explicit(&b->window_records,
                                                         memory_order_relaxed)),
                hidden);
      src->drops =
          since(src->drops,
                atomic_load_explicit(&b->window_drops, memory_order_relaxed));
    }
    src->nsegs = 1;
    src->segment = held_segment;
    src->ctx = h;
  }
  return 1;
}

void rt_collect_release(rt_collected *c) {
  for (size_t i = 0; i < c->n && !rt_exiting; ++i)
    if (c->held[i].mapped)
      munmap(c->held[i].mapped, c->held[i].mapped_bytes);
  if (c->srcs && !rt_exiting)
    munmap(c->srcs, c->held_bytes);
  *c = (rt_collected){0};
  atomic_fetch_sub_explicit(&rt_ring_readers, 1, memory_order_release);
}

static uint64_t merge(rt_sink *sink, uint64_t end_ticks, int from_spill,
                      rt_tbuf *only) {
  rt_collected c;
  rt_collect(&c, from_spill, only);
  uint64_t dropped = rt_replay(sink, c.srcs, c.n, &rt_live_names, end_ticks);
  rt_collect_release(&c);
  return dropped;
}

uint64_t rt_merge_emit(rt_sink *sink, uint64_t end_ticks, int from_spill) {
  return merge(sink, end_ticks, from_spill, NULL);
}

uint64_t rt_merge_emit_one(rt_sink *sink, uint64_t end_ticks, rt_tbuf *only) {
  return merge(sink, end_ticks, 0, only);
}
