/*===- rt_writer.c - buffered output and number formatting -----------------===
 *
 * The writers format millions of events, so numbers and strings are
 * formatted by hand into a large buffer flushed with write(2): no stdio, no
 * printf per field, no malloc (the same code must later serve a crash
 * handler). Only doubles go through snprintf, because shortest round-trip
 * formatting is subtle and doubles are rare in traces.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_format.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* One line on stderr, "ruchytrace: " first, written with one write(2) so
 * that lines from several threads never interleave. No stdio: it is used
 * where a lock could be held (a signal handler, a forked child). */
void rt_warn(const char *a, const char *b, const char *c) {
  char msg[1024];
  size_t n = 0;
  const char *parts[] = {"ruchytrace: ", a, b, c};
  for (size_t i = 0; i < 4; ++i)
    for (const char *p = parts[i]; *p && n < sizeof msg - 1; ++p)
      msg[n++] = *p;
  msg[n++] = '\n'; /* one write(2): lines from threads never interleave */
  ssize_t r = write(2, msg, n);
  (void)r;
}

void rt_out_init(rt_out *o, int fd, char *buf, size_t cap) {
  o->fd = fd;
  o->failed = 0;
  o->len = 0;
  o->total = 0;
  o->buf = buf;
  o->cap = cap;
  o->style = RT_STYLE_AS_IS;
  memset(&o->rs, 0, sizeof o->rs);
  o->line = 0;
  o->cut = UINT64_MAX;
  o->dcache = NULL;
}

int rt_write_all(int fd, const void *p, size_t len) {
  const char *c = p;
  while (len) {
    ssize_t n = write(fd, c, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      /* A descriptor the program made non-blocking (/dev/stdout on a
       * pipe): wait for room as a blocking write would. */
      struct pollfd p = {fd, POLLOUT, 0};
      poll(&p, 1, -1);
      continue;
    }
    if (n <= 0)
      return n < 0 ? errno : EIO;
    c += n;
    len -= (size_t)n;
  }
  return 0;
}

/* After the first failure nothing more is written; whoever opened the
 * output reports o->failed and does not keep a partial trace. */
static void write_all(rt_out *o, const char *p, size_t len) {
  if (!o->failed)
    o->failed = rt_write_all(o->fd, p, len);
}

void rt_out_flush(rt_out *o) {
  if (o->style != RT_STYLE_AS_IS) {
    /* Restyled in pieces through a static buffer: no allocation. */
    RT_LARGE static char styled[RT_RESTYLE_FACTOR * 16384];
    for (size_t at = 0; at < o->len; at += 16384) {
      size_t n = o->len - at < 16384 ? o->len - at : 16384;
      size_t m = rt_restyle_chunk(&o->rs, o->style, o->buf + at, n, styled);
      write_all(o, styled, m);
      o->total += m;
    }
    o->len = 0;
    return;
  }
  write_all(o, o->buf, o->len);
  o->total += o->len;
  o->len = 0;
}

void rt_out_bytes_split(rt_out *o, const char *s, size_t n) {
  while (n) {
    if (o->len == o->cap)
      rt_out_flush(o);
    size_t k = o->cap - o->len < n ? o->cap - o->len : n;
    memcpy(o->buf + o->len, s, k);
    o->len += k;
    s += k;
    n -= k;
  }
}

static const char digit_pairs[201] = "00010203040506070809"
                                     "10111213141516171819"
                                     "20212223242526272829"
                                     "30313233343536373839"
                                     "40414243444546474849"
                                     "50515253545556575859"
                                     "60616263646566676869"
                                     "70717273747576777879"
                                     "80818283848586878889"
                                     "90919293949596979899";

/* Two digits per division halves the divisions. */
char *rt_fmt_u64(char *end, uint64_t v) {
  char *p = end;
  while (v >= 100) {
    unsigned r = (unsigned)(v % 100);
    v /= 100;
    p -= 2;
    memcpy(p, digit_pairs + 2 * r, 2);
  }
  if (v >= 10) {
    p -= 2;
    memcpy(p, digit_pairs + 2 * v, 2);
  } else {
    *--p = (char)('0' + v);
  }
  return p;
}

size_t rt_append(char *dst, size_t n, size_t cap, const char *s) {
  while (*s && n + 1 < cap)
    dst[n++] = *s++;
  dst[n] = 0;
  return n;
}

size_t rt_append_u64(char *dst, size_t n, size_t cap, uint64_t v) {
  char tmp[24];
  for (const char *p = rt_fmt_u64(tmp + sizeof tmp, v);
       p < tmp + sizeof tmp && n + 1 < cap; ++p)
    dst[n++] = *p;
  dst[n] = 0;
  return n;
}

/* Numbers are formatted in place, right to left, once their length is
 * known: a copy of a few bytes through memcpy was a call per number. */
void rt_out_u64(rt_out *o, uint64_t v) {
  size_t n = 1;
  for (uint64_t t = v; t >= 10; t /= 10)
    ++n;
  rt_out_reserve(o, n);
  rt_fmt_u64(o->buf + o->len + n, v);
  o->len += n;
}

void rt_out_i64(rt_out *o, int64_t v) {
  if (v < 0) {
    rt_out_char(o, '-');
    rt_out_u64(o, 0 - (uint64_t)v); /* well defined for INT64_MIN */
  } else {
    rt_out_u64(o, (uint64_t)v);
  }
}

void rt_out_hex(rt_out *o, uint64_t v) {
  size_t n = 2 + (v ? (size_t)(67 - __builtin_clzll(v)) / 4 : 1);
  rt_out_reserve(o, n);
  char *p = o->buf + o->len + n;
  do {
    *--p = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  *--p = 'x';
  *--p = '0';
  o->len += n;
}

/* v / 10^div_digits with `keep` decimals, truncated: timestamps in
 * seconds.microseconds and durations in milliseconds. */
void rt_out_fixed(rt_out *o, uint64_t v, unsigned div_digits, unsigned keep) {
  uint64_t scale = 1;
  for (unsigned i = 0; i < div_digits; ++i)
    scale *= 10;
  uint64_t frac = v % scale;
  for (unsigned i = keep; i < div_digits; ++i)
    frac /= 10;
  rt_out_u64(o, v / scale);
  if (!keep)
    return;
  char tmp[24];
  for (unsigned i = keep; i > 0; --i, frac /= 10)
    tmp[i - 1] = (char)('0' + frac % 10);
  rt_out_char(o, '.');
  rt_out_bytes(o, tmp, keep);
}

/* The shortest of %.15g..%.17g that reads back as the same double (of
 * %.6g..%.9g as the same float: `single`), finite `d`, into tmp[40];
 * returns its length. */
static size_t shortest(char *tmp, double d, int single) {
  for (int prec = single ? 6 : 15; prec <= (single ? 9 : 17); ++prec) {
    snprintf(tmp, 40, "%.*g", prec, d);
    if (single ? strtof(tmp, NULL) == (float)d : strtod(tmp, NULL) == d)
      break;
  }
  /* JSON and readers alike want 1.0, not 1, to keep the value a float. */
  if (!strpbrk(tmp, ".eE"))
    strcat(tmp, ".0");
  return strlen(tmp);
}

void rt_out_double(rt_out *o, double d, int json) {
  if (d != d) {
    rt_out_cstr(o, json ? "\"nan\"" : "nan");
    return;
  }
  if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
    rt_out_cstr(o, d > 0 ? (json ? "\"inf\"" : "inf")
                         : (json ? "\"-inf\"" : "-inf"));
    return;
  }
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  rt_dcache *c = o->dcache;
  unsigned slot = (unsigned)((bits * 0x9E3779B97F4A7C15u) >> 56);
  if (c && c->text[slot][0] && c->bits[slot] == bits) {
    rt_out_bytes(o, c->text[slot] + 1, (size_t)c->text[slot][0]);
    return;
  }
  char tmp[40];
  size_t n = shortest(tmp, d, 0);
  if (c && n < sizeof c->text[0]) {
    c->bits[slot] = bits;
    memcpy(c->text[slot] + 1, tmp, n);
    c->text[slot][0] = (char)n;
  }
  rt_out_bytes(o, tmp, n);
}

void rt_out_float(rt_out *o, float f, int json) {
  double d = f;
  if (d != d || d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
    rt_out_double(o, d, json); /* nan and inf, as for a double */
    return;
  }
  char tmp[40];
  rt_out_bytes(o, tmp, shortest(tmp, d, 1));
}

/* RFC 3339 with nanoseconds, UTC, from ns since the epoch. Days to civil
 * date by Howard Hinnant's algorithm: no gmtime, no locale, no tz files. */
void rt_out_rfc3339(rt_out *o, uint64_t ns) {
  uint64_t secs = ns / 1000000000u, sub = ns % 1000000000u;
  int64_t z = (int64_t)(secs / 86400) + 719468;
  uint64_t sod = secs % 86400;
  int64_t era = z / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char b[40];
  unsigned fields[6] = {(unsigned)y,
                        m,
                        d,
                        (unsigned)(sod / 3600),
                        (unsigned)(sod / 60 % 60),
                        (unsigned)(sod % 60)};
  static const char seps[] = "--T::";
  size_t n = 0;
  for (int i = 0; i < 6; ++i) {
    unsigned v = fields[i], width = i == 0 ? 4 : 2;
    for (unsigned k = width; k > 0; --k, v /= 10)
      b[n + k - 1] = (char)('0' + v % 10);
    n += width;
    if (i < 5)
      b[n++] = seps[i];
  }
  b[n++] = '.';
  for (unsigned k = 9; k > 0; --k, sub /= 10)
    b[n + k - 1] = (char)('0' + sub % 10);
  n += 9;
  rt_out_char(o, '"');
  rt_out_bytes(o, b, n);
  rt_out_cstr(o, "+00:00\"");
}

/* Length of a valid UTF-8 sequence at s (1..4) within `left` bytes, or 0
 * if it is invalid. */
static size_t utf8_len(const unsigned char *s, size_t left) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    return left >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (left < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
      return 0;
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
      return 0; /* overlong, surrogate */
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (left < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
        (s[3] & 0xc0) != 0x80)
      return 0;
    if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
      return 0;
    return 4;
  }
  return 0;
}

void rt_out_json_string(rt_out *o, const char *str) {
  rt_out_json_stringn(o, str, strlen(str));
}

void rt_out_json_stringn(rt_out *o, const char *str, size_t len) {
  rt_out_char(o, '"');
  rt_out_json_escaped(o, str, len);
  rt_out_char(o, '"');
}

/* Whether any of 8 bytes is a control character, non-ASCII, '"' or '\\'
 * (the "has a byte less than n" and "has a zero byte" tricks: exact for
 * the question "any?", which is all that is asked). */
static inline uint64_t needs_escape8(uint64_t w) {
  const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
  uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
  return (((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
          ((slash - ones) & ~slash) | w) &
         high;
}

void rt_out_json_escaped(rt_out *o, const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str, *end = s + len;
  while (s < end) {
    /* The run of characters that need no escaping, copied as it is
     * scanned while the buffer has room for all of it (most strings are
     * short names and paths: a memcpy call each was a tenth of a
     * conversion), else in one go. */
    const unsigned char *run = s;
    if (RT_LIKELY(o->cap - o->len >= (size_t)(end - s))) {
      char *d = o->buf + o->len;
      for (uint64_t w; end - s >= 8 && !needs_escape8((memcpy(&w, s, 8), w));
           s += 8, d += 8)
        memcpy(d, &w, 8);
      while (s < end && *s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
        *d++ = (char)*s++;
      o->len += (size_t)(s - run);
    } else {
      while (s < end && *s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
        ++s;
      rt_out_bytes(o, (const char *)run, (size_t)(s - run));
    }
    if (s == end)
      break;
    if (*s >= 0x80) {
      size_t n = utf8_len(s, (size_t)(end - s));
      if (n) {
        rt_out_bytes(o, (const char *)s, n);
        s += n;
      } else {
        /* Invalid UTF-8 never reaches a parser: U+FFFD, as its UTF-8 (not
         * "\\ufffd"), so that a reader re-escaping it gets these bytes. */
        rt_out_bytes(o, "\xef\xbf\xbd", 3);
        ++s;
      }
      continue;
    }
    char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
    size_t n = 2;
    switch (*s) {
    case '"':
      esc[1] = '"';
      break;
    case '\\':
      esc[1] = '\\';
      break;
    case '\n':
      esc[1] = 'n';
      break;
    case '\t':
      esc[1] = 't';
      break;
    case '\r':
      esc[1] = 'r';
      break;
    default:
      memcpy(esc + 1, "u00", 3);
      esc[4] = "0123456789abcdef"[*s >> 4];
      esc[5] = "0123456789abcdef"[*s & 15];
      n = 6;
    }
    rt_out_bytes(o, esc, n);
    ++s;
  }
}

/* A character value: JSON as a one-character string, text as a C literal.
 * Code points beyond ASCII are written as UTF-8. */
void rt_out_text_char(rt_out *o, uint64_t cp, int json) {
  char tmp[8] = {0};
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    cp = 0xfffd;
  if (cp < 0x80) {
    tmp[0] = (char)cp;
  } else if (cp < 0x800) {
    tmp[0] = (char)(0xc0 | (cp >> 6));
    tmp[1] = (char)(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    tmp[0] = (char)(0xe0 | (cp >> 12));
    tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    tmp[2] = (char)(0x80 | (cp & 0x3f));
  } else {
    tmp[0] = (char)(0xf0 | (cp >> 18));
    tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    tmp[3] = (char)(0x80 | (cp & 0x3f));
  }
  if (json) {
    if (cp == 0)
      rt_out_cstr(o, "\"\\u0000\"");
    else
      rt_out_json_string(o, tmp);
    return;
  }
  rt_out_char(o, '\'');
  if (cp == '\'' || cp == '\\') {
    rt_out_char(o, '\\');
    rt_out_char(o, (char)cp);
  } else if (cp < 0x20 || cp == 0x7f) {
    rt_out_cstr(o, "\\x");
    rt_out_char(o, "0123456789abcdef"[cp >> 4]);
    rt_out_char(o, "0123456789abcdef"[cp & 15]);
  } else {
    rt_out_cstr(o, tmp);
  }
  rt_out_char(o, '\'');
}

void rt_out_char_byte(rt_out *o, unsigned byte, int json) {
  static const char hex[] = "0123456789abcdef";
  char s[9] = {json ? '"' : '\'', '\\', 0};
  size_t n = 2;
  if (json)
    s[n++] = '\\';
  s[n++] = 'x';
  s[n++] = hex[(byte >> 4) & 15];
  s[n++] = hex[byte & 15];
  s[n++] = json ? '"' : '\'';
  rt_out_bytes(o, s, n);
}

void *rt_map_grow(void *old, size_t old_bytes, size_t bytes) {
  void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    return NULL;
  if (old) {
    memcpy(m, old, old_bytes);
    munmap(old, old_bytes);
  }
  return m;
}
