/*===- rt_collect.h - gathering what was recorded ---------------------------===
 *
 * Streaming mode's spiller, the images and their descriptors, and the
 * merge that turns every thread's buffer into one stream of events for a
 * sink.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_COLLECT_H
#define RUCHYTRACE_RT_COLLECT_H

#include "rt_buffers.h"

#pragma GCC visibility push(hidden)

/*---- streaming mode (rt_stream.c) -----------------------------------------*/

/* Installs rt_spill and starts the spiller thread if the configuration
 * asks for streaming mode. */
void rt_stream_start(void);
/* Stops spilling and appends the rings' remaining records to the files. */
void rt_stream_finish(int from_signal);
uint64_t rt_stream_map(rt_tbuf *b, rt_slot **slots, size_t *bytes);
/* Another destination for spilled records than a file per thread (the
 * .rtrace stream, rt_rtrace_stream.c): installed before the spiller
 * starts. pass(0) before each spilling pass, pass(1) before the last one
 * (at output), pass(2) in a forked child, which stops using it. slots()
 * takes a thread's next records (a ring's two parts); 0 on failure. */
typedef struct rt_spill_sink {
  void (*pass)(int when);
  int (*slots)(rt_tbuf *b, const rt_slot *a, uint64_t na, const rt_slot *c,
               uint64_t nc);
} rt_spill_sink;
void rt_stream_set_sink(const rt_spill_sink *s);
/* The rt_tbuf.spill_fd of a thread whose records go to the sink. */
#define RT_SPILL_TO_SINK (-2)
/* Records are streaming to the sink (a final write has only to finish
 * it). */
int rt_stream_to_sink(void);
void rt_stream_after_fork(void);

/*---- images (rt_image.c, rt_index.c, rt_copy.c)
 * -----------------------------------------*/

void rt_images_register(__ruchy_trace_fn *begin, __ruchy_trace_fn *end,
                        int enable);
/* The image's destructor ran (dlclose, or exit): no new entries, and with
 * `keep` its descriptors are copied for the events that name them. */
void rt_images_unregister(__ruchy_trace_fn *begin, __ruchy_trace_fn *end,
                          int keep);
/* Sets every registered descriptor's state to 0: no new entries. */
void rt_images_stop(void);
/* Re-applies the configuration (enabled, filter) to every image. */
void rt_images_restate(void);
/* Calls change(arg), which changes the configuration (rt_cfg, the
 * filter), under the lock that registration reads it under, then
 * re-applies it to every image. */
void rt_images_reconfigure(void (*change)(void *), void *arg);
/* What rt_images_translate remembers between calls: the instance each of
 * the last few descriptors named, which usually is the answer again. */
#define RT_IMAGE_HINTS 256
typedef struct rt_image_hints {
  const __ruchy_trace_fn *fn[RT_IMAGE_HINTS];
  uint32_t image[RT_IMAGE_HINTS];
} rt_image_hints;
/* The runtime's copy of the descriptor an event recorded at `ticks` names,
 * or NULL if it cannot be named. `hints` start zeroed. */
const __ruchy_trace_fn *rt_images_translate(const __ruchy_trace_fn *fn,
                                            uint64_t ticks,
                                            rt_image_hints *hints);
/* When the event being written was recorded: function pointers in its
 * values are named after what was loaded then. */
void rt_images_when(uint64_t ticks);
/* The name of the function at `addr` (instrumented or by its symbol), or
 * NULL. */
const char *rt_images_name_of(uint64_t addr);
/* Instance i as registered (rt_images_view: 0 if there is none), for the
 * .rtrace writer; instances are numbered from 0 in registration order and
 * rt_images_count says how many there are. */
typedef struct rt_image_view {
  uintptr_t begin; /* descriptor 0 */
  size_t count;    /* descriptors */
  uint64_t reg_ticks, unreg_ticks;
  int unloaded;
  uintptr_t lo, hi;
  const char *path; /* NULL for the executable */
} rt_image_view;
uint32_t rt_images_count(void);
int rt_images_view(uint32_t i, rt_image_view *v);
/* The runtime's copy of descriptor k of instance i, made now if it is
 * not yet; NULL without memory. */
const __ruchy_trace_fn *rt_images_copy(uint32_t i, size_t k);
/* pthread_atfork handlers: the images lock is held across fork. */
void rt_images_fork_lock(void);
void rt_images_fork_unlock(void);

/* An append-only multimap from keys (never 0) to instance numbers
 * (rt_index.c). Adding, under the images lock: reserve room for n entries
 * (0 without memory), then put them. Reading needs no lock: find, then
 * next until UINT32_MAX. */
typedef struct rt_index_iter {
  const void *table;
  uintptr_t key;
  size_t slot;
} rt_index_iter;
int rt_index_reserve(size_t n);
void rt_index_put(uintptr_t key, uint32_t value);
void rt_index_find(rt_index_iter *it, uintptr_t key);
uint32_t rt_index_next(rt_index_iter *it);

/* Memory that is never freed, and deep copies of descriptors in it, for
 * image instance `image`; NULL without memory. Under the images lock. */
void *rt_copy_alloc(size_t n, size_t align);
/* In a copy's `reserved`: a value of an argument or of the return value
 * can show a function pointer, which the value printer names. */
#define RT_FN_SHOWS_FUNCTIONS 1u
/* Set once any copy is so marked. */
extern _Atomic int rt_copies_show_functions;
const __ruchy_trace_fn *rt_copy_fn(uint32_t image, const __ruchy_trace_fn *f);

/*---- events and sinks (rt_merge.c) -----------------------------------------*/

/* One event as the writers see it, decoded from the slots. */
typedef struct rt_event {
  unsigned kind;
  const __ruchy_trace_fn *fn;
  uint64_t ticks;
  uint64_t tid;
  uint64_t entry_ticks; /* exits: the entry's timestamp */
  uint64_t value;       /* exits: return payload */
  unsigned nargs;
  uint64_t args[RT_MAX_ARGS];
  uint32_t data_len; /* 0: no data stream */
  uint8_t data[RT_DATA_BUDGET + 24];
} rt_event;

/* An exit event's kind as the formats name it. */
static inline enum rt_exit_how rt_event_how(const rt_event *e) {
  return (enum rt_exit_how)(e->kind - RT_EV_EXIT);
}
static inline uint64_t rt_event_duration_ns(const rt_event *e) {
  return e->ticks > e->entry_ticks
             ? rt_clock_ticks_to_ns(e->ticks - e->entry_ticks)
             : 0;
}
typedef struct rt_trace_stats {
  uint64_t events;
  uint64_t dropped;
  uint64_t threads;
  uint64_t end_ticks;
} rt_trace_stats;

typedef struct rt_sink {
  void (*begin)(struct rt_sink *, const rt_trace_stats *);
  void (*event)(struct rt_sink *, const rt_event *);
  void (*end)(struct rt_sink *, const rt_trace_stats *);
  rt_out *out;
  uint64_t count;
  int multi_thread;
  uint64_t unnamed; /* events shown as <unknown> (set by the merge) */
} rt_sink;

/* Where one thread's records come from, for rt_replay: its ring or spill
 * file (rt_merge.c), or a .rtrace file's chunks (rt_rtrace_read.c). */
typedef struct rt_source {
  uint64_t tid;
  /* Ring mode: only the newest `keep` records are shown; 0: all. */
  uint64_t keep;
  uint64_t records; /* records the thread wrote, shown or not */
  uint64_t drops;   /* events lost at record time (rt_tbuf.drops) */
  /* The records, oldest first, in `nsegs` segments that no record spans,
   * `slots_total` slots in all. */
  uint64_t nsegs, slots_total;
  void (*segment)(struct rt_source *, uint64_t index, const rt_slot **slots,
                  uint64_t *n);
  void *ctx;
} rt_source;

/* How the descriptor addresses in records are named. */
typedef struct rt_names {
  /* The descriptor `fn` named when an event was recorded at `ticks`, or
   * NULL (rt_images_translate's contract). */
  const __ruchy_trace_fn *(*translate)(void *ctx, const __ruchy_trace_fn *fn,
                                       uint64_t ticks, rt_image_hints *hints);
  /* Before each event is written: function pointers in its values are
   * named after what was loaded then. */
  void (*when)(void *ctx, uint64_t ticks);
  void *ctx;
} rt_names;

/* Decodes the record at or after *at of slots[0, n) (continuation slots
 * of an overwritten record are skipped) into e, without its tid, and
 * moves *at past it; 0 if there is none. *unnamed: its descriptor could
 * not be named (e->fn is then a placeholder). */
int rt_decode(const rt_slot *slots, uint64_t n, uint64_t *at, rt_event *e,
              const rt_names *names, rt_image_hints *hints, int *unnamed);

/* Decodes the sources' records, merges them by timestamp (each thread's
 * order kept) into `sink`, closes frames still open at `end_ticks`, and
 * returns the number of events dropped (rt_replay.c). With end_ticks 0
 * (a .rtrace file cut short) each thread's open frames close at its own
 * last record, and the trace ends at the latest of them. */
uint64_t rt_replay(rt_sink *sink, rt_source *srcs, size_t nsrc,
                   const rt_names *names, uint64_t end_ticks);

/* Every thread's records as sources (rt_merge.c): copies of the rings, or
 * with `from_spill` the spill files of a streaming run; one thread only
 * with `only`. Memory and the rings are held until rt_collect_release,
 * which must follow even when rt_collect fails (returns 0, no sources). */
struct rt_held;
typedef struct rt_collected {
  rt_source *srcs;
  size_t n;
  struct rt_held *held;
  size_t held_bytes; /* the one mapping, from srcs: held, then scratch */
  rt_slot *scratch;  /* the rings' copies */
} rt_collected;
int rt_collect(rt_collected *c, int from_spill, rt_tbuf *only);
/* When not 0, rt_collect shows only what was recorded since these ticks
 * (an attached session's window; set by the writer that holds the output,
 * rt_output_window): older records are cut from each ring's copy, exits
 * of frames entered before are hidden, and the thread's counters are
 * taken from its window_records and window_drops. */
extern uint64_t rt_collect_from_ticks;
/* Starts such a window now for every thread's buffer; returns its ticks. */
uint64_t rt_collect_window_start(void);
void rt_collect_release(rt_collected *c);
/* Names descriptors after the images registered in this process. */
extern const rt_names rt_live_names;

/* Snapshots every thread's buffer and feeds the events to `sink` merged
 * by timestamp (each thread's own order preserved). Returns the number of
 * events dropped. */
uint64_t rt_merge_emit(rt_sink *sink, uint64_t end_ticks, int from_spill);
/* The same for one buffer only (the C API's drain). */
uint64_t rt_merge_emit_one(rt_sink *sink, uint64_t end_ticks, rt_tbuf *only);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_COLLECT_H */
