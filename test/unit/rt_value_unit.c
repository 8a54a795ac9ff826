/*===- rt_value_unit.c - unit tests of the value printer (rt_value.c) -------===
 *
 * Values of every kind abi.h defines, described as the pass describes them
 * (pass/TypeDescriber.cpp: payload scalars, by-reference images with their
 * follows, pointers followed one level with strings inside the target),
 * captured with rt_capture as the record path captures them and printed
 * with rt_value_write as text and as JSON, against exact strings. Every
 * JSON value is parsed, and its "kinds" letters checked against what it
 * holds. Streams cut by the record budget and corrupt ones print bounded,
 * marked values; each stream is handed over in a block of its exact size,
 * so that ASan sees any read past it. The writers are rt_writer_unit.c's.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_internal.h"
#include "unit_check.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int unit_passed, unit_failed;

/*---- printing one value -----------------------------------------------*/

shown sh;

/* One walk of the printer over `data` (NULL: no stream at all); returns
 * whether it read the whole stream. */
static int walk(const __ruchy_trace_type *t, uint64_t v, const uint8_t *data,
                size_t len, int json, char *out, size_t cap, rt_out *kinds) {
  rt_out o;
  rt_data d;
  rt_out_init(&o, -1, out, cap - 1);
  if (data)
    rt_data_init(&d, data, len);
  rt_value_write(&o, t, v, data ? &d : NULL, json, kinds);
  out[o.len] = 0;
  CHECK(o.total == 0, "the value did not fit in %zu bytes", cap);
  return data && d.left == 0 && d.pos == (len > 8 ? len : 8);
}

void print_stream(const __ruchy_trace_type *t, uint64_t v, const uint8_t *data,
                  size_t len) {
  rt_out k;
  rt_out_init(&k, -1, sh.kinds, sizeof sh.kinds - 1);
  sh.consumed = walk(t, v, data, len, 0, sh.text, sizeof sh.text, NULL);
  sh.consumed &= walk(t, v, data, len, 1, sh.json, sizeof sh.json, &k);
  sh.kinds[k.len] = 0;
  char cls[1024];
  CHECK(json_valid(sh.json, strlen(sh.json), cls, sizeof cls), "not JSON: %s",
        sh.json);
  CHECK(kinds_describe(sh.kinds, cls), "kinds '%s' for %s (values '%s')",
        sh.kinds, sh.json, cls);
}

/* The capture the record path makes for one argument, handed to the
 * printer in a block of its exact size. */
void print_value(const __ruchy_trace_type *t, uint64_t v) {
  uint8_t buf[RT_DATA_BUDGET];
  const __ruchy_trace_type *types[1] = {t};
  size_t len = rt_capture(types, 1, &v, buf);
  uint8_t *copy = malloc(len);
  memcpy(copy, buf, len);
  print_stream(t, v, copy, len);
  free(copy);
  CHECK(sh.consumed, "%s: the printer left items of the stream",
        t ? t->name : "(no type)");
}

void expect(int line, const __ruchy_trace_type *t, uint64_t v, const char *text,
            const char *json, const char *kinds) {
  print_value(t, v);
  CHECK(!strcmp(sh.text, text), "line %d: text %s, want %s", line, sh.text,
        text);
  CHECK(!strcmp(sh.json, json), "line %d: JSON %s, want %s", line, sh.json,
        json);
  CHECK(!strcmp(sh.kinds, kinds), "line %d: kinds '%s', want '%s'", line,
        sh.kinds, kinds);
}

/*---- descriptors, as the pass emits them ---------------------------------*/

static const __ruchy_trace_type t_i8 = SCALAR(SINT, 1, "int8_t"),
                                t_u16 = SCALAR(UINT, 2, "uint16_t"),
                                t_i32 = SCALAR(SINT, 4, "int"),
                                t_u32 = SCALAR(UINT, 4, "unsigned int"),
                                t_u64 = SCALAR(UINT, 8, "uint64_t"),
                                t_long = SCALAR(SINT, 8, "long"),
                                t_short = SCALAR(SINT, 2, "short"),
                                t_bool = SCALAR(BOOL, 1, "bool"),
                                t_char = SCALAR(CHAR, 1, "char"),
                                t_char32 = SCALAR(UCHAR, 4, "char32_t"),
                                t_float = SCALAR(FLOAT, 4, "float"),
                                t_double = SCALAR(DOUBLE, 8, "double"),
                                t_half = SCALAR(HALF, 2, "_Float16"),
                                t_voidp = SCALAR(PTR, 8, "void *"),
                                t_fnptr = SCALAR(FUNCPTR, 8, "int (*)(int)"),
                                t_opaque = SCALAR(OPAQUE, 8, "struct hidden"),
                                t_cstr_field =
                                    SCALAR(CSTRING, 8, "const char *");
static const __ruchy_trace_type t_i128 = BYREF(SINT, 16, "__int128"),
                                t_u128 = BYREF(UINT, 16, "unsigned __int128"),
                                t_ldouble = BYREF(LDOUBLE, 16, "long double"),
                                t_complex =
                                    BYREF(COMPLEX, 16, "complex", .count = 2,
                                          .members = &t_double);

static const __ruchy_trace_follow f_cstr = FOLLOW(CSTRING, 0, 0, 0, 0);
static const __ruchy_trace_type t_cstr = {.kind = RUCHY_TRACE_K_CSTRING,
                                          .nfollows = 1,
                                          .size = 8,
                                          .name = "const char *",
                                          .follows = &f_cstr};

static const __ruchy_trace_enumerator color_names[] = {
    {"RED", 0}, {"GREEN", 5}, {"BLUE", 6}, {"NONE", -1}};
static const __ruchy_trace_type t_color = {.kind = RUCHY_TRACE_K_ENUM,
                                           .size = 4,
                                           .count = 4,
                                           .name = "enum color",
                                           .members = color_names};

/* struct inner { short s; char tag[4]; };
 * struct point { int x, y; const char *label; struct inner in;
 *                unsigned bits : 3; int sb : 5; }; */
static const __ruchy_trace_type t_tag = {.kind = RUCHY_TRACE_K_ARRAY,
                                         .size = 4,
                                         .count = 4,
                                         .name = "char[4]",
                                         .members = &t_char};
static const __ruchy_trace_field inner_fields[] = {{"s", &t_short, 0, 0, 0},
                                                   {"tag", &t_tag, 2, 0, 0}};
static const __ruchy_trace_type t_inner = {.kind = RUCHY_TRACE_K_STRUCT,
                                           .size = 6,
                                           .count = 2,
                                           .name = "struct inner",
                                           .members = inner_fields};
static const __ruchy_trace_field point_fields[] = {
    {"x", &t_i32, 0, 0, 0},
    {"y", &t_i32, 4, 0, 0},
    {"label", &t_cstr_field, 8, 0, 0},
    {"in", &t_inner, 16, 0, 0},
    {"bits", &t_u32, 22, 0, 3},
    {"sb", &t_i32, 22, 3, 5}};
struct inner {
  short s;
  char tag[4];
};
struct point {
  int x, y;
  const char *label;
  struct inner in;
  unsigned bits : 3;
  int sb : 5;
};
static const __ruchy_trace_type t_point_member = {.kind = RUCHY_TRACE_K_STRUCT,
                                                  .size = 24,
                                                  .count = 6,
                                                  .name = "struct point",
                                                  .members = point_fields};
static const __ruchy_trace_follow f_point_label = FOLLOW(CSTRING, 8, 0, 0, 0);
static const __ruchy_trace_type t_point =
    BYREF(STRUCT, 24, "struct point", .count = 6, .members = point_fields,
          .nfollows = 1, .follows = &f_point_label);
/* struct point *: its target, and the label inside the target. */
static const __ruchy_trace_follow f_point_ptr[] = {FOLLOW(DEREF, 0, 0, 24, 0),
                                                   FOLLOW(CSTRING, 8, 0, 0, 1)};
static const __ruchy_trace_type t_point_ptr = {.kind = RUCHY_TRACE_K_PTR,
                                               .nfollows = 2,
                                               .size = 8,
                                               .name = "struct point *",
                                               .members = &t_point_member,
                                               .follows = f_point_ptr};

static const __ruchy_trace_field u_fields[] = {{"i", &t_i32, 0, 0, 0},
                                               {"f", &t_float, 0, 0, 0}};
static const __ruchy_trace_type t_union =
    BYREF(UNION, 4, "union u", .count = 2, .members = u_fields);

/* struct longs { long a[40]; }: 320 bytes, of which an image keeps 256. */
static const __ruchy_trace_type t_longs40 = {.kind = RUCHY_TRACE_K_ARRAY,
                                             .size = 320,
                                             .count = 40,
                                             .name = "long[40]",
                                             .members = &t_long};
static const __ruchy_trace_field longs_fields[] = {{"a", &t_longs40, 0, 0, 0}};
static const __ruchy_trace_type t_longs =
    BYREF(STRUCT, 320, "struct longs", .count = 1, .members = longs_fields);

/*---- scalars ------------------------------------------------------------*/

static void test_scalars(void) {
  /* Payloads as the pass encodes them: sign- or zero-extended; the bytes
   * beyond the type's size are not read. */
  EXPECT(&t_i8, (uint64_t)-5, "-5", "-5", "");
  EXPECT(&t_i8, 0xffffffffffffff80ull, "-128", "-128", "");
  EXPECT(&t_u16, 0xdead0000ffffull, "65535", "65535", "");
  EXPECT(&t_i32, (uint64_t)(int64_t)INT32_MIN, "-2147483648", "-2147483648",
         "");
  EXPECT(&t_u64, UINT64_MAX, "18446744073709551615", "18446744073709551615",
         "");
  EXPECT(&t_long, (uint64_t)INT64_MIN, "-9223372036854775808",
         "-9223372036854775808", "");
  EXPECT(&t_bool, 1, "true", "true", "");
  EXPECT(&t_bool, 0, "false", "false", "");
  EXPECT(&t_char, 'A', "'A'", "\"A\"", "c");
  EXPECT(&t_char, '\'', "'\\''", "\"'\"", "c");
  EXPECT(&t_char, '\n', "'\\x0a'", "\"\\n\"", "c");
  EXPECT(&t_char, (uint64_t)(int64_t)(signed char)0xe9, "'\\xe9'",
         "\"\\\\xe9\"", "c");
  EXPECT(&t_char32, 0x20ac, "'\xe2\x82\xac'", "\"\xe2\x82\xac\"", "c");
  EXPECT(&t_char32, 0xd800, "'\xef\xbf\xbd'", "\"\xef\xbf\xbd\"", "c");
  float f = 1.5f;
  uint32_t fb;
  memcpy(&fb, &f, 4);
  EXPECT(&t_float, fb, "1.5", "1.5", "");
  f = 0.1f;
  memcpy(&fb, &f, 4);
  EXPECT(&t_float, fb, "0.1", "0.1", ""); /* the float, not the double */
  double d = -2.5;
  uint64_t db;
  memcpy(&db, &d, 8);
  EXPECT(&t_double, db, "-2.5", "-2.5", "");
  d = __builtin_inf();
  memcpy(&db, &d, 8);
  EXPECT(&t_double, db, "inf", "\"inf\"", "t");
  d = -__builtin_nan("");
  memcpy(&db, &d, 8);
  EXPECT(&t_double, db, "nan", "\"nan\"", "t");
  EXPECT(&t_half, 0x3c00, "1.0", "1.0", "");   /* 1.0 */
  EXPECT(&t_half, 0xc100, "-2.5", "-2.5", ""); /* -2.5 */
  EXPECT(&t_half, 0x0001, "5.9604644775390625e-08", "5.9604644775390625e-08",
         ""); /* smallest subnormal */
  EXPECT(&t_half, 0xfc00, "-inf", "\"-inf\"", "t");
  /* Wider than a payload: captured by reference. */
  __int128 big = -((__int128)1 << 126) * 2; /* INT128_MIN */
  EXPECT(&t_i128, ADDR(&big), "-170141183460469231731687303715884105728",
         "-170141183460469231731687303715884105728", "");
  unsigned __int128 ubig = ~(unsigned __int128)0;
  EXPECT(&t_u128, ADDR(&ubig), "340282366920938463463374607431768211455",
         "340282366920938463463374607431768211455", "");
  long double ld = 2.5L;
  EXPECT(&t_ldouble, ADDR(&ld), "2.5", "2.5", "");
  _Complex double z = __builtin_complex(1.0, 2.0);
  EXPECT(&t_complex, ADDR(&z), "[1.0, 2.0]", "[1.0, 2.0]", "");
  /* Enums by name, or the number when no enumerator matches. */
  EXPECT(&t_color, 5, "GREEN", "\"GREEN\"", "t");
  EXPECT(&t_color, (uint64_t)-1, "NONE", "\"NONE\"", "t");
  EXPECT(&t_color, 7, "7", "7", "");
  /* Not captured by the pass: the type is known, the value is not. */
  EXPECT(&t_opaque, 0x1234, "?", "null", "?");
  EXPECT(NULL, 0, "?", "null", "?");
  /* Pointers without a shown target, function pointers. */
  EXPECT(&t_voidp, 0x1000, "0x1000", "\"0x1000\"", "t");
  EXPECT(&t_voidp, 0, "NULL", "null", "N");
  EXPECT(&t_fnptr, 0, "NULL", "null", "N");
  EXPECT(&t_fnptr, 0x10, "0x10", "\"0x10\"", "t");
}

/* A function pointer is named after the instrumented function at that
 * address (the descriptor's `addr`). */
static int named_target(int x) { return x + 1; }
static __ruchy_trace_fn named_fn = {
    .name = "named_target", .file = "v.c", .addr = (const void *)named_target};

static void test_function_pointer(void) {
  rt_images_register(&named_fn, &named_fn + 1, 0);
  rt_images_when(rt_clock_now());
  char text[64], json[64];
  uint64_t a = ADDR(named_target);
  snprintf(text, sizeof text, "0x%llx <named_target>", (unsigned long long)a);
  snprintf(json, sizeof json, "\"%s\"", text);
  EXPECT(&t_fnptr, a, text, json, "t");
}

/*---- strings ------------------------------------------------------------*/

static char *page(int prot) {
  char *p = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* A conditional slice (abi.h), as the pass describes a libc++ string's
 * long form: its pointer is read only when bit 0 of the first byte is set
 * (the short form's characters, where the pointer would be, are read from
 * the image: pass/LibcxxLayout.cpp). */
static const __ruchy_trace_follow f_long_form = FOLLOW(SLICE, 16, 8, 1, 0);
static const __ruchy_trace_type t_long_form =
    BYREF(STRSLICE, 24, "std::string", .nfollows = 1, .follows = &f_long_form);

static void test_conditional_slice(void) {
  struct {
    uint64_t flag, len;
    const char *p;
  } s = {1 | 40 << 1, 5, "hello"};
  EXPECT(&t_long_form, ADDR(&s), "\"hello\"", "\"hello\"", "s");
  s.flag = 40 << 1; /* the bit clear: the readable pointer is not read */
  EXPECT(&t_long_form, ADDR(&s), "\"\"", "\"\"", "s");
}

static void test_strings(void) {
  EXPECT(&t_cstr, ADDR("hello"), "\"hello\"", "\"hello\"", "s");
  EXPECT(&t_cstr, ADDR(""), "\"\"", "\"\"", "s");
  EXPECT(&t_cstr, 0, "NULL", "null", "N");
  EXPECT(&t_cstr, ADDR("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"",
         "\"a\\\"b\\\\c\\n\\u0001\"", "s");
  /* Invalid UTF-8 becomes U+FFFD, so the JSON always parses. */
  EXPECT(&t_cstr, ADDR("caf\xc3\xa9 \xff!"), "\"caf\xc3\xa9 \xef\xbf\xbd!\"",
         "\"caf\xc3\xa9 \xef\xbf\xbd!\"", "s");
  /* RUCHY_TRACE_STRING_MAX (64 here): longer strings are cut with an
   * ellipsis; one of exactly 64 bytes is whole. */
  char s100[101], want[200], wantj[200];
  memset(s100, 'a', 100);
  s100[100] = 0;
  snprintf(want, sizeof want, "\"%.64s\xe2\x80\xa6\"", s100);
  EXPECT(&t_cstr, ADDR(s100), want, want, "s");
  s100[64] = 0;
  snprintf(wantj, sizeof wantj, "\"%s\"", s100);
  EXPECT(&t_cstr, ADDR(s100), wantj, wantj, "s");
  rt_cfg.string_max = 3;
  EXPECT(&t_cstr, ADDR("abcd"), "\"abc\xe2\x80\xa6\"", "\"abc\xe2\x80\xa6\"",
         "s");
  EXPECT(&t_cstr, ADDR("abc"), "\"abc\"", "\"abc\"", "s");
  rt_cfg.string_max = 64;
  /* Memory that cannot be read: a PROT_NONE page, garbage. */
  char *none = page(PROT_NONE);
  EXPECT(&t_cstr, ADDR(none), "<unreadable>", "\"<unreadable>\"", "t");
  EXPECT(&t_cstr, 8, "<unreadable>", "\"<unreadable>\"", "t");
  /* A string running into it is cut where the readable memory ends. */
  char *edge = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(edge + 4096, 4096, PROT_NONE);
  memcpy(edge + 4093, "end", 3);
  EXPECT(&t_cstr, ADDR(edge + 4093), "\"end\xe2\x80\xa6\"",
         "\"end\xe2\x80\xa6\"", "s");
  munmap(edge, 8192);

  /* Pointers to a struct: the target one level deep, strings inside. */
  struct point p = {1, -2, "hi", {3, "xyz"}, 5, -3};
  char text[256], json[256];
  snprintf(text, sizeof text,
           "%p->{x: 1, y: -2, label: \"hi\", in: {s: 3, tag: \"xyz\"}, "
           "bits: 5, sb: -3}",
           (void *)&p);
  snprintf(json, sizeof json,
           "{\"address\": \"%p\", \"target\": {\"x\": 1, \"y\": -2, "
           "\"label\": \"hi\", \"in\": {\"s\": 3, \"tag\": \"xyz\"}, "
           "\"bits\": 5, \"sb\": -3}}",
           (void *)&p);
  EXPECT(&t_point_ptr, ADDR(&p), text, json, "pt{s{s");
  p.label = NULL;
  p.in.tag[3] = 'w'; /* no NUL: the array's four bytes */
  snprintf(text, sizeof text,
           "%p->{x: 1, y: -2, label: NULL, in: {s: 3, tag: \"xyzw\"}, "
           "bits: 5, sb: -3}",
           (void *)&p);
  snprintf(json, sizeof json,
           "{\"address\": \"%p\", \"target\": {\"x\": 1, \"y\": -2, "
           "\"label\": null, \"in\": {\"s\": 3, \"tag\": \"xyzw\"}, "
           "\"bits\": 5, \"sb\": -3}}",
           (void *)&p);
  EXPECT(&t_point_ptr, ADDR(&p), text, json, "pt{N{s");
  EXPECT(&t_point_ptr, 0, "NULL", "null", "N");
  snprintf(text, sizeof text, "%p-><unreadable>", (void *)none);
  snprintf(json, sizeof json,
           "{\"address\": \"%p\", \"target\": \"<unreadable>\"}", (void *)none);
  EXPECT(&t_point_ptr, ADDR(none), text, json, "ptt");
  munmap(none, 4096);
  /* A target cut by the end of its mapping: x and y were read, the
   * fields past the mapping are one ellipsis (cut), not shown as what they
   * are not. */
  char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(two + 4096, 4096, PROT_NONE);
  struct point *q = (struct point *)(two + 4096 - 8);
  q->x = 7, q->y = 8;
  snprintf(text, sizeof text, "%p->{x: 7, y: 8, \xe2\x80\xa6}", (void *)q);
  snprintf(json, sizeof json,
           "{\"address\": \"%p\", \"target\": {\"x\": 7, \"y\": 8, "
           "\"\xe2\x80\xa6\": null}}",
           (void *)q);
  EXPECT(&t_point_ptr, ADDR(q), text, json, "pt{x");
  /* 20 bytes readable: the char array's text runs past them. */
  struct point r = {7, 8, "hi", {3, "xyz"}, 1, 1};
  char *at = two + 4096 - 20;
  memcpy(at, &r, 20); /* not aligned for a struct point: bytes only */
  snprintf(text, sizeof text,
           "%p->{x: 7, y: 8, label: \"hi\", in: {s: 3, tag: "
           "\"xy\xe2\x80\xa6\"}, \xe2\x80\xa6}",
           (void *)at);
  snprintf(json, sizeof json,
           "{\"address\": \"%p\", \"target\": {\"x\": 7, \"y\": 8, "
           "\"label\": \"hi\", \"in\": {\"s\": 3, \"tag\": "
           "\"xy\xe2\x80\xa6\"}, \"\xe2\x80\xa6\": null}}",
           (void *)at);
  EXPECT(&t_point_ptr, ADDR(at), text, json, "pt{s{sx");
  munmap(two, 8192);
}

/*---- aggregates by value -------------------------------------------------*/

static void test_aggregates(void) {
  struct point p = {1, -2, "hi", {3, "xyz"}, 7, 15};
  EXPECT(&t_point, ADDR(&p),
         "{x: 1, y: -2, label: \"hi\", in: {s: 3, tag: \"xyz\"}, bits: 7, "
         "sb: 15}",
         "{\"x\": 1, \"y\": -2, \"label\": \"hi\", \"in\": {\"s\": 3, "
         "\"tag\": \"xyz\"}, \"bits\": 7, \"sb\": 15}",
         "{s{s");
  union {
    int i;
    float f;
  } u = {.f = 1.5f};
  EXPECT(&t_union, ADDR(&u), "{i: 1069547520, f: 1.5}",
         "{\"i\": 1069547520, \"f\": 1.5}", "{");
  /* 320 bytes: the image keeps 256, the array says where it was cut. */
  long a[40];
  char text[512], json[512];
  size_t n = 0, m = 0;
  n += (size_t)snprintf(text + n, sizeof text - n, "{a: [");
  m += (size_t)snprintf(json + m, sizeof json - m, "{\"a\": [");
  for (int i = 0; i < 40; ++i)
    a[i] = i * 11 - 100;
  for (int i = 0; i < 32; ++i) {
    n += (size_t)snprintf(text + n, sizeof text - n, "%ld, ", a[i]);
    m += (size_t)snprintf(json + m, sizeof json - m, "%ld, ", a[i]);
  }
  snprintf(text + n, sizeof text - n, "\xe2\x80\xa6]}");
  snprintf(json + m, sizeof json - m, "\"\xe2\x80\xa6\"]}");
  EXPECT(&t_longs, ADDR(a), text, json, "{t");
}

/* Rust's &[i32] (data pointer, count) and libstdc++'s vector<int> (begin,
 * end, end of storage), as the pass describes them. */
static const __ruchy_trace_follow f_slice = FOLLOW(SEQ, 0, 8, 4, 0);
static const __ruchy_trace_type t_slice = {.kind = RUCHY_TRACE_K_SEQ,
                                           .flags = RUCHY_TRACE_T_BYREF,
                                           .nfollows = 1,
                                           .size = 16,
                                           .name = "&[i32]",
                                           .members = &t_i32,
                                           .follows = &f_slice};
static const __ruchy_trace_follow f_range = FOLLOW(RANGE, 0, 8, 4, 0);
static const __ruchy_trace_type t_vector = {.kind = RUCHY_TRACE_K_SEQ,
                                            .flags = RUCHY_TRACE_T_BYREF,
                                            .nfollows = 1,
                                            .size = 24,
                                            .name = "std::vector<int>",
                                            .members = &t_i32,
                                            .follows = &f_range};

static void test_sequences(void) {
  static int xs[1000];
  for (int i = 0; i < 1000; ++i)
    xs[i] = i * 3;
  struct {
    const int *p;
    uint64_t n;
  } s = {xs, 3};
  EXPECT(&t_slice, ADDR(&s), "[0, 3, 6]", "[0, 3, 6]", "");
  /* The first RUCHY_TRACE_SEQ_MAX (10), then how many there are. */
  s.n = 1000;
  EXPECT(&t_slice, ADDR(&s),
         "[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, \xe2\x80\xa6 (1000 items)]",
         "[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, \"\xe2\x80\xa6 (1000 items)\"]",
         "t");
  s.p = NULL, s.n = 0; /* an empty one may have no buffer */
  EXPECT(&t_slice, ADDR(&s), "[]", "[]", "");
  s.n = 2;
  EXPECT(&t_slice, ADDR(&s), "NULL", "null", "N");
  /* Garbage: a pointer into nothing, a count no memory holds. */
  s.p = (const int *)0x10, s.n = 5;
  EXPECT(&t_slice, ADDR(&s), "<unreadable>", "\"<unreadable>\"", "t");
  struct {
    const int *begin, *end, *cap;
  } v = {xs, xs + 2, xs + 2};
  EXPECT(&t_vector, ADDR(&v), "[0, 3]", "[0, 3]", "");
  v.begin = xs + 2, v.end = xs; /* an end before its begin */
  EXPECT(&t_vector, ADDR(&v), "<unreadable>", "\"<unreadable>\"", "t");
  v.begin = v.end = v.cap = NULL; /* a vector that never held anything */
  EXPECT(&t_vector, ADDR(&v), "[]", "[]", "");
}

int main(int argc, char **argv) {
  rt_set_program_name("rt_value_unit");
  rt_output_info(); /* what the runtime does before each write */
  test_scalars();
  test_function_pointer();
  test_strings();
  test_conditional_slice();
  test_aggregates();
  test_sequences();
  value_stream_tests();
  container_tests();
  writer_tests(argc > 1 ? argv[1] : NULL);
  pack_tests();
  printf("%d passed, %d failed\n", unit_passed, unit_failed);
  return unit_failed != 0;
}
