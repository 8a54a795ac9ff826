/*===- rt_replay.c - records back to events: decode, merge, close ----------===
 *
 * What every writer of a trace runs, wherever the records come from: the
 * runtime's rings and spill files (rt_merge.c) or a .rtrace file read by
 * the tool (rt_rtrace_read.c). Each thread's records are decoded into
 * events, the threads are merged by timestamp (each thread's own order
 * kept), frames still open at the end are closed as unfinished, and the
 * stats come from the same count. Running the same code in both places is
 * what makes `ruchytrace convert` give the bytes the runtime would have
 * written.
 *
 * No malloc (the runtime also writes from a crash handler): scratch memory
 * comes from mmap.
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
  rt_source *src;
  const rt_slot *slots; /* the current segment, oldest first */
  uint64_t n, pos, seg;
  uint64_t survivors;
  uint64_t skip; /* oldest records beyond the newest rt_source.keep */
  uint64_t last_ticks;
  rt_open
      *open; /* capacity src->slots_total: at most every record is an entry */
  uint64_t nopen;
  rt_event next; /* decoded event at pos, valid if has_next */
  int has_next;
  rt_image_hints hints; /* for names->translate */
  uint64_t unnamed;     /* events shown as <unknown> */
} rt_snap;

/* Replays one event on its thread's stack of open frames. An exit closes
 * the frame whose entry it names (the runtime already repaired frames
 * left by exceptions and longjmp); an exit whose entry the ring dropped
 * closes nothing. */
static void track(rt_snap *s, const rt_event *e) {
  s->last_ticks = e->ticks;
  if (e->kind == RT_EV_ENTER) {
    if (s->nopen < s->src->slots_total)
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

/* Collects the data stream that starts at slot `at` of `slots` (n of
 * them) into e->data. The stream describes its own length: an item count,
 * then length words. */
static void read_data(const rt_slot *slots, uint64_t n, uint64_t at,
                      rt_event *e) {
  size_t have = 0;
  unsigned used = 0;
  uint8_t *out = e->data;
  /* Pulls slots until `need` bytes are in out. */
#define PULL(need)                                                             \
  while (have < (need)) {                                                      \
    if (at + used >= n || have + 24 > sizeof e->data ||                        \
        slots[at + used].w[1] != 0)                                            \
      goto done;                                                               \
    const rt_slot *c = &slots[at + used++];                                    \
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

int rt_decode(const rt_slot *slots, uint64_t n, uint64_t *at, rt_event *e,
              const rt_names *names, rt_image_hints *hints, int *unnamed) {
  uint64_t pos = *at;
  while (pos < n && !rt_slot_is_head(&slots[pos]))
    ++pos;
  *at = pos;
  if (pos >= n)
    return 0;
  uint64_t end = pos + 1;
  while (end < n && !rt_slot_is_head(&slots[end]))
    ++end;
  const rt_slot *h = &slots[pos];
  e->kind = (unsigned)(h->w[1] & RT_EV_KIND_MASK);
  e->ticks = h->w[0];
  e->fn = names->translate(
      names->ctx,
      (const __ruchy_trace_fn *)(uintptr_t)(h->w[1] &
                                            ~(uint64_t)RT_EV_KIND_MASK),
      e->ticks, hints);
  /* The record path writes kinds ENTER to EXIT_UNWIND only. */
  int damaged = e->kind == RT_EV_CONT || e->kind > RT_EV_EXIT_UNWIND;
  *unnamed = !e->fn || damaged;
  if (*unnamed)
    e->fn = &unnamed_fn;
  if (damaged)
    e->kind = RT_EV_EXIT;
  e->data_len = 0;
  uint64_t avail = end - pos - 1; /* continuation slots of the record */
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
      const rt_slot *c = &slots[pos + k];
      e->args[i] = c->w[0];
      if (i + 1 < e->nargs)
        e->args[i + 1] = c->w[2];
      if (i + 2 < e->nargs)
        e->args[i + 2] = c->w[3];
    }
    if (e->fn->flags & RUCHY_TRACE_F_ARG_DATA)
      read_data(slots, n, pos + 1 + cont, e);
  } else {
    e->nargs = 0;
    e->value = h->w[2];
    e->entry_ticks = h->w[3];
    if (e->kind == RT_EV_EXIT && (e->fn->flags & RUCHY_TRACE_F_RET_DATA))
      read_data(slots, n, pos + 1, e);
  }
  *at = end;
  return 1;
}

/* Moves to the source's first segment (rewind) or its next one; 0 at the
 * end. A record never spans two segments. */
static int next_segment(rt_snap *s, int rewind) {
  s->seg = rewind ? 0 : s->seg + 1;
  s->pos = 0;
  s->slots = NULL;
  s->n = 0;
  while (s->seg < s->src->nsegs) {
    s->src->segment(s->src, s->seg, &s->slots, &s->n);
    if (s->n)
      return 1;
    s->seg++;
  }
  return 0;
}

/* Decodes the next record of the source into s->next. */
static void advance(rt_snap *s, const rt_names *names) {
  s->has_next = 0;
  for (;;) {
    int unnamed;
    if (!rt_decode(s->slots, s->n, &s->pos, &s->next, names, &s->hints,
                   &unnamed)) {
      if (!next_segment(s, 0))
        return;
      continue;
    }
    s->next.tid = s->src->tid;
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

static void rewind_snap(rt_snap *s, const rt_names *names) {
  s->survivors = s->nopen = s->unnamed = 0;
  next_segment(s, 1);
  advance(s, names);
}

uint64_t rt_replay(rt_sink *sink, rt_source *srcs, size_t nsrc,
                   const rt_names *names, uint64_t end_ticks) {
  rt_trace_stats st = {0, 0, nsrc, end_ticks};
  /* Scratch memory from mmap, not malloc: the program's allocator may be
   * instrumented, broken, or (in a crash handler) unusable. */
  uint64_t open_slots = 0;
  for (size_t i = 0; i < nsrc; ++i)
    open_slots += srcs[i].slots_total;
  size_t bytes = nsrc * sizeof(rt_snap) + open_slots * sizeof(rt_open);
  rt_snap *snaps = NULL;
  if (bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      rt_warn("cannot allocate memory to write the trace", "", "");
      nsrc = 0;
      st.threads = 0;
      bytes = 0;
    } else {
      snaps = p;
    }
  }
  rt_open *next_open = (rt_open *)(snaps + nsrc);
  uint64_t records = 0, drops = 0;
  for (size_t i = 0; i < nsrc; ++i) {
    rt_snap *s = &snaps[i];
    s->src = &srcs[i];
    s->open = next_open;
    next_open += srcs[i].slots_total;
    /* In ring mode the trace shows the newest `keep` records (the ring
     * may hold more, after growing for large ones); stream mode keeps
     * everything. */
    s->skip = 0;
    if (srcs[i].keep) {
      for (rewind_snap(s, names); s->has_next; advance(s, names))
        ;
      s->skip = s->survivors > srcs[i].keep ? s->survivors - srcs[i].keep : 0;
    }
    records += srcs[i].records;
    drops += srcs[i].drops;
  }
  /* A first replay counts survivors and the frames left open, so the
   * writer's header (and the JSON stats) are exact. */
  uint64_t survivors = 0, unfinished = 0;
  sink->unnamed = 0;
  for (size_t i = 0; i < nsrc; ++i) {
    rt_snap *s = &snaps[i];
    uint64_t skip = s->skip;
    for (rewind_snap(s, names); s->has_next; advance(s, names))
      track(s, &s->next);
    if (!end_ticks && s->last_ticks > st.end_ticks)
      st.end_ticks = s->last_ticks; /* see rt_replay's end_ticks */
    s->skip = skip;
    survivors += s->survivors;
    unfinished += s->nopen;
    sink->unnamed += s->unnamed;
    rewind_snap(s, names);
  }
  st.events = survivors + unfinished;
  st.dropped = (records > survivors ? records - survivors : 0) + drops;

  /* Threads with nothing to show (e.g. the parent's, in a forked child)
   * do not make a trace multi-threaded. */
  unsigned shown = 0;
  for (size_t i = 0; i < nsrc; ++i)
    shown += snaps[i].has_next || snaps[i].nopen;
  sink->multi_thread = shown > 1;
  sink->begin(sink, &st);
  for (;;) {
    rt_snap *best = NULL;
    for (size_t i = 0; i < nsrc; ++i)
      if (snaps[i].has_next &&
          (!best || snaps[i].next.ticks < best->next.ticks))
        best = &snaps[i];
    if (!best)
      break;
    track(best, &best->next);
    names->when(names->ctx, best->next.ticks);
    sink->event(sink, &best->next);
    sink->count++;
    advance(best, names);
  }
  /* Close what is still open, innermost first, at the end of the trace. */
  for (size_t i = 0; i < nsrc; ++i) {
    rt_snap *s = &snaps[i];
    for (uint64_t k = s->nopen; k > 0; --k) {
      rt_event e = {0};
      e.kind = RT_EV_EXIT_UNFINISHED;
      e.fn = s->open[k - 1].fn;
      e.ticks = end_ticks > s->last_ticks ? end_ticks : s->last_ticks;
      e.entry_ticks = s->open[k - 1].ticks;
      e.tid = s->src->tid;
      sink->event(sink, &e);
      sink->count++;
    }
  }
  sink->end(sink, &st);
  if (snaps)
    munmap(snaps, bytes);
  return st.dropped;
}
