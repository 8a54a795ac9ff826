/*===- rt_write.h - the formats ---------------------------------------------===
 *
 * The sinks that write an event stream as JSON, NDJSON, Chrome JSON or
 * text, and the value printer they share. The layouts themselves are
 * rt_format.h (shared with the ruchytrace tool).
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_WRITE_H
#define RUCHYTRACE_RT_WRITE_H

#include "rt_collect.h"
#include "rt_rtrace.h"

#pragma GCC visibility push(hidden)

/* What the writers say of the traced process besides its events. The
 * runtime fills it from its own state before each write (rt_output.c,
 * rt_api.c), the tool from a .rtrace file (rt_rtrace_read.c): the writers
 * depend on nothing else of the runtime, so the tool links them too. */
typedef struct rt_trace_info {
  const char *program;
  const char *version; /* of the runtime that recorded the trace */
  uint64_t pid;
  uint64_t sample;
  enum rt_style json_style;
  int param_names; /* the text format shows parameter names */
  /* The name of the function at `addr` as loaded when the event being
   * written was recorded (rt_names.when), or NULL. */
  const char *(*name_of)(uint64_t addr);
  /* Where the trace's time starts: the process's clock start, or an
   * attached session's beginning for the session's own trace
   * (rt_output_window). Its start_time, durations and relative times. */
  uint64_t start_ticks, start_wall_ns;
  /* What the trace says of attached sessions that recorded into it with
   * their own settings (rt_attach_note), or NULL. */
  const char *attach_note;
} rt_trace_info;
extern rt_trace_info rt_info;

/* A descriptor's location for the formats (file NULL without one). */
rt_location rt_fn_location(const __ruchy_trace_fn *fn);
/* Argument i's parameter name, or NULL when the source gives none. */
static inline const char *rt_fn_param(const __ruchy_trace_fn *fn, unsigned i) {
  return fn->params && i < fn->nargs ? fn->params[i] : NULL;
}

void rt_json_sink(rt_sink *s, rt_out *o);
void rt_ndjson_sink(rt_sink *s, rt_out *o);
void rt_chrome_sink(rt_sink *s, rt_out *o);
void rt_perfetto_sink(rt_sink *s, rt_out *o); /* rt_perfetto.c */
void rt_text_sink(rt_sink *s, rt_out *o);

void rt_json_array_sink(rt_sink *s, rt_out *o);

/* The sink of format f, which writes to o; 0 for a format that is not a
 * sink of events (rtrace: its records are written as they are). */
static inline int rt_sink_for(enum rt_format f, rt_sink *s, rt_out *o) {
  switch (f) {
  case RT_FORMAT_JSON:
    rt_json_sink(s, o);
    return 1;
  case RT_FORMAT_NDJSON:
    rt_ndjson_sink(s, o);
    return 1;
  case RT_FORMAT_CHROME:
    rt_chrome_sink(s, o);
    return 1;
  case RT_FORMAT_PERFETTO:
    rt_perfetto_sink(s, o);
    return 1;
  case RT_FORMAT_TEXT:
    rt_text_sink(s, o);
    return 1;
  default:
    return 0;
  }
}

/* Prints a value as JSON (json != 0) or as text: a payload, with its data
 * items taken from `d` when its type has any. With `kinds`, JSON also puts
 * there one letter per string, null and object it writes (rt_format.h). */
void rt_value_write(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                    rt_data *d, int json, rt_out *kinds);
/* Memory for the writers' tables: from mmap (the program's allocator may
 * be instrumented, broken, or unusable in a crash handler), `bytes` of it
 * with `old`'s mapping of `old_bytes` copied in and unmapped; NULL if
 * there is none (old is kept). */
void *rt_map_grow(void *old, size_t old_bytes, size_t bytes);

typedef struct rt_walk_memo { /* what the walk learnt of each type */
  struct {
    const __ruchy_trace_type *t;
    uint32_t at, n;
  } *table; /* open addressing by type address; from mmap */
  size_t cap, used;
  uint32_t *offs; /* the offsets the table entries list */
  size_t offs_n, offs_cap;
  int failed;
} rt_walk_memo;
/* Walks a value as rt_value_write does and calls `seen` with the address
 * of each function pointer it would name (the .rtrace writer keeps their
 * names for the tool), and perhaps a few more; `memo` (zeroed at first,
 * owned by one thread) keeps what it learns about types. */
void rt_value_functions(const __ruchy_trace_type *t, uint64_t v, rt_data *d,
                        const char *(*seen)(uint64_t addr), rt_walk_memo *memo);
/* Prints type_info.fields for a type: null, or [[name, type], ...]. */
void rt_fields_write(rt_out *o, const __ruchy_trace_type *t);

/*---- .rtrace files (rt_rtrace_write.c; the format is rt_rtrace.h) ------*/

/* The whole trace: every image, every thread's records (rings, or with
 * `from_spill` a streaming run's spill files), complete at `end_ticks`.
 * Returns the events known to be dropped. */
uint64_t rt_rtrace_write(rt_out *o, uint64_t end_ticks, int from_spill);
/* The pieces, for streaming mode: the file header and PROCESS chunk;
 * instance i with its descriptors (0 if there is none or no memory; an
 * UNLOAD follows for an unloaded one, and 2 says so); an UNLOAD; a
 * thread's counters;
 * its records a then b (a ring's two parts); CLOCK or END at `ticks`. */
typedef struct rt_rtrace_mem rt_rtrace_mem; /* scratch memory */
rt_rtrace_mem *rt_rtrace_mem_of(int spiller);
void rt_rtrace_header(rt_out *o, rt_rtrace_mem *m);
int rt_rtrace_image(rt_out *o, rt_rtrace_mem *m, uint32_t i);
void rt_rtrace_unload(rt_out *o, uint32_t i, uint64_t ticks);
void rt_rtrace_thread(rt_out *o, const rt_source *s);
/* A thread's records a then b (a ring's two parts), packed
 * (rt_rtrace_pack.h) in chunks that each hold whole records. */
void rt_rtrace_slots(rt_out *o, rt_rtrace_mem *m, uint64_t tid,
                     const rt_slot *a, uint64_t na, const rt_slot *b,
                     uint64_t nb);
void rt_rtrace_clock(rt_out *o, uint32_t type, uint64_t ticks);
/* The NOTE chunk, if rt_info has an attach note. */
void rt_rtrace_note(rt_out *o, rt_rtrace_mem *m);
/* Finds the function pointers in the values of records a then b (a ring's
 * two parts) that need names from this process, and writes them as a
 * SYMBOLS chunk (if there are any new ones) with rt_rtrace_symbols. */
void rt_rtrace_functions(rt_rtrace_mem *m, const rt_slot *a, uint64_t na,
                         const rt_slot *b, uint64_t nb);
void rt_rtrace_symbols(rt_out *o, rt_rtrace_mem *m);

/* Streaming mode to a .rtrace file (rt_rtrace_stream.c): writes its
 * header to `fd` and has the spiller write every record there as it goes;
 * 0 if that failed (spill files are used instead). At the final write,
 * after rt_stream_finish: the threads' counters and END at `end_ticks`;
 * returns 0 or the errno of a failed write. */
int rt_rtrace_stream_begin(int fd);
int rt_rtrace_stream_end(uint64_t end_ticks);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_WRITE_H */
