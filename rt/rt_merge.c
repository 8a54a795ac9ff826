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

/* A frame still open while the events are replayed. */
typedef struct rt_open {
  const __ruchy_trace_fn *fn;
  uint64_t ticks;
} rt_open;

typedef struct rt_snap {
  rt_slot *slots; /* oldest first */
  uint64_t n, pos;
  uint64_t tid;
  uint64_t survivors;
  uint64_t room; /* ring slots copied at most */
  uint64_t skip; /* oldest records beyond the newest rt_tbuf.keep */
  uint64_t last_ticks;
  rt_open *open; /* capacity n: at most every record is an entry */
  uint64_t nopen;
  rt_slot *mapped; /* a spill file (streaming mode), to unmap at the end */
  size_t mapped_bytes;
  rt_event next; /* decoded event at pos, valid if has_next */
  int has_next;
  rt_image_hints hints; /* for rt_images_translate */
  uint64_t unnamed;     /* events shown as <unknown> */
} rt_snap;

/* Replays one event on its thread's stack of open frames. An exit closes
 * the frame whose entry it names (the runtime already repaired frames
 * left by exceptions and longjmp); an exit whose entry the ring dropped
 * closes nothing. */
static void track(rt_snap *s, const rt_event *e) {
  s->last_ticks = e->ticks;
  if (e->kind == RT_EV_ENTER) {
    if (s->nopen < s->n)
      s->open[s->nopen++] = (rt_open){e->fn, e->ticks};
    return;
  }
  for (uint64_t k = s->nopen; k > 0; --k) {
    uint64_t t = s->open[k - 1].ticks;
    if ((t | (t == 0)) == e->entry_ticks) {
      s->nopen = k - 1;
      return;
    }
  }
}

static uint64_t load_word(const uint64_t *p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* One attempt at copying the newest surviving slots of `b`, at most
 * `room`, into `dst`. Returns how many, or -1 if a rewind (see
 * rt_tbuf.seq) happened meanwhile and the copy must be retried. */
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
    return 0;
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

/* Collects the data stream that starts at slot `at` into e->data. The
 * stream describes its own length: an item count, then length words. */
static void read_data(const rt_snap *s, uint64_t at, rt_event *e) {
  size_t have = 0;
  unsigned used = 0;
  uint8_t *out = e->data;
  /* Pulls slots until `need` bytes are in out. */
#define PULL(need)                                                             \
  while (have < (need)) {                                                      \
    if (at + used >= s->n || have + 24 > sizeof e->data ||                     \
        s->slots[at + used].w[1] != 0)                                         \
      goto done;                                                               \
    const rt_slot *c = &s->slots[at + used++];                                 \
    memcpy(out + have, &c->w[0], 8);                                           \
    memcpy(out + have + 8, &c->w[2], 8);                                       \
    memcpy(out + have + 16, &c->w[3], 8);                                      \
    have += 24;                                                                \
  }
  uint64_t items = 0, pos = 0;
  PULL(8);
  pos = 8;
  memcpy(&items, out, 8);
  for (uint64_t k = 0; k < items; ++k) {
    PULL(pos + 8);
    uint64_t word;
    memcpy(&word, out + pos, 8);
    pos += 8 + (((word & RT_LEN_MASK) + 7) & ~7ull);
    PULL(pos);
  }
done:
#undef PULL
  e->data_len = (uint32_t)(pos < have ? pos : have);
}

/* What an event whose descriptor cannot be named is shown as: its library
 * was unloaded and there was no memory to keep a copy, or the record is
 * damaged. Shown and counted, never a reason to lose other events. */
static const __ruchy_trace_fn unnamed_fn = {.name = "<unknown>",
                                            .flags = RUCHY_TRACE_F_NO_DEBUG};

static int is_continuation(const rt_slot *slot) {
  return (slot->w[1] & ~(uint64_t)RT_EV_KIND_MASK) == 0;
}

/* Decodes the record at s->pos into s->next, skipping continuation slots
 * left over from a record whose head was overwritten. A record ends where
 * the next one starts (continuation slots never look like a header), so
 * whatever its descriptor says, one record never swallows the next. */
static void advance(rt_snap *s) {
  s->has_next = 0;
  for (;;) {
    while (s->pos < s->n && is_continuation(&s->slots[s->pos]))
      ++s->pos;
    if (s->pos >= s->n)
      return;
    uint64_t end = s->pos + 1;
    while (end < s->n && is_continuation(&s->slots[end]))
      ++end;
    const rt_slot *h = &s->slots[s->pos];
    rt_event *e = &s->next;
    e->kind = (unsigned)(h->w[1] & RT_EV_KIND_MASK);
    e->ticks = h->w[0];
    e->fn = rt_images_translate(
        (const __ruchy_trace_fn *)(uintptr_t)(h->w[1] &
                                              ~(uint64_t)RT_EV_KIND_MASK),
        e->ticks, &s->hints);
    /* The record path writes kinds ENTER to EXIT_UNWIND only. */
    int damaged = e->kind == RT_EV_CONT || e->kind > RT_EV_EXIT_UNWIND;
    int unnamed = !e->fn || damaged;
    if (unnamed)
      e->fn = &unnamed_fn;
    if (damaged)
      e->kind = RT_EV_EXIT;
    e->tid = s->tid;
    e->data_len = 0;
    uint64_t avail = end - s->pos - 1; /* continuation slots of the record */
    if (e->kind == RT_EV_ENTER) {
      unsigned nargs = rt_recorded_args(e->fn->nargs);
      uint64_t cont = rt_enter_slots(nargs) - 1;
      if (cont > avail) { /* a damaged record: show what it holds */
        cont = avail;
        nargs = (unsigned)(2 + cont * RT_CONT_PAYLOADS);
      }
      e->nargs = nargs;
      e->args[0] = h->w[2];
      e->args[1] = h->w[3];
      for (unsigned i = 2, k = 1; i < e->nargs; i += RT_CONT_PAYLOADS, ++k) {
        const rt_slot *c = &s->slots[s->pos + k];
        e->args[i] = c->w[0];
        if (i + 1 < e->nargs)
          e->args[i + 1] = c->w[2];
        if (i + 2 < e->nargs)
          e->args[i + 2] = c->w[3];
      }
      if (e->fn->flags & RUCHY_TRACE_F_ARG_DATA)
        read_data(s, s->pos + 1 + cont, e);
    } else {
      e->nargs = 0;
      e->value = h->w[2];
      e->entry_ticks = h->w[3];
      if (e->kind == RT_EV_EXIT && (e->fn->flags & RUCHY_TRACE_F_RET_DATA))
        read_data(s, s->pos + 1, e);
    }
    s->pos = end;
    if (s->skip) { /* older than the newest `keep`: not in the trace */
      s->skip--;
      continue;
    }
    s->unnamed += unnamed; /* only events the trace shows are reported */
    s->survivors++;
    s->has_next = 1;
    return;
  }
}

static uint64_t merge(rt_sink *sink, uint64_t end_ticks, int from_spill,
                      rt_tbuf *only);

uint64_t rt_merge_emit(rt_sink *sink, uint64_t end_ticks, int from_spill) {
  return merge(sink, end_ticks, from_spill, NULL);
}

uint64_t rt_merge_emit_one(rt_sink *sink, uint64_t end_ticks, rt_tbuf *only) {
  return merge(sink, end_ticks, 0, only);
}

static uint64_t merge(rt_sink *sink, uint64_t end_ticks, int from_spill,
                      rt_tbuf *only) {
  rt_trace_stats st = {0, 0, 0, end_ticks};
  /* Rings we may still be copying are not unmapped (rt_ring.c). */
  atomic_fetch_add_explicit(&rt_ring_readers, 1, memory_order_seq_cst);
  atomic_thread_fence(memory_order_seq_cst);
  /* The list only grows at its head, so the buffers from `first` on are a
   * fixed set however many threads start meanwhile. */
  rt_tbuf *first = atomic_load_explicit(&rt_buffers, memory_order_acquire);
  if (only) {
    first = only;
    st.threads = 1;
  } else {
    for (rt_tbuf *b = first; b; b = b->next)
      st.threads++;
  }
  /* Scratch memory from mmap, not malloc: the program's allocator may be
   * instrumented, broken, or (in a crash handler) unusable. */
  rt_snap *snaps = NULL;
  size_t snap_bytes = st.threads * sizeof(rt_snap);
  if (snap_bytes) {
    void *p = mmap(NULL, snap_bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      st.threads = 0;
    else
      snaps = p;
  }
  /* Where each thread's records come from: its spill file (the final write
   * of a streaming run) or a copy of its ring, with room for a full ring
   * because its head may still move while we copy. */
  uint64_t ring_slots = 0, open_slots = 0, i = 0;
  for (rt_tbuf *b = first; b && i < st.threads; b = b->next, ++i) {
    rt_snap *s = &snaps[i];
    if (from_spill && rt_spill_now() && b->spill_fd >= 0)
      s->n = rt_stream_map(b, &s->mapped, &s->mapped_bytes);
    s->room =
        s->mapped
            ? s->n
            : atomic_load_explicit(&b->ring, memory_order_acquire)->capacity;
    open_slots += s->room;
    ring_slots += s->mapped ? 0 : s->room;
  }
  size_t bytes = ring_slots * sizeof(rt_slot) + open_slots * sizeof(rt_open);
  char *scratch = NULL;
  if (bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      rt_warn("cannot allocate memory to write the trace", "", "");
      for (i = 0; i < st.threads; ++i)
        if (snaps[i].mapped)
          munmap(snaps[i].mapped, snaps[i].mapped_bytes);
      st.threads = 0;
      bytes = 0;
    } else {
      scratch = p;
    }
  }
  rt_slot *next_slots = (rt_slot *)scratch;
  rt_open *next_open = (rt_open *)(scratch + ring_slots * sizeof(rt_slot));
  uint64_t records = 0, drops = 0;
  i = 0;
  for (rt_tbuf *b = first; b && i < st.threads; b = b->next, ++i) {
    rt_snap *s = &snaps[i];
    if (s->mapped) {
      s->slots = s->mapped;
    } else {
      s->slots = next_slots;
      s->n = snapshot(b, next_slots, s->room);
      next_slots += s->room;
    }
    s->open = next_open;
    next_open += s->room;
    s->tid = b->tid;
    /* In ring mode the trace shows the newest `keep` records (the ring
     * may hold more, after growing for large ones); stream mode keeps
     * everything. */
    s->skip = 0;
    if (b->keep && !s->mapped) {
      s->pos = s->survivors = 0;
      for (advance(s); s->has_next; advance(s))
        ;
      s->skip = s->survivors > b->keep ? s->survivors - b->keep : 0;
    }
    records += atomic_load_explicit(&b->records, memory_order_relaxed);
    drops += atomic_load_explicit(&b->drops, memory_order_relaxed);
  }
  /* A first replay counts survivors and the frames left open, so the
   * writer's header (and the JSON stats) are exact. */
  uint64_t survivors = 0, unfinished = 0;
  sink->unnamed = 0;
  for (i = 0; i < st.threads; ++i) {
    rt_snap *s = &snaps[i];
    uint64_t skip = s->skip;
    s->pos = s->survivors = s->nopen = s->unnamed = 0;
    for (advance(s); s->has_next; advance(s))
      track(s, &s->next);
    s->skip = skip;
    survivors += s->survivors;
    unfinished += s->nopen;
    sink->unnamed += s->unnamed;
    s->pos = s->survivors = s->nopen = 0;
    advance(s);
  }
  st.events = survivors + unfinished;
  st.dropped = (records > survivors ? records - survivors : 0) + drops;

  /* Threads with nothing to show (e.g. the parent's, in a forked child)
   * do not make a trace multi-threaded. */
  unsigned shown = 0;
  for (i = 0; i < st.threads; ++i)
    shown += snaps[i].has_next || snaps[i].nopen;
  sink->multi_thread = shown > 1;
  sink->begin(sink, &st);
  for (;;) {
    rt_snap *best = NULL;
    for (i = 0; i < st.threads; ++i)
      if (snaps[i].has_next &&
          (!best || snaps[i].next.ticks < best->next.ticks))
        best = &snaps[i];
    if (!best)
      break;
    track(best, &best->next);
    rt_images_when(best->next.ticks);
    sink->event(sink, &best->next);
    sink->count++;
    advance(best);
  }
  /* Close what is still open, innermost first, at the end of the trace. */
  for (i = 0; i < st.threads; ++i) {
    rt_snap *s = &snaps[i];
    for (uint64_t k = s->nopen; k > 0; --k) {
      rt_event e = {0};
      e.kind = RT_EV_EXIT_UNFINISHED;
      e.fn = s->open[k - 1].fn;
      e.ticks = end_ticks > s->last_ticks ? end_ticks : s->last_ticks;
      e.entry_ticks = s->open[k - 1].ticks;
      e.tid = s->tid;
      sink->event(sink, &e);
      sink->count++;
    }
  }
  sink->end(sink, &st);
  for (i = 0; i < st.threads; ++i)
    if (snaps[i].mapped)
      munmap(snaps[i].mapped, snaps[i].mapped_bytes);
  if (scratch)
    munmap(scratch, bytes);
  if (snaps)
    munmap(snaps, snap_bytes);
  atomic_fetch_sub_explicit(&rt_ring_readers, 1, memory_order_release);
  return st.dropped;
}
