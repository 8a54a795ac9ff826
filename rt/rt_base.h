/*===- rt_base.h - the runtime's base layer ---------------------------------===
 *
 * The bottom layer: options, filters, the clock, reading memory through
 * the program's pointers, a record's data stream, the output buffer
 * (rt_format.h) and facts about the process. It calls nothing above it.
 * Internal symbols are hidden, so references to them from position
 * independent code are direct, not through the GOT.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_BASE_H
#define RUCHYTRACE_RT_BASE_H

#include "rt_format.h"
#include "rt_options.h"
#include "ruchytrace/abi.h"

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* The runtime's exported entry points; everything else is hidden. */
#define RT_API __attribute__((visibility("default")))

#ifndef RUCHYTRACE_VERSION
#define RUCHYTRACE_VERSION "0.0.0"
#endif

#pragma GCC visibility push(hidden)

/*---- configuration (rt_config.c) ----------------------------------------*/

/* The output formats: RT_FORMATS (rt_format.h). */
/* The format named `name` (any case) in *out; 0 if there is none. */
int rt_format_named(const char *name, enum rt_format *out);
/* The format an output path asks for by its extension: NDJSON for .ndjson
 * and .jsonl, text for .txt and .log, Perfetto for .pftrace, JSON
 * otherwise; text for stderr (NULL). The environment and the C API both
 * use it. */
enum rt_format rt_format_for_path(const char *path);

typedef struct rt_config {
  int enabled;
  enum rt_format format;
  const char *output;       /* NULL: text on stderr */
  int32_t sample;           /* record 1 call in `sample` per thread */
  uint64_t buffer_events;   /* RUCHY_TRACE_BUFFER: events kept per thread */
  int stream;               /* RUCHY_TRACE_MODE=stream */
  enum rt_style json_style; /* RUCHY_TRACE_JSON_STYLE */
  int param_names;          /* RUCHY_TRACE_PARAM_NAMES: in the text format */
  uint32_t string_max;      /* bytes of a followed string kept */
  uint32_t max_depth; /* record calls at most this deep (recorded frames) */
  uint64_t min_duration_ns; /* 0: keep every call */
  const char *filter;       /* RUCHY_TRACE_FILTER, or NULL */
  /* RUCHY_TRACE_FOLLOW: bytes of a pointed-to struct copied (0: none,
   * UINT32_MAX: all the pass asks for, at most RT_MAX_IMAGE). */
  uint32_t follow_max;
  uint32_t seq_max; /* RUCHY_TRACE_SEQ_MAX: elements of a sequence kept */
} rt_config;

extern rt_config rt_cfg;
/* What rt_cfg holds before the environment is read; the unit tests and
 * the option fuzzer reset it to this between runs. */
#define RT_DEFAULT_BUFFER 10000u
#define RT_CONFIG_DEFAULTS                                                     \
  {.format = RT_FORMAT_TEXT,                                                   \
   .sample = 1,                                                                \
   .buffer_events = RT_DEFAULT_BUFFER,                                         \
   .json_style = RT_STYLE_AS_IS,                                               \
   .string_max = 64,                                                           \
   .max_depth = UINT32_MAX,                                                    \
   .follow_max = RT_DEFAULT_FOLLOW,                                            \
   .seq_max = RT_DEFAULT_SEQ}
/* A field of rt_cfg that changes while threads record (an attached
 * session's sample and depth): a relaxed atomic access, the same plain
 * load or store on every target, and no data race. */
#define rt_live(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)
#define rt_live_set(field, v) __atomic_store_n(&(field), (v), __ATOMIC_RELAXED)
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
/* An attached session's first pattern that matched no registered function
 * (*excluded: it was `-pattern`), or NULL. */
const char *rt_filter_session_unmatched(int *excluded);
/* Makes an attached session's filter (1) or the process's own (0) the one
 * rt_filter_parse and rt_filter_match use (under the images lock). */
void rt_filter_select(int session);

/* Reads the environment into rt_cfg; prints one message per bad value. */
void rt_config_load(void);

/*---- clock (rt_clock.c) -------------------------------------------------*/

extern int rt_clock_uses_tsc;
uint64_t rt_clock_fallback(void);

/* ASCII case-insensitive equality, for option values and file names.
 * Not libc's strcasecmp: that one reads the locale's tables, two more
 * pages a traced process must fault in at start-up for nothing. */
static inline int rt_ieq(const char *a, const char *b) {
  for (;; ++a, ++b) {
    unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
    if (x - 'A' < 26u)
      x += 'a' - 'A';
    if (y - 'A' < 26u)
      y += 'a' - 'A';
    if (x != y)
      return 0;
    if (!x)
      return 1;
  }
}

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
/* `ns` in ticks at the rate measured since rt_clock_start (stretched to
 * 50 us), for thresholds needed while recording; output uses
 * rt_clock_calibrate, the rate up to the write. */
uint64_t rt_clock_estimate_ticks(uint64_t ns);
void rt_clock_calibrate(void); /* ticks-to-ns ratio, at output time */
uint64_t rt_clock_to_wall_ns(uint64_t ticks);  /* ns since the epoch */
uint64_t rt_clock_ticks_to_ns(uint64_t ticks); /* a duration */
uint64_t rt_clock_start_wall_ns(void);
/* The conversion's parameters: the start in ticks and wall-clock ns, and
 * ns per tick (32.32). A .rtrace file carries them; its reader sets them. */
void rt_clock_get(uint64_t *start, uint64_t *start_wall_ns, uint64_t *mult);
void rt_clock_set(uint64_t start, uint64_t start_wall_ns, uint64_t mult);

/*---- values beyond a payload (rt_capture.c, rt_safe.c) -------------------*/

/* Bytes of data (images, followed strings) one record may carry, and the
 * most of a single image kept. */
#define RT_DATA_BUDGET 1024u
#define RT_MAX_IMAGE RUCHY_TRACE_MAX_IMAGE
#define RT_DATA_SLOTS ((RT_DATA_BUDGET + 23u) / 24u)
/* Length word of a data item: low 32 bits are the bytes present. */
#define RT_LEN_MASK 0xffffffffull
/* Flags in the high bits: TRUNC, the value is longer than what is kept;
 * CUT, not captured because the record's budget ran out; NULL, a null
 * pointer; BAD, an unreadable pointer; UNFOLLOWED, a pointer to a struct
 * not followed (RUCHY_TRACE_FOLLOW=off): shown as its address. */
#define RT_LEN_TRUNC (1ull << 61)
#define RT_LEN_CUT (1ull << 60)
#define RT_LEN_NULL (1ull << 62)
#define RT_LEN_BAD (1ull << 63)
#define RT_LEN_UNFOLLOWED (1ull << 59)

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
/* Set when the process is leaving (its exit handler or a crash): memory
 * the final write maps is left to the kernel's teardown then, which frees
 * it wholesale; unmapping it first only added TLB shootdowns. */
extern int rt_exiting;
void rt_set_program_name(const char *name); /* argv[0], for the metadata */
const char *rt_program_name(void);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_BASE_H */
