/*===- rt_perfetto.c - Perfetto protobuf traces (.pftrace) -----------------===
 *
 * TracePacket/TrackEvent protobuf, what ui.perfetto.dev and trace_processor
 * load for traces far beyond JSON's limits: a track per thread under its
 * process, interned names and source locations, arguments and return
 * values as debug annotations. The packets are rt_proto.c's, shared with
 * the tool's convert --to perfetto; values are rt_value.c's text where
 * they are not plain numbers.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_proto.h"
#include "rt_write.h"

#include <string.h>

/* One writer at a time (rt_output_claim), like the Chrome sink's table. */
RT_LARGE static rt_pf pf;

static void perfetto_begin(rt_sink *s, const rt_trace_stats *st) {
  const char *program = rt_info.program;
  rt_pf_begin(&pf, s->out, program, strlen(program), rt_info.pid,
              rt_info.start_wall_ns, rt_info.version, strlen(rt_info.version),
              rt_info.sample, st->events, st->dropped, rt_info.attach_note);
}

/* Scalars passed in the payload go straight to their typed field; the
 * rest is printed as JSON, typed if that is a bool or a number, and
 * otherwise printed again as text (what the tool does from the JSON). */
static void value(const __ruchy_trace_type *t, uint64_t v, rt_data *d) {
  if (t && !(t->flags & RUCHY_TRACE_T_BYREF) && !t->nfollows && t->size <= 8) {
    unsigned size = t->size ? t->size : 8;
    uint64_t bits = size < 8 ? v & ((1ull << (size * 8)) - 1) : v;
    switch (t->kind) {
    case RUCHY_TRACE_K_SINT:
      if (size < 8 && (bits >> (size * 8 - 1)) & 1)
        bits |= ~0ull << (size * 8);
      rt_pf_value_i64(&pf, (int64_t)bits);
      return;
    case RUCHY_TRACE_K_UINT:
      rt_pf_value_u64(&pf, bits);
      return;
    case RUCHY_TRACE_K_BOOL:
      rt_pf_value_bool(&pf, bits != 0);
      return;
    case RUCHY_TRACE_K_DOUBLE:
    case RUCHY_TRACE_K_FLOAT: {
      double x;
      if (t->kind == RUCHY_TRACE_K_FLOAT) {
        float f;
        memcpy(&f, &v, 4);
        x = f;
      } else {
        memcpy(&x, &v, 8);
      }
      if (x - x == 0) { /* finite: NaN and the infinities are text */
        rt_pf_value_double(&pf, x);
        return;
      }
      break;
    }
    default:
      break;
    }
  }
  rt_data saved = *d;
  rt_value_write(rt_pf_scratch(&pf), t, v, d, 1, NULL);
  if (rt_pf_value_scalar(&pf))
    return;
  *d = saved;
  rt_value_write(rt_pf_scratch(&pf), t, v, d, 0, NULL);
  rt_pf_value_text(&pf);
}

static void perfetto_event(rt_sink *s, const rt_event *e) {
  (void)s;
  const __ruchy_trace_fn *fn = e->fn;
  int enter = e->kind == RT_EV_ENTER;
  rt_location loc = rt_fn_location(fn);
  rt_pf_event_start(&pf, enter, e->tid, rt_clock_to_wall_ns(e->ticks), fn->name,
                    strlen(fn->name), &loc);
  rt_data d;
  rt_data_init(&d, e->data, e->data_len);
  if (enter) {
    for (unsigned i = 0; i < e->nargs; ++i) {
      const __ruchy_trace_type *t = fn->args[i];
      const char *type = t && t->name ? t->name : "?";
      const char *param = rt_fn_param(fn, i);
      rt_pf_arg_start(&pf, i, type, strlen(type), param,
                      param ? strlen(param) : 0);
      value(t, e->args[i], &d);
      rt_pf_value_end(&pf);
    }
  } else {
    /* As the Chrome format: a marker, or the return value. */
    enum rt_exit_how how = rt_event_how(e);
    const __ruchy_trace_type *t = e->kind == RT_EV_EXIT ? fn->ret : NULL;
    if (how != RT_EXIT_RETURN) {
      rt_pf_exit_how(&pf, how);
    } else if (t) {
      const char *type = t->name ? t->name : "?";
      rt_pf_return_start(&pf, type, strlen(type));
      value(t, e->value, &d);
      rt_pf_value_end(&pf);
    }
  }
  rt_pf_event_end(&pf);
}

static void perfetto_end(rt_sink *s, const rt_trace_stats *st) {
  (void)s;
  (void)st;
}

void rt_perfetto_sink(rt_sink *s, rt_out *o) {
  s->begin = perfetto_begin;
  s->event = perfetto_event;
  s->end = perfetto_end;
  s->out = o;
  s->count = 0;
}
