/*===- ruchytrace/ruchytrace.h - the C API ----------------------------------===
 *
 * For hand-instrumented code and for compiler backends that emit their own
 * calls (the spec's operations, in C). Link the runtime (libruchytrace_rt).
 *
 *   ruchy_trace_config cfg = {.enabled = 1, .output = "trace.json"};
 *   ruchy_trace_init(&cfg);
 *   static const ruchy_trace_kind params[] = {RUCHY_TRACE_I64};
 *   ruchy_trace_function *add =
 *       ruchy_trace_declare("add", "calc.ruchy", 5, 1, 1, params,
 *                           RUCHY_TRACE_I64);
 *   ruchy_trace_value a = ruchy_trace_i64(10);
 *   uint64_t tok = ruchy_trace_enter_event(add, &a);
 *   ...
 *   ruchy_trace_value r = ruchy_trace_i64(30);
 *   ruchy_trace_exit_event(add, tok, &r);
 *   ruchy_trace_finalize();               // writes trace.json now
 *
 * Events recorded this way are the same as the pass's: same buffers, same
 * output, same sampling and filters.
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RUCHYTRACE_H
#define RUCHYTRACE_RUCHYTRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Run-time configuration, as the RUCHY_TRACE_* variables (see README).
 * Zero or NULL fields keep what the environment (or the default) says.
 * Fields are only ever added at the end: a program passes the size it was
 * compiled with (ruchy_trace_init does), so a newer runtime reads the
 * fields it knows, and an older one refuses fields it does not know
 * instead of ignoring them. */
typedef struct ruchy_trace_config {
  int enabled;            /* 1: trace, 0: keep the environment's choice */
  const char *output;     /* file; "%p" is the pid; NULL: stderr */
  const char *format;     /* "json", "text", "ndjson", "chrome" */
  int32_t sample;         /* record 1 call in N per thread */
  uint64_t buffer_events; /* per thread */
  const char *filter;     /* glob patterns, "-" excludes */
} ruchy_trace_config;

/* Applies `cfg` over the environment's settings. Call it before the
 * events to trace (the runtime initialises itself from the environment
 * before main; this changes that configuration). Returns 0, or -1 if a
 * value is bad (a message names it; the previous setting stays) or `cfg`
 * sets a field this runtime does not know (a runtime older than the
 * header). `size` is sizeof(ruchy_trace_config) as the caller knows it:
 * use the ruchy_trace_init macro, which passes it. */
int ruchy_trace_init_sized(const ruchy_trace_config *cfg, size_t size);
#define ruchy_trace_init(cfg)                                                  \
  ruchy_trace_init_sized((cfg), sizeof(ruchy_trace_config))
/* The function of that name takes the first release's configuration (the
 * six fields above), for programs built before the size was passed. */
int(ruchy_trace_init)(const ruchy_trace_config *cfg);

/* Writes the trace now, as at exit, and stops tracing. */
void ruchy_trace_finalize(void);

/* The types a hand-declared function's values can have. */
typedef enum ruchy_trace_kind_c {
  RUCHY_TRACE_VOID = 0,
  RUCHY_TRACE_I64,
  RUCHY_TRACE_U64,
  RUCHY_TRACE_F64,
  RUCHY_TRACE_BOOL,
  RUCHY_TRACE_STR, /* a NUL-terminated string, shown as text */
  RUCHY_TRACE_PTR,
} ruchy_trace_kind;

typedef struct ruchy_trace_value {
  ruchy_trace_kind kind;
  uint64_t bits; /* the value's bits (the string's address for STR) */
} ruchy_trace_value;

static inline ruchy_trace_value ruchy_trace_i64(int64_t v) {
  ruchy_trace_value r = {RUCHY_TRACE_I64, (uint64_t)v};
  return r;
}
static inline ruchy_trace_value ruchy_trace_u64(uint64_t v) {
  ruchy_trace_value r = {RUCHY_TRACE_U64, v};
  return r;
}
static inline ruchy_trace_value ruchy_trace_f64(double v) {
  ruchy_trace_value r = {RUCHY_TRACE_F64, 0};
  __builtin_memcpy(&r.bits, &v, sizeof v);
  return r;
}
static inline ruchy_trace_value ruchy_trace_bool(int v) {
  ruchy_trace_value r = {RUCHY_TRACE_BOOL, (uint64_t)(v != 0)};
  return r;
}
static inline ruchy_trace_value ruchy_trace_str(const char *s) {
  ruchy_trace_value r = {RUCHY_TRACE_STR, (uint64_t)(uintptr_t)s};
  return r;
}

/* A function, declared once (the name and file are copied): what the pass
 * emits as a descriptor for compiled code. `nparams` kinds in `params`.
 * Returns NULL if out of memory. Never freed. */
typedef struct __ruchy_trace_fn ruchy_trace_function;
ruchy_trace_function *ruchy_trace_declare(const char *name, const char *file,
                                          unsigned line, unsigned column,
                                          unsigned nparams,
                                          const ruchy_trace_kind *params,
                                          ruchy_trace_kind ret);

/* Records an entry with the declared number of arguments; returns the
 * token for the matching exit (0: not recorded, because tracing is off,
 * filtered, sampled out, or re-entered from a signal handler). */
uint64_t ruchy_trace_enter_event(ruchy_trace_function *fn,
                                 const ruchy_trace_value *args);
/* Records the exit of the call that returned `token` (nothing if 0).
 * `ret` may be NULL for a void function. */
void ruchy_trace_exit_event(ruchy_trace_function *fn, uint64_t token,
                            const ruchy_trace_value *ret);

/* The current thread's buffer: events held and events dropped. */
void ruchy_trace_thread_stats(uint64_t *count, uint64_t *dropped);

/* Writes the current thread's events (JSON array of the spec's event
 * objects, or text lines) to `out` and empties its buffer. Returns the
 * number of events written, or -1 on a write error. */
long ruchy_trace_drain(FILE *out, int json);

/* Formats every thread's events so far as a whole trace document
 * (format as configured) into `buf`; returns the length it needs, which
 * is larger than `cap` when `buf` was too small (then nothing is
 * written), or -1 on an error. */
long ruchy_trace_format(char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* RUCHYTRACE_RUCHYTRACE_H */
