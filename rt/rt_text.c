/*===- rt_text.c - the strace-style text trace -----------------------------===
 *
 *   [1761761183.405413] -> fibonacci(i64=5) <fibonacci.ruchy:1:5>
 *   [1761761183.405447] <- fibonacci() = 5 [0.040ms]
 *
 * exactly the spec's shapes. The layout is rt_layout.c's, shared with the
 * tool's convert --to text; values are rt_value.c's.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_write.h"

#include <string.h>

rt_location rt_fn_location(const __ruchy_trace_fn *fn) {
  rt_location loc = {0, 0, 0, 0};
  if (fn->flags & RUCHY_TRACE_F_LOCATION)
    loc = (rt_location){fn->file, strlen(fn->file), fn->line, fn->column};
  return loc;
}

static void text_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_text_begin(s->out, rt_info.sample, rt_info.attach_note);
}

/* With `room`, each value ends at its room (and room[i] becomes what it
 * took); without, at the line's. */
static void write_args(rt_out *o, const rt_event *e, uint64_t *room) {
  const __ruchy_trace_fn *fn = e->fn;
  rt_data d;
  rt_data_init(&d, e->data, e->data_len);
  for (unsigned i = 0; i < e->nargs; ++i) {
    const __ruchy_trace_type *t = fn->args[i];
    const char *type = t && t->name ? t->name : "?";
    const char *param = rt_info.param_names ? rt_fn_param(fn, i) : NULL;
    rt_text_arg(o, i, type, strlen(type), param, param ? strlen(param) : 0);
    uint64_t at = rt_out_pos(o);
    if (room)
      o->cut = at + room[i];
    rt_value_write(o, t, e->args[i], &d, 0, NULL);
    if (room)
      room[i] = rt_out_pos(o) - at;
  }
}

/* Each argument's share of the line (rt_text_share): written once into a
 * discarding writer, each value up to a whole line, to learn how much
 * each would take. */
static void share_line(rt_out *o, const rt_event *e, uint64_t *room) {
  char buf[512];
  rt_out m;
  rt_out_init(&m, -1, buf, sizeof buf);
  m.dcache = o->dcache;
  for (unsigned i = 0; i < e->nargs; ++i)
    room[i] = RT_TEXT_LINE_MAX;
  write_args(&m, e, room);
  rt_text_share_line(o, rt_out_pos(&m), e->nargs, room);
}

static void text_event(rt_sink *s, const rt_event *e) {
  rt_out *o = s->out;
  const __ruchy_trace_fn *fn = e->fn;
  rt_text_event_start(o, s->multi_thread, e->tid, rt_clock_to_wall_ns(e->ticks),
                      e->kind == RT_EV_ENTER, fn->name, strlen(fn->name));
  if (e->kind == RT_EV_ENTER) {
    uint64_t room[RT_MAX_ARGS];
    if (e->nargs > 1)
      share_line(o, e, room);
    write_args(o, e, e->nargs > 1 ? room : NULL);
    rt_location loc = rt_fn_location(fn);
    rt_text_enter_end(o, fn->flags & RUCHY_TRACE_F_VARIADIC, e->nargs, &loc);
    return;
  }
  rt_data d;
  rt_data_init(&d, e->data, e->data_len);
  if (rt_text_exit_how(o, rt_event_how(e), fn->ret != NULL))
    rt_value_write(o, fn->ret, e->value, &d, 0, NULL);
  rt_text_exit_end(o, rt_event_duration_ns(e));
}

static void text_end(rt_sink *s, const rt_trace_stats *st) {
  (void)s;
  (void)st;
}

void rt_text_sink(rt_sink *s, rt_out *o) {
  s->begin = text_begin;
  s->event = text_event;
  s->end = text_end;
  s->out = o;
  s->count = 0;
}
