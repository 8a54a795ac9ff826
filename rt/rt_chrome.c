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
 * Timestamps are microseconds since the trace started, with three
 * decimals: relative, so a double keeps nanosecond precision.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <unistd.h>

#define RT_CHROME_THREADS 1024

static struct {
  uint64_t tids[RT_CHROME_THREADS];
  unsigned n;
  uint64_t pid;
} seen;

static void note_thread(uint64_t tid) {
  for (unsigned i = 0; i < seen.n; ++i)
    if (seen.tids[i] == tid)
      return;
  if (seen.n < RT_CHROME_THREADS)
    seen.tids[seen.n++] = tid;
}

static void chrome_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)st;
  rt_out *o = s->out;
  seen.n = 0;
  seen.pid = (uint64_t)getpid();
  rt_out_cstr(o, "{\"displayTimeUnit\": \"ns\", \"otherData\": {\"program\": ");
  rt_out_json_string(o, rt_program_name());
  rt_out_cstr(o, ", \"start_time\": ");
  rt_out_rfc3339(o, rt_clock_start_wall_ns());
  rt_out_cstr(o, ", \"ruchy_version\": \"" RUCHYTRACE_VERSION
                 "\"}, \"traceEvents\": [");
}

static void common(rt_out *o, const rt_event *e, const char *ph) {
  rt_out_cstr(o, "{\"name\": ");
  rt_out_json_string(o, e->fn->name);
  rt_out_cstr(o, ", \"cat\": \"function\", \"ph\": \"");
  rt_out_cstr(o, ph);
  rt_out_cstr(o, "\", \"ts\": ");
  uint64_t wall = rt_clock_to_wall_ns(e->ticks),
           start = rt_clock_start_wall_ns();
  rt_out_fixed(o, wall > start ? wall - start : 0, 3, 3);
  rt_out_cstr(o, ", \"pid\": ");
  rt_out_u64(o, seen.pid);
  rt_out_cstr(o, ", \"tid\": ");
  rt_out_u64(o, e->tid);
  rt_out_cstr(o, ", \"args\": {");
}

static void typed(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                  rt_data *d) {
  rt_out_cstr(o, "{\"type\": ");
  rt_out_json_string(o, t && t->name ? t->name : "?");
  rt_out_cstr(o, ", \"value\": ");
  rt_value_write(o, t, v, d, 1);
  rt_out_char(o, '}');
}

static void chrome_event(rt_sink *s, const rt_event *e) {
  rt_out *o = s->out;
  const __ruchy_trace_fn *fn = e->fn;
  note_thread(e->tid);
  rt_out_cstr(o, s->count ? ",\n" : "\n");
  rt_data d;
  rt_data_init(&d, e->data, e->data_len);
  if (e->kind == RT_EV_ENTER) {
    common(o, e, "B");
    for (unsigned i = 0; i < e->nargs; ++i) {
      rt_out_cstr(o, i ? ", \"arg" : "\"arg");
      rt_out_u64(o, i);
      rt_out_cstr(o, "\": ");
      typed(o, fn->args[i], e->args[i], &d);
    }
    if (fn->flags & RUCHY_TRACE_F_LOCATION) {
      /* file:line:col as one string: Perfetto shows it as is. */
      char loc[600];
      size_t n = 0;
      for (const char *p = fn->file; *p && n < sizeof loc - 24; ++p)
        loc[n++] = *p;
      uint64_t parts[2] = {fn->line, fn->column};
      for (int k = 0; k < 2; ++k) {
        char digits[12];
        int d = 0;
        uint64_t v = parts[k];
        do
          digits[d++] = (char)('0' + v % 10);
        while ((v /= 10) && d < 11);
        loc[n++] = ':';
        while (d)
          loc[n++] = digits[--d];
      }
      loc[n] = 0;
      rt_out_cstr(o, e->nargs ? ", \"location\": " : "\"location\": ");
      rt_out_json_string(o, loc);
    }
    rt_out_cstr(o, "}}");
    return;
  }
  common(o, e, "E");
  if (e->kind == RT_EV_EXIT && fn->ret) {
    rt_out_cstr(o, "\"return\": ");
    typed(o, fn->ret, e->value, &d);
  } else if (e->kind == RT_EV_EXIT_UNWIND) {
    rt_out_cstr(o, "\"unwound\": true");
  } else if (e->kind == RT_EV_EXIT_UNFINISHED) {
    rt_out_cstr(o, "\"unfinished\": true");
  } else if (e->kind == RT_EV_EXIT_TAIL) {
    rt_out_cstr(o, "\"tail_call\": true");
  }
  rt_out_cstr(o, "}}");
}

static void chrome_end(rt_sink *s, const rt_trace_stats *st) {
  rt_out *o = s->out;
  for (unsigned i = 0; i < seen.n; ++i) {
    rt_out_cstr(o, s->count || i ? ",\n" : "\n");
    rt_out_cstr(o, "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": ");
    rt_out_u64(o, seen.pid);
    rt_out_cstr(o, ", \"tid\": ");
    rt_out_u64(o, seen.tids[i]);
    rt_out_cstr(o, ", \"args\": {\"name\": \"thread ");
    rt_out_u64(o, seen.tids[i]);
    rt_out_cstr(o, seen.tids[i] == seen.pid ? " (main)\"}}" : "\"}}");
  }
  rt_out_cstr(o, "\n], \"metadata\": {\"total_events\": ");
  rt_out_u64(o, st->events);
  rt_out_cstr(o, ", \"dropped_events\": ");
  rt_out_u64(o, st->dropped);
  rt_out_cstr(o, "}}\n");
}

void rt_chrome_sink(rt_sink *s, rt_out *o) {
  s->begin = chrome_begin;
  s->event = chrome_event;
  s->end = chrome_end;
  s->out = o;
  s->count = 0;
}
