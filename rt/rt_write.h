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
  /* The name of the function at `addr` as loaded when the event being
   * written was recorded (rt_names.when), or NULL. */
  const char *(*name_of)(uint64_t addr);
} rt_trace_info;
extern rt_trace_info rt_info;

/* A descriptor's location for the formats (file NULL without one). */
rt_location rt_fn_location(const __ruchy_trace_fn *fn);

void rt_json_sink(rt_sink *s, rt_out *o);
void rt_ndjson_sink(rt_sink *s, rt_out *o);
void rt_chrome_sink(rt_sink *s, rt_out *o);
void rt_text_sink(rt_sink *s, rt_out *o);

void rt_json_array_sink(rt_sink *s, rt_out *o);

/* Prints a value as JSON (json != 0) or as text: a payload, with its data
 * items taken from `d` when its type has any. With `kinds`, JSON also puts
 * there one letter per string, null and object it writes (rt_format.h). */
void rt_value_write(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                    rt_data *d, int json, rt_out *kinds);
/* Prints type_info.fields for a type: null, or [[name, type], ...]. */
void rt_fields_write(rt_out *o, const __ruchy_trace_type *t);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_WRITE_H */
