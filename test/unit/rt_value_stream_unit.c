/*===- rt_value_stream_unit.c - Rust values, the record budget, bad streams ===
 *
 * The value printer (rt_value.c) on Rust's shapes (&str, String, enums with
 * and without niches, slices), on records whose data ran past the budget
 * (rt_capture.c cuts them), and on streams no capture would make: short,
 * lying about their lengths, random. Whatever the stream, the output is
 * bounded, parses as JSON and reads nothing past the stream (ASan).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"
#include "unit_check.h"

#include <stdlib.h>
#include <string.h>

static const __ruchy_trace_type t_i32 = SCALAR(SINT, 4, "i32"),
                                t_u8 = SCALAR(UINT, 1, "u8"),
                                t_u32 = SCALAR(UINT, 4, "u32"),
                                t_usize = SCALAR(UINT, 8, "usize"),
                                t_u16p = SCALAR(PTR, 8, "u16 *"),
                                t_ref_i64 = SCALAR(PTR, 8, "&i64"),
                                t_str_field = SCALAR(STRSLICE, 16, "&str");

/* &str { data_ptr, length }, String { vec: { buf, len } } as rustc lays
 * them out; the pass finds the pointer and length (sliceLayout). */
static const __ruchy_trace_follow f_str = FOLLOW(SLICE, 0, 8, 0, 0);
static const __ruchy_trace_type t_str =
    BYREF(STRSLICE, 16, "&str", .nfollows = 1, .follows = &f_str);
static const __ruchy_trace_follow f_string = FOLLOW(SLICE, 8, 16, 0, 0);
static const __ruchy_trace_type t_string =
    BYREF(STRSLICE, 24, "String", .nfollows = 1, .follows = &f_string);

/* Option<i32>: a 4-byte discriminant, the value at 4. */
static const __ruchy_trace_type t_none = {
    .kind = RUCHY_TRACE_K_STRUCT, .size = 8, .name = "None"};
static const __ruchy_trace_field some_i32[] = {{"__0", &t_i32, 4, 0, 0}};
static const __ruchy_trace_type t_some_i32 = {.kind = RUCHY_TRACE_K_STRUCT,
                                              .flags = RUCHY_TRACE_T_TUPLE,
                                              .size = 8,
                                              .count = 1,
                                              .name = "Some",
                                              .members = some_i32};
static const __ruchy_trace_variant opt_i32_v[] = {
    {"None", &t_none, 0, 1, 0}, {"Some", &t_some_i32, 1, 1, 0}};
static const __ruchy_trace_variants opt_i32 = {0, 4, 2, 0, opt_i32_v};
static const __ruchy_trace_type t_opt_i32 =
    BYREF(VARIANT, 8, "Option<i32>", .count = 2, .members = &opt_i32);

/* Result<u8, &str>: Err is the niche (a non-null data pointer where Ok
 * has its discriminant 0); both variants' strings are followed. */
static const __ruchy_trace_field ok_u8[] = {{"__0", &t_u8, 8, 0, 0}};
static const __ruchy_trace_type t_ok = {.kind = RUCHY_TRACE_K_STRUCT,
                                        .flags = RUCHY_TRACE_T_TUPLE,
                                        .size = 16,
                                        .count = 1,
                                        .name = "Ok",
                                        .members = ok_u8};
static const __ruchy_trace_field err_str[] = {{"__0", &t_str_field, 0, 0, 0}};
static const __ruchy_trace_type t_err = {.kind = RUCHY_TRACE_K_STRUCT,
                                         .flags = RUCHY_TRACE_T_TUPLE,
                                         .size = 16,
                                         .count = 1,
                                         .name = "Err",
                                         .members = err_str};
static const __ruchy_trace_variant result_v[] = {{"Ok", &t_ok, 0, 1, 0},
                                                 {"Err", &t_err, 0, 0, 0}};
static const __ruchy_trace_variants result = {0, 8, 2, 0, result_v};
static const __ruchy_trace_type t_result =
    BYREF(VARIANT, 16, "Result<u8, &str>", .count = 2, .members = &result,
          .nfollows = 1, .follows = &f_str);

/* Option<&i64>: None is the null pointer. */
static const __ruchy_trace_field some_ref[] = {{"__0", &t_ref_i64, 0, 0, 0}};
static const __ruchy_trace_type t_some_ref = {.kind = RUCHY_TRACE_K_STRUCT,
                                              .flags = RUCHY_TRACE_T_TUPLE,
                                              .size = 8,
                                              .count = 1,
                                              .name = "Some",
                                              .members = some_ref};
static const __ruchy_trace_variant opt_ref_v[] = {
    {"None", &t_none, 0, 1, 0}, {"Some", &t_some_ref, 0, 0, 0}};
static const __ruchy_trace_variants opt_ref = {0, 8, 2, 0, opt_ref_v};
static const __ruchy_trace_type t_opt_ref =
    BYREF(VARIANT, 8, "Option<&i64>", .count = 2, .members = &opt_ref);

/* enum Shape { Dot, Rect { w: u32, h: u32 } }: a payload of two fields. */
static const __ruchy_trace_field rect_f[] = {{"w", &t_u32, 4, 0, 0},
                                             {"h", &t_u32, 8, 0, 0}};
static const __ruchy_trace_type t_rect = {.kind = RUCHY_TRACE_K_STRUCT,
                                          .size = 12,
                                          .count = 2,
                                          .name = "Rect",
                                          .members = rect_f};
/* Move(i32, i32): a tuple variant of two; Remove { id: u32 }: a struct
 * variant of one, shown with its field's name. */
static const __ruchy_trace_field move_f[] = {{"__0", &t_i32, 4, 0, 0},
                                             {"__1", &t_i32, 8, 0, 0}};
static const __ruchy_trace_type t_move = {.kind = RUCHY_TRACE_K_STRUCT,
                                          .flags = RUCHY_TRACE_T_TUPLE,
                                          .size = 12,
                                          .count = 2,
                                          .name = "Move",
                                          .members = move_f};
static const __ruchy_trace_field remove_f[] = {{"id", &t_u32, 4, 0, 0}};
static const __ruchy_trace_type t_remove = {.kind = RUCHY_TRACE_K_STRUCT,
                                            .size = 12,
                                            .count = 1,
                                            .name = "Remove",
                                            .members = remove_f};
static const __ruchy_trace_variant shape_v[] = {{"Dot", &t_none, 0, 1, 0},
                                                {"Rect", &t_rect, 1, 1, 0},
                                                {"Move", &t_move, 2, 1, 0},
                                                {"Remove", &t_remove, 3, 1, 0}};
static const __ruchy_trace_variants shape = {0, 4, 4, 0, shape_v};
/* struct Pair(i32, i32), a tuple struct: shown with its name. */
static const __ruchy_trace_field pair_f[] = {{"__0", &t_i32, 0, 0, 0},
                                             {"__1", &t_i32, 4, 0, 0}};
static const __ruchy_trace_type t_pair = {
    .kind = RUCHY_TRACE_K_STRUCT,
    .flags = RUCHY_TRACE_T_BYREF | RUCHY_TRACE_T_TUPLE | RUCHY_TRACE_T_NAMED,
    .size = 8,
    .count = 2,
    .name = "prog::Pair<i32>",
    .members = pair_f};
static const __ruchy_trace_type t_shape =
    BYREF(VARIANT, 12, "Shape", .count = 2, .members = &shape);

/* &[u16]: no string, its fields. */
static const __ruchy_trace_field slice_f[] = {{"data_ptr", &t_u16p, 0, 0, 0},
                                              {"length", &t_usize, 8, 0, 0}};
static const __ruchy_trace_type t_slice =
    BYREF(STRUCT, 16, "&[u16]", .count = 2, .members = slice_f);

static void test_rust(void) {
  struct {
    const char *p;
    uint64_t n;
  } s = {"h\xc3\xa9llo", 6};
  EXPECT(&t_str, ADDR(&s), "\"h\xc3\xa9llo\"", "\"h\xc3\xa9llo\"", "s");
  s.n = 3; /* a slice of a longer string: its own length, no NUL needed */
  EXPECT(&t_str, ADDR(&s), "\"h\xc3\xa9\"", "\"h\xc3\xa9\"", "s");
  s.p = (const char *)1, s.n = 0; /* empty: the dangling pointer not read */
  EXPECT(&t_str, ADDR(&s), "\"\"", "\"\"", "s");
  s.p = (const char *)8, s.n = 3;
  EXPECT(&t_str, ADDR(&s), "<unreadable>", "\"<unreadable>\"", "t");
  char a100[100];
  memset(a100, 'a', sizeof a100);
  s.p = a100, s.n = sizeof a100;
  char want[100];
  snprintf(want, sizeof want, "\"%.64s\xe2\x80\xa6\"", a100);
  EXPECT(&t_str, ADDR(&s), want, want, "s");
  s.p = "a\0b", s.n = 3; /* an embedded NUL ends what is shown */
  EXPECT(&t_str, ADDR(&s), "\"a\"", "\"a\"", "s");
  struct {
    uint64_t cap;
    const char *p;
    uint64_t n;
  } owned = {16, "hello world", 5};
  EXPECT(&t_string, ADDR(&owned), "\"hello\"", "\"hello\"", "s");

  struct {
    int32_t tag, v;
  } o = {1, 3};
  EXPECT(&t_opt_i32, ADDR(&o), "Some(3)",
         "{\"variant\": \"Some\", \"value\": 3}", "vt");
  o.tag = 0;
  EXPECT(&t_opt_i32, ADDR(&o), "None",
         "{\"variant\": \"None\", \"value\": null}", "vt-");
  o.tag = 7; /* no variant has it and none is the niche */
  EXPECT(&t_opt_i32, ADDR(&o), "<cut>", "null", "x");

  struct {
    const char *p;
    uint64_t v;
  } r = {0, 7};
  EXPECT(&t_result, ADDR(&r), "Ok(7)", "{\"variant\": \"Ok\", \"value\": 7}",
         "vt");
  r.p = "bad", r.v = 3;
  EXPECT(&t_result, ADDR(&r), "Err(\"bad\")",
         "{\"variant\": \"Err\", \"value\": \"bad\"}", "vts");

  int64_t x = 42;
  const int64_t *ref = &x;
  char text[64], json[96];
  snprintf(text, sizeof text, "Some(%p)", (void *)ref);
  snprintf(json, sizeof json, "{\"variant\": \"Some\", \"value\": \"%p\"}",
           (void *)ref);
  EXPECT(&t_opt_ref, ADDR(&ref), text, json, "vtt");
  ref = NULL;
  EXPECT(&t_opt_ref, ADDR(&ref), "None",
         "{\"variant\": \"None\", \"value\": null}", "vt-");

  uint32_t rect[3] = {1, 2, 3};
  EXPECT(&t_shape, ADDR(rect), "Rect{w: 2, h: 3}",
         "{\"variant\": \"Rect\", \"value\": {\"w\": 2, \"h\": 3}}", "vtf");
  int32_t mv[3] = {2, 3, -4};
  EXPECT(&t_shape, ADDR(mv), "Move(3, -4)",
         "{\"variant\": \"Move\", \"value\": {\"__0\": 3, \"__1\": -4}}",
         "vtP");
  uint32_t rm[3] = {3, 9, 0};
  EXPECT(&t_shape, ADDR(rm), "Remove{id: 9}",
         "{\"variant\": \"Remove\", \"value\": {\"id\": 9}}", "vtf");
  EXPECT(&t_pair, ADDR(&mv[0]), "Pair(2, 3)",
         "{\"variant\": \"Pair\", \"value\": {\"__0\": 2, \"__1\": 3}}", "vtP");

  uint16_t u[3] = {1, 2, 3};
  struct {
    const uint16_t *p;
    uint64_t n;
  } sl = {u, 3};
  snprintf(text, sizeof text, "{data_ptr: %p, length: 3}", (void *)u);
  snprintf(json, sizeof json, "{\"data_ptr\": \"%p\", \"length\": 3}",
           (void *)u);
  EXPECT(&t_slice, ADDR(&sl), text, json, "{t");
}

/*---- several arguments in one record: the budget -------------------------*/

static const __ruchy_trace_type t_long = SCALAR(SINT, 8, "long");
static const __ruchy_trace_field blob_f[] = {{"first", &t_long, 0, 0, 0},
                                             {"last", &t_long, 248, 0, 0}};
static const __ruchy_trace_type t_blob =
    BYREF(STRUCT, 256, "struct blob", .count = 2, .members = blob_f);
static const __ruchy_trace_field mid_f[] = {{"first", &t_long, 0, 0, 0},
                                            {"last", &t_long, 192, 0, 0}};
static const __ruchy_trace_type t_mid =
    BYREF(STRUCT, 200, "struct mid", .count = 2, .members = mid_f);
static const __ruchy_trace_follow f_cstr = FOLLOW(CSTRING, 0, 0, 0, 0);
static const __ruchy_trace_type t_cstr = {.kind = RUCHY_TRACE_K_CSTRING,
                                          .nfollows = 1,
                                          .size = 8,
                                          .name = "const char *",
                                          .follows = &f_cstr};

/* Captures the arguments into one stream as rt_enter_data does and prints
 * them from it in order, as the writers do: text joined by " | ", JSON as
 * an array, which must parse and match its kinds. */
static void expect_args(int line, const __ruchy_trace_type *const *types,
                        unsigned n, const uint64_t *v, const char *text,
                        const char *json, const char *kinds) {
  uint8_t buf[RT_DATA_BUDGET];
  size_t len = rt_capture(types, n, v, buf);
  uint8_t *data = malloc(len);
  memcpy(data, buf, len);
  static char out[2][8192], k[256], cls[256];
  rt_out o, ko;
  rt_out_init(&ko, -1, k, sizeof k - 1);
  for (int json_ = 0; json_ < 2; ++json_) {
    rt_data d;
    rt_data_init(&d, data, len);
    rt_out_init(&o, -1, out[json_], sizeof out[json_] - 1);
    rt_out_cstr(&o, json_ ? "[" : "");
    for (unsigned i = 0; i < n; ++i) {
      rt_out_cstr(&o, i ? (json_ ? ", " : " | ") : "");
      rt_value_write(&o, types[i], v[i], &d, json_, json_ ? &ko : NULL);
    }
    rt_out_cstr(&o, json_ ? "]" : "");
    out[json_][o.len] = 0;
    CHECK(d.left == 0 && d.pos == len, "line %d: stream not read to its end",
          line);
  }
  k[ko.len] = 0;
  free(data);
  CHECK(!strcmp(out[0], text), "line %d: text %s, want %s", line, out[0], text);
  CHECK(!strcmp(out[1], json), "line %d: JSON %s, want %s", line, out[1], json);
  CHECK(!strcmp(k, kinds), "line %d: kinds '%s', want '%s'", line, k, kinds);
  CHECK(json_valid(out[1], strlen(out[1]), cls, sizeof cls) &&
            kinds_describe(k, cls),
        "line %d: not JSON, or kinds '%s' for values '%s'", line, k, cls);
}

static void test_budget(void) {
  static long blob[32] = {1, [31] = 2}, mid[25] = {3, [24] = 4};
  char s100[101];
  memset(s100, 'a', 100);
  s100[100] = 0;
  /* 8 + 3 * (8 + 256) + (8 + 200) leave 16 bytes: 8 of the long string
   * (cut short, with its ellipsis), and nothing for the last one. */
  const __ruchy_trace_type *const types[] = {&t_blob, &t_blob, &t_blob,
                                             &t_mid,  &t_cstr, &t_cstr};
  uint64_t v[] = {ADDR(blob), ADDR(blob), ADDR(blob),
                  ADDR(mid),  ADDR(s100), ADDR("x")};
  expect_args(__LINE__, types, 6, v,
              "{first: 1, last: 2} | {first: 1, last: 2} | "
              "{first: 1, last: 2} | {first: 3, last: 4} | "
              "\"aaaaaaaa\xe2\x80\xa6\" | <cut>",
              "[{\"first\": 1, \"last\": 2}, {\"first\": 1, \"last\": 2}, "
              "{\"first\": 1, \"last\": 2}, {\"first\": 3, \"last\": 4}, "
              "\"aaaaaaaa\xe2\x80\xa6\", \"<cut>\"]",
              "{{{{st");
  /* An image cut short: the fields past it are one ellipsis (cut); then a
   * whole one. */
  const __ruchy_trace_type *const blobs[] = {&t_blob, &t_blob, &t_blob, &t_blob,
                                             &t_blob};
  uint64_t b[] = {ADDR(blob), ADDR(blob), ADDR(blob), ADDR(blob), ADDR(blob)};
  expect_args(__LINE__, blobs, 5, b,
              "{first: 1, last: 2} | {first: 1, last: 2} | "
              "{first: 1, last: 2} | {first: 1, \xe2\x80\xa6} | <cut>",
              "[{\"first\": 1, \"last\": 2}, {\"first\": 1, \"last\": 2}, "
              "{\"first\": 1, \"last\": 2}, {\"first\": 1, \"\xe2\x80\xa6\": "
              "null}, null]",
              "{{{{xx");
}

/*---- streams no capture makes ----------------------------------------------*/

/* A stream of items given as (length word, bytes), in a block of its exact
 * size, `count` being what its first word claims. */
static size_t make_stream(uint8_t *out, uint64_t count, const uint64_t *words,
                          const char *const *bytes, unsigned n, size_t cut) {
  size_t pos = 8;
  memcpy(out, &count, 8);
  for (unsigned i = 0; i < n; ++i) {
    memcpy(out + pos, &words[i], 8);
    size_t k = (size_t)(words[i] & RT_LEN_MASK), pad = (k + 7) & ~(size_t)7;
    memset(out + pos + 8, 0, pad < 64 ? pad : 64);
    if (bytes[i] && k <= 64) /* a longer one lies about its length */
      memcpy(out + pos + 8, bytes[i], k);
    pos += 8 + (pad < 64 ? pad : 64);
  }
  return cut && cut < pos ? cut : pos;
}

static void expect_stream(int line, const __ruchy_trace_type *t, uint64_t v,
                          const uint8_t *stream, size_t len, const char *text,
                          const char *json) {
  uint8_t *copy = malloc(len ? len : 1);
  if (len)
    memcpy(copy, stream, len);
  print_stream(t, v, stream ? copy : NULL, len);
  free(copy);
  CHECK(!strcmp(sh.text, text), "line %d: text %s, want %s", line, sh.text,
        text);
  CHECK(!strcmp(sh.json, json), "line %d: JSON %s, want %s", line, sh.json,
        json);
}

static void test_corrupt_streams(void) {
  static const char img[] = "bad\0\0\0\0\0\x03\0\0\0\0\0\0\0";
  uint8_t s[256];
  uint64_t w16[] = {16, 3 | RT_LEN_TRUNC};
  const char *b16[] = {img, "bad"};
  size_t n = make_stream(s, 2, w16, b16, 2, 0);
  /* &str as captured, then the same stream cut anywhere. */
  expect_stream(__LINE__, &t_str, 0, s, n, "\"bad\xe2\x80\xa6\"",
                "\"bad\xe2\x80\xa6\"");
  expect_stream(__LINE__, &t_str, 0, s, n - 8, "<cut>", "\"<cut>\"");
  expect_stream(__LINE__, &t_str, 0, s, 24, "<cut>", "null");
  expect_stream(__LINE__, &t_str, 0, s, 20, "<cut>", "null");
  expect_stream(__LINE__, &t_str, 0, s, 0, "<cut>", "null");
  expect_stream(__LINE__, &t_str, 0, s, 5, "<cut>", "null");
  /* Lengths beyond the stream, counts beyond it, flags on an image. */
  uint64_t huge[] = {RT_LEN_MASK, 3};
  n = make_stream(s, 2, huge, b16, 2, 0);
  expect_stream(__LINE__, &t_str, 0, s, n, "<cut>", "null");
  n = make_stream(s, UINT64_MAX, w16, b16, 2, 0);
  expect_stream(__LINE__, &t_str, 0, s, n, "\"bad\xe2\x80\xa6\"",
                "\"bad\xe2\x80\xa6\"");
  uint64_t flagged[] = {16 | RT_LEN_BAD | RT_LEN_NULL, 3 | RT_LEN_BAD};
  n = make_stream(s, 2, flagged, b16, 2, 0);
  expect_stream(__LINE__, &t_str, 0, s, n, "<unreadable>", "\"<unreadable>\"");
  uint64_t nulls[] = {16, RT_LEN_NULL};
  n = make_stream(s, 2, nulls, b16, 2, 0);
  expect_stream(__LINE__, &t_str, 0, s, n, "NULL", "null");
  /* An image shorter than its type: what is there, the rest cut. */
  uint64_t w4[] = {4};
  const char *b4[] = {"\x05\0\0\0"};
  n = make_stream(s, 1, w4, b4, 1, 0);
  expect_stream(__LINE__, &t_opt_i32, 0, s, n, "<cut>", "null");
  expect_stream(__LINE__, &t_shape, 0, s, n, "<cut>", "null");
  const char *one[] = {"\x01\0\0\0"};
  n = make_stream(s, 1, w4, one, 1, 0);
  expect_stream(__LINE__, &t_shape, 0, s, n, "Rect{\xe2\x80\xa6}",
                "{\"variant\": \"Rect\", \"value\": {\"\xe2\x80\xa6\": null}}");
  expect_stream(__LINE__, &t_slice, 0, s, n, "{data_ptr: <cut>, \xe2\x80\xa6}",
                "{\"data_ptr\": null, \"\xe2\x80\xa6\": null}");
  /* No stream at all where one is needed. */
  expect_stream(__LINE__, &t_blob, 0, NULL, 0, "<cut>", "null");
}

/* Random streams for every descriptor here: the output stays bounded and
 * parses, whatever the bytes (a fixed seed: the same streams each run). */
static void test_random_streams(void) {
  const __ruchy_trace_type *const all[] = {
      &t_str,   &t_string, &t_opt_i32, &t_result, &t_opt_ref,
      &t_shape, &t_slice,  &t_blob,    &t_cstr,   &t_mid};
  uint64_t x = 0x9e3779b97f4a7c15ull;
  unsigned bad = 0;
  for (int i = 0; i < 3000; ++i) {
    uint8_t s[96];
    for (size_t k = 0; k < sizeof s; ++k) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      s[k] = (uint8_t)(x >> 24);
    }
    /* Plausible counts and lengths most of the time. */
    if (i % 3) {
      uint64_t count = x % 4, word = (x >> 8) % 40 | (x & (0xfull << 60));
      memcpy(s, &count, 8);
      memcpy(s + 8, &word, 8);
    }
    size_t len = (size_t)(x >> 40) % (sizeof s + 1);
    const __ruchy_trace_type *t = all[i % (sizeof all / sizeof *all)];
    uint8_t *copy = malloc(len ? len : 1); /* ASan: nothing past len */
    if (len)
      memcpy(copy, s, len);
    print_stream(t, x, copy, len);
    free(copy);
    bad += strlen(sh.text) > 2048 || strlen(sh.json) > 2048;
  }
  CHECK(bad == 0, "%u random streams printed more than 2 KiB", bad);
}

static void test_fields(void) {
  static const struct {
    const __ruchy_trace_type *t;
    const char *want;
  } cases[] = {
      {&t_blob, "[[\"first\", \"long\"], [\"last\", \"long\"]]"},
      {&t_opt_i32, "[[\"None\", null], [\"Some\", \"i32\"]]"},
      {&t_result, "[[\"Ok\", \"u8\"], [\"Err\", \"&str\"]]"},
      {&t_shape, "[[\"Dot\", null], [\"Rect\", \"Rect\"], [\"Move\", "
                 "\"Move\"], [\"Remove\", \"u32\"]]"},
      {&t_str, "null"},
      {&t_i32, "null"},
      {NULL, "null"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; ++i) {
    char buf[256];
    rt_out o;
    rt_out_init(&o, -1, buf, sizeof buf - 1);
    rt_fields_write(&o, cases[i].t);
    buf[o.len] = 0;
    CHECK(!strcmp(buf, cases[i].want), "fields of %s: %s, want %s",
          cases[i].t ? cases[i].t->name : "(none)", buf, cases[i].want);
  }
}

void value_stream_tests(void) {
  test_rust();
  test_budget();
  test_corrupt_streams();
  test_random_streams();
  test_fields();
}
