/*===- rt_value.c - typed values as JSON and as text ------------------------===
 *
 * One printer serves both writers, so a value never reads differently in
 * the JSON and the text trace. Every value is printed from a byte image:
 * the 8-byte payload for scalars, the copied bytes for values captured by
 * reference. Pointers the runtime followed at record time (strings, struct
 * pointers) are matched to the image by their offset.
 *
 *   JSON: {"id": 42, "name": "Alice"}   text: {id: 42, name: "Alice"}
 *
 * JSON also notes what each string, null and object it writes is (the
 * value's "kinds", rt_format.h): what lets the tool write the same text
 * from the JSON alone.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_value_print.h"

rt_trace_info rt_info = {
    "", RUCHYTRACE_VERSION, 0, 1, RT_STYLE_AS_IS, 0, NULL, 0, 0, NULL};

/* Notes the kind of the JSON string, null or object written next. */
void rt_vmark(const ctx *c, char letter) {
  if (c->json && c->k)
    rt_out_char(c->k, letter);
}

static const rt_followed *find(const ctx *c, size_t off, int text) {
  return rt_followed_at(c->f, c->nf, c->level, off, text);
}

static int64_t read_sint(const uint8_t *p, unsigned size) {
  uint64_t v = rt_read_uint(p, size);
  if (size < 8 && size > 0 && (v >> (size * 8 - 1)) & 1)
    v |= ~0ull << (size * 8);
  return (int64_t)v;
}

void rt_vcut(ctx *c) {
  rt_vmark(c, RT_KIND_CUT);
  rt_out_cstr(c->o, c->json ? "null" : RT_TEXT_CUT);
}

static void uncaptured(ctx *c) {
  rt_vmark(c, RT_KIND_UNCAPTURED);
  rt_out_cstr(c->o, c->json ? "null" : RT_TEXT_UNCAPTURED);
}

static void unreadable(ctx *c) {
  rt_vmark(c, RT_KIND_TOKEN);
  rt_out_cstr(c->o, c->json ? "\"" RT_UNREADABLE "\"" : RT_UNREADABLE);
}

/* A NULL pointer of any type, the same in every writer. */
static void null_pointer(ctx *c) {
  rt_vmark(c, RT_KIND_NULL);
  rt_out_cstr(c->o, c->json ? "null" : RT_TEXT_NULL);
}

/* What a followed pointer's item says when it carries no bytes: the
 * pointer was NULL, its memory unreadable, or the record's data budget ran
 * out before it (as a marker string in JSON, where null means NULL). Returns
 * 0 if the item has bytes to print. */
int rt_print_no_target(ctx *c, uint64_t word) {
  if (word & RT_LEN_NULL)
    null_pointer(c);
  else if (word & RT_LEN_BAD)
    unreadable(c);
  else if (word & RT_LEN_CUT) {
    rt_vmark(c, RT_KIND_TOKEN);
    rt_out_cstr(c->o, c->json ? "\"" RT_TEXT_CUT "\"" : RT_TEXT_CUT);
  } else
    return 0;
  return 1;
}

/* A string kept from a followed pointer, with its truncation marker. */
void rt_string_text(const rt_followed *f, char *buf, size_t cap) {
  size_t n = (size_t)(f->word & RT_LEN_MASK);
  if (n > cap - 8)
    n = cap - 8;
  memcpy(buf, f->bytes, n);
  buf[n] = 0;
  /* An embedded NUL (a Rust string may hold one) ends the C view of it. */
  if (f->word & RT_LEN_TRUNC)
    memcpy(buf + strlen(buf), RT_ELLIPSIS, sizeof RT_ELLIPSIS);
}

void rt_print_string(ctx *c, const rt_followed *f) {
  if (rt_print_no_target(c, f->word))
    return;
  char buf[RT_STRING_TEXT_MAX];
  rt_string_text(f, buf, sizeof buf);
  /* Text: the same escaping as JSON reads well in a terminal. */
  rt_vmark(c, RT_KIND_STRING);
  rt_out_json_string(c->o, buf);
}

static void print_hex_bytes(ctx *c, const uint8_t *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  rt_vmark(c, RT_KIND_TOKEN);
  rt_out_cstr(c->o, c->json ? "\"0x" : "0x");
  for (size_t i = 0; i < n; ++i) {
    rt_out_char(c->o, hex[p[i] >> 4]);
    rt_out_char(c->o, hex[p[i] & 15]);
  }
  if (c->json)
    rt_out_char(c->o, '"');
}

static void print_int128(ctx *c, const uint8_t *p, int is_signed) {
  unsigned __int128 v;
  memcpy(&v, p, 16);
  char tmp[48], *q = tmp + sizeof tmp;
  *--q = 0;
  int neg = is_signed && (__int128)v < 0;
  if (neg)
    v = -v;
  do {
    *--q = (char)('0' + (unsigned)(v % 10));
    v /= 10;
  } while (v);
  if (neg)
    *--q = '-';
  rt_out_cstr(c->o, q);
}

/* NaN and the infinities are strings in JSON. A float (`single`) is
 * written as the shortest decimal that reads back as that float. */
static void print_real(ctx *c, double d, int single) {
  if (d != d || d > 1.7976931348623157e308 || d < -1.7976931348623157e308)
    rt_vmark(c, RT_KIND_TOKEN);
  if (single)
    rt_out_float(c->o, (float)d, c->json);
  else
    rt_out_double(c->o, d, c->json);
}

static void print_scalar(ctx *c, const __ruchy_trace_type *t,
                         const uint8_t *p) {
  rt_out *o = c->o;
  unsigned size = t->size ? t->size : 8;
  switch (t->kind) {
  case RUCHY_TRACE_K_SINT:
    if (size == 16)
      print_int128(c, p, 1);
    else
      rt_out_i64(o, read_sint(p, size));
    return;
  case RUCHY_TRACE_K_UINT:
    if (size == 16)
      print_int128(c, p, 0);
    else
      rt_out_u64(o, rt_read_uint(p, size));
    return;
  case RUCHY_TRACE_K_BOOL:
    rt_out_cstr(o, rt_read_uint(p, size) ? "true" : "false");
    return;
  case RUCHY_TRACE_K_CHAR:
  case RUCHY_TRACE_K_UCHAR: {
    uint64_t cp = rt_read_uint(p, size);
    rt_vmark(c, RT_KIND_CHAR);
    if (size == 1 && cp >= 0x80) /* a byte of a multi-byte encoding */
      rt_out_char_byte(o, (unsigned)cp, c->json);
    else
      rt_out_text_char(o, cp, c->json);
    return;
  }
  case RUCHY_TRACE_K_FLOAT: {
    float f;
    memcpy(&f, p, 4);
    print_real(c, f, 1);
    return;
  }
  case RUCHY_TRACE_K_DOUBLE: {
    double d;
    memcpy(&d, p, 8);
    print_real(c, d, 0);
    return;
  }
  case RUCHY_TRACE_K_HALF: {
    /* IEEE binary16 widened by hand: no dependency on _Float16 support. */
    unsigned h = (unsigned)rt_read_uint(p, 2), e = (h >> 10) & 31, m = h & 1023;
    double d = e == 0    ? m / 16777216.0 /* 2^-24 */
               : e == 31 ? (m ? __builtin_nan("") : __builtin_inf())
                         : (1.0 + m / 1024.0) * (double)(1u << e) / 32768.0;
    print_real(c, (h & 0x8000) ? -d : d, 0);
    return;
  }
  case RUCHY_TRACE_K_LDOUBLE: {
#if defined(__x86_64__) || defined(__i386__)
    long double ld;
    memcpy(&ld, p, 10);
    print_real(c, (double)ld, 0);
#else
    print_hex_bytes(c, p, size);
#endif
    return;
  }
  default:
    print_hex_bytes(c, p, size);
    return;
  }
}

/* A function pointer with its name. */
static void print_name_or_hex(ctx *c, uint64_t addr) {
  rt_out *o = c->o;
  if (!addr) {
    null_pointer(c);
    return;
  }
  rt_vmark(c, RT_KIND_TOKEN);
  if (c->json)
    rt_out_char(o, '"');
  rt_out_hex(o, addr);
  const char *name = c->name_of ? c->name_of(addr) : NULL;
  if (name) {
    rt_out_cstr(o, " <");
    rt_out_cstr(o, name);
    rt_out_char(o, '>');
  }
  if (c->json)
    rt_out_char(o, '"');
}

/* The fields from the returned one on have no byte in the image. */
static uint32_t copied_end(const __ruchy_trace_field *fs, uint32_t n,
                           size_t len, size_t off) {
  while (n && off + fs[n - 1].offset >= len)
    --n;
  return n;
}

/* A struct's or union's fields, or a variant's (`letter` says which).
 * The fields past the end of a partial image (a followed struct cut at
 * RUCHY_TRACE_FOLLOW's budget, a record's data budget) are one marker, an
 * ellipsis: `{a: 1, …}`, in JSON an "…" key whose value is cut (null), so
 * that an interpreter's state with dozens of fields past the budget stays
 * a short line. */
void rt_print_fields(ctx *c, const __ruchy_trace_type *t, const uint8_t *img,
                     size_t len, size_t off, char letter) {
  rt_out *o = c->o;
  const __ruchy_trace_field *fs = t->members;
  /* A tuple's names are positions: text shows its values, (1, 2). */
  int tuple = (letter == RT_KIND_STRUCT && (t->flags & RUCHY_TRACE_T_TUPLE)) ||
              letter == RT_KIND_TUPLE_FIELDS;
  rt_vmark(c, tuple && letter == RT_KIND_STRUCT ? RT_KIND_TUPLE : letter);
  rt_out_char(o, tuple && !c->json ? '(' : '{');
  uint32_t end = fs ? copied_end(fs, t->count, len, off) : 0;
  for (uint32_t i = 0; i < t->count && fs; ++i) {
    const __ruchy_trace_field *f = &fs[i];
    if (i && !c->json && rt_text_full(o)) {
      rt_text_cut_mark(o, end - i);
      break;
    }
    if (i)
      rt_out_cstr(o, ", ");
    if (i >= end) {
      if (c->json) {
        rt_out_json_string(o, RT_ELLIPSIS);
        rt_out_cstr(o, ": ");
        rt_vcut(c);
      } else {
        rt_out_cstr(o, RT_ELLIPSIS);
      }
      break;
    }
    if (c->json) {
      rt_out_json_string(o, f->name);
      rt_out_cstr(o, ": ");
    } else if (!tuple) {
      rt_out_cstr(o, f->name);
      rt_out_cstr(o, ": ");
    }
    if (f->bit_size) {
      size_t at = off + f->offset;
      if (at >= len) {
        rt_vcut(c);
        continue;
      }
      uint64_t bits =
          rt_read_uint(img + at, (unsigned)(len - at < 8 ? len - at : 8));
      bits >>= f->bit_offset;
      if (f->bit_size < 64)
        bits &= (1ull << f->bit_size) - 1;
      if (f->type && f->type->kind == RUCHY_TRACE_K_SINT && f->bit_size < 64 &&
          (bits >> (f->bit_size - 1)) & 1)
        rt_out_i64(o, (int64_t)(bits | (~0ull << f->bit_size)));
      else if (f->type && f->type->kind == RUCHY_TRACE_K_BOOL)
        rt_out_cstr(o, bits ? "true" : "false");
      else
        rt_out_u64(o, bits);
      continue;
    }
    rt_print_at(c, f->type, img, len, off + f->offset);
  }
  rt_out_char(o, tuple && !c->json ? ')' : '}');
}

/* A char array holds text: shown as a string up to its first NUL. */
static int is_char_array(const __ruchy_trace_type *t) {
  const __ruchy_trace_type *e = t->members;
  return e &&
         (e->kind == RUCHY_TRACE_K_CHAR || e->kind == RUCHY_TRACE_K_UCHAR) &&
         e->size == 1;
}

static void print_array(ctx *c, const __ruchy_trace_type *t, const uint8_t *img,
                        size_t len, size_t off) {
  rt_out *o = c->o;
  const __ruchy_trace_type *e = t->members;
  if (is_char_array(t)) {
    size_t avail = off < len ? len - off : 0,
           n = t->count < avail ? t->count : avail;
    /* Bytes past the image were not captured: an array with none of them
     * is cut, and text running past them ends with the ellipsis of a
     * string cut short, rather than reading as an empty or whole string. */
    int cut_short = n < t->count && !(n && memchr(img + off, 0, n));
    if (cut_short && !n) {
      rt_vcut(c);
      return;
    }
    char buf[300 + sizeof RT_ELLIPSIS];
    if (n > 299)
      n = 299;
    memcpy(buf, img + off, n);
    buf[n] = 0;
    if (cut_short)
      memcpy(buf + n, RT_ELLIPSIS, sizeof RT_ELLIPSIS);
    rt_vmark(c, RT_KIND_STRING);
    rt_out_json_string(o, buf);
    return;
  }
  rt_out_char(o, '[');
  for (uint32_t i = 0; i < t->count && e; ++i) {
    if (i && !c->json && rt_text_full(o)) {
      size_t fit = off < len && e->size ? (len - off) / e->size : 0;
      rt_text_cut_mark(o, (fit < t->count ? fit : t->count) - i);
      break;
    }
    if (i)
      rt_out_cstr(o, ", ");
    size_t at = off + (size_t)i * e->size;
    if (at + e->size > len) { /* the image was cut: say so once */
      rt_vmark(c, RT_KIND_TOKEN);
      rt_out_cstr(o, c->json ? "\"" RT_ELLIPSIS "\"" : RT_ELLIPSIS);
      break;
    }
    rt_print_at(c, e, img, len, at);
  }
  rt_out_char(o, ']');
}

static void print_enum(ctx *c, const __ruchy_trace_type *t, const uint8_t *p) {
  int64_t v = read_sint(p, t->size ? t->size : 4);
  const __ruchy_trace_enumerator *es = t->members;
  for (uint32_t i = 0; es && i < t->count; ++i)
    if (es[i].value == v) {
      rt_vmark(c, RT_KIND_TOKEN);
      if (c->json)
        rt_out_json_string(c->o, es[i].name);
      else
        rt_out_cstr(c->o, es[i].name);
      return;
    }
  rt_out_i64(c->o, v); /* a value with no enumerator: the number */
}

/* A trait object's vtable (RUCHY_TRACE_T_IMPL): the type before " as " in
 * its first method's name, `<prog::Sq as prog::Area>::area` (angle
 * brackets inside the type skipped); without a name, the address. */
static void print_impl(ctx *c, const rt_followed *f) {
  if (!f || (f->word & RT_LEN_UNFOLLOWED)) {
    rt_vcut(c);
    return;
  }
  if (rt_print_no_target(c, f->word))
    return;
  if ((f->word & RT_LEN_MASK) < 8) {
    rt_vcut(c);
    return;
  }
  uint64_t fn = rt_read_uint(f->bytes, 8);
  const char *name = fn && c->name_of ? c->name_of(fn) : NULL;
  size_t end = 0;
  for (size_t i = 1, depth = 0; name && name[0] == '<' && name[i]; ++i) {
    if (name[i] == '<')
      ++depth;
    else if (name[i] == '>' && depth)
      --depth;
    else if (!depth && !strncmp(name + i, " as ", 4)) {
      end = i;
      break;
    }
  }
  if (end <= 1) {
    print_name_or_hex(c, fn);
    return;
  }
  rt_vmark(c, RT_KIND_TOKEN);
  if (c->json)
    rt_out_char(c->o, '"');
  rt_out_bytes(c->o, name + 1, end - 1);
  if (c->json)
    rt_out_char(c->o, '"');
}

static void print_pointer(ctx *c, const __ruchy_trace_type *t, uint64_t addr,
                          size_t off) {
  rt_out *o = c->o;
  /* Inside a target, only an owning pointer (a smart pointer, an Rc in a
   * struct) has a follow of its own, with this target as its parent. */
  const rt_followed *f = find(c, off, 0);
  /* A target's follows come after the follow that copied it: a table
   * that says otherwise (a corrupt .rtrace file) is not followed round in
   * circles. */
  if (f && (unsigned)(f - c->f) < c->level)
    f = NULL;
  if (t->flags & RUCHY_TRACE_T_IMPL) {
    print_impl(c, f);
    return;
  }
  if (!addr) {
    null_pointer(c);
    return;
  }
  if (!f || !t->members || (f->word & RT_LEN_UNFOLLOWED)) {
    rt_vmark(c, RT_KIND_TOKEN);
    if (c->json)
      rt_out_char(o, '"');
    rt_out_hex(o, addr);
    if (c->json)
      rt_out_char(o, '"');
    return;
  }
  /* An implementation's pointer (a libc++ std::function's): its target
   * alone, as if it were the value. */
  if (t->flags & RUCHY_TRACE_T_INNER) {
    if (!rt_print_no_target(c, f->word)) {
      ctx inner = {o, c->json,   c->k, c->f, c->nf, (unsigned)(f - c->f) + 1,
                   0, c->name_of};
      rt_print_at(&inner, t->members, f->bytes, (size_t)(f->word & RT_LEN_MASK),
                  0);
    }
    return;
  }
  /* The target, copied at record time one level deep. */
  rt_vmark(c, RT_KIND_POINTER);
  rt_vmark(c, RT_KIND_TOKEN);
  if (c->json) {
    rt_out_cstr(o, "{\"address\": \"");
    rt_out_hex(o, addr);
    rt_out_cstr(o, "\", \"target\": ");
  } else {
    rt_out_hex(o, addr);
    rt_out_cstr(o, RT_TEXT_ARROW);
  }
  if (!rt_print_no_target(c, f->word)) {
    /* Inside the target, the follows whose parent is this one apply. */
    ctx inner = {o, c->json,   c->k, c->f, c->nf, (unsigned)(f - c->f) + 1,
                 0, c->name_of};
    rt_print_at(&inner, t->members, f->bytes, (size_t)(f->word & RT_LEN_MASK),
                0);
  }
  if (c->json)
    rt_out_char(o, '}');
}

void rt_print_at(ctx *c, const __ruchy_trace_type *t, const uint8_t *img,
                 size_t len, size_t off) {
  if (!t) {
    rt_vcut(c);
    return;
  }
  size_t size = t->size;
  int fits = off + (size ? size : 1) <= len;
  /* An aggregate none of whose bytes were copied (past a followed struct's
   * RUCHY_TRACE_FOLLOW budget, or a record's data budget) is one cut value,
   * not each of its fields cut. */
  if (size && off >= len &&
      (t->kind == RUCHY_TRACE_K_STRUCT || t->kind == RUCHY_TRACE_K_UNION ||
       t->kind == RUCHY_TRACE_K_ARRAY)) {
    rt_vcut(c);
    return;
  }
  switch (t->kind) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION:
    if (t->flags & RUCHY_TRACE_T_NAMED)
      rt_print_named_tuple(c, t, img, len, off);
    else
      rt_print_fields(c, t, img, len, off, RT_KIND_STRUCT);
    return;
  case RUCHY_TRACE_K_ARRAY:
    print_array(c, t, img, len, off);
    return;
  case RUCHY_TRACE_K_VARIANT:
    rt_print_variant(c, t, img, len, off);
    return;
  case RUCHY_TRACE_K_SEQ:
    rt_print_seq(c, t, off);
    return;
  case RUCHY_TRACE_K_STRSLICE: {
    const rt_followed *f =
        rt_followed_inside(c->f, c->nf, c->level, off, size, 1);
    if (f)
      rt_print_string(c, f);
    else
      rt_vcut(c);
    return;
  }
  default:
    break;
  }
  if (!fits) {
    rt_vcut(c);
    return;
  }
  const uint8_t *p = img + off;
  switch (t->kind) {
  case RUCHY_TRACE_K_CSTRING: {
    const rt_followed *f = find(c, off, 1);
    if (f)
      rt_print_string(c, f);
    else
      print_pointer(c, t, rt_read_uint(p, 8), off);
    return;
  }
  case RUCHY_TRACE_K_PTR:
    print_pointer(c, t, rt_read_uint(p, 8), off);
    return;
  case RUCHY_TRACE_K_FUNCPTR:
    print_name_or_hex(c, rt_read_uint(p, 8));
    return;
  case RUCHY_TRACE_K_ENUM:
    print_enum(c, t, p);
    return;
  case RUCHY_TRACE_K_COMPLEX: {
    const __ruchy_trace_type *part = t->members;
    rt_out_char(c->o, '[');
    rt_print_at(c, part, img, len, off);
    rt_out_cstr(c->o, ", ");
    rt_print_at(c, part, img, len, off + (part ? part->size : 0));
    rt_out_char(c->o, ']');
    return;
  }
  case RUCHY_TRACE_K_OPAQUE:
  case RUCHY_TRACE_K_VOID:
    uncaptured(c);
    return;
  default:
    print_scalar(c, t, p);
    return;
  }
}

void rt_value_write(rt_out *o, const __ruchy_trace_type *t, uint64_t v,
                    rt_data *d, int json, rt_out *kinds) {
  ctx c = {o, json, kinds, NULL, 0, 0, 1, rt_info.name_of};
  if (!t || t->kind == RUCHY_TRACE_K_OPAQUE) {
    uncaptured(&c);
    return;
  }
  rt_value_image vi;
  rt_value_image_of(&vi, t, v, d);
  if (vi.cut) {
    rt_vcut(&c);
    return;
  }
  c.f = vi.f;
  c.nf = vi.nf;
  rt_print_at(&c, t, vi.img, vi.len, 0);
}
