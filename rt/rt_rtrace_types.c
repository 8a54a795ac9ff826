/*===- rt_rtrace_types.c - an IMAGE chunk's types and descriptors ---------===
 *
 * Rebuilds what the pass emits (abi.h) from an IMAGE chunk (rt_rtrace.h
 * has the layout): the types, which refer to each other by index (cycles
 * included), then the descriptors. Every count comes from the file, so
 * each is checked against the bytes left before anything is allocated
 * for it: a corrupt chunk sets the cursor's `bad`, never reads past it.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_rtrace_read.h"

static const __ruchy_trace_type *ref(cursor *c, __ruchy_trace_type *types,
                                     uint32_t n) {
  uint32_t r = u32(c);
  if (r == RT_RTRACE_NONE)
    return NULL;
  if (r >= n) {
    c->bad = 1;
    return NULL;
  }
  return &types[r];
}

static void read_type(cursor *c, __ruchy_trace_type *t,
                      __ruchy_trace_type *types, uint32_t n) {
  t->kind = u8(c);
  t->flags = u8(c);
  t->nfollows = u16(c);
  t->size = u32(c);
  t->count = u32(c);
  t->name = str(c);
  /* Counts come from the file: bounded by what the bytes can hold before
   * anything is allocated for them. */
  size_t left = (size_t)(c->end - c->p);
  switch (t->kind) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION:
    if (u32(c) && !c->bad) {
      if (t->count > left / 16) {
        c->bad = 1;
        return;
      }
      __ruchy_trace_field *fs = calloc(t->count ? t->count : 1, sizeof *fs);
      for (uint32_t i = 0; fs && i < t->count; ++i) {
        fs[i].name = str(c);
        fs[i].type = ref(c, types, n);
        fs[i].offset = u32(c);
        fs[i].bit_offset = u16(c);
        fs[i].bit_size = u16(c);
      }
      t->members = fs;
    }
    break;
  case RUCHY_TRACE_K_ENUM:
    if (u32(c) && !c->bad) {
      if (t->count > left / 12) {
        c->bad = 1;
        return;
      }
      __ruchy_trace_enumerator *es =
          calloc(t->count ? t->count : 1, sizeof *es);
      for (uint32_t i = 0; es && i < t->count; ++i) {
        es[i].name = str(c);
        es[i].value = (int64_t)u64(c);
      }
      t->members = es;
    }
    break;
  case RUCHY_TRACE_K_VARIANT:
    if (u32(c) && !c->bad) {
      __ruchy_trace_variants *vs = calloc(1, sizeof *vs);
      if (!vs)
        break;
      vs->discr_offset = u32(c);
      vs->discr_size = u32(c);
      vs->count = u32(c);
      if (vs->count > left / 20) {
        c->bad = 1;
        return;
      }
      __ruchy_trace_variant *v = calloc(vs->count ? vs->count : 1, sizeof *v);
      for (uint32_t i = 0; v && i < vs->count; ++i) {
        v[i].name = str(c);
        v[i].payload = ref(c, types, n);
        v[i].discr = (int64_t)u64(c);
        v[i].has_discr = u32(c);
      }
      vs->variants = v;
      t->members = vs;
    }
    break;
  case RUCHY_TRACE_K_ARRAY:
  case RUCHY_TRACE_K_SEQ:
  case RUCHY_TRACE_K_PTR:
  case RUCHY_TRACE_K_COMPLEX:
    t->members = ref(c, types, n);
    break;
  default:
    break;
  }
  if (t->nfollows) {
    if (t->nfollows > (size_t)(c->end - c->p) / 16) {
      c->bad = 1;
      return;
    }
    __ruchy_trace_follow *f = calloc(t->nfollows, sizeof *f);
    for (uint16_t i = 0; f && i < t->nfollows; ++i) {
      f[i].ptr_offset = u32(c);
      f[i].len_offset = u32(c);
      f[i].size = u32(c);
      f[i].kind = u16(c);
      f[i].parent = u16(c);
    }
    t->follows = f;
  }
}

const __ruchy_trace_fn **rt_rtrace_descriptors(cursor *c, uint32_t ntypes,
                                               uint32_t count, int named) {
  __ruchy_trace_type *types = calloc(ntypes ? ntypes : 1, sizeof *types);
  for (uint32_t i = 0; i < ntypes && !c->bad; ++i)
    read_type(c, &types[i], types, ntypes);
  const __ruchy_trace_fn **fns = calloc(count ? count : 1, sizeof *fns);
  for (uint32_t k = 0; k < count && !c->bad; ++k) {
    if (!u8(c))
      continue;
    __ruchy_trace_fn *f = calloc(1, sizeof *f);
    f->flags = u8(c);
    f->nargs = u16(c);
    f->line = u32(c);
    f->column = u32(c);
    f->name = str(c);
    f->file = str(c);
    f->ret = ref(c, types, ntypes);
    if (f->nargs > (size_t)(c->end - c->p) / 4) {
      c->bad = 1;
      break;
    }
    const __ruchy_trace_type **args =
        calloc(f->nargs ? f->nargs : 1, sizeof *args);
    for (unsigned a = 0; a < f->nargs; ++a)
      args[a] = ref(c, types, ntypes);
    f->args = (const __ruchy_trace_type *const *)args;
    f->addr = (const void *)(uintptr_t)u64(c);
    if (named && u8(c)) {
      if (f->nargs > (size_t)(c->end - c->p) / 4) {
        c->bad = 1;
        break;
      }
      const char **params = calloc(f->nargs ? f->nargs : 1, sizeof *params);
      for (unsigned a = 0; a < f->nargs; ++a)
        params[a] = str(c);
      f->params = (const char *const *)params;
    }
    if (!f->name)
      f->name = "?";
    if (!f->file)
      f->flags &= (uint8_t)~RUCHY_TRACE_F_LOCATION;
    fns[k] = f;
  }
  return fns;
}
