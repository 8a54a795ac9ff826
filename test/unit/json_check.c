/*===- json_check.c - a strict JSON checker for the unit tests -------------===
 *
 * The runtime promises JSON that any parser takes (RFC 8259, valid UTF-8):
 * this checks it without a library, and lists the values it holds for the
 * "kinds" checks (unit_check.h).
 *
 *===----------------------------------------------------------------------===*/
#include "unit_check.h"

#include <string.h>

typedef struct jp {
  const unsigned char *s, *end;
  char *cls;
  size_t n, cap;
  int depth;
} jp;

static void ws(jp *p) {
  while (p->s < p->end && strchr(" \t\r\n", *p->s) && *p->s)
    ++p->s;
}

static void note(jp *p, char c) {
  if (p->n + 1 < p->cap)
    p->cls[p->n++] = c;
}

static int word(jp *p, const char *w) {
  size_t k = strlen(w);
  if ((size_t)(p->end - p->s) < k || memcmp(p->s, w, k))
    return 0;
  p->s += k;
  return 1;
}

/* A UTF-8 sequence after its lead byte c (no overlongs, no surrogates). */
static int utf8_rest(jp *p, unsigned c) {
  unsigned n = c >= 0xc2 && c <= 0xdf   ? 1
               : c >= 0xe0 && c <= 0xef ? 2
               : c >= 0xf0 && c <= 0xf4 ? 3
                                        : 0;
  if (!n || (size_t)(p->end - p->s) < n)
    return 0;
  unsigned c1 = p->s[0];
  if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) ||
      (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f))
    return 0;
  for (unsigned i = 0; i < n; ++i)
    if ((p->s[i] & 0xc0) != 0x80)
      return 0;
  p->s += n;
  return 1;
}

static int string(jp *p) {
  if (p->s >= p->end || *p->s != '"')
    return 0;
  for (++p->s; p->s < p->end;) {
    unsigned c = *p->s++;
    if (c == '"')
      return 1;
    if (c < 0x20 || (c >= 0x80 && !utf8_rest(p, c)))
      return 0;
    if (c != '\\')
      continue;
    if (p->s >= p->end)
      return 0;
    c = *p->s++;
    if (c == 'u') {
      for (int i = 0; i < 4; ++i, ++p->s)
        if (p->s >= p->end || !strchr("0123456789abcdefABCDEF", *p->s) ||
            !*p->s)
          return 0;
    } else if (!c || !strchr("\"\\/bfnrt", (int)c)) {
      return 0;
    }
  }
  return 0;
}

static int digits(jp *p) {
  const unsigned char *b = p->s;
  while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
    ++p->s;
  return p->s > b;
}

static int number(jp *p) {
  if (p->s < p->end && *p->s == '-')
    ++p->s;
  if (p->s < p->end && *p->s == '0')
    ++p->s;
  else if (!digits(p))
    return 0;
  if (p->s < p->end && *p->s == '.' && (++p->s, !digits(p)))
    return 0;
  if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
    ++p->s;
    if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
      ++p->s;
    return digits(p);
  }
  return 1;
}

static int value(jp *p) {
  ws(p);
  if (p->s >= p->end || ++p->depth > 64)
    return 0;
  int ok = 1;
  switch (*p->s) {
  case '{':
    note(p, 'O');
    ++p->s, ws(p);
    if (p->s < p->end && *p->s == '}') {
      ++p->s;
      break;
    }
    do {
      ws(p);
      ok = string(p) && (ws(p), word(p, ":")) && value(p);
      ws(p);
    } while (ok && word(p, ","));
    ok = ok && word(p, "}");
    break;
  case '[':
    ++p->s, ws(p);
    if (p->s < p->end && *p->s == ']') {
      ++p->s;
      break;
    }
    do
      ok = value(p), ws(p);
    while (ok && word(p, ","));
    ok = ok && word(p, "]");
    break;
  case '"':
    note(p, 'S');
    ok = string(p);
    break;
  case 'n':
    note(p, '0');
    ok = word(p, "null");
    break;
  case 't':
    ok = word(p, "true");
    break;
  case 'f':
    ok = word(p, "false");
    break;
  default:
    ok = number(p);
  }
  p->depth--;
  return ok;
}

int json_valid(const char *s, size_t n, char *classes, size_t cap) {
  jp p = {(const unsigned char *)s,
          (const unsigned char *)s + n,
          classes,
          0,
          cap,
          0};
  int ok = value(&p);
  ws(&p);
  classes[p.n] = 0;
  return ok && p.s == p.end;
}

/* What JSON value each "kinds" letter describes (rt_format.h). */
int kinds_describe(const char *kinds, const char *classes) {
  for (; *kinds && *classes; ++kinds, ++classes) {
    /* A set's or a map's array letter: arrays have no class here. */
    while (*kinds == 'S' || *kinds == 'M')
      ++kinds;
    if (!*kinds)
      break;
    char want = strchr("sct", *kinds)       ? 'S'
                : strchr("Nx?-", *kinds)    ? '0'
                : strchr("{pvfPTm", *kinds) ? 'O'
                                            : 'E';
    if (want != *classes)
      return 0;
  }
  while (*kinds == 'S' || *kinds == 'M')
    ++kinds;
  return !*kinds && !*classes;
}
