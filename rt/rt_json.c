/*===- rt_json.c - the spec's JSON trace document --------------------------===
 *
 * Layout: the spec's document with two-space indentation, one event per
 * line, so a trace is both valid JSON and usable with grep and diff. The
 * event objects' layout is rt_layout.c's, shared with the tool.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_write.h"

#include <string.h>

/* type_info's "fields": a struct's [name, type] pairs, an enum's
 * [variant, payload type] pairs (the spec's shapes), null otherwise. */
void rt_fields_write(rt_out *o, const __ruchy_trace_type *t) {
  if (!t)
    goto none;
  if (t->kind == RUCHY_TRACE_K_STRUCT || t->kind == RUCHY_TRACE_K_UNION) {
    const __ruchy_trace_field *fs = t->members;
    if (!fs)
      goto none;
    rt_out_char(o, '[');
    for (uint32_t i = 0; i < t->count; ++i) {
      rt_out_cstr(o, i ? ", [" : "[");
      rt_out_json_string(o, fs[i].name);
      rt_out_cstr(o, ", ");
      rt_out_json_string(o, fs[i].type ? fs[i].type->name : "?");
      rt_out_char(o, ']');
    }
    rt_out_char(o, ']');
    return;
  }
  if (t->kind == RUCHY_TRACE_K_VARIANT && t->members) {
    /* The spec's enum shape: [variant, payload type] pairs. */
    const __ruchy_trace_variants *vs = t->members;
    rt_out_char(o, '[');
    for (uint32_t i = 0; i < vs->count; ++i) {
      const __ruchy_trace_variant *v = &vs->variants[i];
      const __ruchy_trace_type *p = v->payload;
      const __ruchy_trace_field *fs = p ? p->members : NULL;
      rt_out_cstr(o, i ? ", [" : "[");
      rt_out_json_string(o, v->name);
      rt_out_cstr(o, ", ");
      if (p && p->count == 1 && fs && fs[0].type)
        rt_out_json_string(o, fs[0].type->name);
      else if (p && p->count > 1)
        rt_out_json_string(o, p->name);
      else
        rt_out_cstr(o, "null");
      rt_out_char(o, ']');
    }
    rt_out_char(o, ']');
    return;
  }
none:
  rt_out_cstr(o, "null");
}

/* A typed value with its "kinds". The letters are gathered in a small
 * buffer while the value is written; a value with more of them than fit
 * is walked a second time, writing its letters straight out. */
static void typed_value(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                        rt_data *d, const char *param) {
  size_t pn = param ? strlen(param) : 0;
  const char *name = t && t->name ? t->name : "?";
  rt_json_typed_start(o, name, strlen(name));
  rt_fields_write(o, t);
  rt_json_typed_value(o);
  char letters[256];
  rt_out k;
  rt_out_init(&k, -1, letters, sizeof letters);
  rt_data before = *d;
  rt_value_write(o, t, v, d, 1, &k);
  if (k.total) { /* overflowed: the letters again, as they come */
    char scratch[256];
    rt_out discard;
    rt_out_init(&discard, -1, scratch, sizeof scratch);
    rt_data after = *d;
    *d = before;
    rt_json_kinds_open(o);
    rt_value_write(&discard, t, v, d, 1, o);
    rt_out_char(o, '"');
    rt_json_typed_end(o, NULL, 0, param, pn);
    *d = after;
    return;
  }
  int all_default = 1;
  for (size_t i = 0; i < k.len; ++i)
    all_default &= rt_kind_is_default(letters[i]);
  rt_json_typed_end(o, letters, all_default ? 0 : k.len, param, pn);
}

/* One event as the spec's JSON object, on one line. */
static void event_object(rt_out *o, const rt_event *e) {
  const __ruchy_trace_fn *fn = e->fn;
  rt_data d;
  rt_data_init(&d, e->data, e->data_len);
  if (e->kind == RT_EV_ENTER) {
    rt_json_enter_start(o, fn->name, strlen(fn->name));
    for (unsigned i = 0; i < e->nargs; ++i) {
      rt_json_arg_sep(o, i);
      typed_value(o, fn->args[i], e->args[i], &d, rt_fn_param(fn, i));
    }
    rt_location loc = rt_fn_location(fn);
    rt_json_enter_end(o, fn->flags & RUCHY_TRACE_F_VARIADIC, &loc);
  } else {
    rt_json_exit_start(o, fn->name, strlen(fn->name));
    if (fn->ret && e->kind == RT_EV_EXIT)
      typed_value(o, fn->ret, e->value, &d, NULL);
    else
      rt_out_cstr(o, "null");
    rt_json_exit_end(o, rt_event_how(e), rt_event_duration_ns(e));
  }
  rt_json_event_end(o, rt_clock_to_wall_ns(e->ticks), e->tid);
}

static void metadata(rt_out *o, const rt_json_seps *seps) {
  rt_json_metadata(o, seps, rt_info.program, rt_info.start_wall_ns,
                   rt_info.version, rt_info.pid, rt_info.sample,
                   rt_info.attach_note);
}

static void stats(rt_out *o, const rt_trace_stats *st,
                  const rt_json_seps *seps) {
  rt_json_stats(o, seps, st->events, st->dropped,
                rt_clock_to_wall_ns(st->end_ticks) - rt_info.start_wall_ns);
}

/*---- the spec's document ----------------------------------------------*/

static void json_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_out *o = s->out;
  rt_out_cstr(o, "{\n  \"metadata\": ");
  metadata(o, &rt_json_lines_seps);
  rt_out_cstr(o, ",\n  \"events\": [");
}

static void json_event(rt_sink *s, const rt_event *e) {
  rt_out_cstr(s->out, s->count ? ",\n    " : "\n    ");
  event_object(s->out, e);
}

static void json_end(rt_sink *s, const rt_trace_stats *st) {
  rt_out *o = s->out;
  rt_out_cstr(o, s->count ? "\n  ],\n  \"stats\": " : "],\n  \"stats\": ");
  stats(o, st, &rt_json_lines_seps);
  rt_out_cstr(o, "\n}\n");
}

void rt_json_sink(rt_sink *s, rt_out *o) {
  s->begin = json_begin;
  s->event = json_event;
  s->end = json_end;
  s->out = o;
  s->count = 0;
  o->style = rt_info.json_style;
}

/*---- NDJSON: one JSON value per line ------------------------------------
 * {"metadata": {...}}, then one event object per line, then
 * {"stats": {...}}: for tools that read line by line. */

static void ndjson_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_out_cstr(s->out, "{\"metadata\": ");
  metadata(s->out, &rt_json_one_line_seps);
  rt_out_cstr(s->out, "}\n");
}

static void ndjson_event(rt_sink *s, const rt_event *e) {
  event_object(s->out, e);
  rt_out_char(s->out, '\n');
}

static void ndjson_end(rt_sink *s, const rt_trace_stats *st) {
  rt_out_cstr(s->out, "{\"stats\": ");
  stats(s->out, st, &rt_json_one_line_seps);
  rt_out_cstr(s->out, "}\n");
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
