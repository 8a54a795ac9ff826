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

/* A descriptor's location for the formats (file NULL without one). */
rt_location rt_fn_location(const __ruchy_trace_fn *fn);

void rt_json_sink(rt_sink *s, rt_out *o);
void rt_ndjson_sink(rt_sink *s, rt_out *o);
void rt_chrome_sink(rt_sink *s, rt_out *o);
void rt_perfetto_sink(rt_sink *s, rt_out *o); /* rt_perfetto.c */
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
