/*===- rt_internal.h - RuchyTrace runtime internals -------------------------===
 *
 * Internal interfaces between the runtime's files. Nothing here is ABI: the
 * contract with instrumented code is include/ruchytrace/abi.h.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_INTERNAL_H
#define RUCHYTRACE_RT_INTERNAL_H

#include "rt_format.h"
#include "rt_options.h"
#include "ruchytrace/abi.h"

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Internal symbols are hidden, so references to them from position
 * independent code are direct, not through the GOT. */
#pragma GCC visibility push(hidden)

#define RT_API __attribute__((visibility("default")))

#ifndef RUCHYTRACE_VERSION
#define RUCHYTRACE_VERSION "0.0.0"
#endif

/*---- configuration (rt_config.c) ----------------------------------------*/

/* The output formats: the name RUCHY_TRACE_FORMAT and the C API's
 * `format` take, and the enumerator. RT_FORMAT_NAMES lists them for
 * messages. */
#define RT_FORMATS(X)                                                          \
  X("json", RT_FORMAT_JSON)                                                    \
  X("text", RT_FORMAT_TEXT)                                                    \
  X("ndjson", RT_FORMAT_NDJSON)                                                \
  X("chrome", RT_FORMAT_CHROME)
#define RT_FORMAT_NAMES "json, text, ndjson or chrome"

enum rt_format {
#define RT_FORMAT_ENUMERATOR(name, e) e,
  RT_FORMATS(RT_FORMAT_ENUMERATOR)
#undef RT_FORMAT_ENUMERATOR
};

/* The format named `name` (any case) in *out; 0 if there is none. */
int rt_format_named(const char *name, enum rt_format *out);
/* The format an output path asks for by its extension: NDJSON for .ndjson
 * and .jsonl, text for .txt and .log, JSON otherwise; text for stderr
 * (NULL). The environment and the C API both use it. */
enum rt_format rt_format_for_path(const char *path);

typedef struct rt_config {
  int enabled;
  enum rt_format format;
  const char *output;       /* NULL: text on stderr */
  int32_t sample;           /* record 1 call in `sample` per thread */
  uint64_t buffer_events;   /* RUCHY_TRACE_BUFFER: events kept per thread */
  int stream;               /* RUCHY_TRACE_MODE=stream */
  enum rt_style json_style; /* RUCHY_TRACE_JSON_STYLE */
  uint32_t string_max;      /* bytes of a followed string kept */
  uint32_t max_depth; /* record calls at most this deep (recorded frames) */
  uint64_t min_duration_ns; /* 0: keep every call */
  const char *filter;       /* RUCHY_TRACE_FILTER, or NULL */
} rt_config;

extern rt_config rt_cfg;
/* min_duration_ns in ticks, set at initialisation (rt_clock_estimate). */
extern uint64_t rt_min_ticks;

/*---- function filters (rt_filter.c) ------------------------------------*/

/* Parses a comma-separated list of glob patterns; `-pattern` excludes.
 * Returns 0 (with a message) if the list is malformed. */
int rt_filter_parse(const char *spec);
/* Whether a function named `name` is traced under the parsed filter. */
int rt_filter_match(const char *name);
/* One message per pattern that matched no registered function. */
void rt_filter_report_unmatched(void);

/* Reads the environment into rt_cfg; prints one message per bad value. */
void rt_config_load(void);

/*---- clock (rt_clock.c) -------------------------------------------------*/

extern int rt_clock_uses_tsc;
uint64_t rt_clock_fallback(void);

/* Raw timestamp in ticks. The TSC when it is invariant (one rdtsc, no
 * syscall); otherwise CLOCK_MONOTONIC through the vDSO. */
static inline uint64_t rt_clock_now(void) {
#if defined(__x86_64__) || defined(__i386__)
  if (RT_LIKELY(rt_clock_uses_tsc))
    return __builtin_ia32_rdtsc();
#endif
  return rt_clock_fallback();
}

void rt_clock_start(void); /* reference point at initialisation */
/* A quick (1 ms) ticks-per-ns estimate, for thresholds needed while
 * recording; output uses the precise rt_clock_calibrate. */
uint64_t rt_clock_estimate_ticks(uint64_t ns);
void rt_clock_calibrate(void); /* ticks-to-ns ratio, at output time */
uint64_t rt_clock_to_wall_ns(uint64_t ticks);  /* ns since the epoch */
uint64_t rt_clock_ticks_to_ns(uint64_t ticks); /* a duration */
uint64_t rt_clock_start_wall_ns(void);

/*---- values beyond a payload (rt_capture.c, rt_safe.c) -------------------*/

/* Bytes of data (images, followed strings) one record may carry, and the
 * most of a single image kept. */
#define RT_DATA_BUDGET 1024u
#define RT_MAX_IMAGE 256u
#define RT_DATA_SLOTS ((RT_DATA_BUDGET + 23u) / 24u)
/* Length word of a data item: low 32 bits are the bytes present. */
#define RT_LEN_MASK 0xffffffffull
/* Flags in the high bits: TRUNC, the value is longer than what is kept;
 * CUT, not captured because the record's budget ran out; NULL, a null
 * pointer; BAD, an unreadable pointer. */
#define RT_LEN_TRUNC (1ull << 61)
#define RT_LEN_CUT (1ull << 60)
#define RT_LEN_NULL (1ull << 62)
#define RT_LEN_BAD (1ull << 63)

/* Builds the data stream for `n` values; returns its length in bytes. */
size_t rt_capture(const __ruchy_trace_type *const *types, unsigned n,
                  const uint64_t *payloads, uint8_t *out);
/* Copies up to n bytes from a pointer the program passed, never faulting:
 * returns the bytes copied, or (size_t)-1 if `src` is not readable. With
 * stop_at_nul, stops at (and does not count) a NUL; *complete says whether
 * the NUL (or all n bytes) was reached. */
size_t rt_safe_copy(void *dst, uintptr_t src, size_t n, int stop_at_nul,
                    int *complete);
/* Called by the SIGSEGV/SIGBUS handler: if the fault is inside
 * rt_safe_copy, jumps back there (does not return); otherwise returns 0. */
int rt_safe_fault(void);
/* Names that handler (the signal layer installs it): direct reads are
 * made only while it owns SIGSEGV and SIGBUS, so that a fault comes back
 * to rt_safe_fault. */
void rt_safe_faults_come_through(void (*handler)(int, siginfo_t *, void *));
/* Notes the pid rt_safe_copy reads the process through: at start, and in
 * a forked child. */
void rt_safe_note_pid(void);

typedef struct rt_data {
  const uint8_t *p;
  size_t len, pos;
  uint64_t left; /* items not read yet */
} rt_data;
void rt_data_init(rt_data *d, const uint8_t *p, size_t len);
int rt_data_next(rt_data *d, const uint8_t **bytes, uint64_t *word);

/*---- the process (rt_process.c): set by the control layer, read anywhere -*/

/* Claims the one final write (atexit or a crash); 0 if already claimed. */
int rt_finalize_claim(void);
int rt_finalized(void); /* the final write was claimed: no new entries */
/* Set while a crash handler writes the trace. */
extern int rt_in_crash;
/* Set in a forked child (rt_output.c names its file). */
extern int rt_forked_child;
void rt_set_program_name(const char *name); /* argv[0], for the metadata */
const char *rt_program_name(void);

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

/*---- streaming mode (rt_stream.c) -----------------------------------------*/

/* Installs rt_spill and starts the spiller thread if the configuration
 * asks for streaming mode. */
void rt_stream_start(void);
/* Stops spilling and appends the rings' remaining records to the files. */
void rt_stream_finish(int from_signal);
uint64_t rt_stream_map(rt_tbuf *b, rt_slot **slots, size_t *bytes);
void rt_stream_after_fork(void);

/*---- registration and lifetime (rt_init.c) ------------------------------*/

void rt_init(void);
/* Writes the final trace now and stops tracing (atexit, C API). */
void rt_finalize_now(void);
/* Turns tracing on: clock, exit hook, fork and signal handlers, spiller. */
void rt_start(void);

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
const __ruchy_trace_fn *rt_copy_fn(uint32_t image, const __ruchy_trace_fn *f);

/*---- processes and signals (rt_thread.c, rt_init.c, rt_signal.c) --------*/

/* Registers the thread-exit hook that closes the frames a thread leaves
 * open (pthread_exit, cancellation; rt_thread.c). */
void rt_thread_install(void);
/* Empties every buffer in a forked child (rt_thread.c). */
void rt_thread_after_fork(void);
void rt_signals_install(void);
/* Set in a forked child: exits of frames entered before the fork are not
 * recorded (their entries belong to the parent's trace). */
extern uint64_t rt_fork_ticks;

/*---- output (rt_merge.c, rt_json.c, rt_text.c, rt_chrome.c) --------------*/

/* The buffered writer and the formats' layouts are in rt_format.h,
 * shared with the ruchytrace tool. */

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
/* A descriptor's location for the formats (file NULL without one). */
rt_location rt_fn_location(const __ruchy_trace_fn *fn);

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

/* Snapshots every thread's buffer and feeds the events to `sink` merged
 * by timestamp (each thread's own order preserved). Returns the number of
 * events dropped. */
uint64_t rt_merge_emit(rt_sink *sink, uint64_t end_ticks, int from_spill);
/* The same for one buffer only (the C API's drain). */
uint64_t rt_merge_emit_one(rt_sink *sink, uint64_t end_ticks, rt_tbuf *only);
/* The calling thread's buffer (NULL before its first event), and its
 * reset to empty. */
rt_tbuf *rt_thread_buffer(void);
void rt_thread_reset(void);
/* Writes every thread's events so far, as configured, to `fd`. */
void rt_output_to_fd(int fd);
void rt_json_array_sink(rt_sink *s, rt_out *o);

/* Writes the whole trace where the configuration says (rt_output.c), or,
 * for a snapshot, to `path_suffix` appended to the output path (a stream
 * output takes snapshots too, see rt_output.c). */
void rt_output_write(const char *path_suffix);
/* At start: opens an output that is a stream (device, FIFO, socket) now
 * and keeps it open, as a shell's `>` would. */
void rt_output_open_early(void);

/*---- what the output path names (rt_target.c) ---------------------------*/

enum rt_target_kind {
  RT_TARGET_FILE,       /* missing or a regular file: write a new file */
  RT_TARGET_STREAM,     /* a device, FIFO or socket we opened: write in it */
  RT_TARGET_DESCRIPTOR, /* one of the program's descriptors (/dev/stdout) */
  RT_TARGET_REFUSED     /* a message was printed; write nothing */
};
/* Decides how a trace reaches `path`; for a stream or descriptor, *fd is
 * where to write. Never creates, unlinks or renames anything. `at_start`:
 * quietly, without waiting for a FIFO's reader. */
enum rt_target_kind rt_target_open(const char *path, int *fd, int at_start);

void rt_json_sink(rt_sink *s, rt_out *o);
void rt_ndjson_sink(rt_sink *s, rt_out *o);
void rt_chrome_sink(rt_sink *s, rt_out *o);
void rt_text_sink(rt_sink *s, rt_out *o);

/* Prints a value as JSON (json != 0) or as text: a payload, with its data
 * items taken from `d` when its type has any. With `kinds`, JSON also puts
 * there one letter per string, null and object it writes (rt_format.h). */
void rt_value_write(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                    rt_data *d, int json, rt_out *kinds);
/* Prints type_info.fields for a type: null, or [[name, type], ...]. */
void rt_fields_write(rt_out *o, const __ruchy_trace_type *t);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_INTERNAL_H */
