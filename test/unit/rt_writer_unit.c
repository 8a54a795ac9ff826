/*===- rt_writer_unit.c - unit tests of the trace writers
 * --------------------===
 *
 * A small event stream of two threads (arguments and return values, data
 * captured as the record path captures it, a void return, tail-called,
 * unwound and unfinished frames, a variadic function without debug info)
 * fed to each sink as rt_merge.c feeds it, into memory; every document is
 * compared whole with the one README.md and rt_layout.c describe. With a
 * path prefix, the documents are also written to PREFIX.{json,txt,ndjson,
 * chrome.json} for test/values.test to read back with Python.
 *
 * The clock is started but never calibrated, so a tick is a nanosecond
 * and the expected timestamps and durations are exact.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"
#include "unit_check.h"

#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const __ruchy_trace_type t_int = SCALAR(SINT, 4, "int"),
                                t_long = SCALAR(SINT, 8, "long"),
                                t_char = SCALAR(CHAR, 1, "char"),
                                t_cstr_field =
                                    SCALAR(CSTRING, 8, "const char *");
static const __ruchy_trace_follow f_cstr = FOLLOW(CSTRING, 0, 0, 0, 0),
                                  f_pair = FOLLOW(CSTRING, 8, 0, 0, 0);
static const __ruchy_trace_type t_cstr = {.kind = RUCHY_TRACE_K_CSTRING,
                                          .nfollows = 1,
                                          .size = 8,
                                          .name = "const char *",
                                          .follows = &f_cstr};
/* struct pair { int n; const char *s; }, returned by value. */
static const __ruchy_trace_field pair_f[] = {{"n", &t_int, 0, 0, 0},
                                             {"s", &t_cstr_field, 8, 0, 0}};
static const __ruchy_trace_type t_pair =
    BYREF(STRUCT, 16, "struct pair", .count = 2, .members = pair_f,
          .nfollows = 1, .follows = &f_pair);

static const __ruchy_trace_type *const add_args[] = {&t_int, &t_int};
static const __ruchy_trace_type *const greet_args[] = {&t_cstr};
static const __ruchy_trace_type *const mk_args[] = {&t_int};
static const __ruchy_trace_type *const worker_args[] = {&t_long, &t_char};
#define LOC RUCHY_TRACE_F_LOCATION
#define FN(nm, file_, line_, col, flags_, ret_, n, args_)                      \
  {.state = 1,                                                                 \
   .flags = (flags_),                                                          \
   .nargs = (n),                                                               \
   .line = (line_),                                                            \
   .column = (col),                                                            \
   .name = (nm),                                                               \
   .file = (file_),                                                            \
   .ret = (ret_),                                                              \
   .args = (args_)}
// clang-format off
static __ruchy_trace_fn
    main_fn = FN("main", "calc.c", 10, 5, LOC, &t_int, 0, NULL),
    add_fn = FN("add", "calc.c", 3, 5, LOC, &t_int, 2, add_args),
    greet_fn = FN("greet", "dir/say \"hi\".c", 7, 6,
                  LOC | RUCHY_TRACE_F_ARG_DATA, NULL, 1, greet_args),
    mk_fn = FN("make_pair", "calc.c", 20, 13, LOC | RUCHY_TRACE_F_RET_DATA,
               &t_pair, 1, mk_args),
    worker_fn = FN("worker", NULL, 0, 0,
                   RUCHY_TRACE_F_VARIADIC | RUCHY_TRACE_F_NO_DEBUG, &t_int, 2,
                   worker_args),
    spin_fn = FN("spin", "calc.c", 30, 5, LOC, &t_int, 0, NULL);
// clang-format on

/*---- the events ------------------------------------------------------------*/

#define NEV 12
/* Thread ids above PID_MAX_LIMIT (2^22): never this process's pid, which
 * Chrome's thread names would mark "(main)". */
#define T1 4200101u
#define T2 4200202u
static rt_event ev[NEV];
static unsigned nev;
static uint64_t base; /* the ticks of offset 0 */
static const uint64_t end_off = 200000;

static rt_event *event(unsigned kind, const __ruchy_trace_fn *fn, uint64_t tid,
                       uint64_t off) {
  rt_event *e = &ev[nev++];
  memset(e, 0, sizeof *e);
  e->kind = kind, e->fn = fn, e->tid = tid, e->ticks = base + off;
  return e;
}

static void enter(const __ruchy_trace_fn *fn, uint64_t tid, uint64_t off,
                  uint64_t a0, uint64_t a1) {
  rt_event *e = event(RT_EV_ENTER, fn, tid, off);
  e->nargs = fn->nargs;
  e->args[0] = a0, e->args[1] = a1;
  if (fn->flags & RUCHY_TRACE_F_ARG_DATA) /* as rt_enter_data does */
    e->data_len = (uint32_t)rt_capture(fn->args, fn->nargs, e->args, e->data);
}

static void leave(const __ruchy_trace_fn *fn, unsigned kind, uint64_t tid,
                  uint64_t off, uint64_t entry_off, uint64_t ret) {
  rt_event *e = event(kind, fn, tid, off);
  e->entry_ticks = base + entry_off;
  e->value = ret;
  if (kind == RT_EV_EXIT && (fn->flags & RUCHY_TRACE_F_RET_DATA))
    e->data_len = (uint32_t)rt_capture(&fn->ret, 1, &e->value, e->data);
}

static struct {
  int n;
  const char *s;
} pair = {9, "nine"};

static void make_events(void) {
  nev = 0;
  enter(&main_fn, T1, 1000, 0, 0);
  enter(&add_fn, T1, 2000, 2, 3);
  leave(&add_fn, RT_EV_EXIT, T1, 42000, 2000, 5);
  enter(&greet_fn, T1, 50000, (uint64_t)(uintptr_t)"Ann", 0);
  enter(&worker_fn, T2, 60000, 7, 'z');
  leave(&greet_fn, RT_EV_EXIT, T1, 70000, 50000, 0);
  enter(&mk_fn, T1, 80000, 9, 0);
  leave(&mk_fn, RT_EV_EXIT, T1, 95000, 80000, (uint64_t)(uintptr_t)&pair);
  enter(&spin_fn, T2, 100000, 0, 0);
  leave(&spin_fn, RT_EV_EXIT_TAIL, T2, 101000, 100000, 0);
  leave(&worker_fn, RT_EV_EXIT_UNWIND, T2, 120000, 60000, 0);
  /* rt_merge closes frames still open at the end of the trace. */
  leave(&main_fn, RT_EV_EXIT_UNFINISHED, T1, end_off, 1000, 0);
}

/* Drives a sink as rt_merge_emit does; returns the document. */
static const char *run(void (*make)(rt_sink *, rt_out *), int multi) {
  static char buf[32768];
  rt_out o;
  rt_out_init(&o, -1, buf, sizeof buf - 1);
  rt_sink s;
  memset(&s, 0, sizeof s);
  make(&s, &o);
  s.multi_thread = multi;
  rt_trace_stats st = {NEV, 0, 2, base + end_off};
  s.begin(&s, &st);
  for (unsigned i = 0; i < nev; ++i, s.count++)
    s.event(&s, &ev[i]);
  s.end(&s, &st);
  CHECK(o.total == 0, "the document did not fit in memory");
  buf[o.len] = 0;
  return buf;
}

/*---- the expected documents ----------------------------------------------*/

static char want[32768];
static size_t wn;
static uint64_t w0, d0; /* wall time of offset 0, and since the start */
static int pid;

static void add(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  wn += (size_t)vsnprintf(want + wn, sizeof want - wn, fmt, ap);
  va_end(ap);
}

static const uint64_t offs[NEV] = {1000,   2000,   42000,  50000,
                                   60000,  70000,  80000,  95000,
                                   100000, 101000, 120000, 200000};
static const unsigned tids[NEV] = {T1, T1, T1, T1, T2, T1,
                                   T1, T1, T2, T2, T2, T1};

/* Text: after "[tid N] [s.us] ". */
static const char *const text_lines[NEV] = {
    "-> main() <calc.c:10:5>",
    "-> add(int=2, int=3) <calc.c:3:5>",
    "<- add() = 5 [0.040ms]",
    "-> greet(const char *=\"Ann\") <dir/say \"hi\".c:7:6>",
    "-> worker(long=7, char='z', ...) <no debug info>",
    "<- greet() [0.020ms]",
    "-> make_pair(int=9) <calc.c:20:13>",
    "<- make_pair() = {n: 9, s: \"nine\"} [0.015ms]",
    "-> spin() <calc.c:30:5>",
    "<- spin() = <tail call> [0.001ms]",
    "<- worker() = <unwound> [0.060ms]",
    "<- main() = <unfinished> [0.199ms]",
};

#define INT(v)                                                                 \
  "{\"type_info\": {\"name\": \"int\", \"fields\": null}, \"value\": " v "}"
#define AT(line, col)                                                          \
  "\"location\": {\"file\": \"calc.c\", \"line\": " line ", \"column\": " col  \
  "}"
/* JSON: before ", \"timestamp_ns\": T, \"thread_id\": N}". */
static const char *const json_events[NEV] = {
    "{\"type\": \"function_enter\", \"name\": \"main\", \"args\": [], " AT("10",
                                                                           "5"),
    "{\"type\": \"function_enter\", \"name\": \"add\", \"args\": [" INT(
        "2") ", " INT("3") "], " AT("3", "5"),
    "{\"type\": \"function_exit\", \"name\": \"add\", \"return_value\": " INT(
        "5") ", \"duration_ns\": 40000",
    "{\"type\": \"function_enter\", \"name\": \"greet\", \"args\": "
    "[{\"type_info\": {\"name\": \"const char *\", \"fields\": null}, "
    "\"value\": \"Ann\"}], \"location\": {\"file\": \"dir/say \\\"hi\\\".c\", "
    "\"line\": 7, \"column\": 6}",
    "{\"type\": \"function_enter\", \"name\": \"worker\", \"args\": "
    "[{\"type_info\": {\"name\": \"long\", \"fields\": null}, \"value\": 7}, "
    "{\"type_info\": {\"name\": \"char\", \"fields\": null}, \"value\": \"z\", "
    "\"kinds\": \"c\"}], \"variadic\": true, \"location\": null",
    "{\"type\": \"function_exit\", \"name\": \"greet\", \"return_value\": "
    "null, \"duration_ns\": 20000",
    "{\"type\": \"function_enter\", \"name\": \"make_pair\", \"args\": "
    "[" INT("9") "], " AT("20", "13"),
    "{\"type\": \"function_exit\", \"name\": \"make_pair\", \"return_value\": "
    "{\"type_info\": {\"name\": \"struct pair\", \"fields\": [[\"n\", "
    "\"int\"], [\"s\", \"const char *\"]]}, \"value\": {\"n\": 9, \"s\": "
    "\"nine\"}}, \"duration_ns\": 15000",
    "{\"type\": \"function_enter\", \"name\": \"spin\", \"args\": [], " AT("30",
                                                                           "5"),
    "{\"type\": \"function_exit\", \"name\": \"spin\", \"return_value\": null, "
    "\"tail_call\": true, \"duration_ns\": 1000",
    "{\"type\": \"function_exit\", \"name\": \"worker\", \"return_value\": "
    "null, \"unwound\": true, \"duration_ns\": 60000",
    "{\"type\": \"function_exit\", \"name\": \"main\", \"return_value\": null, "
    "\"unfinished\": true, \"duration_ns\": 199000",
};

/* Chrome: the event's name, phase and "args" members. */
#define CINT(i, v) "\"arg" i "\": {\"type\": \"int\", \"value\": " v "}"
static const struct {
  const char *name, *ph, *args;
} chrome_events[NEV] = {
    {"main", "B", "\"location\": \"calc.c:10:5\""},
    {"add", "B",
     CINT("0", "2") ", " CINT("1", "3") ", \"location\": "
                                        "\"calc.c:3:5\""},
    {"add", "E", "\"return\": {\"type\": \"int\", \"value\": 5}"},
    {"greet", "B",
     "\"arg0\": {\"type\": \"const char *\", \"value\": \"Ann\"}, "
     "\"location\": \"dir/say \\\"hi\\\".c:7:6\""},
    {"worker", "B",
     "\"arg0\": {\"type\": \"long\", \"value\": 7}, \"arg1\": {\"type\": "
     "\"char\", \"value\": \"z\"}"},
    {"greet", "E", ""},
    {"make_pair", "B", CINT("0", "9") ", \"location\": \"calc.c:20:13\""},
    {"make_pair", "E",
     "\"return\": {\"type\": \"struct pair\", \"value\": {\"n\": 9, \"s\": "
     "\"nine\"}}"},
    {"spin", "B", "\"location\": \"calc.c:30:5\""},
    {"spin", "E", "\"tail_call\": true"},
    {"worker", "E", "\"unwound\": true"},
    {"main", "E", "\"unfinished\": true"},
};

static unsigned long long wall(unsigned i) { return w0 + offs[i]; }

/* RFC 3339 by gmtime, not by the runtime's own formatting. */
static const char *start_time(void) {
  static char s[64];
  uint64_t ns = rt_clock_start_wall_ns();
  time_t secs = (time_t)(ns / 1000000000u);
  struct tm tm;
  gmtime_r(&secs, &tm);
  snprintf(s, sizeof s, "%04d-%02d-%02dT%02d:%02d:%02d.%09llu+00:00",
           tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
           tm.tm_sec, (unsigned long long)(ns % 1000000000u));
  return s;
}

static void metadata(const char *open, const char *sep, const char *close) {
  add("%s\"program\": \"rt_value_unit\"%s\"start_time\": \"%s\"%s"
      "\"ruchy_version\": \"%s\"%s\"ruchyruchy_version\": \"%s\"%s"
      "\"pid\": %d%s\"sample_rate\": 1%s",
      open, sep, start_time(), sep, RUCHYTRACE_VERSION, sep, RUCHYTRACE_VERSION,
      sep, pid, sep, close);
}

static void stats(const char *open, const char *sep, const char *close) {
  add("%s\"total_events\": 12%s\"dropped_events\": 0%s\"duration_ns\": "
      "%llu%s",
      open, sep, sep, (unsigned long long)(d0 + end_off), close);
}

static void json_event(unsigned i) {
  add("%s, \"timestamp_ns\": %llu, \"thread_id\": %u}", json_events[i], wall(i),
      tids[i]);
}

static void expect_doc(const char *what, const char *got) {
  want[wn] = 0;
  size_t k = 0;
  while (got[k] && got[k] == want[k])
    ++k;
  CHECK(!strcmp(got, want),
        "%s differs at byte %zu:\n got: %.160s\nwant: %.160s", what, k, got + k,
        want + k);
}

static void save(const char *prefix, const char *ext, const char *doc) {
  if (!prefix)
    return;
  char path[4096];
  snprintf(path, sizeof path, "%s%s", prefix, ext);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, doc, strlen(doc)) == (ssize_t)strlen(doc),
        "cannot write %s", path);
  if (fd >= 0)
    close(fd);
}

/* rt_out_double with its cache of formatted doubles writes what it writes
 * without one: for values met again (hits), for values sharing a slot
 * (every slot is overwritten many times over), -0.0 beside 0.0, and the
 * text and JSON spellings of nan and inf, which the cache must not keep. */
static void double_cache_tests(void) {
  static rt_dcache cache;
  static char a[1 << 16], b[1 << 16];
  uint64_t x = 0x9E3779B97F4A7C15u;
  double pool[600];
  for (unsigned i = 0; i < 600; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    uint64_t bits = i % 3 ? x : x >> (i % 64); /* subnormals, tiny, huge */
    memcpy(&pool[i], &bits, sizeof bits);
  }
  const double special[] = {0.0,       -0.0,      1.0,       0.1,       1e300,
                            -2.5e-308, 0.0 / 0.0, 1.0 / 0.0, -1.0 / 0.0};
  for (unsigned i = 0; i < 9; ++i)
    pool[i * 60] = special[i];
  unsigned mismatched = 0;
  for (unsigned round = 0; round < 20; ++round) {
    rt_out oa, ob;
    rt_out_init(&oa, -1, a, sizeof a);
    rt_out_init(&ob, -1, b, sizeof b);
    ob.dcache = &cache;
    for (unsigned i = 0; i < 600; ++i) {
      unsigned k = (i * 7 + round * 13) % (round < 10 ? 600 : 40);
      size_t la = oa.len, lb = ob.len;
      rt_out_double(&oa, pool[k], (int)(i & 1));
      rt_out_double(&ob, pool[k], (int)(i & 1));
      if (oa.len - la != ob.len - lb ||
          memcmp(a + la, b + lb, oa.len - la) != 0)
        ++mismatched;
    }
  }
  CHECK(mismatched == 0, "the double cache changed %u doubles", mismatched);
}

/* rt_text_share: values that fit an equal share keep what they need, the
 * rest split what is left equally (floor), and nothing is handed out twice. */
static void share_tests(void) {
  static const struct {
    uint64_t room;
    unsigned n;
    uint64_t len[4], want[4];
  } cases[] = {
      {200, 3, {10, 500, 500}, {10, 95, 95}},        /* the small one whole */
      {100, 2, {250, 5}, {95, 5}},                   /* a large one first */
      {200, 3, {40, 50, 60}, {40, 50, 60}},          /* all fit: as they are */
      {90, 3, {20, 40, 100}, {20, 35, 35}},          /* settles in two rounds */
      {120, 4, {10, 30, 45, 200}, {10, 30, 40, 40}}, /* two settle */
      {0, 2, {5, 7}, {0, 0}},                        /* a line already full */
      {7, 2, {300, 300}, {3, 3}},                    /* the floor of a share */
  };
  for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
    uint64_t len[4];
    memcpy(len, cases[c].len, sizeof len);
    rt_text_share(cases[c].room, cases[c].n, len);
    for (unsigned i = 0; i < cases[c].n; ++i)
      CHECK(len[i] == cases[c].want[i], "share case %u value %u: %llu not %llu",
            c, i, (unsigned long long)len[i],
            (unsigned long long)cases[c].want[i]);
  }
}

void writer_tests(const char *prefix) {
  double_cache_tests();
  share_tests();
  rt_clock_start();
  /* What rt_output_info sets before each write: the trace starts with
   * the clock. */
  uint64_t mult;
  rt_clock_get(&rt_info.start_ticks, &rt_info.start_wall_ns, &mult);
  base = rt_clock_now();
  w0 = rt_clock_to_wall_ns(base);
  d0 = w0 - rt_clock_start_wall_ns();
  pid = (int)getpid();
  make_events();

  wn = 0;
  for (unsigned i = 0; i < NEV; ++i)
    add("[tid %u] [%llu.%06llu] %s\n", tids[i], wall(i) / 1000000000u,
        wall(i) % 1000000000u / 1000u, text_lines[i]);
  const char *doc = run(rt_text_sink, 1);
  expect_doc("text", doc);
  save(prefix, ".txt", doc);
  /* One thread: no "[tid N] " (only the first line is compared). */
  doc = run(rt_text_sink, 0);
  wn = 0;
  add("[%llu.%06llu] %s\n", wall(0) / 1000000000u,
      wall(0) % 1000000000u / 1000u, text_lines[0]);
  CHECK(!strncmp(doc, want, wn), "single thread: %.80s", doc);

  wn = 0;
  add("{\n  \"metadata\": ");
  metadata("{\n    ", ",\n    ", "\n  }");
  add(",\n  \"events\": [");
  for (unsigned i = 0; i < NEV; ++i) {
    add(i ? ",\n    " : "\n    ");
    json_event(i);
  }
  add("\n  ],\n  \"stats\": ");
  stats("{\n    ", ",\n    ", "\n  }");
  add("\n}\n");
  doc = run(rt_json_sink, 1);
  expect_doc("JSON", doc);
  save(prefix, ".json", doc);

  wn = 0;
  add("{\"metadata\": ");
  metadata("{", ", ", "}");
  add("}\n");
  for (unsigned i = 0; i < NEV; ++i) {
    json_event(i);
    add("\n");
  }
  add("{\"stats\": ");
  stats("{", ", ", "}");
  add("}\n");
  doc = run(rt_ndjson_sink, 1);
  expect_doc("NDJSON", doc);
  save(prefix, ".ndjson", doc);

  /* The C API's drain: the events as one JSON array. */
  wn = 0;
  add("[");
  for (unsigned i = 0; i < NEV; ++i) {
    add(i ? ",\n  " : "\n  ");
    json_event(i);
  }
  add("\n]\n");
  expect_doc("JSON array", run(rt_json_array_sink, 1));

  wn = 0;
  add("{\"displayTimeUnit\": \"ns\", \"otherData\": {\"program\": "
      "\"rt_value_unit\", \"start_time\": \"%s\", \"ruchy_version\": \"%s\", "
      "\"sample_rate\": 1}, \"traceEvents\": [",
      start_time(), RUCHYTRACE_VERSION);
  for (unsigned i = 0; i < NEV; ++i) {
    unsigned long long us = d0 + offs[i];
    add("%s{\"name\": \"%s\", \"cat\": \"function\", \"ph\": \"%s\", \"ts\": "
        "%llu.%03llu, \"pid\": %d, \"tid\": %u, \"args\": {%s}}",
        i ? ",\n" : "\n", chrome_events[i].name, chrome_events[i].ph, us / 1000,
        us % 1000, pid, tids[i], chrome_events[i].args);
  }
  for (unsigned t = T1; t <= T2; t += T2 - T1)
    add(",\n{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": %d, \"tid\": "
        "%u, \"args\": {\"name\": \"thread %u\"}}",
        pid, t, t);
  add("\n], \"metadata\": {\"total_events\": 12, \"dropped_events\": 0}}\n");
  doc = run(rt_chrome_sink, 1);
  expect_doc("Chrome", doc);
  save(prefix, ".chrome.json", doc);
}
