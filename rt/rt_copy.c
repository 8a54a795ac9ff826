/*===- rt_copy.c - runtime-owned deep copies of descriptors ----------------===
 *
 * The writers never read a descriptor inside an image: dlclose unmaps an
 * image while its events still sit in the buffers, and another thread may
 * dlclose one while a trace is being written. They read copies made here,
 * in memory the runtime owns and never frees: all of an image's
 * descriptors when it unregisters (its destructor, while it is still
 * mapped), and, for images still loaded, each descriptor the first time an
 * output needs it (rt_image.c holds the lock that an unloading image's
 * destructor must take before it returns, so the original is mapped).
 *
 * Types are shared between the descriptors of an image and nest (fields,
 * pointees, array elements, enumerators, variants): a memo keyed by image
 * and address copies each type and string once, so the copies of an image
 * are never bigger than what they copy, whatever the nesting.
 *
 * Everything here runs under the images lock; memory comes from mmap (no
 * malloc: this also runs at exit and from signal handlers).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_collect.h"

#include <string.h>
#include <sys/mman.h>

/*---- a bump allocator over mappings that are never unmapped ------------*/

/* Chunks double from 4 KiB to 256 KiB: a small program (whose process
 * may live a millisecond) populates one page at exit, not 64; each page
 * a short process touches costs it several microseconds in a VM. */
#define RT_ARENA_FIRST (4u * 1024u)
#define RT_ARENA_CHUNK (256u * 1024u)
static char *arena_p, *arena_end;
static size_t arena_next = RT_ARENA_FIRST;
/* Set when memory ran out: every later copy fails (a half-copied type in
 * the memo must never be handed out as a complete one). */
static int broken;

void *rt_copy_alloc(size_t n, size_t align) {
  if (broken)
    return NULL;
  char *p =
      (char *)(((uintptr_t)arena_p + align - 1) & ~(uintptr_t)(align - 1));
  if (!arena_p || p + n > arena_end) {
    size_t size = n + align > arena_next ? n + align : arena_next;
    if (arena_next < RT_ARENA_CHUNK)
      arena_next *= 2;
    /* Populated at once: one fault per page costs more than the copying. */
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (m == MAP_FAILED) {
      broken = 1;
      return NULL;
    }
    arena_p = m;
    arena_end = (char *)m + size;
    p = (char *)(((uintptr_t)arena_p + align - 1) & ~(uintptr_t)(align - 1));
  }
  arena_p = p + n;
  return p;
}

/*---- the memo: (image, original address) -> copy ------------------------*/

typedef struct memo_entry {
  const void *orig;
  void *copy;
  uint32_t image;
} memo_entry;

static memo_entry *memo;
static size_t memo_cap, memo_used; /* cap: a power of two */

static size_t memo_hash(const void *p, uint32_t image) {
  uint64_t h = ((uint64_t)(uintptr_t)p ^ ((uint64_t)image << 48)) *
               0x9e3779b97f4a7c15ull;
  return (size_t)(h >> 20);
}

static memo_entry *memo_probe(memo_entry *table, size_t cap, const void *p,
                              uint32_t image) {
  for (size_t i = memo_hash(p, image) & (cap - 1);; i = (i + 1) & (cap - 1))
    if (!table[i].orig || (table[i].orig == p && table[i].image == image))
      return &table[i];
}

/* The memo's entry for `p`, inserted empty if new; NULL without memory.
 * The table is only read under the lock, so it can move when it grows. */
static memo_entry *memo_slot(const void *p, uint32_t image) {
  if (broken)
    return NULL;
  if (2 * (memo_used + 1) > memo_cap) {
    size_t cap = memo_cap ? 2 * memo_cap : 128; /* 3 KiB to start */
    void *m = mmap(NULL, cap * sizeof(memo_entry), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (m == MAP_FAILED) {
      broken = 1;
      return NULL;
    }
    memo_entry *table = m;
    for (size_t i = 0; i < memo_cap; ++i)
      if (memo[i].orig)
        *memo_probe(table, cap, memo[i].orig, memo[i].image) = memo[i];
    if (memo)
      munmap(memo, memo_cap * sizeof(memo_entry));
    memo = table;
    memo_cap = cap;
  }
  memo_entry *e = memo_probe(memo, memo_cap, p, image);
  if (!e->orig) {
    e->orig = p;
    e->image = image;
    memo_used++;
  }
  return e;
}

/*---- the copies -----------------------------------------------------------*/

static const char *copy_str_once(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = rt_copy_alloc(n, 1);
  return d ? memcpy(d, s, n) : NULL;
}

/* A string many descriptors share (file and type names). */
static const char *copy_str(uint32_t image, const char *s) {
  if (!s)
    return NULL;
  memo_entry *e = memo_slot(s, image);
  if (!e)
    return NULL;
  if (!e->copy)
    e->copy = (char *)copy_str_once(s);
  return e->copy;
}

/* Deeper than any type the pass emits (it bounds nesting itself). */
#define RT_COPY_MAX_DEPTH 64

static const __ruchy_trace_type *
copy_type(uint32_t image, const __ruchy_trace_type *t, unsigned depth);

static const void *copy_members(uint32_t image, const __ruchy_trace_type *t,
                                unsigned depth) {
  const void *m = t->members;
  if (!m)
    return NULL;
  switch (t->kind) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION: {
    const __ruchy_trace_field *fs = m;
    __ruchy_trace_field *d = rt_copy_alloc(t->count * sizeof *d, 8);
    for (uint32_t i = 0; d && i < t->count; ++i) {
      d[i] = fs[i];
      d[i].name = copy_str(image, fs[i].name);
      d[i].type = copy_type(image, fs[i].type, depth + 1);
    }
    return d;
  }
  case RUCHY_TRACE_K_ENUM: {
    const __ruchy_trace_enumerator *es = m;
    __ruchy_trace_enumerator *d = rt_copy_alloc(t->count * sizeof *d, 8);
    for (uint32_t i = 0; d && i < t->count; ++i) {
      d[i] = es[i];
      d[i].name = copy_str(image, es[i].name);
    }
    return d;
  }
  case RUCHY_TRACE_K_VARIANT: {
    const __ruchy_trace_variants *vs = m;
    __ruchy_trace_variants *d = rt_copy_alloc(sizeof *d, 8);
    if (!d)
      return NULL;
    *d = *vs;
    __ruchy_trace_variant *v =
        vs->variants ? rt_copy_alloc(vs->count * sizeof *v, 8) : NULL;
    for (uint32_t i = 0; v && i < vs->count; ++i) {
      v[i] = vs->variants[i];
      v[i].name = copy_str(image, vs->variants[i].name);
      v[i].payload = copy_type(image, vs->variants[i].payload, depth + 1);
    }
    d->variants = v;
    return d;
  }
  case RUCHY_TRACE_K_ARRAY:
  case RUCHY_TRACE_K_SEQ:
  case RUCHY_TRACE_K_PTR:
  case RUCHY_TRACE_K_COMPLEX: /* one type: element, pointee, part */
    return copy_type(image, m, depth + 1);
  default: /* no other kind has members */
    return NULL;
  }
}

static const __ruchy_trace_type *
copy_type(uint32_t image, const __ruchy_trace_type *t, unsigned depth) {
  if (!t || depth > RT_COPY_MAX_DEPTH)
    return NULL;
  memo_entry *e = memo_slot(t, image);
  if (!e)
    return NULL;
  if (e->copy)
    return e->copy;
  __ruchy_trace_type *d = rt_copy_alloc(sizeof *d, 8);
  if (!d)
    return NULL;
  *d = *t;
  d->reserved = 0; /* see shows_functions */
  /* In the memo before its members: a type reached again while copying
   * them (shared, or a cycle) is this copy. */
  e->copy = d;
  d->name = copy_str(image, t->name);
  if (t->nfollows && t->follows) {
    __ruchy_trace_follow *f =
        rt_copy_alloc(t->nfollows * sizeof *t->follows, 8);
    if (f)
      memcpy(f, t->follows, t->nfollows * sizeof *t->follows);
    d->follows = f;
  } else {
    d->nfollows = 0;
    d->follows = NULL;
  }
  d->members = copy_members(image, t, depth);
  return d;
}

/* Whether a value of type t can show a function pointer: in itself, in
 * its fields, elements and variants, and through at most `hops` pointers
 * (the value printer shows the targets of followed pointers only, one or
 * two levels down). Types nest by value without cycles; pointers, which
 * can close a cycle, spend a hop. The answer for each hop count is kept
 * in the copy's `reserved` (2 bits each: 0 unknown, 1 no, 2 yes): copies
 * are the runtime's, and the field means nothing else in them. */
#define RT_FUNCPTR_HOPS 2u /* rt_value.c reads the answer at 2 hops */
_Atomic int rt_copies_show_functions;
static int shows_functions(const __ruchy_trace_type *t, unsigned hops) {
  if (!t)
    return 0;
  __ruchy_trace_type *m = (__ruchy_trace_type *)t; /* a copy: ours */
  unsigned known = (m->reserved >> (2 * hops)) & 3u;
  if (known)
    return known == 2;
  int yes = 0;
  switch (t->kind) {
  case RUCHY_TRACE_K_FUNCPTR:
    yes = 1;
    break;
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION:
    for (uint32_t i = 0; t->members && i < t->count && !yes; ++i)
      yes = shows_functions(((const __ruchy_trace_field *)t->members)[i].type,
                            hops);
    break;
  case RUCHY_TRACE_K_VARIANT: {
    const __ruchy_trace_variants *vs = t->members;
    for (uint32_t i = 0; vs && vs->variants && i < vs->count && !yes; ++i)
      yes = shows_functions(vs->variants[i].payload, hops);
    break;
  }
  case RUCHY_TRACE_K_ARRAY:
  case RUCHY_TRACE_K_COMPLEX:
  /* A sequence's elements are shown wherever it is, with their trait
   * objects' types (an EACH_DEREF follow, no hop of the printer's). */
  case RUCHY_TRACE_K_SEQ:
    yes = shows_functions(t->members, hops);
    break;
  case RUCHY_TRACE_K_PTR:
    /* A trait object's type: its vtable's first method, named. */
    if (t->flags & RUCHY_TRACE_T_IMPL) {
      yes = 1;
      break;
    }
    yes = hops > 0 && shows_functions(t->members, hops - 1);
    /* The walk reads the 0-hop answer inside a pointer's target, where
     * the printer follows no further pointer (rt_value_walk.c). */
    if (hops > 0)
      shows_functions(t->members, 0);
    break;
  default:
    break;
  }
  m->reserved |= (yes ? 2u : 1u) << (2 * hops);
  return yes;
}

const __ruchy_trace_fn *rt_copy_fn(uint32_t image, const __ruchy_trace_fn *f) {
  __ruchy_trace_fn *d = rt_copy_alloc(sizeof *d, 8);
  if (!d)
    return NULL;
  /* Field by field: `state` is written concurrently by the runtime and
   * means nothing in a copy. */
  d->state = 0;
  d->flags = f->flags;
  d->nargs = f->nargs;
  d->line = f->line;
  d->column = f->column;
  d->name = f->name ? copy_str_once(f->name) : NULL; /* its own */
  d->file = copy_str(image, f->file);
  d->ret = copy_type(image, f->ret, 0);
  const __ruchy_trace_type **args =
      f->nargs ? rt_copy_alloc(f->nargs * sizeof *args, 8) : NULL;
  for (unsigned i = 0; args && i < f->nargs; ++i)
    args[i] = f->args ? copy_type(image, f->args[i], 0) : NULL;
  d->args = (const __ruchy_trace_type *const *)args;
  const char **params = f->params && f->nargs
                            ? rt_copy_alloc(f->nargs * sizeof *params, 8)
                            : NULL;
  for (unsigned i = 0; params && i < f->nargs; ++i)
    params[i] = copy_str(image, f->params[i]); /* `self`, `n`: shared */
  d->params = (const char *const *)params;
  d->addr = f->addr; /* a value: names function pointers, never followed */
  d->reserved = 0;
  int functions = shows_functions(d->ret, RT_FUNCPTR_HOPS);
  for (unsigned i = 0; args && i < f->nargs && !functions; ++i)
    functions = shows_functions(args[i], RT_FUNCPTR_HOPS);
  if (functions) {
    d->reserved |= RT_FN_SHOWS_FUNCTIONS;
    atomic_store_explicit(&rt_copies_show_functions, 1, memory_order_relaxed);
  }
  /* Any allocation that failed failed them all (see `broken`): no half
   * copy is ever handed out. */
  return broken ? NULL : d;
}
