/*===- rt_rtrace_read.h - reading .rtrace payloads (the tool's side) -------===
 *
 * Shared by rt_rtrace_read.c (the file, its chunks, the replay) and
 * rt_rtrace_types.c (an IMAGE chunk's types and descriptors, rebuilt as
 * the pass emits them). Tool-only: these may use malloc.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_RTRACE_READ_H
#define RUCHYTRACE_RT_RTRACE_READ_H

#include "rt_rtrace.h"
#include "ruchytrace/abi.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*---- reading a payload --------------------------------------------------*/

typedef struct cursor {
  const uint8_t *p, *end;
  int bad; /* read past the end: the chunk is corrupt */
} cursor;

static inline void take(cursor *c, void *dst, size_t n) {
  if (c->bad || (size_t)(c->end - c->p) < n) {
    c->bad = 1;
    memset(dst, 0, n);
    return;
  }
  memcpy(dst, c->p, n);
  c->p += n;
}
static inline uint8_t u8(cursor *c) {
  uint8_t v;
  take(c, &v, 1);
  return v;
}
static inline uint16_t u16(cursor *c) {
  uint16_t v;
  take(c, &v, 2);
  return v;
}
static inline uint32_t u32(cursor *c) {
  uint32_t v;
  take(c, &v, 4);
  return v;
}
static inline uint64_t u64(cursor *c) {
  uint64_t v;
  take(c, &v, 8);
  return v;
}
static inline const char *str(cursor *c) {
  uint32_t n = u32(c);
  if (n == RT_RTRACE_NONE || c->bad)
    return NULL;
  if ((size_t)(c->end - c->p) < n) {
    c->bad = 1;
    return NULL;
  }
  char *s = strndup((const char *)c->p, n);
  c->p += n;
  return s;
}

/* Reads `ntypes` types, then `count` descriptors, from an IMAGE chunk:
 * the descriptors (NULL where the recording could not copy one), or with
 * c->bad set if the chunk is corrupt. */
const __ruchy_trace_fn **rt_rtrace_descriptors(cursor *c, uint32_t ntypes,
                                               uint32_t count, int named);

#endif /* RUCHYTRACE_RT_RTRACE_READ_H */
