/*===- rt_text.c - the strace-style text trace -----------------------------===
 *
 *   [1761761183.405413] -> fibonacci(i64=5) <fibonacci.ruchy:1:5>
 *   [1761761183.405447] <- fibonacci() = 5 [0.040ms]
 *
 * exactly the spec's shapes. With more than one thread every line starts
 * with "[tid N] ", as strace -f marks processes.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

static void text_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)s;
  (void)st;
}

static void text_event(rt_sink *s, const rt_event *e) {
  rt_out *o = s->out;
  const __ruchy_trace_fn *fn = e->fn;
  if (s->multi_thread) {
    rt_out_cstr(o, "[tid ");
    rt_out_u64(o, e->tid);
    rt_out_cstr(o, "] ");
  }
  rt_out_char(o, '[');
  /* ns since the epoch as seconds with microseconds. */
  rt_out_fixed(o, rt_clock_to_wall_ns(e->ticks), 9, 6);
  rt_out_cstr(o, e->kind == RT_EV_ENTER ? "] -> " : "] <- ");
  rt_out_cstr(o, fn->name);
  rt_out_char(o, '(');
  rt_data d;
  rt_data_init(&d, e->data, e->data_len);
  if (e->kind == RT_EV_ENTER) {
    for (unsigned i = 0; i < e->nargs; ++i) {
      if (i)
        rt_out_cstr(o, ", ");
      const __ruchy_trace_type *t = fn->args[i];
      rt_out_cstr(o, t && t->name ? t->name : "?");
      rt_out_char(o, '=');
      rt_value_write(o, t, e->args[i], &d, 0);
    }
    if (fn->flags & RUCHY_TRACE_F_VARIADIC)
      rt_out_cstr(o, e->nargs ? ", ..." : "...");
    if (fn->flags & RUCHY_TRACE_F_LOCATION) {
      rt_out_cstr(o, ") <");
      rt_out_cstr(o, fn->file);
      rt_out_char(o, ':');
      rt_out_u64(o, fn->line);
      rt_out_char(o, ':');
      rt_out_u64(o, fn->column);
      rt_out_cstr(o, ">\n");
    } else {
      rt_out_cstr(o, ") <no debug info>\n");
    }
    return;
  }
  rt_out_char(o, ')');
  if (e->kind == RT_EV_EXIT_TAIL) {
    rt_out_cstr(o, " = <tail call>");
  } else if (e->kind == RT_EV_EXIT_UNWIND) {
    rt_out_cstr(o, " = <unwound>");
  } else if (e->kind == RT_EV_EXIT_UNFINISHED) {
    rt_out_cstr(o, " = <unfinished>");
  } else if (fn->ret) {
    rt_out_cstr(o, " = ");
    rt_value_write(o, fn->ret, e->value, &d, 0);
  }
  rt_out_cstr(o, " [");
  /* Duration in ms with three decimals, from ns. */
  rt_out_fixed(o,
               e->ticks > e->entry_ticks
                   ? rt_clock_ticks_to_ns(e->ticks - e->entry_ticks)
                   : 0,
               6, 3);
  rt_out_cstr(o, "ms]\n");
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
