/*===- rt_json.c - the spec's JSON trace document --------------------------===
 *
 * Layout: the spec's document with two-space indentation, one event per
 * line, so a trace is both valid JSON and usable with grep and diff.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

static void typed_value(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                        rt_data *d) {
  rt_out_cstr(o, "{\"type_info\": {\"name\": ");
  rt_out_json_string(o, t && t->name ? t->name : "?");
  rt_out_cstr(o, ", \"fields\": ");
  rt_fields_write(o, t);
  rt_out_cstr(o, "}, \"value\": ");
  rt_value_write(o, t, v, d, 1);
  rt_out_char(o, '}');
}

static void metadata(rt_out *o, const char *sep, const char *indent) {
  rt_out_cstr(o, "{");
  rt_out_cstr(o, sep);
  rt_out_cstr(o, indent);
  rt_out_cstr(o, "\"program\": ");
  rt_out_json_string(o, rt_program_name());
  rt_out_cstr(o, ",");
  rt_out_cstr(o, sep);
  rt_out_cstr(o, indent);
  rt_out_cstr(o, "\"start_time\": ");
  rt_out_rfc3339(o, rt_clock_start_wall_ns());
  /* No Ruchy compiler in the loop: both versions are this project's. */
  rt_out_cstr(o, ",");
  rt_out_cstr(o, sep);
  rt_out_cstr(o, indent);
  rt_out_cstr(o, "\"ruchy_version\": \"" RUCHYTRACE_VERSION "\",");
  rt_out_cstr(o, sep);
  rt_out_cstr(o, indent);
  rt_out_cstr(o, "\"ruchyruchy_version\": \"" RUCHYTRACE_VERSION "\"");
}

static void stats(rt_out *o, const rt_trace_stats *st, const char *sep,
                  const char *indent) {
  rt_out_cstr(o, "{");
  rt_out_cstr(o, sep);
  rt_out_cstr(o, indent);
  rt_out_cstr(o, "\"total_events\": ");
  rt_out_u64(o, st->events);
  rt_out_cstr(o, ",");
  rt_out_cstr(o, sep);
  rt_out_cstr(o, indent);
  rt_out_cstr(o, "\"dropped_events\": ");
  rt_out_u64(o, st->dropped);
  rt_out_cstr(o, ",");
  rt_out_cstr(o, sep);
  rt_out_cstr(o, indent);
  rt_out_cstr(o, "\"duration_ns\": ");
  rt_out_u64(o, rt_clock_to_wall_ns(st->end_ticks) - rt_clock_start_wall_ns());
}

/* One event as the spec's JSON object, on one line. */
static void event_object(rt_out *o, const rt_event *e) {
  const __ruchy_trace_fn *fn = e->fn;
  rt_out_cstr(o, "{\"type\": ");
  if (e->kind == RT_EV_ENTER) {
    rt_out_cstr(o, "\"function_enter\", \"name\": ");
    rt_out_json_string(o, fn->name);
    rt_out_cstr(o, ", \"args\": [");
    rt_data d;
    rt_data_init(&d, e->data, e->data_len);
    for (unsigned i = 0; i < e->nargs; ++i) {
      if (i)
        rt_out_cstr(o, ", ");
      typed_value(o, fn->args[i], e->args[i], &d);
    }
    rt_out_cstr(o, "], \"location\": ");
    if (fn->flags & RUCHY_TRACE_F_LOCATION) {
      rt_out_cstr(o, "{\"file\": ");
      rt_out_json_string(o, fn->file);
      rt_out_cstr(o, ", \"line\": ");
      rt_out_u64(o, fn->line);
      rt_out_cstr(o, ", \"column\": ");
      rt_out_u64(o, fn->column);
      rt_out_char(o, '}');
    } else {
      rt_out_cstr(o, "null");
    }
  } else {
    rt_out_cstr(o, "\"function_exit\", \"name\": ");
    rt_out_json_string(o, fn->name);
    rt_out_cstr(o, ", \"return_value\": ");
    rt_data d;
    rt_data_init(&d, e->data, e->data_len);
    if (fn->ret && e->kind == RT_EV_EXIT)
      typed_value(o, fn->ret, e->value, &d);
    else
      rt_out_cstr(o, "null");
    if (e->kind == RT_EV_EXIT_TAIL)
      rt_out_cstr(o, ", \"tail_call\": true");
    else if (e->kind == RT_EV_EXIT_UNWIND)
      rt_out_cstr(o, ", \"unwound\": true");
    else if (e->kind == RT_EV_EXIT_UNFINISHED)
      rt_out_cstr(o, ", \"unfinished\": true");
    rt_out_cstr(o, ", \"duration_ns\": ");
    rt_out_u64(o, e->ticks > e->entry_ticks
                      ? rt_clock_ticks_to_ns(e->ticks - e->entry_ticks)
                      : 0);
  }
  rt_out_cstr(o, ", \"timestamp_ns\": ");
  rt_out_u64(o, rt_clock_to_wall_ns(e->ticks));
  rt_out_cstr(o, ", \"thread_id\": ");
  rt_out_u64(o, e->tid);
  rt_out_char(o, '}');
}

/*---- the spec's document ----------------------------------------------*/

static void json_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_out *o = s->out;
  rt_out_cstr(o, "{\n  \"metadata\": ");
  metadata(o, "\n", "    ");
  rt_out_cstr(o, "\n  },\n  \"events\": [");
}

static void json_event(rt_sink *s, const rt_event *e) {
  rt_out_cstr(s->out, s->count ? ",\n    " : "\n    ");
  event_object(s->out, e);
}

static void json_end(rt_sink *s, const rt_trace_stats *st) {
  rt_out *o = s->out;
  rt_out_cstr(o, s->count ? "\n  ],\n  \"stats\": " : "],\n  \"stats\": ");
  stats(o, st, "\n", "    ");
  rt_out_cstr(o, "\n  }\n}\n");
}

void rt_json_sink(rt_sink *s, rt_out *o) {
  s->begin = json_begin;
  s->event = json_event;
  s->end = json_end;
  s->out = o;
  s->count = 0;
  o->style = rt_cfg.json_style;
}

/*---- NDJSON: one JSON value per line ------------------------------------
 * {"metadata": {...}}, then one event object per line, then
 * {"stats": {...}}: for traces too big for one document (simdjson's limit
 * is 4 GiB) and for tools that read line by line. */

static void ndjson_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_out_cstr(s->out, "{\"metadata\": ");
  metadata(s->out, "", " ");
  rt_out_cstr(s->out, "}}\n");
}

static void ndjson_event(rt_sink *s, const rt_event *e) {
  event_object(s->out, e);
  rt_out_char(s->out, '\n');
}

static void ndjson_end(rt_sink *s, const rt_trace_stats *st) {
  rt_out_cstr(s->out, "{\"stats\": ");
  stats(s->out, st, "", " ");
  rt_out_cstr(s->out, "}}\n");
}

void rt_ndjson_sink(rt_sink *s, rt_out *o) {
  s->begin = ndjson_begin;
  s->event = ndjson_event;
  s->end = ndjson_end;
  s->out = o;
  s->count = 0;
}

/*---- a JSON array of events (the C API's drain) ---------------------------*/

static void array_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_out_char(s->out, '[');
}

static void array_event(rt_sink *s, const rt_event *e) {
  rt_out_cstr(s->out, s->count ? ",\n  " : "\n  ");
  event_object(s->out, e);
}

static void array_end(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_out_cstr(s->out, s->count ? "\n]\n" : "]\n");
}

void rt_json_array_sink(rt_sink *s, rt_out *o) {
  s->begin = array_begin;
  s->event = array_event;
  s->end = array_end;
  s->out = o;
  s->count = 0;
}
