/*===- rt_capture.c - byte images and followed pointers at record time ------===
 *
 * For values that are more than a 64-bit payload (see abi.h), the record
 * carries a data stream after its payload slots:
 *
 *   u64 item count, then per item: u64 length word, bytes padded to 8
 *
 * Items come in argument order: for each argument whose type has data, its
 * image (if captured by reference) and then one item per follow. The
 * length word's low 32 bits are the bytes present; its high bits say why
 * there are fewer than wanted. The stream is bounded by RT_DATA_BUDGET, so
 * one record never grows past RT_MAX_RECORD_SLOTS.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_buffers.h"

#include <string.h>

_Static_assert(RT_MAX_FOLLOW == RUCHY_TRACE_MAX_IMAGE,
               "RUCHY_TRACE_FOLLOW's bound is the most the pass asks for");

static size_t put_item(uint8_t *out, size_t pos, uint64_t word,
                       const void *bytes, size_t n) {
  memcpy(out + pos, &word, 8);
  if (n)
    memcpy(out + pos + 8, bytes, n);
  size_t padded = (n + 7) & ~(size_t)7;
  if (padded > n)
    memset(out + pos + 8 + n, 0, padded - n);
  return pos + 8 + padded;
}

static uint64_t load_u64(const uint8_t *img, size_t len, size_t off, int *ok) {
  uint64_t v = 0;
  *ok = off + 8 <= len;
  if (*ok)
    memcpy(&v, img + off, 8);
  return v;
}

/* A sequence's elements at `ptr` into `out` at `pos` (max: the bytes
 * left after the length word): its element count, then the first
 * seq_max elements that fit, whole. A count that cannot be one (an end
 * before its begin, a range not a whole number of elements) is garbage:
 * shown unreadable, like a pointer that cannot be read. */
static size_t follow_seq(const __ruchy_trace_follow *f,
                         const __ruchy_trace_follow *param, unsigned nparam,
                         uint64_t ptr, const uint8_t *img, size_t img_len,
                         uint8_t *out, size_t pos, size_t max) {
  int ok;
  uint64_t count = 0;
  if (f->kind == RUCHY_TRACE_FOLLOW_DEQUE) {
    if (!rt_capture_deque_count(param, nparam, img, img_len, f->size, &count))
      return put_item(out, pos, RT_LEN_BAD, NULL, 0);
  } else if (count = load_u64(img, img_len, f->len_offset, &ok), !ok)
    return put_item(out, pos, RT_LEN_CUT, NULL, 0);
  if (f->kind == RUCHY_TRACE_FOLLOW_RANGE) {
    if (count < ptr || (!ptr && count) || (f->size && (count - ptr) % f->size))
      return put_item(out, pos, RT_LEN_BAD, NULL, 0);
    count = f->size ? (count - ptr) / f->size : 0;
  }
  if (!ptr && count)
    return put_item(out, pos, RT_LEN_NULL, NULL, 0);
  if (max < 8) /* the record's data is full: cut, not unreadable */
    return put_item(out, pos, RT_LEN_CUT, NULL, 0);
  uint64_t n = count < rt_cfg.seq_max ? count : rt_cfg.seq_max;
  if (f->size && n > (max - 8) / f->size)
    n = (max - 8) / f->size;
  uint8_t *dst = out + pos + 8;
  memcpy(dst, &count, 8);
  size_t got = 0;
  if (f->kind != RUCHY_TRACE_FOLLOW_SEQ &&
      f->kind != RUCHY_TRACE_FOLLOW_RANGE) {
    long walked =
        n ? rt_capture_walk(f, param, nparam, ptr, img, img_len, n, dst + 8)
          : 0;
    if (walked < 0)
      return put_item(out, pos, RT_LEN_BAD, NULL, 0);
    got = (size_t)walked * f->size;
  } else if (n && f->size) {
    int complete;
    got = rt_safe_copy(dst + 8, (uintptr_t)ptr, (size_t)n * f->size, 0,
                       &complete);
    if (got == (size_t)-1)
      return put_item(out, pos, RT_LEN_BAD, NULL, 0);
    got -= got % f->size; /* whole elements only */
  }
  uint64_t shown = f->size ? got / f->size : n;
  if (f->kind != RUCHY_TRACE_FOLLOW_SEQ &&
      f->kind != RUCHY_TRACE_FOLLOW_RANGE && !f->size)
    shown = count; /* elements of no bytes (a set of ()): all of them */
  uint64_t word = (8 + got) | (shown < count ? RT_LEN_TRUNC : 0);
  memcpy(out + pos, &word, 8);
  size_t padded = (8 + got + 7) & ~(size_t)7;
  memset(dst + 8 + got, 0, padded - 8 - got);
  return pos + 8 + padded;
}

/* An EACH_SEQ or EACH_RANGE follow's item at `pos` within `room` bytes:
 * one sequence item per element of its parent's elements item `base`
 * (`esize` bytes each, after their count), each as a SEQ or RANGE follow
 * reading that element would make it. The rows share the record's data
 * budget: those past it are cut, and each row keeps at most seq_max
 * elements, so the work stays bounded by seq_max squared element copies. */
static size_t follow_each_seq(const __ruchy_trace_follow *f, size_t esize,
                              const uint8_t *base, size_t base_len,
                              uint8_t *out, size_t pos, size_t room) {
  __ruchy_trace_follow row = *f;
  row.kind = f->kind == RUCHY_TRACE_FOLLOW_EACH_SEQ ? RUCHY_TRACE_FOLLOW_SEQ
                                                    : RUCHY_TRACE_FOLLOW_RANGE;
  size_t start = pos;
  uint64_t n = esize && base_len >= 8 ? (base_len - 8) / esize : 0;
  pos += 8;
  for (uint64_t i = 0; i < n && room - (pos - start) >= 8; ++i) {
    const uint8_t *e = base + 8 + i * esize;
    int ok;
    uint64_t ptr = load_u64(e, esize, f->ptr_offset, &ok);
    pos = ok ? follow_seq(&row, NULL, 0, ptr, e, esize, out, pos,
                          room - (pos - start) - 8)
             : put_item(out, pos, RT_LEN_CUT, NULL, 0);
  }
  uint64_t word = pos - start - 8;
  memcpy(out + start, &word, 8);
  return pos;
}

/* The bytes of a struct a DEREF or HEADER follow copies: those of its
 * first fields in source order that RUCHY_TRACE_FOLLOW's budget holds
 * whole (f->order; a Rust struct's first fields may lie anywhere in it),
 * or the budget's bytes when that is more (a field partly copied is shown
 * cut). */
static size_t follow_budget(const __ruchy_trace_follow *f) {
  uint32_t budget = rt_cfg.follow_max;
  size_t want = budget, span = 0;
  for (const uint32_t *o = f->order;
       o && *o != UINT32_MAX && *o >> 16 <= budget; ++o)
    span = *o & 0xffffu;
  if (span > want)
    want = span;
  return want < f->size ? want : f->size;
}

/* One followed pointer into `out` at `pos`, within `room` bytes (room
 * includes the length word). `esize`: the size of its parent's elements
 * (what an EACH_SEQ follow steps by). */
static size_t follow(const __ruchy_trace_follow *f,
                     const __ruchy_trace_follow *param, unsigned nparam,
                     size_t esize, const uint8_t *img, size_t img_len,
                     uint8_t *out, size_t pos, size_t room) {
  if (f->kind == RUCHY_TRACE_FOLLOW_EACH_SLICE ||
      f->kind == RUCHY_TRACE_FOLLOW_EACH_SLICE_IF ||
      f->kind == RUCHY_TRACE_FOLLOW_EACH_DEREF)
    return rt_capture_each(f, img, img_len, out, pos, room);
  if (f->kind == RUCHY_TRACE_FOLLOW_EACH_SEQ ||
      f->kind == RUCHY_TRACE_FOLLOW_EACH_RANGE)
    return follow_each_seq(f, esize, img, img_len, out, pos, room);
  /* RUCHY_TRACE_FOLLOW=off: the struct's address is all it shows, and no
   * byte of it is read (nor of the follows inside it). */
  if ((f->kind == RUCHY_TRACE_FOLLOW_DEREF ||
       f->kind == RUCHY_TRACE_FOLLOW_HEADER) &&
      !rt_cfg.follow_max)
    return put_item(out, pos, RT_LEN_UNFOLLOWED, NULL, 0);
  /* A conditional slice whose flag is clear (a libc++ string's short
   * form): the bytes at ptr_offset are characters, not a pointer, so
   * nothing is read through them (no syscall, no garbage copied). */
  if (f->kind == RUCHY_TRACE_FOLLOW_SLICE && f->size) {
    size_t byte = (f->size - 1u) / 8u;
    if (byte >= img_len)
      return put_item(out, pos, RT_LEN_CUT, NULL, 0);
    if (!((img[byte] >> ((f->size - 1u) % 8u)) & 1u))
      return put_item(out, pos, 0, NULL, 0);
  }
  int ok;
  uint64_t ptr = load_u64(img, img_len, f->ptr_offset, &ok);
  if (!ok)
    return put_item(out, pos, RT_LEN_CUT, NULL, 0);
  size_t want, max = room - 8;
  /* An empty sequence may have no buffer (a C++ vector's NULL): it is
   * still empty, not NULL. */
  if (f->kind >= RUCHY_TRACE_FOLLOW_SEQ &&
      f->kind != RUCHY_TRACE_FOLLOW_PARAM &&
      f->kind != RUCHY_TRACE_FOLLOW_HEADER)
    return follow_seq(f, param, nparam, ptr, img, img_len, out, pos, max);
  if (!ptr)
    return put_item(out, pos, RT_LEN_NULL, NULL, 0);
  int stop_at_nul = 0;
  switch (f->kind) {
  case RUCHY_TRACE_FOLLOW_CSTRING:
    want = rt_cfg.string_max + 1; /* +1: see the NUL of a string at the max */
    stop_at_nul = 1;
    break;
  case RUCHY_TRACE_FOLLOW_SLICE: {
    uint64_t len = load_u64(img, img_len, f->len_offset, &ok);
    if (!ok)
      return put_item(out, pos, RT_LEN_CUT, NULL, 0);
    want = len;
    if (want > rt_cfg.string_max)
      want = rt_cfg.string_max;
    if (!len)
      return put_item(out, pos, 0, NULL, 0);
    if (!max) /* the record's data is full: cut, not unreadable */
      return put_item(out, pos, RT_LEN_CUT, NULL, 0);
    uint8_t *dst = out + pos + 8;
    if (want > max)
      want = max;
    int complete;
    size_t got = rt_safe_copy(dst, (uintptr_t)ptr, want, 0, &complete);
    if (got == (size_t)-1)
      return put_item(out, pos, RT_LEN_BAD, NULL, 0);
    uint64_t word = got | (got < len ? RT_LEN_TRUNC : 0);
    memcpy(out + pos, &word, 8);
    size_t padded = (got + 7) & ~(size_t)7;
    memset(dst + got, 0, padded - got);
    return pos + 8 + padded;
  }
  case RUCHY_TRACE_FOLLOW_DEREF:
  default:
    /* From len_offset bytes into the target: an Rc's value after its
     * counts. The safe read checks whatever address this makes. */
    ptr += f->len_offset;
    /* The first follow_max bytes: the value printer shows the fields past
     * them as cut (TRUNC below), and a large struct (an interpreter's
     * state) costs neither a full copy per call nor ring space. */
    want = follow_budget(f);
    break;
  case RUCHY_TRACE_FOLLOW_HEADER:
    want = follow_budget(f);
    if (want < f->len_offset) /* its containers' headers whole */
      want = f->len_offset < f->size ? f->len_offset : f->size;
    break;
  }
  if (want > max)
    want = max;
  if (!max)
    return put_item(out, pos, RT_LEN_CUT, NULL, 0);
  uint8_t *dst = out + pos + 8;
  int complete;
  size_t got = rt_safe_copy(dst, (uintptr_t)ptr, want, stop_at_nul, &complete);
  if (got == (size_t)-1)
    return put_item(out, pos, RT_LEN_BAD, NULL, 0);
  uint64_t word = got;
  if (stop_at_nul) {
    if (complete)
      word = got; /* the NUL is not kept */
    else
      word = (got > rt_cfg.string_max ? rt_cfg.string_max : got) | RT_LEN_TRUNC;
  } else if (got < f->size) {
    word |= RT_LEN_TRUNC;
  }
  size_t n = (size_t)(word & RT_LEN_MASK);
  size_t padded = (n + 7) & ~(size_t)7;
  memcpy(out + pos, &word, 8);
  memset(dst + n, 0, padded - n);
  return pos + 8 + padded;
}

size_t rt_capture(const __ruchy_trace_type *const *types, unsigned n,
                  const uint64_t *payloads, uint8_t *out) {
  size_t pos = 8;
  uint64_t items = 0;
  for (unsigned i = 0; i < n; ++i) {
    const __ruchy_trace_type *t = types[i];
    if (!t || (!(t->flags & RUCHY_TRACE_T_BYREF) && !t->nfollows))
      continue;
    const uint8_t *img = (const uint8_t *)&payloads[i];
    size_t img_len = 8;
    if (t->flags & RUCHY_TRACE_T_BYREF) {
      if (RT_DATA_BUDGET - pos < 8)
        goto full;
      /* The value lives in the traced frame's own storage (or a caller's
       * copy it was handed): always readable, copied as is. */
      size_t want = t->size, room = RT_DATA_BUDGET - pos - 8;
      if (want > RT_MAX_IMAGE)
        want = RT_MAX_IMAGE;
      if (want > room)
        want = room & ~(size_t)7;
      uint64_t word = want | (want < t->size ? RT_LEN_TRUNC : 0);
      img = out + pos + 8;
      img_len = want;
      pos =
          put_item(out, pos, word, (const void *)(uintptr_t)payloads[i], want);
      ++items;
    }
    /* Where each follow's bytes went, for follows inside them. */
    const uint8_t *fimg[RUCHY_TRACE_MAX_FOLLOWS];
    size_t flen[RUCHY_TRACE_MAX_FOLLOWS];
    for (unsigned k = 0; k < t->nfollows; ++k) {
      if (RT_DATA_BUDGET - pos < 8)
        goto full;
      const __ruchy_trace_follow *f = &t->follows[k];
      if (f->kind == RUCHY_TRACE_FOLLOW_PARAM) { /* no item of its own */
        if (k < RUCHY_TRACE_MAX_FOLLOWS)
          fimg[k] = NULL, flen[k] = 0;
        continue;
      }
      const uint8_t *base = img;
      size_t base_len = img_len, esize = 0;
      if (f->parent) {
        unsigned p = f->parent - 1u;
        base = p < k && p < RUCHY_TRACE_MAX_FOLLOWS ? fimg[p] : NULL;
        base_len = p < k && p < RUCHY_TRACE_MAX_FOLLOWS ? flen[p] : 0;
        esize = p < k ? t->follows[p].size : 0;
      }
      size_t at = pos;
      pos = follow(f, f + 1, t->nfollows - k - 1u, esize, base ? base : img,
                   base ? base_len : 0, out, pos, RT_DATA_BUDGET - pos);
      if (k < RUCHY_TRACE_MAX_FOLLOWS) {
        uint64_t word;
        memcpy(&word, out + at, 8);
        fimg[k] = out + at + 8;
        flen[k] =
            (word & (RT_LEN_BAD | RT_LEN_NULL | RT_LEN_CUT | RT_LEN_UNFOLLOWED))
                ? 0
                : (size_t)(word & RT_LEN_MASK);
      }
      ++items;
    }
  }
full:
  memcpy(out, &items, 8);
  return pos;
}
