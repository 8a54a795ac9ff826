/*===- rt_value_image.h - a recorded value's bytes, for its readers -------===
 *
 * Internal to the write layer: the value printer (rt_value.c) and the walk
 * that collects function pointers for .rtrace files (rt_value_walk.c) read
 * a value the same way, from one image and the pointers followed at record
 * time, so that the walk finds exactly the pointers the printer names.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_VALUE_IMAGE_H
#define RUCHYTRACE_RT_VALUE_IMAGE_H

#include "rt_write.h"

#include <string.h>

/* A pointer followed at record time: its item in the record's data. */
typedef struct rt_followed {
  uint32_t ptr_offset; /* where the pointer sits in the image */
  uint32_t parent;     /* 0: the value's image; k: follow k-1's bytes */
  uint64_t word;       /* length word: bytes present and why not more */
  const uint8_t *bytes;
  int text; /* its bytes are a string's (rt_follow_is_text) */
} rt_followed;

/* Whether a follow of `kind` copies a string's bytes (a C string, a
 * slice, each element's string), not a sequence's count and elements or a
 * struct: what a string and a sequence each look for among the follows
 * of their bytes. */
static inline int rt_follow_is_text(unsigned kind) {
  return kind == RUCHY_TRACE_FOLLOW_CSTRING ||
         kind == RUCHY_TRACE_FOLLOW_SLICE ||
         kind == RUCHY_TRACE_FOLLOW_EACH_SLICE ||
         kind == RUCHY_TRACE_FOLLOW_EACH_SLICE_IF;
}

/* A value ready to read: `img` is the payload or the copied bytes of a
 * value captured by reference. Not to be copied (img may point into it). */
typedef struct rt_value_image {
  uint8_t payload[8];
  const uint8_t *img;
  size_t len;
  int cut; /* captured by reference, but its bytes are missing */
  unsigned nf;
  rt_followed f[RUCHY_TRACE_MAX_FOLLOWS];
} rt_value_image;

/* Fills `vi` for a value of type `t` (not NULL, not opaque) with payload
 * `v`, taking its data items from `d` (which may be NULL). */
void rt_value_image_of(rt_value_image *vi, const __ruchy_trace_type *t,
                       uint64_t v, rt_data *d);

/* The follow of the pointer at `off` in the image that `level` names
 * that copied a string (`text`) or a target: a Rust enum's variants may
 * hold a string's pointer and a Box at the same offset (Var(String) and
 * Bin{lhs, rhs}), each with its follow. */
static inline const rt_followed *rt_followed_at(const rt_followed *f,
                                                unsigned nf, unsigned level,
                                                size_t off, int text) {
  for (unsigned i = 0; i < nf; ++i)
    if (f[i].parent == level && f[i].ptr_offset == off && f[i].text == text)
      return &f[i];
  return NULL;
}

/* The follow at `level` that reads a pointer inside the value at
 * [off, off + size): a string's (`text`) or a sequence's. A Rust enum's
 * variants overlap, and each variant's strings and sequences have their
 * follows (the pass cannot know which variant a call passes), so one
 * range can hold another variant's follow too, which read its pointer from
 * bytes that are not one here: one of the kind asked for, and of those the
 * first whose pointer could be read, else the first. (Rename(u32, String)
 * beside Add(Vec<u8>) showed Add's follow, reading the String's length as
 * a pointer; Err(String) of a Result<Vec<i64>, String> showed Ok's Vec
 * item, the same pointer read as a sequence, as a string.) */
static inline const rt_followed *rt_followed_inside(const rt_followed *f,
                                                    unsigned nf, unsigned level,
                                                    size_t off, size_t size,
                                                    int text) {
  const rt_followed *first = NULL;
  for (unsigned i = 0; i < nf; ++i)
    if (f[i].parent == level && f[i].ptr_offset >= off &&
        f[i].ptr_offset < off + size && f[i].text == text) {
      if (!(f[i].word & (RT_LEN_NULL | RT_LEN_BAD | RT_LEN_UNFOLLOWED)))
        return &f[i];
      if (!first)
        first = &f[i];
    }
  return first;
}

static inline uint64_t rt_read_uint(const uint8_t *p, unsigned size) {
  uint64_t v = 0;
  memcpy(&v, p, size > 8 ? 8 : size); /* little-endian targets */
  return v;
}

/* The items of the follows under a sequence's follow `seq` (EACH_SLICE,
 * EACH_SEQ, EACH_DEREF: one item per element copied), read one element at
 * a time: the printer and the .rtrace writer's walk step through them
 * alike. */
typedef struct rt_each_cursor {
  const rt_followed *f;
  const uint8_t *p;
  size_t left;
} rt_each_cursor;

/* The cursors of the follows whose parent is `seq`, into `each` (room for
 * RUCHY_TRACE_MAX_FOLLOWS); how many. */
static inline unsigned rt_each_cursors(const rt_followed *f, unsigned nf,
                                       const rt_followed *seq,
                                       rt_each_cursor *each) {
  unsigned ne = 0, me = (unsigned)(seq - f) + 1;
  for (unsigned k = 0; k < nf; ++k)
    if (f[k].parent == me && ne < RUCHY_TRACE_MAX_FOLLOWS) {
      int no = (f[k].word & (RT_LEN_BAD | RT_LEN_NULL | RT_LEN_CUT)) != 0;
      each[ne++] = (rt_each_cursor){&f[k], f[k].bytes,
                                    no ? 0 : (size_t)(f[k].word & RT_LEN_MASK)};
    }
  return ne;
}

/* The next element's item of cursor `e` as a follow at level 0. */
static inline rt_followed rt_each_next(rt_each_cursor *e) {
  rt_followed r = {e->f->ptr_offset, 0, RT_LEN_CUT, NULL, e->f->text};
  if (e->left < 8)
    return r;
  uint64_t word = rt_read_uint(e->p, 8);
  size_t n = (word & (RT_LEN_BAD | RT_LEN_NULL | RT_LEN_CUT))
                 ? 0
                 : (size_t)(word & RT_LEN_MASK);
  size_t padded = (n + 7) & ~(size_t)7;
  if (padded > e->left - 8) {
    e->left = 0;
    return r;
  }
  r.word = word;
  r.bytes = e->p + 8;
  e->p += 8 + padded;
  e->left -= 8 + padded;
  return r;
}

/* The variant a variant type's value at `off` holds, or NULL (its
 * discriminant was not copied, or matches none and there is no default). */
const __ruchy_trace_variant *rt_variant_at(const __ruchy_trace_type *t,
                                           const uint8_t *img, size_t len,
                                           size_t off);

#endif /* RUCHYTRACE_RT_VALUE_IMAGE_H */
