/*===- rt_pb.c - the protobuf wire format, by hand ------------------------===
 *
 * Varints, length-delimited fields and fixed64 doubles into a fixed
 * buffer (rt_pf_msg), for the Perfetto writer (rt_proto.c): no malloc, no
 * stdio, so a crash handler can write a trace.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_proto.h"

#include <string.h>

void rt_pb_init(rt_pf_msg *m, char *buf, size_t cap) {
  m->buf = buf;
  m->cap = cap;
  m->len = 0;
  m->depth = 0;
}

void rt_pb_double(rt_pf_msg *m, unsigned field, double d) {
  rt_pb_raw_varint(m, (uint64_t)field << 3 | 1);
  if (rt_pb_room(m, 8)) {
    memcpy(m->buf + m->len, &d, 8); /* little-endian targets */
    m->len += 8;
  }
}

/* Strings are cut to leave 16 KiB of the buffer for what follows them. */
void rt_pb_bytes(rt_pf_msg *m, unsigned field, const char *s, size_t n) {
  size_t keep = 16384 + 20;
  size_t left = m->cap - m->len > keep ? m->cap - m->len - keep : 0;
  if (n > left)
    n = left;
  rt_pb_raw_varint(m, (uint64_t)field << 3 | 2);
  rt_pb_raw_varint(m, n);
  if (rt_pb_room(m, n)) {
    memcpy(m->buf + m->len, s, n);
    m->len += n;
  }
}

void rt_pb_close(rt_pf_msg *m) {
  if (!m->depth)
    return;
  size_t at = m->open[--m->depth];
  if (m->len == m->cap)
    return; /* full: left out anyway */
  size_t body = m->len - at - 1;
  if (body < 0x80) {
    m->buf[at] = (char)body;
    return;
  }
  char len[10];
  size_t k = rt_pb_put_varint(len, body);
  if (!rt_pb_room(m, k - 1))
    return;
  memmove(m->buf + at + k, m->buf + at + 1, body);
  memcpy(m->buf + at, len, k);
  m->len += k - 1;
}
