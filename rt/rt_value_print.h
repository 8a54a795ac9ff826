/*===- rt_value_print.h - the value printer's pieces, shared ---------------===
 *
 * Internal to the value printer: rt_value.c prints scalars, structs,
 * pointers and variants; rt_value_seq.c prints what a sequence or a walk
 * follow copied (vectors, sets, maps, deques) with the same pieces.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_VALUE_PRINT_H
#define RUCHYTRACE_RT_VALUE_PRINT_H

#include "rt_value_image.h"

typedef struct ctx {
  rt_out *o;
  int json;
  rt_out *k;            /* JSON: the kinds letters, or NULL */
  const rt_followed *f; /* all of the value's follows */
  unsigned nf;
  unsigned level; /* which follows apply here: those with this parent */
  int top;        /* printing the outermost value (pointer targets are shown) */
  const char *(*name_of)(uint64_t addr); /* a function pointer's name */
} ctx;

/* The most of a string the printer shows (the runtime keeps at most
 * RUCHY_TRACE_STRING_MAX bytes of one, which is less). */
#define RT_STRING_TEXT_MAX 1100

void rt_print_at(ctx *c, const __ruchy_trace_type *t, const uint8_t *img,
                 size_t len, size_t off);
/* Notes the kind of the JSON string, null or object written next. */
void rt_vmark(const ctx *c, char letter);
void rt_vcut(ctx *c); /* a value not captured */
/* A followed item without bytes (NULL, unreadable, cut) written as such:
 * 1; 0 if it has bytes to print. */
int rt_print_no_target(ctx *c, uint64_t word);
void rt_print_string(ctx *c, const rt_followed *f);
/* A string item's text (NUL-terminated, an ellipsis if cut short) into
 * buf of `cap` bytes. */
void rt_string_text(const rt_followed *f, char *buf, size_t cap);
/* A struct's or union's fields, or a variant's payload (`letter` says
 * which): {a: 1, b: 2}, a tuple's (1, 2). */
void rt_print_fields(ctx *c, const __ruchy_trace_type *t, const uint8_t *img,
                     size_t len, size_t off, char letter);
/* A Rust enum's value and a Rust tuple struct, as written: Move(3, 4),
 * Remove{id: 9}, Wrap("dog") (rt_value_variant.c). */
void rt_print_variant(ctx *c, const __ruchy_trace_type *t, const uint8_t *img,
                      size_t len, size_t off);
void rt_print_named_tuple(ctx *c, const __ruchy_trace_type *t,
                          const uint8_t *img, size_t len, size_t off);
/* A sequence, set, map or deque at `off` (rt_value_seq.c). */
void rt_print_seq(ctx *c, const __ruchy_trace_type *t, size_t off);

#endif /* RUCHYTRACE_RT_VALUE_PRINT_H */
