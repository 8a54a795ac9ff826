/*===- rt_layout.c - each format's lines and objects, defined once ----------===
 *
 * The runtime's writers (rt_text.c, rt_json.c, rt_chrome.c) and the
 * ruchytrace tool's convert both lay out events through these functions,
 * so that a trace converted from JSON reads byte for byte as the runtime
 * would have written it. Values are the callers' business (rt_value.c
 * prints them from payloads, the tool from parsed JSON).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_format.h"

/* How an exit left its frame: its JSON flag and its text spelling. */
static const struct {
  const char *json, *text;
} exits[] = {
    [RT_EXIT_RETURN] = {0, 0},
    [RT_EXIT_TAIL_CALL] = {"tail_call", "<tail call>"},
    [RT_EXIT_UNWOUND] = {"unwound", "<unwound>"},
    [RT_EXIT_UNFINISHED] = {"unfinished", "<unfinished>"},
};

const char *rt_exit_json_key(enum rt_exit_how how) { return exits[how].json; }

/* file:line:column, as text shows it and Chrome's "location" holds it. */
static void file_line_column(rt_out *o, const rt_location *loc, int json) {
  if (json)
    rt_out_json_escaped(o, loc->file, loc->file_len);
  else
    rt_out_bytes(o, loc->file, loc->file_len);
  rt_out_char(o, ':');
  rt_out_u64(o, loc->line);
  rt_out_char(o, ':');
  rt_out_u64(o, loc->column);
}

/*---- text
 * -------------------------------------------------------------------*/

void rt_text_begin(rt_out *o, uint64_t sample, const char *attach_note) {
  if (sample > 1) {
    rt_out_cstr(o, "# sampled: 1 in ");
    rt_out_u64(o, sample);
    rt_out_cstr(o, " calls of each thread recorded\n");
  }
  if (attach_note) {
    rt_out_cstr(o, "# " RT_ATTACH_NOTE_KEY ": ");
    rt_out_cstr(o, attach_note);
    rt_out_char(o, '\n');
  }
}

void rt_text_event_start(rt_out *o, int multi_thread, uint64_t tid,
                         uint64_t wall_ns, int enter, const char *name,
                         size_t n) {
  o->line = rt_out_pos(o);
  o->cut = o->line + RT_TEXT_LINE_MAX; /* one value: the whole line's room */
  if (multi_thread) {                  /* as strace -f marks processes */
    rt_out_cstr(o, "[tid ");
    rt_out_u64(o, tid);
    rt_out_cstr(o, "] ");
  }
  rt_out_char(o, '[');
  /* ns since the epoch as seconds with microseconds. */
  rt_out_fixed(o, wall_ns, 9, 6);
  rt_out_cstr(o, enter ? "] -> " : "] <- ");
  rt_out_bytes(o, name, n);
  rt_out_char(o, '(');
}

void rt_text_arg(rt_out *o, unsigned i, const char *type, size_t n,
                 const char *param, size_t pn) {
  if (i)
    rt_out_cstr(o, ", ");
  rt_out_bytes(o, type, n);
  if (param) { /* as a declaration reads: `long n`, `char *s`, `T &x` */
    if (!n || (type[n - 1] != '*' && type[n - 1] != '&'))
      rt_out_char(o, ' ');
    rt_out_bytes(o, param, pn);
  }
  rt_out_char(o, '=');
}

void rt_text_share(uint64_t room, unsigned n, uint64_t *len) {
  /* Water-filling: the values that fit an equal share keep what they
   * need and the rest split what they leave; that share only grows, so
   * each round settles more values or is the last. */
  uint64_t share = n ? room / n : 0;
  for (;;) {
    uint64_t small_sum = 0;
    unsigned small = 0;
    for (unsigned i = 0; i < n; ++i)
      if (len[i] <= share) {
        small_sum += len[i];
        ++small;
      }
    if (small == n)
      return;
    uint64_t next = (room - small_sum) / (n - small);
    if (next == share)
      break;
    share = next;
  }
  for (unsigned i = 0; i < n; ++i)
    if (len[i] > share)
      len[i] = share;
}

void rt_text_share_line(const rt_out *o, uint64_t measured, unsigned n,
                        uint64_t *len) {
  uint64_t values = 0;
  for (unsigned i = 0; i < n; ++i)
    values += len[i];
  uint64_t used = rt_out_pos(o) - o->line + measured - values;
  rt_text_share(used < RT_TEXT_LINE_MAX ? RT_TEXT_LINE_MAX - used : 0, n, len);
}

void rt_text_cut_mark(rt_out *o, uint64_t more) {
  rt_out_cstr(o, ", " RT_ELLIPSIS);
  if (!more)
    return;
  rt_out_cstr(o, " (");
  rt_out_u64(o, more);
  rt_out_cstr(o, " more)");
}

void rt_text_enter_end(rt_out *o, int variadic, unsigned nargs,
                       const rt_location *loc) {
  if (variadic)
    rt_out_cstr(o, nargs ? ", ..." : "...");
  if (!loc->file) {
    rt_out_cstr(o, ") <no debug info>\n");
    return;
  }
  rt_out_cstr(o, ") <");
  file_line_column(o, loc, 0);
  rt_out_cstr(o, ">\n");
}

int rt_text_exit_how(rt_out *o, enum rt_exit_how how, int has_value) {
  rt_out_char(o, ')');
  if (exits[how].text) {
    rt_out_cstr(o, " = ");
    rt_out_cstr(o, exits[how].text);
    return 0;
  }
  if (has_value)
    rt_out_cstr(o, " = ");
  return has_value;
}

void rt_text_exit_end(rt_out *o, uint64_t duration_ns) {
  rt_out_cstr(o, " [");
  rt_out_fixed(o, duration_ns, 6, 3); /* ms with three decimals */
  rt_out_cstr(o, "ms]\n");
}

/*---- JSON events
 * --------------------------------------------------------------*/

static void location(rt_out *o, const rt_location *loc) {
  if (!loc->file) {
    rt_out_cstr(o, "null");
    return;
  }
  rt_out_cstr(o, "{\"file\": ");
  rt_out_json_stringn(o, loc->file, loc->file_len);
  rt_out_cstr(o, ", \"line\": ");
  rt_out_u64(o, loc->line);
  rt_out_cstr(o, ", \"column\": ");
  rt_out_u64(o, loc->column);
  rt_out_char(o, '}');
}

void rt_json_enter_start(rt_out *o, const char *name, size_t n) {
  rt_out_cstr(o, "{\"type\": \"function_enter\", \"name\": ");
  rt_out_json_stringn(o, name, n);
  rt_out_cstr(o, ", \"args\": [");
}

void rt_json_arg_sep(rt_out *o, unsigned i) {
  if (i)
    rt_out_cstr(o, ", ");
}

void rt_json_enter_end(rt_out *o, int variadic, const rt_location *loc) {
  rt_out_char(o, ']');
  if (variadic) /* only the fixed arguments are shown */
    rt_out_cstr(o, ", \"variadic\": true");
  rt_out_cstr(o, ", \"location\": ");
  location(o, loc);
}

void rt_json_exit_start(rt_out *o, const char *name, size_t n) {
  rt_out_cstr(o, "{\"type\": \"function_exit\", \"name\": ");
  rt_out_json_stringn(o, name, n);
  rt_out_cstr(o, ", \"return_value\": ");
}

void rt_json_exit_end(rt_out *o, enum rt_exit_how how, uint64_t duration_ns) {
  if (exits[how].json) {
    rt_out_cstr(o, ", \"");
    rt_out_cstr(o, exits[how].json);
    rt_out_cstr(o, "\": true");
  }
  rt_out_cstr(o, ", \"duration_ns\": ");
  rt_out_u64(o, duration_ns);
}

void rt_json_event_end(rt_out *o, uint64_t wall_ns, uint64_t tid) {
  rt_out_cstr(o, ", \"timestamp_ns\": ");
  rt_out_u64(o, wall_ns);
  rt_out_cstr(o, ", \"thread_id\": ");
  rt_out_u64(o, tid);
  rt_out_char(o, '}');
}

void rt_json_typed_start(rt_out *o, const char *type, size_t n) {
  rt_out_cstr(o, "{\"type_info\": {\"name\": ");
  rt_out_json_stringn(o, type, n);
  rt_out_cstr(o, ", \"fields\": ");
}

void rt_json_typed_value(rt_out *o) { rt_out_cstr(o, "}, \"value\": "); }

void rt_json_typed_end(rt_out *o, const char *kinds, size_t n,
                       const char *param, size_t pn) {
  if (n) {
    rt_json_kinds_open(o);
    rt_out_bytes(o, kinds, n);
    rt_out_char(o, '"');
  }
  if (param) {
    rt_out_cstr(o, ", \"param\": ");
    rt_out_json_stringn(o, param, pn);
  }
  rt_out_char(o, '}');
}

void rt_json_kinds_open(rt_out *o) { rt_out_cstr(o, ", \"kinds\": \""); }

const rt_json_seps rt_json_lines_seps = {"{\n    ", ",\n    ", "\n  }"};
const rt_json_seps rt_json_one_line_seps = {"{", ", ", "}"};

/* The spec's four, the process id (Chrome's pid), and the sampling period:
 * 1 in N calls of each thread recorded, named as the spec's TraceConfig
 * names it. */
const char *const rt_json_metadata_keys[] = {"program",
                                             "start_time",
                                             "ruchy_version",
                                             "ruchyruchy_version",
                                             "pid",
                                             "sample_rate",
                                             0};

void rt_json_metadata(rt_out *o, const rt_json_seps *s, const char *program,
                      uint64_t start_wall_ns, const char *version, uint64_t pid,
                      uint64_t sample, const char *attach_note) {
  rt_out_cstr(o, s->open);
  for (unsigned i = 0; rt_json_metadata_keys[i]; ++i) {
    if (i)
      rt_out_cstr(o, s->sep);
    rt_out_char(o, '"');
    rt_out_cstr(o, rt_json_metadata_keys[i]);
    rt_out_cstr(o, "\": ");
    switch (i) {
    case 0:
      rt_out_json_string(o, program);
      break;
    case 1:
      rt_out_rfc3339(o, start_wall_ns);
      break;
    case 2: /* no Ruchy compiler in the loop: both are this project's */
    case 3:
      rt_out_json_string(o, version);
      break;
    case 4:
      rt_out_u64(o, pid);
      break;
    default:
      rt_out_u64(o, sample);
    }
  }
  if (attach_note) {
    rt_out_cstr(o, s->sep);
    rt_out_cstr(o, "\"" RT_ATTACH_NOTE_KEY "\": ");
    rt_out_json_string(o, attach_note);
  }
  rt_out_cstr(o, s->close);
}

void rt_json_stats(rt_out *o, const rt_json_seps *s, uint64_t events,
                   uint64_t dropped, uint64_t duration_ns) {
  rt_out_cstr(o, s->open);
  rt_out_cstr(o, "\"total_events\": ");
  rt_out_u64(o, events);
  rt_out_cstr(o, s->sep);
  rt_out_cstr(o, "\"dropped_events\": ");
  rt_out_u64(o, dropped);
  rt_out_cstr(o, s->sep);
  rt_out_cstr(o, "\"duration_ns\": ");
  rt_out_u64(o, duration_ns);
  rt_out_cstr(o, s->close);
}

/*---- Chrome Trace Event JSON
 * ----------------------------------------------------*/

void rt_chrome_note_thread(rt_chrome_threads *t, uint64_t tid) {
  for (unsigned i = 0; i < t->n; ++i)
    if (t->tids[i] == tid)
      return;
  if (t->n < RT_CHROME_THREADS)
    t->tids[t->n++] = tid;
}

void rt_chrome_begin(rt_out *o, const char *program, size_t n,
                     uint64_t start_wall_ns, const char *version, size_t vn,
                     uint64_t sample, const char *attach_note) {
  rt_out_cstr(o, "{\"displayTimeUnit\": \"ns\", \"otherData\": {\"program\": ");
  rt_out_json_stringn(o, program, n);
  rt_out_cstr(o, ", \"start_time\": ");
  rt_out_rfc3339(o, start_wall_ns);
  rt_out_cstr(o, ", \"ruchy_version\": ");
  rt_out_json_stringn(o, version, vn);
  rt_out_cstr(o, ", \"sample_rate\": ");
  rt_out_u64(o, sample);
  if (attach_note) {
    rt_out_cstr(o, ", \"" RT_ATTACH_NOTE_KEY "\": ");
    rt_out_json_string(o, attach_note);
  }
  rt_out_cstr(o, "}, \"traceEvents\": [");
}

void rt_chrome_event_start(rt_out *o, uint64_t count, int enter,
                           const char *name, size_t n, uint64_t wall_ns,
                           uint64_t start_wall_ns, uint64_t pid, uint64_t tid) {
  rt_out_cstr(o, count ? ",\n" : "\n");
  rt_out_cstr(o, "{\"name\": ");
  rt_out_json_stringn(o, name, n);
  rt_out_cstr(o, enter ? ", \"cat\": \"function\", \"ph\": \"B\", \"ts\": "
                       : ", \"cat\": \"function\", \"ph\": \"E\", \"ts\": ");
  rt_out_fixed(o, wall_ns > start_wall_ns ? wall_ns - start_wall_ns : 0, 3, 3);
  rt_out_cstr(o, ", \"pid\": ");
  rt_out_u64(o, pid);
  rt_out_cstr(o, ", \"tid\": ");
  rt_out_u64(o, tid);
  rt_out_cstr(o, ", \"args\": {");
}

void rt_chrome_arg_start(rt_out *o, unsigned i, const char *type, size_t n,
                         const char *param, size_t pn) {
  rt_out_cstr(o, i ? ", \"arg" : "\"arg");
  rt_out_u64(o, i);
  rt_out_cstr(o, "\": {\"type\": ");
  rt_out_json_stringn(o, type, n);
  if (param) {
    rt_out_cstr(o, ", \"param\": ");
    rt_out_json_stringn(o, param, pn);
  }
  rt_out_cstr(o, ", \"value\": ");
}

void rt_chrome_location(rt_out *o, unsigned nargs, const rt_location *loc) {
  if (!loc->file)
    return;
  /* file:line:col as one string: Perfetto shows it as is. */
  rt_out_cstr(o, nargs ? ", \"location\": \"" : "\"location\": \"");
  file_line_column(o, loc, 1);
  rt_out_char(o, '"');
}

int rt_chrome_exit_how(rt_out *o, enum rt_exit_how how, const char *type,
                       size_t n) {
  if (exits[how].json) {
    rt_out_char(o, '"');
    rt_out_cstr(o, exits[how].json);
    rt_out_cstr(o, "\": true");
    return 0;
  }
  if (!type)
    return 0;
  rt_out_cstr(o, "\"return\": {\"type\": ");
  rt_out_json_stringn(o, type, n);
  rt_out_cstr(o, ", \"value\": ");
  return 1;
}

void rt_chrome_event_end(rt_out *o) { rt_out_cstr(o, "}}"); }

void rt_chrome_end(rt_out *o, uint64_t count, const rt_chrome_threads *t,
                   uint64_t pid, uint64_t events, uint64_t dropped) {
  for (unsigned i = 0; i < t->n; ++i) {
    rt_out_cstr(o, count || i ? ",\n" : "\n");
    rt_out_cstr(o, "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": ");
    rt_out_u64(o, pid);
    rt_out_cstr(o, ", \"tid\": ");
    rt_out_u64(o, t->tids[i]);
    rt_out_cstr(o, ", \"args\": {\"name\": \"thread ");
    rt_out_u64(o, t->tids[i]);
    rt_out_cstr(o, t->tids[i] == pid ? " (main)\"}}" : "\"}}");
  }
  rt_out_cstr(o, "\n], \"metadata\": {\"total_events\": ");
  rt_out_u64(o, events);
  rt_out_cstr(o, ", \"dropped_events\": ");
  rt_out_u64(o, dropped);
  rt_out_cstr(o, "}}\n");
}
