/*===- rt_value.c - typed payloads as JSON values and as text --------------===
 *
 * One function prints a payload for both writers, so a value never reads
 * differently in the JSON and the text trace.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>

static void write_char(rt_out *o, uint64_t v, unsigned size, int json) {
  uint64_t cp = size == 1 ? (v & 0xff) : v;
  if (size == 1 && cp >= 0x80) {
    /* A byte of a multi-byte encoding, not a character on its own. */
    static const char hex[] = "0123456789abcdef";
    char s[9] = {0};
    size_t n = 0;
    if (json)
      s[n++] = '"';
    else
      s[n++] = '\'';
    s[n++] = '\\';
    if (json)
      s[n++] = '\\';
    s[n++] = 'x';
    s[n++] = hex[cp >> 4];
    s[n++] = hex[cp & 15];
    s[n++] = json ? '"' : '\'';
    rt_out_bytes(o, s, n);
    return;
  }
  rt_out_text_char(o, cp, json);
}

void rt_value_write(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                    int json) {
  unsigned kind = t ? t->kind : RUCHY_TRACE_K_OPAQUE;
  switch (kind) {
  case RUCHY_TRACE_K_SINT:
    rt_out_i64(o, (int64_t)v);
    return;
  case RUCHY_TRACE_K_UINT:
    rt_out_u64(o, v);
    return;
  case RUCHY_TRACE_K_BOOL:
    rt_out_cstr(o, v ? "true" : "false");
    return;
  case RUCHY_TRACE_K_CHAR:
  case RUCHY_TRACE_K_UCHAR:
    write_char(o, v, t->size, json);
    return;
  case RUCHY_TRACE_K_FLOAT: {
    uint32_t bits = (uint32_t)v;
    float f;
    memcpy(&f, &bits, sizeof f);
    rt_out_double(o, (double)f, json);
    return;
  }
  case RUCHY_TRACE_K_DOUBLE: {
    double d;
    memcpy(&d, &v, sizeof d);
    rt_out_double(o, d, json);
    return;
  }
  case RUCHY_TRACE_K_HALF: {
    /* IEEE binary16 widened by hand: no dependency on _Float16 support. */
    unsigned h = (unsigned)v & 0xffff, e = (h >> 10) & 31, m = h & 1023;
    double d = e == 0    ? m / 16777216.0 /* 2^-24 */
               : e == 31 ? (m ? __builtin_nan("") : __builtin_inf())
                         : (1.0 + m / 1024.0) * (double)(1u << e) / 32768.0;
    rt_out_double(o, (h & 0x8000) ? -d : d, json);
    return;
  }
  case RUCHY_TRACE_K_PTR:
    if (json)
      rt_out_char(o, '"');
    rt_out_hex(o, v);
    if (json)
      rt_out_char(o, '"');
    return;
  default:
    /* Not captured: say so rather than print a number that means nothing. */
    rt_out_cstr(o, json ? "null" : "?");
    return;
  }
}
