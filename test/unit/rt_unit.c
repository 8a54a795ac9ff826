/*===- rt_unit.c - unit tests of the runtime --------------------------------===
 *
 * Built three times (plain, ASan+UBSan, TSan) against the runtime's own
 * sources and run by test/runtime.test. Prints one line per check and a
 * closing "N passed, M failed".
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (cond) {                                                                \
      ++passed;                                                                \
    } else {                                                                   \
      ++failed;                                                                \
      printf("not ok: %s:%d: ", __FILE__, __LINE__);                          \
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
    CHECK(strcmp(mem_str(), want) == 0, "%s gave '%s', want '%s'", #stmt,     \
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
  EXPECT_OUT(rt_out_json_string(&mem, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
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
  EXPECT_OUT(rt_out_rfc3339(&mem, 0), "\"1970-01-01T00:00:00.000000000+00:00\"");
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
  CHECK(o.total == (uint64_t)n, "total %llu != %zd", (unsigned long long)o.total, n);
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
  rt_cfg = (rt_config){0, RT_FORMAT_TEXT, NULL, 1, 10000, 0, RT_STYLE_AS_IS, 64, UINT32_MAX, 0, NULL};
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
            rt_cfg.sample == 1000 && rt_cfg.buffer_slots == 4096,
        "all options");
  load("1", NULL, "yaml", "-3", "1e6");
  CHECK(rt_cfg.enabled && rt_cfg.format == RT_FORMAT_TEXT &&
            rt_cfg.sample == 1 && rt_cfg.buffer_slots == 10000,
        "bad values fall back to defaults");
  load("1", NULL, NULL, "2147483647", "3");
  CHECK(rt_cfg.sample == 2147483647 && rt_cfg.buffer_slots == 128,
        "largest sample; buffer raised to the minimum");
  load("1", NULL, NULL, " 5", "");
  CHECK(rt_cfg.sample == 1 && rt_cfg.buffer_slots == 10000,
        "spaces and empty strings are rejected");
  load("garbage", NULL, NULL, NULL, NULL);
  CHECK(!rt_cfg.enabled, "garbage switch turns tracing off");
  load(NULL, NULL, NULL, NULL, NULL);
}

static void test_clock(void) {
  rt_clock_start();
  uint64_t t0 = rt_clock_now();
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, NULL);
  uint64_t t1 = rt_clock_now();
  rt_clock_calibrate();
  uint64_t ns = rt_clock_ticks_to_ns(t1 - t0);
  CHECK(ns > 19000000 && ns < 40000000, "20 ms sleep measured as %llu ns",
        (unsigned long long)ns);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  uint64_t wall = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
  uint64_t est = rt_clock_to_wall_ns(rt_clock_now());
  uint64_t diff = est > wall ? est - wall : wall - est;
  CHECK(diff < 1000000, "wall clock estimate off by %llu ns",
        (unsigned long long)diff);
}

/*---- record path and merge -------------------------------------------*/

static __ruchy_trace_type long_t = {.kind = RUCHY_TRACE_K_SINT, .size = 8, .name = "long"};
static const __ruchy_trace_type *const two_longs[] = {&long_t, &long_t};
static const __ruchy_trace_type *const five_longs[] = {&long_t, &long_t, &long_t,
                                                       &long_t, &long_t};
static __ruchy_trace_fn fn2 = {1, 0, 2, 1, 1, 0, "two", "u.c", &long_t,
                               two_longs, 0};
static __ruchy_trace_fn fn5 = {1, 0, 5, 2, 1, 0, "five", "u.c", &long_t,
                               five_longs, 0};

#define CALLS 2000
#define THREADS 4

static void *recorder(void *arg) {
  long k = (long)arg;
  for (long i = 0; i < CALLS; ++i) {
    if (i % 2) {
      uint64_t args[5] = {(uint64_t)k, (uint64_t)i, 3, 4, 5};
      uint64_t tok = __ruchy_trace_enter_v(&fn5, args);
      if (tok)
        __ruchy_trace_exit(&fn5, tok, (uint64_t)i);
    } else {
      uint64_t tok = __ruchy_trace_enter(&fn2, (uint64_t)k, (uint64_t)i);
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
  if (i != c->next_i[t] || (e->fn == &fn5 && (e->args[4] != 5 || e->args[2] != 3)))
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
  rt_cfg.buffer_slots = 4 * CALLS; /* room for every event: 3+1 or 1+1 */
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

/* One thread keeps recording into a small ring while another snapshots
 * it: every event the snapshot yields must be intact. (Under TSan this is
 * the race the seqlock-style copy is built for.) */
static volatile int stop_writer;
static __ruchy_trace_fn fnw = {1, 0, 2, 3, 1, 0, "w", "u.c", &long_t, two_longs, 0};
static void *busy_writer(void *arg) {
  (void)arg;
  for (uint64_t i = 0; !__atomic_load_n(&stop_writer, __ATOMIC_RELAXED); ++i) {
    uint64_t tok = __ruchy_trace_enter(&fnw, i, ~i);
    if (tok)
      __ruchy_trace_exit(&fnw, tok, i);
  }
  return NULL;
}
static void w_event(rt_sink *s, const rt_event *e) {
  collector *c = (collector *)s;
  c->events++;
  if (e->fn != &fnw && e->fn != &fn2 && e->fn != &fn5)
    c->bad++;
  else if (e->fn == &fnw && e->kind == RT_EV_ENTER && e->args[1] != ~e->args[0])
    c->bad++;
}

static void test_snapshot_while_writing(void) {
  rt_cfg.buffer_slots = 256;
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
static __ruchy_trace_fn fnq = {1, 0, 2, 4, 1, 0, "q", "u.c", &long_t, two_longs, 0};
static void *rewinding_writer(void *arg) {
  (void)arg;
  for (uint64_t i = 0; !__atomic_load_n(&stop_writer, __ATOMIC_RELAXED); ++i) {
    uint64_t outer = __ruchy_trace_enter(&fnw, i, ~i);
    uint64_t inner = __ruchy_trace_enter(&fnq, i, ~i);
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
  if (e->fn != &fnw && e->fn != &fnq && e->fn != &fn2 && e->fn != &fn5)
    bad = 1;
  else if (e->kind == RT_EV_ENTER && e->fn != &fn2 && e->fn != &fn5 &&
           e->args[1] != ~e->args[0])
    bad = 1;
  if (bad)
    printf("bad event: kind %u fn %p (w %p q %p) tid %llu args %llx %llx\n",
           e->kind, (const void *)e->fn, (void *)&fnw, (void *)&fnq,
           (unsigned long long)e->tid, (unsigned long long)e->args[0],
           (unsigned long long)e->args[1]);
  c->bad += bad;
}

static void test_rewind_while_snapshotting(void) {
  rt_cfg.buffer_slots = 128;
  rt_min_ticks = rt_clock_estimate_ticks(2000); /* 2 us */
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

/* A value with more "kinds" letters than the JSON writer gathers at once:
 * they are walked again and written as they come. 300 char fields, of
 * which the 256-byte image keeps 256: '{', 256 'c', 44 'x' (cut). */
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
      1, RUCHY_TRACE_F_ARG_DATA, 1, 1, 1, 0, "wide", "u.c", NULL, args, 0};
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
  memset(want + n + 256, 'x', 44);
  strcpy(want + n + 300, "\"}]");
  CHECK(strstr(out, want) != NULL, "kinds of 301 letters: %s",
        strstr(out, "\"kinds\"") ? strstr(out, "\"kinds\"") : out);
  CHECK(strstr(out, "\"c255\": \"a\", \"c256\": null"), "value: %.200s", out);
  const char *k = strstr(out, "\"kinds\"");
  CHECK(k && !strstr(k + 1, "\"kinds\""), "one kinds: %.200s", out);
}

int main(void) {
  test_kinds_overflow();
  test_numbers();
  test_doubles();
  test_strings();
  test_rfc3339();
  test_small_buffer_flush();
  test_config();
  test_clock();
  test_record_merge();
  test_snapshot_while_writing();
  test_rewind_while_snapshotting();
  test_filter();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
