/*===- rt_chrome.c - Chrome Trace Event JSON (Perfetto, chrome://tracing) --===
 *
 *   {"displayTimeUnit": "ns", "otherData": {...}, "traceEvents": [
 *     {"name": "fib", "cat": "function", "ph": "B", "ts": 12.345,
 *      "pid": 7, "tid": 7, "args": {"arg0": {"type": "long", "value": 5},
 *      "location": "fib.c:4:6"}},
 *     {"name": "fib", "cat": "function", "ph": "E", "ts": 12.391, ...,
 *      "args": {"return": {"type": "long", "value": 5}}},
 *     {"name": "thread_name", "ph": "M", "pid": 7, "tid": 7, ...}]}
 *
 * The layout is rt_layout.c's, shared with the tool's convert --to chrome.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_write.h"

#include <string.h>

RT_LARGE static rt_chrome_threads seen;
static uint64_t pid;

static void chrome_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  seen.n = 0;
  pid = rt_info.pid;
  const char *program = rt_info.program;
  rt_chrome_begin(s->out, program, strlen(program), rt_info.start_wall_ns,
                  rt_info.version, strlen(rt_info.version), rt_info.sample,
                  rt_info.attach_note);
}

static void chrome_event(rt_sink *s, const rt_event *e) {
  rt_out *o = s->out;
  const __ruchy_trace_fn *fn = e->fn;
  rt_chrome_note_thread(&seen, e->tid);
  rt_chrome_event_start(o, s->count, e->kind == RT_EV_ENTER, fn->name,
                        strlen(fn->name), rt_clock_to_wall_ns(e->ticks),
                        rt_info.start_wall_ns, pid, e->tid);
  rt_data d;
  rt_data_init(&d, e->data, e->data_len);
  if (e->kind == RT_EV_ENTER) {
    for (unsigned i = 0; i < e->nargs; ++i) {
      const __ruchy_trace_type *t = fn->args[i];
      const char *type = t && t->name ? t->name : "?";
      const char *param = rt_fn_param(fn, i);
      rt_chrome_arg_start(o, i, type, strlen(type), param,
                          param ? strlen(param) : 0);
      rt_value_write(o, t, e->args[i], &d, 1, NULL);
      rt_out_char(o, '}');
    }
    rt_location loc = rt_fn_location(fn);
    rt_chrome_location(o, e->nargs, &loc);
  } else {
    const __ruchy_trace_type *t = e->kind == RT_EV_EXIT ? fn->ret : NULL;
    const char *type = t && t->name ? t->name : "?";
    if (rt_chrome_exit_how(o, rt_event_how(e), t ? type : NULL,
                           t ? strlen(type) : 0)) {
      rt_value_write(o, t, e->value, &d, 1, NULL);
      rt_out_char(o, '}');
    }
  }
  rt_chrome_event_end(o);
}

static void chrome_end(rt_sink *s, const rt_trace_stats *st) {
  rt_chrome_end(s->out, s->count, &seen, pid, st->events, st->dropped);
}

void rt_chrome_sink(rt_sink *s, rt_out *o) {
  s->begin = chrome_begin;
  s->event = chrome_event;
  s->end = chrome_end;
  s->out = o;
  s->count = 0;
}
