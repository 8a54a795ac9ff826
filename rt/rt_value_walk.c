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
        rt_data_next(d, &bytes, &word);
      return;
    }
    vi->img = bytes;
    vi->len = (size_t)(word & RT_LEN_MASK);
  }
  for (unsigned k = 0; k < t->nfollows; ++k) {
    if (!d || !rt_data_next(d, &bytes, &word))
      word = RT_LEN_CUT, bytes = NULL;
    if (vi->nf < RUCHY_TRACE_MAX_FOLLOWS)
      vi->f[vi->nf++] = (rt_followed){t->follows[k].ptr_offset,
                                      t->follows[k].parent, word, bytes};
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
    return ((t->reserved >> 4) & 3u) == 1u ||
           (!top && (t->reserved & 3u) == 1u);
  default:
    return 1;
  }
}

/* The printer's print_at, reduced to where it can meet a function
 * pointer: the same bounds, the same follows, nothing written. */
static void walk_at(const walk *w, const __ruchy_trace_type *t,
                    const uint8_t *img, size_t len, size_t off);

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
  const rt_followed *f =
      w->top ? rt_followed_at(w->f, w->nf, w->level, off) : NULL;
  if (!f || !t->members ||
      (f->word & (RT_LEN_UNFOLLOWED | RT_LEN_NULL | RT_LEN_BAD | RT_LEN_CUT)))
    return;
  walk inner = {w->f, w->nf, (unsigned)(f - w->f) + 1, 0, w->seen};
  if (!holds_none(t->members, 0))
    walk_at(&inner, t->members, f->bytes, (size_t)(f->word & RT_LEN_MASK), 0);
}

void rt_value_functions(const __ruchy_trace_type *t, uint64_t v, rt_data *d,
                        const char *(*seen)(uint64_t addr)) {
  if (!t || t->kind == RUCHY_TRACE_K_OPAQUE)
    return;
  rt_value_image vi; /* consumes the value's data items, walked or not */
  rt_value_image_of(&vi, t, v, d);
  if (vi.cut || holds_none(t, 1))
    return;
  walk w = {vi.f, vi.nf, 0, 1, seen};
  walk_at(&w, t, vi.img, vi.len, 0);
}
