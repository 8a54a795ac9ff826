/*===- rt_unit.c - unit tests of the runtime --------------------------------===
 *
 * Built three times (plain, ASan+UBSan, TSan) against the runtime's own
 * sources and run by test/runtime.test. Prints one line per check and a
 * closing "N passed, M failed".
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (cond) {                                                                \
      ++passed;                                                                \
    } else {                                                                   \
      ++failed;                                                                \
      printf("not ok: %s:%d: ", __FILE__, __LINE__);                           \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
    }                                                                          \
  } while (0)

/* Formats with `fn` into a small writer and compares the text. */
static char outbuf[256];
static rt_out mem;
static void mem_reset(void) { rt_out_init(&mem, -1, outbuf, sizeof outbuf); }
static const char *mem_str(void) {
  outbuf[mem.len] = 0;
  return outbuf;
}
#define EXPECT_OUT(stmt, want)                                                 \
  do {                                                                         \
    mem_reset();                                                               \
    stmt;                                                                      \
    CHECK(strcmp(mem_str(), want) == 0, "%s gave '%s', want '%s'", #stmt,      \
          mem_str(), want);                                                    \
  } while (0)

static void test_numbers(void) {
  EXPECT_OUT(rt_out_u64(&mem, 0), "0");
  EXPECT_OUT(rt_out_u64(&mem, 9), "9");
  EXPECT_OUT(rt_out_u64(&mem, 10), "10");
  EXPECT_OUT(rt_out_u64(&mem, 100), "100");
  EXPECT_OUT(rt_out_u64(&mem, UINT64_MAX), "18446744073709551615");
  EXPECT_OUT(rt_out_i64(&mem, INT64_MIN), "-9223372036854775808");
  EXPECT_OUT(rt_out_i64(&mem, -1), "-1");
  EXPECT_OUT(rt_out_hex(&mem, 0), "0x0");
  EXPECT_OUT(rt_out_hex(&mem, 0xdeadbeef), "0xdeadbeef");
  EXPECT_OUT(rt_out_hex(&mem, UINT64_MAX), "0xffffffffffffffff");
  /* seconds.microseconds from ns, truncated; ms with 3 decimals */
  EXPECT_OUT(rt_out_fixed(&mem, 1761761183405413218ull, 9, 6),
             "1761761183.405413");
  EXPECT_OUT(rt_out_fixed(&mem, 39801, 6, 3), "0.039");
  EXPECT_OUT(rt_out_fixed(&mem, 1000000, 6, 3), "1.000");
  EXPECT_OUT(rt_out_fixed(&mem, 5, 9, 6), "0.000000");
}

static void test_doubles(void) {
  EXPECT_OUT(rt_out_double(&mem, 0.1, 1), "0.1");
  EXPECT_OUT(rt_out_double(&mem, 1.0, 1), "1.0");
  EXPECT_OUT(rt_out_double(&mem, -2.5, 0), "-2.5");
  EXPECT_OUT(rt_out_double(&mem, 1e300, 1), "1e+300");
  EXPECT_OUT(rt_out_double(&mem, 1.0 / 3.0, 1), "0.3333333333333333");
  EXPECT_OUT(rt_out_double(&mem, (double)0.1f, 1), "0.10000000149011612");
  EXPECT_OUT(rt_out_double(&mem, NAN, 1), "\"nan\"");
  EXPECT_OUT(rt_out_double(&mem, -INFINITY, 0), "-inf");
  EXPECT_OUT(rt_out_double(&mem, INFINITY, 1), "\"inf\"");
}

static void test_strings(void) {
  EXPECT_OUT(rt_out_json_string(&mem, "plain"), "\"plain\"");
  EXPECT_OUT(rt_out_json_string(&mem, "a\"b\\c\n\t\x01"),
             "\"a\\\"b\\\\c\\n\\t\\u0001\"");
  EXPECT_OUT(
      rt_out_json_string(&mem, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
      "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  /* Invalid UTF-8 (stray continuation, overlong, truncated, surrogate)
   * never reaches a JSON parser: each bad byte is U+FFFD, in UTF-8, so
   * that unescaping and escaping again (the tool's convert) is identity. */
#define FFFD "\xef\xbf\xbd"
  EXPECT_OUT(rt_out_json_string(&mem, "\x80x\xc0\xafy\xe2\x82"),
             "\"" FFFD "x" FFFD FFFD "y" FFFD FFFD "\"");
  EXPECT_OUT(rt_out_json_string(&mem, "\xed\xa0\x80"),
             "\"" FFFD FFFD FFFD "\"");
  EXPECT_OUT(rt_out_json_stringn(&mem, "a\0b\"", 4), "\"a\\u0000b\\\"\"");
  EXPECT_OUT(rt_out_char_byte(&mem, 0xff, 0), "'\\xff'");
  EXPECT_OUT(rt_out_char_byte(&mem, 0x80, 1), "\"\\\\x80\"");
  EXPECT_OUT(rt_out_text_char(&mem, 'A', 0), "'A'");
  EXPECT_OUT(rt_out_text_char(&mem, '\'', 0), "'\\''");
  EXPECT_OUT(rt_out_text_char(&mem, '\n', 0), "'\\x0a'");
  EXPECT_OUT(rt_out_text_char(&mem, 0, 1), "\"\\u0000\"");
  EXPECT_OUT(rt_out_text_char(&mem, 0x20ac, 1), "\"\xe2\x82\xac\"");
  EXPECT_OUT(rt_out_text_char(&mem, 0xd800, 1), "\"\xef\xbf\xbd\"");
}

static void test_rfc3339(void) {
  EXPECT_OUT(rt_out_rfc3339(&mem, 0),
             "\"1970-01-01T00:00:00.000000000+00:00\"");
  EXPECT_OUT(rt_out_rfc3339(&mem, 951782400ull * 1000000000ull + 5),
             "\"2000-02-29T00:00:00.000000005+00:00\"");
  EXPECT_OUT(rt_out_rfc3339(&mem, 1761761183405460200ull),
             "\"2025-10-29T18:06:23.405460200+00:00\"");
  EXPECT_OUT(rt_out_rfc3339(&mem, 4102444799999999999ull),
             "\"2099-12-31T23:59:59.999999999+00:00\"");
}

static void test_small_buffer_flush(void) {
  /* A writer smaller than what is written flushes through write(2). */
  char path[] = "/tmp/rt_unit_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0, "mkstemp");
  char small[8];
  rt_out o;
  rt_out_init(&o, fd, small, sizeof small);
  for (int i = 0; i < 1000; ++i) {
    rt_out_u64(&o, (uint64_t)i);
    rt_out_char(&o, ',');
  }
  rt_out_json_string(&o, "a long string that does not fit in eight bytes");
  rt_out_flush(&o);
  CHECK(o.failed == 0, "write failed: %d", o.failed);
  char buf[8192];
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  buf[n > 0 ? n : 0] = 0;
  CHECK(strncmp(buf, "0,1,2,3,", 8) == 0 && strstr(buf, "998,999,\"a long"),
        "flushed content wrong: %.40s", buf);
  CHECK(o.total == (uint64_t)n, "total %llu != %zd",
        (unsigned long long)o.total, n);
  close(fd);
  unlink(path);
  /* A closed descriptor: the error is remembered, nothing crashes. */
  rt_out_init(&o, 1000, small, sizeof small);
  rt_out_cstr(&o, "0123456789abcdef");
  rt_out_flush(&o);
  CHECK(o.failed != 0, "write to a bad fd did not fail");
}

static void set(const char *k, const char *v) {
  if (v)
    setenv(k, v, 1);
  else
    unsetenv(k);
}

static void load(const char *trace, const char *out, const char *fmt,
                 const char *sample, const char *buffer) {
  set("RUCHY_TRACE", trace);
  set("RUCHY_TRACE_OUTPUT", out);
  set("RUCHY_TRACE_FORMAT", fmt);
  set("RUCHY_TRACE_SAMPLE", sample);
  set("RUCHY_TRACE_BUFFER", buffer);
  rt_cfg = (rt_config)RT_CONFIG_DEFAULTS;
  rt_config_load();
}

static void test_config(void) {
  load(NULL, NULL, NULL, NULL, NULL);
  CHECK(!rt_cfg.enabled, "enabled with nothing set");
  load("1", NULL, NULL, NULL, NULL);
  CHECK(rt_cfg.enabled && !rt_cfg.output && rt_cfg.format == RT_FORMAT_TEXT,
        "RUCHY_TRACE=1: text on stderr");
  load(NULL, "t.json", NULL, NULL, NULL);
  CHECK(rt_cfg.enabled && rt_cfg.format == RT_FORMAT_JSON,
        "an output enables, .json means json");
  load(NULL, "T.TXT", NULL, NULL, NULL);
  CHECK(rt_cfg.format == RT_FORMAT_TEXT, ".TXT means text");
  load("off", "t.json", NULL, NULL, NULL);
  CHECK(!rt_cfg.enabled, "explicit off wins over an output");
  load("yes", "t.json", "TEXT", "1000", "4096");
  CHECK(rt_cfg.enabled && rt_cfg.format == RT_FORMAT_TEXT &&
            rt_cfg.sample == 1000 && rt_cfg.buffer_events == 4096,
        "all options");
  load("1", NULL, "yaml", "-3", "1e6");
  CHECK(rt_cfg.enabled && rt_cfg.format == RT_FORMAT_TEXT &&
            rt_cfg.sample == 1 && rt_cfg.buffer_events == 10000,
        "bad values fall back to defaults");
  load("1", NULL, NULL, "2147483647", "3");
  CHECK(rt_cfg.sample == 2147483647 && rt_cfg.buffer_events == 3,
        "largest sample; a small buffer is kept as asked");
  load("1", NULL, NULL, " 5", "");
  CHECK(rt_cfg.sample == 1 && rt_cfg.buffer_events == 10000,
        "spaces and empty strings are rejected");
  load("garbage", NULL, NULL, NULL, NULL);
  CHECK(!rt_cfg.enabled, "garbage switch turns tracing off");
  load(NULL, "t.jsonl", NULL, NULL, NULL);
  CHECK(rt_cfg.format == RT_FORMAT_NDJSON, ".jsonl means NDJSON");
  load(NULL, "t.json", "Chrome", NULL, NULL);
  CHECK(rt_cfg.format == RT_FORMAT_CHROME, "a named format wins");
  load(NULL, NULL, NULL, NULL, NULL);
  /* The C API infers the format with the same function (it once read
   * .ndjson as JSON). */
  static const struct {
    const char *path;
    enum rt_format format;
  } paths[] = {{NULL, RT_FORMAT_TEXT},        {"t.log", RT_FORMAT_TEXT},
               {"T.TXT", RT_FORMAT_TEXT},     {"t.ndjson", RT_FORMAT_NDJSON},
               {"t.JSONL", RT_FORMAT_NDJSON}, {"t.json", RT_FORMAT_JSON},
               {"trace", RT_FORMAT_JSON},     {".txt.json", RT_FORMAT_JSON}};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; ++i)
    CHECK(rt_format_for_path(paths[i].path) == paths[i].format,
          "format for '%s'", paths[i].path ? paths[i].path : "(stderr)");
  /* Option values compare ASCII letters without case, nothing else. */
  CHECK(rt_ieq("Stream", "sTREAM") && rt_ieq("", "") && !rt_ieq("on", "o") &&
            !rt_ieq("o", "on") && !rt_ieq("@", "`") && !rt_ieq("[", "{") &&
            !rt_ieq("\xc9", "\xe9"),
        "rt_ieq");
  enum rt_format f = RT_FORMAT_TEXT;
  CHECK(rt_format_named("NDJSON", &f) && f == RT_FORMAT_NDJSON &&
            !rt_format_named("yaml", &f) && f == RT_FORMAT_NDJSON,
        "format names");
}

static uint64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The calibrated clock against CLOCK_MONOTONIC over the same interval, so
 * that a sleep stretched by a loaded machine cannot fail it. */
static void test_clock(void) {
  rt_clock_start();
  uint64_t m0 = mono_ns(), t0 = rt_clock_now();
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, NULL);
  uint64_t t1 = rt_clock_now(), m1 = mono_ns();
  rt_clock_calibrate();
  uint64_t ns = rt_clock_ticks_to_ns(t1 - t0), want = m1 - m0;
  CHECK(ns >= 19000000 && ns <= want + want / 20,
        "20 ms sleep measured as %llu ns, CLOCK_MONOTONIC says %llu ns",
        (unsigned long long)ns, (unsigned long long)want);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  uint64_t wall = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
  uint64_t est = rt_clock_to_wall_ns(rt_clock_now());
  uint64_t diff = est > wall ? est - wall : wall - est;
  CHECK(diff < 1000000, "wall clock estimate off by %llu ns",
        (unsigned long long)diff);
}

/*---- record path and merge -------------------------------------------*/

static __ruchy_trace_type long_t = {
    .kind = RUCHY_TRACE_K_SINT, .size = 8, .name = "long"};
static const __ruchy_trace_type *const two_longs[] = {&long_t, &long_t};
static const __ruchy_trace_type *const five_longs[] = {
    &long_t, &long_t, &long_t, &long_t, &long_t};
static __ruchy_trace_fn fn2 = {1,     0,     2,       1,         1, 0,
                               "two", "u.c", &long_t, two_longs, 0, NULL};
static __ruchy_trace_fn fn5 = {1,      0,     5,       2,          1, 0,
                               "five", "u.c", &long_t, five_longs, 0, NULL};

/* Events carry the runtime's copies of descriptors (rt_image.c): an event
 * is "of" a fixture when it has its name. */
static int is(const rt_event *e, const __ruchy_trace_fn *f) {
  return e->fn && strcmp(e->fn->name, f->name) == 0;
}

#define CALLS 2000
#define THREADS 4

static void *recorder(void *arg) {
  long k = (long)arg;
  for (long i = 0; i < CALLS; ++i) {
    if (i % 2) {
      uint64_t args[5] = {(uint64_t)k, (uint64_t)i, 3, 4, 5};
      uint64_t tok = __ruchy_trace_enter_v(&fn5, args, NULL);
      if (tok)
        __ruchy_trace_exit(&fn5, tok, (uint64_t)i);
    } else {
      uint64_t tok = __ruchy_trace_enter(&fn2, (uint64_t)k, (uint64_t)i, NULL);
      if (tok)
        __ruchy_trace_exit(&fn2, tok, (uint64_t)i);
    }
  }
  return NULL;
}

typedef struct {
  rt_sink sink;
  uint64_t last_ticks, events, enters, bad;
  uint64_t tids[THREADS + 2];
  long next_i[THREADS + 2];
  unsigned ntids;
} collector;

static void col_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)s;
  (void)st;
}
static void col_event(rt_sink *s, const rt_event *e) {
  collector *c = (collector *)s;
  if (e->ticks < c->last_ticks)
    c->bad++;
  c->last_ticks = e->ticks;
  c->events++;
  if (e->kind != RT_EV_ENTER)
    return;
  c->enters++;
  unsigned t = 0;
  while (t < c->ntids && c->tids[t] != e->tid)
    ++t;
  if (t == c->ntids && c->ntids < THREADS + 2)
    c->tids[c->ntids++] = e->tid;
  long k = (long)e->args[0], i = (long)e->args[1];
  /* Per thread, calls come in program order with their own k. */
  if (i != c->next_i[t] ||
      (is(e, &fn5) && (e->args[4] != 5 || e->args[2] != 3)))
    c->bad++;
  c->next_i[t] = i + 1;
  (void)k;
}
static void col_end(rt_sink *s, const rt_trace_stats *st) {
  (void)s;
  (void)st;
}

/* Merges every ring once into a fresh collector that checks each event
 * with `check`. */
static void collect(collector *c, void (*check)(rt_sink *, const rt_event *)) {
  memset(c, 0, sizeof *c);
  c->sink.begin = col_begin;
  c->sink.event = check;
  c->sink.end = col_end;
  rt_merge_emit(&c->sink, rt_clock_now(), 0);
}

static void test_record_merge(void) {
  rt_cfg.enabled = 1;
  rt_cfg.sample = 1;
  rt_cfg.buffer_events = 4 * CALLS; /* room for every event: 3+1 or 1+1 */
  rt_images_register(&fn2, &fn2 + 1, 1);
  rt_images_register(&fn5, &fn5 + 1, 1);
  pthread_t t[THREADS];
  for (long k = 0; k < THREADS; ++k)
    pthread_create(&t[k], NULL, recorder, (void *)k);
  for (int k = 0; k < THREADS; ++k)
    pthread_join(t[k], NULL);
  collector c;
  collect(&c, col_event);
  CHECK(c.events == 2ull * THREADS * CALLS, "merged %llu events",
        (unsigned long long)c.events);
  CHECK(c.ntids == THREADS, "%u distinct threads", c.ntids);
  CHECK(c.bad == 0, "%llu events out of order or wrong",
        (unsigned long long)c.bad);
}

/* The inlined check subtracts the state (0 or 1) from the countdown: a
 * countdown a signal handler left negative sends a function that is not
 * traced to the runtime, which must reset the countdown (to N-1: the Nth
 * call records) and record nothing; a traced function records. */
static void test_stray_countdown(void) {
  static __ruchy_trace_fn off = {0,   0,     2,       3,         1, 0,
                                 "o", "u.c", &long_t, two_longs, 0, NULL};
  rt_cfg.sample = 5;
  __ruchy_trace_countdown = -1;
  uint64_t tok = __ruchy_trace_enter(&off, 1, 2, NULL);
  CHECK(tok == 0 && __ruchy_trace_countdown == 4,
        "untraced function: token %llu, countdown %d", (unsigned long long)tok,
        __ruchy_trace_countdown);
  __ruchy_trace_countdown = -1;
  tok = __ruchy_trace_enter(&fn2, 1, 2, NULL);
  CHECK(tok != 0 && __ruchy_trace_countdown == 4,
        "traced function: token %llu, countdown %d", (unsigned long long)tok,
        __ruchy_trace_countdown);
  if (tok)
    __ruchy_trace_exit(&fn2, tok, 3);
  rt_cfg.sample = 1;
}

/* One thread keeps recording into a small ring while another snapshots
 * it: every event the snapshot yields must be intact. (Under TSan this is
 * the race the seqlock-style copy is built for.) */
static volatile int stop_writer;
static __ruchy_trace_fn fnw = {1,   0,     2,       3,         1, 0,
                               "w", "u.c", &long_t, two_longs, 0, NULL};
static void *busy_writer(void *arg) {
  (void)arg;
  for (uint64_t i = 0; !__atomic_load_n(&stop_writer, __ATOMIC_RELAXED); ++i) {
    uint64_t tok = __ruchy_trace_enter(&fnw, i, ~i, NULL);
    if (tok)
      __ruchy_trace_exit(&fnw, tok, i);
  }
  return NULL;
}
static void w_event(rt_sink *s, const rt_event *e) {
  collector *c = (collector *)s;
  c->events++;
  if (!is(e, &fnw) && !is(e, &fn2) && !is(e, &fn5))
    c->bad++;
  else if (is(e, &fnw) && e->kind == RT_EV_ENTER && e->args[1] != ~e->args[0])
    c->bad++;
}

static void test_snapshot_while_writing(void) {
  rt_cfg.buffer_events = 256;
  rt_images_register(&fnw, &fnw + 1, 1);
  pthread_t t;
  pthread_create(&t, NULL, busy_writer, NULL);
  for (int round = 0; round < 50; ++round) {
    collector c;
    collect(&c, w_event);
    CHECK(c.bad == 0, "round %d: %llu torn events", round,
          (unsigned long long)c.bad);
  }
  __atomic_store_n(&stop_writer, 1, __ATOMIC_RELAXED);
  pthread_join(t, NULL);
}

/* RUCHY_TRACE_MIN_DURATION rewinds head; a concurrent snapshot must
 * notice (seq) and never yield an erased or half-rewritten record. */
static __ruchy_trace_fn fnq = {1,   0,     2,       4,         1, 0,
                               "q", "u.c", &long_t, two_longs, 0, NULL};
static void *rewinding_writer(void *arg) {
  (void)arg;
  for (uint64_t i = 0; !__atomic_load_n(&stop_writer, __ATOMIC_RELAXED); ++i) {
    uint64_t outer = __ruchy_trace_enter(&fnw, i, ~i, NULL);
    uint64_t inner = __ruchy_trace_enter(&fnq, i, ~i, NULL);
    if (inner)
      __ruchy_trace_exit(&fnq, inner, i); /* short: erased */
    if (i % 8 == 0)
      for (volatile int k = 0; k < 20000; ++k)
        ;
    if (outer)
      __ruchy_trace_exit(&fnw, outer, i); /* kept when slow */
  }
  return NULL;
}
static void q_event(rt_sink *s, const rt_event *e) {
  collector *c = (collector *)s;
  c->events++;
  int bad = 0;
  if (!is(e, &fnw) && !is(e, &fnq) && !is(e, &fn2) && !is(e, &fn5))
    bad = 1;
  else if (e->kind == RT_EV_ENTER && !is(e, &fn2) && !is(e, &fn5) &&
           e->args[1] != ~e->args[0])
    bad = 1;
  if (bad)
    printf("bad event: kind %u fn %s tid %llu args %llx %llx\n", e->kind,
           e->fn->name, (unsigned long long)e->tid,
           (unsigned long long)e->args[0], (unsigned long long)e->args[1]);
  c->bad += bad;
}

static void test_rewind_while_snapshotting(void) {
  rt_cfg.buffer_events = 128;
  rt_min_ticks = rt_clock_estimate_ticks(2000); /* 2 us */
  rt_images_register(&fnq, &fnq + 1, 1);
  __atomic_store_n(&stop_writer, 0, __ATOMIC_RELAXED);
  pthread_t t;
  pthread_create(&t, NULL, rewinding_writer, NULL);
  uint64_t seen = 0;
  for (int round = 0; round < 50; ++round) {
    collector c;
    collect(&c, q_event);
    CHECK(c.bad == 0, "round %d: %llu torn or erased events", round,
          (unsigned long long)c.bad);
    seen += c.events;
  }
  __atomic_store_n(&stop_writer, 1, __ATOMIC_RELAXED);
  pthread_join(t, NULL);
  rt_min_ticks = 0;
  CHECK(seen > 0, "the snapshots saw no events at all");
}

/* A library unloaded and another loaded at the same address: events name
 * the image loaded when they were recorded (copies kept at unload), and a
 * descriptor in no image is shown as <unknown> without losing the events
 * after it. */
static __ruchy_trace_fn lib[2];
static char lib_names[2][16];
static __ruchy_trace_fn stray = {1,       0,     5,       9,          1, 0,
                                 "stray", "u.c", &long_t, five_longs, 0, NULL};
static uint64_t lib_ticks[2];

static void load_lib(const char *prefix, unsigned nargs) {
  for (int k = 0; k < 2; ++k) {
    snprintf(lib_names[k], sizeof lib_names[k], "%s_%c", prefix, 'a' + k);
    lib[k] = (__ruchy_trace_fn){1,
                                0,
                                (uint16_t)nargs,
                                (uint32_t)k,
                                1,
                                0,
                                lib_names[k],
                                "u.c",
                                &long_t,
                                five_longs,
                                (const void *)(uintptr_t)(0x1000 + k),
                                NULL};
  }
  rt_images_register(lib, lib + 2, 1);
}

static void *lib_calls(void *arg) {
  (void)arg;
  uint64_t args[5] = {1, 2, 3, 4, 5};
  for (int k = 0; k < 2; ++k) {
    uint64_t tok = __ruchy_trace_enter_v(&lib[k], args, NULL);
    __ruchy_trace_exit(&lib[k], tok, 7);
  }
  uint64_t tok = __ruchy_trace_enter_v(&stray, args, NULL);
  __ruchy_trace_exit(&stray, tok, 7);
  return NULL;
}

typedef struct {
  rt_sink sink;
  char names[16][16];
  unsigned nargs[16], n;
} namer;
static void name_event(rt_sink *s, const rt_event *e) {
  namer *c = (namer *)s;
  if (is(e, &fn2) || is(e, &fn5) || is(e, &fnw) || is(e, &fnq))
    return; /* the earlier tests' threads */
  if (c->n < 16 && e->kind == RT_EV_ENTER) {
    snprintf(c->names[c->n], sizeof c->names[0], "%s", e->fn->name);
    c->nargs[c->n++] = e->nargs;
  }
}

static void test_unloaded_images(void) {
  rt_cfg.buffer_events = 256;
  load_lib("first", 1);
  pthread_t t;
  pthread_create(&t, NULL, lib_calls, NULL);
  pthread_join(t, NULL);
  lib_ticks[0] = rt_clock_now();
  rt_images_unregister(lib, lib + 2, 1);
  memset(lib_names, 'X', sizeof lib_names); /* the unloaded image is gone */
  load_lib("second", 5);
  pthread_create(&t, NULL, lib_calls, NULL);
  pthread_join(t, NULL);
  lib_ticks[1] = rt_clock_now();
  namer c;
  memset(&c, 0, sizeof c);
  c.sink.begin = col_begin;
  c.sink.event = name_event;
  c.sink.end = col_end;
  rt_merge_emit(&c.sink, rt_clock_now(), 0);
  /* The two threads' entries, in time order. */
  static const char *const want[] = {"first_a",  "first_b",  "<unknown>",
                                     "second_a", "second_b", "<unknown>"};
  static const unsigned want_args[] = {1, 1, 0, 5, 5, 0};
  unsigned found = 0;
  for (unsigned i = 0; i < c.n; ++i)
    if (found < 6 && !strcmp(c.names[i], want[found]) &&
        c.nargs[i] == want_args[found])
      ++found;
  CHECK(found == 6, "unloaded and reloaded images: matched %u of 6 entries",
        found);
  CHECK(c.sink.unnamed == 4, "%llu events shown as <unknown>, want 4",
        (unsigned long long)c.sink.unnamed);
  /* Function pointers are named after what was loaded when recorded. */
  rt_images_when(lib_ticks[0]);
  const char *n0 = rt_images_name_of(0x1001);
  rt_images_when(lib_ticks[1]);
  const char *n1 = rt_images_name_of(0x1001);
  CHECK(n0 && !strcmp(n0, "first_b"), "0x1001 then: %s", n0 ? n0 : "null");
  CHECK(n1 && !strcmp(n1, "second_b"), "0x1001 now: %s", n1 ? n1 : "null");
}

/* RUCHY_TRACE_BUFFER counts events: records of 22 slots (64 arguments)
 * make a new thread's ring grow several times while this thread snapshots
 * it; every snapshot is intact, and at the end each thread's buffer holds
 * exactly its newest `keep` events. */
#define GROW_KEEP 40
#define GROW_CALLS 300
#define GROW_THREADS 40
static const __ruchy_trace_type *sixty_four[RT_MAX_ARGS];
static __ruchy_trace_fn fn64 = {1,     0,       RT_MAX_ARGS, 5, 1,   0, "wide",
                                "u.c", &long_t, sixty_four,  0, NULL};
static void *wide_writer(void *arg) {
  (void)arg;
  uint64_t args[RT_MAX_ARGS];
  for (uint64_t i = 0; i < GROW_CALLS; ++i) {
    for (unsigned k = 0; k < RT_MAX_ARGS; ++k)
      args[k] = i * 1000 + k;
    uint64_t tok = __ruchy_trace_enter_v(&fn64, args, NULL);
    if (tok)
      __ruchy_trace_exit(&fn64, tok, i);
  }
  return NULL;
}
/* test_unloaded_images leaves its events (some deliberately <unknown>)
 * in this thread's ring. */
static int from_unload_test(const rt_event *e) {
  const char *n = e->fn ? e->fn->name : "";
  return !strncmp(n, "first_", 6) || !strncmp(n, "second_", 7) ||
         !strcmp(n, "<unknown>") || is(e, &stray);
}
static void g_event(rt_sink *s, const rt_event *e) {
  collector *c = (collector *)s;
  c->events++;
  if (!is(e, &fn64) && !is(e, &fnw) && !is(e, &fnq) && !is(e, &fn2) &&
      !is(e, &fn5) && !from_unload_test(e))
    c->bad++;
  else if (is(e, &fn64) && e->kind == RT_EV_ENTER)
    for (unsigned k = 0; k < RT_MAX_ARGS; ++k)
      c->bad += e->args[k] != e->args[0] + k;
}
static void g_count(rt_sink *s, const rt_event *e) {
  collector *c = (collector *)s;
  if (!is(e, &fn64) || e->kind == RT_EV_EXIT_UNFINISHED)
    return;
  c->events++;
  if (e->kind == RT_EV_ENTER) {
    c->enters++;
    c->bad += e->args[0] / 1000 < GROW_CALLS - GROW_KEEP / 2;
  }
}

static void test_grow_while_snapshotting(void) {
  for (unsigned k = 0; k < RT_MAX_ARGS; ++k)
    sixty_four[k] = &long_t;
  rt_cfg.buffer_events = GROW_KEEP;
  rt_images_register(&fn64, &fn64 + 1, 1);
  for (int round = 0; round < GROW_THREADS; ++round) {
    pthread_t t;
    pthread_create(&t, NULL, wide_writer, NULL);
    for (int k = 0; k < 2; ++k) {
      collector c;
      collect(&c, g_event);
      CHECK(c.bad == 0, "round %d: %llu torn events", round,
            (unsigned long long)c.bad);
    }
    pthread_join(t, NULL);
  }
  collector c;
  collect(&c, g_count);
  CHECK(c.events == GROW_THREADS * GROW_KEEP &&
            c.enters == GROW_THREADS * GROW_KEEP / 2 && c.bad == 0,
        "kept %llu events (%llu calls, %llu old) of %d threads, want %d each",
        (unsigned long long)c.events, (unsigned long long)c.enters,
        (unsigned long long)c.bad, GROW_THREADS, GROW_KEEP);
}

static void test_filter(void) {
  CHECK(rt_filter_parse("important_*,-*_helper"), "valid filter");
  CHECK(rt_filter_match("important_work"), "include");
  CHECK(!rt_filter_match("important_helper"), "exclude wins");
  CHECK(!rt_filter_match("other"), "not included");
  CHECK(rt_filter_parse("-ns::*"), "exclude only");
  CHECK(rt_filter_match("main") && !rt_filter_match("ns::f"), "exclude only");
  CHECK(!rt_filter_parse(""), "empty");
  CHECK(!rt_filter_parse("a,,b"), "empty element");
  CHECK(!rt_filter_parse("a,-"), "lone minus");
  CHECK(rt_filter_match("anything"), "a rejected filter matches all");
}

/*---- rt_safe_copy: readable memory is read, bad memory is not ----------*/

static size_t copy_str(const void *p, char *out, int *complete) {
  return rt_safe_copy(out, (uintptr_t)p, 65, 1, complete);
}
static char *map(size_t n, int prot) {
  char *p = mmap(NULL, n, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* Memory that changed after the runtime last read the mappings. Runs first
 * in its process: the first read fills the cache. With the fault net
 * (`net`), stale cached ranges are read directly and fault. */
static int test_safe_stale(int net) {
  int before = failed, complete;
  char out[80];
  char *gone = map(4096, PROT_READ | PROT_WRITE),
       *locked = map(4096, PROT_READ | PROT_WRITE);
  strcpy(gone, "gone");
  strcpy(locked, "locked");
  CHECK(copy_str(gone, out, &complete) == 4 && complete, "net %d: cached", net);
  munmap(gone, 4096);
  mprotect(locked, 4096, PROT_NONE);
  CHECK(copy_str(gone, out, &complete) == (size_t)-1, "net %d: unmapped", net);
  CHECK(copy_str(locked, out, &complete) == (size_t)-1, "net %d: PROT_NONE",
        net);
  char *fresh = map(4096, PROT_READ | PROT_WRITE); /* after the cache */
  strcpy(fresh, "fresh");
  CHECK(copy_str(fresh, out, &complete) == 5 && complete &&
            !memcmp(out, "fresh", 5),
        "net %d: new mapping", net);
  munmap(fresh, 4096);
  munmap(locked, 4096);
  return failed - before;
}

static void *fresh_reader(void *arg) {
  long bad = 0;
  for (int i = 0; i < 100; ++i) {
    char *p = map(4096 * (1 + i % 3), PROT_READ | PROT_WRITE), out[80];
    snprintf(p, 64, "thread %ld page %d", (long)arg, i);
    int complete;
    size_t n = copy_str(p, out, &complete);
    bad += n != strlen(p) || !complete || memcmp(out, p, n);
    munmap(p, 4096 * (1 + i % 3));
  }
  return (void *)bad;
}

static void test_safe_copy(void) {
  int complete;
  char out[80];
  CHECK(copy_str("hello", out, &complete) == 5 && complete, "literal");
  CHECK(copy_str((void *)1, out, &complete) == (size_t)-1, "garbage");
  CHECK(copy_str((void *)(1ull << 50), out, &complete) == (size_t)-1,
        "non-canonical");
  char *none = map(4096, PROT_NONE);
  CHECK(copy_str(none, out, &complete) == (size_t)-1, "PROT_NONE");
  /* Two pages: the second unmapped, then mapped again after the cache. */
  char *two = map(8192, PROT_READ | PROT_WRITE);
  memcpy(two + 4093, "end", 3);
  munmap(two + 4096, 4096);
  errno = EINTR;
  CHECK(copy_str(two + 4093, out, &complete) == 3 && !complete,
        "string cut by the end of the mapping");
  CHECK(errno == EINTR, "errno kept: %d", errno);
  uint64_t v[2];
  CHECK(rt_safe_copy(v, (uintptr_t)(two + 4088), 16, 0, &complete) == 8 &&
            !complete,
        "struct half mapped");
  char *again = mmap(two + 4096, 4096, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (again == two + 4096) {
    strcpy(again, "-continued");
    CHECK(copy_str(two + 4093, out, &complete) == 13 && complete &&
              !memcmp(out, "end-continued", 13),
          "string running into a page mapped since");
  }
  munmap(two, 8192);
  munmap(none, 4096);
  pthread_t t[4];
  for (long k = 0; k < 4; ++k)
    pthread_create(&t[k], NULL, fresh_reader, (void *)k);
  for (int k = 0; k < 4; ++k) {
    void *bad;
    pthread_join(t[k], &bad);
    CHECK(bad == NULL, "thread %d: %ld wrong reads", k, (long)bad);
  }
}

/* A pattern matches the qualified name, its last path component, any tail
 * after a `::` when the pattern has a `::` itself, or any of these without
 * trailing generic arguments (rt_name_filter.h). */
static void test_filter_names(void) {
  static const struct {
    const char *pattern, *name;
    int match;
  } cases[] = {
      {"important_*", "prog::important_calc", 1},
      {"important_*", "ns::Class::important_x", 1},
      {"important_*", "ns::important_ns::helper", 0},
      {"prog::important_*", "prog::important_calc", 1},
      {"helper", "prog::helper", 1},
      {"helper", "prog::helpers", 0},
      {"twice", "twice<int>", 1},
      {"ns::twice", "ns::twice<std::pair<int, int> >", 1},
      {"twice", "ns::twice<int>::inner", 0},
      {"fmt", "<prog::P as core::fmt::Display>::fmt", 1},
      {"Display", "<prog::P as core::fmt::Display>::fmt", 0},
      {"{closure#0}", "prog::main::{closure#0}", 1},
      {"main::*", "prog::main::{closure#0}", 1},
      {"Env::*", "interp::eval::Env::new", 1},
      {"eval::Env::*", "interp::eval::Env::new::{closure#0}", 1},
      {"Env::*", "interp::eval::Envelope::new", 0},
      {"Env::new", "interp::eval::Env::new<u8>", 1},
      {"val::Env::*", "interp::eval::Env::new", 0},
      {"*main::*", "prog::main::{closure#0}", 1},
      {"{closure#0}", "std::rt::lang_start::{closure#0}<()>", 1},
      {"fold", "core::iter::fold<fn(i64) -> prog::W, u8>", 1},
      {"operator<=>", "ns::operator<=>", 1},
      {"operator", "ns::operator<=>", 0},
      {"operator<<", "std::operator<<<char, std::char_traits<char> >", 1},
      {"operator->", "ns::Ptr::operator->", 1},
      {"operator()", "__gnu_cxx::_Iter::operator()<int *>", 1},
      {"f", "(anonymous namespace)::f", 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    CHECK(rt_filter_parse(cases[i].pattern), "parse %s", cases[i].pattern);
    CHECK(rt_filter_match(cases[i].name) == cases[i].match,
          "'%s' on '%s' should %smatch", cases[i].pattern, cases[i].name,
          cases[i].match ? "" : "not ");
  }
}

/* A value with more "kinds" letters than the JSON writer gathers at once:
 * they are walked again and written as they come. 300 char fields, of
 * which the 256-byte image keeps 256: '{', 256 'c', and one 'x' for the
 * "…" that stands for the 44 fields past the image. */
static void test_kinds_overflow(void) {
  static __ruchy_trace_type char_t = {
      .kind = RUCHY_TRACE_K_CHAR, .size = 1, .name = "char"};
  static __ruchy_trace_field fields[300];
  static char names[300][8];
  for (int i = 0; i < 300; ++i) {
    snprintf(names[i], sizeof names[i], "c%d", i);
    fields[i] = (__ruchy_trace_field){names[i], &char_t, (uint32_t)i, 0, 0};
  }
  static __ruchy_trace_type wide_t = {.kind = RUCHY_TRACE_K_STRUCT,
                                      .flags = RUCHY_TRACE_T_BYREF,
                                      .size = 300,
                                      .count = 300,
                                      .name = "struct wide",
                                      .members = fields};
  static const __ruchy_trace_type *const args[] = {&wide_t};
  static __ruchy_trace_fn fn = {
      1,   RUCHY_TRACE_F_ARG_DATA, 1, 1, 1, 0, "wide", "u.c", NULL, args, 0,
      NULL};
  static char value[300], out[16384], want[400];
  memset(value, 'a', sizeof value);
  static rt_event e;
  e.kind = RT_EV_ENTER;
  e.fn = &fn;
  e.nargs = 1;
  e.args[0] = (uint64_t)(uintptr_t)value;
  e.data_len = (uint32_t)rt_capture(args, 1, e.args, e.data);
  rt_out o;
  rt_out_init(&o, -1, out, sizeof out - 1);
  rt_sink s;
  rt_cfg.json_style = RT_STYLE_AS_IS;
  rt_json_sink(&s, &o);
  s.event(&s, &e);
  out[o.len] = 0;
  size_t n = 0;
  n += (size_t)snprintf(want, sizeof want, "\"kinds\": \"{");
  memset(want + n, 'c', 256);
  strcpy(want + n + 256, "x\"}]");
  CHECK(strstr(out, want) != NULL, "kinds of 258 letters: %s",
        strstr(out, "\"kinds\"") ? strstr(out, "\"kinds\"") : out);
  CHECK(strstr(out, "\"c255\": \"a\", \"\xe2\x80\xa6\": null}"),
        "value: %.200s", out);
  const char *k = strstr(out, "\"kinds\"");
  CHECK(k && !strstr(k + 1, "\"kinds\""), "one kinds: %.200s", out);
}

int main(void) {
  /* The stale-cache cases need a process whose cache is still empty: one
   * child with the runtime's fault net, this process without. */
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    rt_signals_install();
    int f = test_safe_stale(1);
    fflush(stdout);
    _exit(f != 0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "with the fault net (status %d)", status);
  test_safe_stale(0);
  test_safe_copy();
  test_kinds_overflow();
  test_numbers();
  test_doubles();
  test_strings();
  test_rfc3339();
  test_small_buffer_flush();
  test_config();
  test_clock();
  test_record_merge();
  test_stray_countdown();
  test_snapshot_while_writing();
  test_rewind_while_snapshotting();
  test_unloaded_images();
  test_grow_while_snapshotting();
  test_filter();
  test_filter_names();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
