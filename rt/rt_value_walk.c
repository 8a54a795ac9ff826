/*===- rt_value_walk.c - reading a value's image; its function pointers ----===
 *
 * How a recorded value's bytes are laid out for its readers (the image and
 * the pointers followed at record time, rt_value_image.h), and the walk the
 * .rtrace writer runs over values that can hold a function pointer: the
 * runtime names those with dladdr, which the tool cannot do later, so the
 * writer collects the addresses the printer (rt_value.c) would name. The
 * walk goes where the printer goes and writes nothing: it runs on every
 * such record of a streaming run (an interpreter passes its state and a
 * tagged value whose union has a C function member on most calls), so it
 * skips every type that holds no function pointer and formats nothing.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_value_image.h"

#include <sys/mman.h> /* munmap */

void rt_value_image_of(rt_value_image *vi, const __ruchy_trace_type *t,
                       uint64_t v, rt_data *d) {
  memcpy(vi->payload, &v, 8);
  vi->img = vi->payload;
  vi->len = 8;
  vi->cut = 0;
  vi->nf = 0;
  const uint8_t *bytes;
  uint64_t word;
  if (t->flags & RUCHY_TRACE_T_BYREF) {
    if (!d || !rt_data_next(d, &bytes, &word) || (word & RT_LEN_CUT)) {
      vi->cut = 1;
      /* Its follows' items come next in the data: consumed unread. */
      for (unsigned k = 0; d && k < t->nfollows; ++k)
        if (t->follows[k].kind != RUCHY_TRACE_FOLLOW_PARAM)
          rt_data_next(d, &bytes, &word);
      return;
    }
    vi->img = bytes;
    vi->len = (size_t)(word & RT_LEN_MASK);
  }
  for (unsigned k = 0; k < t->nfollows; ++k) {
    if (t->follows[k].kind == RUCHY_TRACE_FOLLOW_PARAM)
      word = RT_LEN_CUT, bytes = NULL; /* no item: a walk's parameters */
    else if (!d || !rt_data_next(d, &bytes, &word))
      word = RT_LEN_CUT, bytes = NULL;
    /* A walk's parameters are no pointer: at no level, found by none. */
    uint32_t parent = t->follows[k].kind == RUCHY_TRACE_FOLLOW_PARAM
                          ? UINT32_MAX
                          : t->follows[k].parent;
    if (vi->nf < RUCHY_TRACE_MAX_FOLLOWS)
      vi->f[vi->nf++] =
          (rt_followed){t->follows[k].ptr_offset, parent, word, bytes,
                        rt_follow_is_text(t->follows[k].kind)};
  }
}

const __ruchy_trace_variant *rt_variant_at(const __ruchy_trace_type *t,
                                           const uint8_t *img, size_t len,
                                           size_t off) {
  const __ruchy_trace_variants *vs = t->members;
  if (!vs || off + vs->discr_offset + vs->discr_size > len)
    return NULL;
  uint64_t d = vs->discr_size
                   ? rt_read_uint(img + off + vs->discr_offset, vs->discr_size)
                   : 0;
  uint64_t mask =
      vs->discr_size >= 8 ? ~0ull : (1ull << (vs->discr_size * 8)) - 1;
  const __ruchy_trace_variant *v = NULL, *dflt = NULL;
  for (uint32_t i = 0; i < vs->count; ++i) {
    const __ruchy_trace_variant *x = &vs->variants[i];
    if (x->has_discr && ((uint64_t)x->discr & mask) == (d & mask))
      v = x;
    else if (!x->has_discr)
      dflt = x;
  }
  return v ? v : dflt;
}

/*---- the walk ---------------------------------------------------------*/

typedef struct walk {
  const rt_followed *f;
  unsigned nf;
  unsigned level; /* which follows apply here: those with this parent */
  int top;        /* in the outermost value (pointer targets are shown) */
  const char *(*seen)(uint64_t addr);
  rt_walk_memo *memo;
} walk;

/* Whether nothing in a value of type t can be a function pointer the
 * printer names: a scalar, a string, or a type rt_copy.c found none in
 * within 2 pointer hops (`top`: the outermost value, whose followed
 * pointers the printer shows) or 0 (inside a pointer's target, where it
 * follows none). Its `reserved` has 2 bits per hop count: 0 unknown, 1 no,
 * 2 yes; "no" within the most hops is "no" within fewer. */
static int holds_none(const __ruchy_trace_type *t, int top) {
  switch (t->kind) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION:
  case RUCHY_TRACE_K_ARRAY:
  case RUCHY_TRACE_K_VARIANT:
  case RUCHY_TRACE_K_PTR:
  case RUCHY_TRACE_K_FUNCPTR:
  case RUCHY_TRACE_K_SEQ:
    return ((t->reserved >> 4) & 3u) == 1u ||
           (!top && (t->reserved & 3u) == 1u);
  default:
    return 1;
  }
}

/*---- a pointer target's function pointers, flattened ------------------
 * Inside a followed pointer's target the printer follows no pointer, so
 * where its function pointers are depends on its type alone (unless a
 * variant, whose payload depends on its value, is in it): their offsets,
 * listed once per type and kept in the writer's memo, replace walking the
 * target's fields on every record. A list may name a function pointer the
 * walk would skip (in an array element copied in part): a name too many
 * costs a SYMBOLS entry, never a wrong name. */

#define FLAT_MAX 256u /* offsets per type; more: walked instead */
#define FLAT_NOT UINT32_MAX

/* Appends the offsets of t's function pointers from `base` on; 0 if t
 * cannot be flattened. */
static int flatten(const __ruchy_trace_type *t, uint32_t base, uint32_t *out,
                   uint32_t *n) {
  if (!t || holds_none(t, 0))
    return 1;
  switch (t->kind) {
  case RUCHY_TRACE_K_FUNCPTR:
    if (*n == FLAT_MAX)
      return 0;
    out[(*n)++] = base;
    return 1;
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION: {
    const __ruchy_trace_field *fs = t->members;
    for (uint32_t i = 0; fs && i < t->count; ++i)
      if (!fs[i].bit_size && !flatten(fs[i].type, base + fs[i].offset, out, n))
        return 0;
    return 1;
  }
  case RUCHY_TRACE_K_ARRAY: {
    const __ruchy_trace_type *e = t->members;
    uint32_t first = *n;
    if (!e || !t->count || !flatten(e, base, out, n))
      return e != NULL && t->count ? 0 : 1;
    uint32_t per = *n - first; /* an element's, repeated */
    if (!per)
      return 1;
    if ((uint64_t)per * t->count > FLAT_MAX - first)
      return 0;
    for (uint32_t i = 1; i < t->count; ++i)
      for (uint32_t k = 0; k < per; ++k)
        out[(*n)++] = out[first + k] + i * e->size;
    return 1;
  }
  default: /* a variant: which payload depends on the value */
    return 0;
  }
}

/* The flattened offsets of t (from the memo, listed now if new); 0 if it
 * cannot be flattened or there is no memory for it. */
static int flat_of(rt_walk_memo *m, const __ruchy_trace_type *t,
                   const uint32_t **offs, uint32_t *n) {
  if (m->failed)
    return 0;
  if (2 * (m->used + 1) > m->cap) {
    size_t cap = m->cap ? 2 * m->cap : 256;
    rt_walk_memo bigger = *m;
    bigger.table = rt_map_grow(NULL, 0, cap * sizeof *m->table);
    if (!bigger.table) {
      m->failed = 1;
      return 0;
    }
    bigger.cap = cap;
    for (size_t i = 0; i < m->cap; ++i)
      for (size_t j = (uintptr_t)m->table[i].t * 0x9e3779b97f4a7c15ull >> 40;
           m->table[i].t; ++j)
        if (!bigger.table[j & (cap - 1)].t) {
          bigger.table[j & (cap - 1)] = m->table[i];
          break;
        }
    if (m->table)
      munmap(m->table, m->cap * sizeof *m->table);
    m->table = bigger.table;
    m->cap = cap;
  }
  size_t j = (uintptr_t)t * 0x9e3779b97f4a7c15ull >> 40;
  for (; m->table[j & (m->cap - 1)].t && m->table[j & (m->cap - 1)].t != t; ++j)
    ;
  __typeof__(*m->table) *e = &m->table[j & (m->cap - 1)];
  if (!e->t) {
    if (m->offs_cap - m->offs_n < FLAT_MAX) {
      size_t cap = m->offs_cap ? 2 * m->offs_cap : 4096;
      uint32_t *o =
          rt_map_grow(m->offs, m->offs_cap * sizeof *o, cap * sizeof *o);
      if (!o) {
        m->failed = 1;
        return 0;
      }
      m->offs = o;
      m->offs_cap = cap;
    }
    uint32_t k = 0;
    e->t = t;
    e->at = (uint32_t)m->offs_n;
    e->n = flatten(t, 0, m->offs + m->offs_n, &k) ? k : FLAT_NOT;
    if (e->n != FLAT_NOT)
      m->offs_n += k;
    m->used++;
  }
  *offs = m->offs + e->at;
  *n = e->n;
  return e->n != FLAT_NOT;
}

/*---- the walk --------------------------------------------------------------*/

/* The printer's print_at, reduced to where it can meet a function
 * pointer: the same bounds, the same follows, nothing written. */
static void walk_at(const walk *w, const __ruchy_trace_type *t,
                    const uint8_t *img, size_t len, size_t off);
static void walk_seq(const walk *w, const __ruchy_trace_type *t, size_t off);

/* Walks the fields of a struct, union or variant payload that were copied
 * and can hold a function pointer (tested here: most fields cannot). */
static void walk_fields(const walk *w, const __ruchy_trace_type *t,
                        const uint8_t *img, size_t len, size_t off) {
  const __ruchy_trace_field *fs = t->members;
  for (uint32_t i = 0; fs && i < t->count; ++i)
    if (!fs[i].bit_size && off + fs[i].offset < len && fs[i].type &&
        !holds_none(fs[i].type, w->top))
      walk_at(w, fs[i].type, img, len, off + fs[i].offset);
}

/* The elements a sequence's follow copied, as rt_print_seq shows them
 * (in a pointer's target too): each with its own items of the follows
 * under it (a trait object's vtable word, EACH_DEREF), as a value's
 * follows at level 0. */
static void walk_seq(const walk *w, const __ruchy_trace_type *t, size_t off) {
  const __ruchy_trace_type *e = t->members;
  const rt_followed *f =
      rt_followed_inside(w->f, w->nf, w->level, off, t->size ? t->size : 1, 0);
  if (!f || !e || !e->size || holds_none(e, 1) ||
      (f->word & (RT_LEN_UNFOLLOWED | RT_LEN_NULL | RT_LEN_BAD | RT_LEN_CUT)))
    return;
  size_t n = (size_t)(f->word & RT_LEN_MASK);
  uint64_t shown = n >= 8 ? (n - 8) / e->size : 0;
  rt_each_cursor each[RUCHY_TRACE_MAX_FOLLOWS];
  unsigned ne = rt_each_cursors(w->f, w->nf, f, each);
  for (uint64_t i = 0; i < shown; ++i) {
    rt_followed ef[RUCHY_TRACE_MAX_FOLLOWS];
    for (unsigned k = 0; k < ne; ++k)
      ef[k] = rt_each_next(&each[k]);
    walk inner = {ef, ne, 0, 1, w->seen, NULL};
    walk_at(&inner, e, f->bytes + 8 + i * e->size, e->size, 0);
  }
}

static void walk_at(const walk *w, const __ruchy_trace_type *t,
                    const uint8_t *img, size_t len, size_t off) {
  switch (t->kind) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION:
    walk_fields(w, t, img, len, off);
    return;
  case RUCHY_TRACE_K_ARRAY: {
    const __ruchy_trace_type *e = t->members;
    for (uint32_t i = 0; e && !holds_none(e, w->top) && i < t->count; ++i) {
      size_t at = off + (size_t)i * e->size;
      if (at + e->size > len)
        return;
      walk_at(w, e, img, len, at);
    }
    return;
  }
  case RUCHY_TRACE_K_VARIANT: {
    const __ruchy_trace_variant *v = rt_variant_at(t, img, len, off);
    /* One field is shown alone, more as the payload's struct: the same
     * bytes either way. */
    if (v && v->payload)
      walk_fields(w, v->payload, img, len, off);
    return;
  }
  case RUCHY_TRACE_K_SEQ:
    walk_seq(w, t, off);
    return;
  default:
    break;
  }
  if (off + 8 > len)
    return;
  uint64_t addr = rt_read_uint(img + off, 8);
  if (!addr)
    return;
  if (t->kind == RUCHY_TRACE_K_FUNCPTR) {
    w->seen(addr);
    return;
  }
  /* A pointer: its target, if it was followed and copied. */
  const rt_followed *f = w->top || (t->flags & RUCHY_TRACE_T_IMPL)
                             ? rt_followed_at(w->f, w->nf, w->level, off, 0)
                             : NULL;
  if (!f || !t->members ||
      (f->word & (RT_LEN_UNFOLLOWED | RT_LEN_NULL | RT_LEN_BAD | RT_LEN_CUT)))
    return;
  const __ruchy_trace_type *target = t->members;
  size_t flen = (size_t)(f->word & RT_LEN_MASK);
  const uint32_t *offs;
  uint32_t n;
  if (holds_none(target, 0))
    return;
  if (w->memo && flat_of(w->memo, target, &offs, &n)) {
    for (uint32_t k = 0; k < n; ++k)
      if (offs[k] + 8 <= flen && (addr = rt_read_uint(f->bytes + offs[k], 8)))
        w->seen(addr);
    return;
  }
  walk inner = {w->f, w->nf, (unsigned)(f - w->f) + 1, 0, w->seen, NULL};
  walk_at(&inner, target, f->bytes, flen, 0);
}

void rt_value_functions(const __ruchy_trace_type *t, uint64_t v, rt_data *d,
                        const char *(*seen)(uint64_t addr),
                        rt_walk_memo *memo) {
  if (!t || t->kind == RUCHY_TRACE_K_OPAQUE)
    return;
  rt_value_image vi; /* consumes the value's data items, walked or not */
  rt_value_image_of(&vi, t, v, d);
  if (vi.cut || holds_none(t, 1))
    return;
  walk w = {vi.f, vi.nf, 0, 1, seen, memo};
  walk_at(&w, t, vi.img, vi.len, 0);
}
