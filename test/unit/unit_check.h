/*===- unit_check.h - the checks of the value and writer unit tests ---------===
 *
 * Shared by rt_value_unit.c and rt_writer_unit.c, which are one program
 * (test/CMakeLists.txt): one line per failed check, and a closing
 * "N passed, M failed" that test/values.test matches.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_UNIT_CHECK_H
#define RUCHYTRACE_UNIT_CHECK_H

#include "ruchytrace/abi.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern int unit_passed, unit_failed;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (cond) {                                                                \
      ++unit_passed;                                                           \
    } else {                                                                   \
      ++unit_failed;                                                           \
      printf("not ok: %s:%d: ", __FILE__, __LINE__);                           \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
    }                                                                          \
  } while (0)

/* Whether s[0..n) is exactly one JSON value (RFC 8259, whitespace around
 * it allowed). The values in it, keys excepted, are listed in document
 * order in `classes` as 'S' (string), '0' (null), 'O' (object), which is
 * what a "kinds" string describes (rt_format.h). */
int json_valid(const char *s, size_t n, char *classes, size_t cap);

/* Whether each letter of `kinds` describes the value at the same place in
 * `classes` (json_valid's), and there are as many of each. */
int kinds_describe(const char *kinds, const char *classes);

/* Descriptors as the pass emits them (pass/TypeDescriber.cpp). */
#define SCALAR(k, sz, nm) {.kind = RUCHY_TRACE_K_##k, .size = sz, .name = nm}
#define BYREF(k, sz, nm, ...)                                                  \
  {.kind = RUCHY_TRACE_K_##k,                                                  \
   .flags = RUCHY_TRACE_T_BYREF,                                               \
   .size = sz,                                                                 \
   .name = nm,                                                                 \
   __VA_ARGS__}
#define FOLLOW(k, off, len, sz, parent)                                        \
  {off, len, sz, RUCHY_TRACE_FOLLOW_##k, parent, NULL}

/* rt_value_unit.c: one value printed by rt_value_write as text and as
 * JSON (checked to parse, and its kinds to describe it) from the data
 * stream `data` (NULL: none), which print_value makes with rt_capture. */
typedef struct shown {
  char text[16384], json[16384], kinds[1024];
  int consumed; /* both walks read each item of the stream exactly once */
} shown;
extern shown sh;
void print_stream(const __ruchy_trace_type *t, uint64_t v, const uint8_t *data,
                  size_t len);
void print_value(const __ruchy_trace_type *t, uint64_t v);
/* print_value, and sh against the exact strings. */
void expect(int line, const __ruchy_trace_type *t, uint64_t v, const char *text,
            const char *json, const char *kinds);
#define EXPECT(t, v, text, json, kinds)                                        \
  expect(__LINE__, t, v, text, json, kinds)
#define ADDR(p) ((uint64_t)(uintptr_t)(p))

void value_stream_tests(void);             /* rt_value_stream_unit.c */
void container_tests(void);                /* rt_container_unit.c */
void writer_tests(const char *out_prefix); /* rt_writer_unit.c */
void pack_tests(void);                     /* rt_pack_unit.c */

#endif
