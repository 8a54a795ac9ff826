/*===- rt_image.c - instrumented images: registration and unloading --------===
 *
 * Each instrumented image (the executable, a shared library, a dlopen'ed
 * plugin) registers its descriptor range from a constructor, and
 * unregisters it from a destructor. Registration is where "off" and the
 * run-time filter are decided: each descriptor's state byte is set once.
 *
 * Events hold pointers to descriptors, and dlclose unmaps them while the
 * events still sit in the buffers. Unregistering therefore deep-copies the
 * image's descriptors (names, files, type descriptors) into memory the
 * runtime owns, and the writers translate event pointers that fall in the
 * unloaded range, for events recorded before the unload, to the copies.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <string.h>
#include <sys/mman.h>

/* Registration happens from constructors, destructors and dlopen, never on
 * the record path, so a spin lock is fine here. */
#define RT_MAX_IMAGES 1024
typedef struct rt_image {
  __ruchy_trace_fn *begin, *end;
  __ruchy_trace_fn *copy; /* non-null once unloaded */
  uint64_t unload_ticks;  /* events before this refer to the copy */
  int lost;               /* unloaded, and the copy could not be made */
  int reloaded;           /* the same range was registered again since */
  int still_mapped;       /* set by rt_images_prepare */
} rt_image;

static rt_image images[RT_MAX_IMAGES];
static unsigned nimages;
static _Atomic unsigned nunloaded;
static atomic_flag images_lock = ATOMIC_FLAG_INIT;

static void lock(void) {
  while (atomic_flag_test_and_set_explicit(&images_lock, memory_order_acquire))
    ;
}
static void unlock(void) {
  atomic_flag_clear_explicit(&images_lock, memory_order_release);
}

static void set_states(__ruchy_trace_fn *begin, __ruchy_trace_fn *end,
                       int enable) {
  for (__ruchy_trace_fn *f = begin; f < end; ++f) {
    /* Matched even when always traced: the filter's patterns learn which
     * functions they name (rt_filter_report_unmatched). */
    int passes = !enable || !rt_cfg.filter || rt_filter_match(f->name);
    int on = enable && ((f->flags & RUCHY_TRACE_F_ALWAYS) || passes);
    __atomic_store_n(&f->state, (uint8_t)on, __ATOMIC_RELAXED);
  }
}

void rt_images_register(__ruchy_trace_fn *begin, __ruchy_trace_fn *end,
                        int enable) {
  lock();
  int known = 0;
  for (unsigned i = 0; i < nimages; ++i)
    known |= images[i].begin == begin && !images[i].copy && !images[i].lost;
  if (!known && nimages == RT_MAX_IMAGES)
    rt_warn("more than 1024 instrumented images; later ones are not traced", "",
            "");
  if (!known && nimages < RT_MAX_IMAGES) {
    for (unsigned i = 0; i < nimages; ++i)
      if (images[i].begin == begin)
        images[i].reloaded = 1;
    images[nimages++] = (rt_image){begin, end, NULL, 0, 0, 0, 0};
    set_states(begin, end, enable);
  }
  unlock();
}

void rt_images_stop(void) {
  lock();
  for (unsigned i = 0; i < nimages; ++i)
    if (!images[i].copy && !images[i].lost)
      set_states(images[i].begin, images[i].end, 0);
  unlock();
}

/* A bump allocator over one mapping per unloaded image. */
typedef struct arena {
  char *p, *end;
} arena;

static void *take(arena *a, size_t n, size_t align) {
  char *p = (char *)(((uintptr_t)a->p + align - 1) & ~(uintptr_t)(align - 1));
  if (p + n > a->end)
    return NULL;
  a->p = p + n;
  return p;
}

static const char *copy_str(arena *a, const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *d = take(a, n, 1);
  return d ? memcpy(d, s, n) : "?";
}

static const __ruchy_trace_type *copy_type(arena *a,
                                           const __ruchy_trace_type *t) {
  if (!t)
    return NULL;
  __ruchy_trace_type *d = take(a, sizeof *d, 8);
  if (!d)
    return NULL;
  *d = *t;
  d->name = copy_str(a, t->name);
  /* Aggregates' member tables are not copied: an unloaded library's
   * structured values print as cut rather than from unmapped tables. */
  if (t->kind != RUCHY_TRACE_K_ENUM)
    d->members = NULL;
  d->follows = NULL;
  d->nfollows = 0;
  d->flags = 0;
  return d;
}

static size_t type_bytes(const __ruchy_trace_type *t) {
  return t ? sizeof *t + 8 + (t->name ? strlen(t->name) + 1 : 0) : 0;
}

void rt_images_unregister(__ruchy_trace_fn *begin, __ruchy_trace_fn *end) {
  lock();
  rt_image *img = NULL;
  for (unsigned i = 0; i < nimages; ++i)
    if (images[i].begin == begin && !images[i].copy && !images[i].lost)
      img = &images[i];
  if (!img) {
    unlock();
    return;
  }
  set_states(begin, end, 0);
  size_t bytes = (size_t)(end - begin) * sizeof *begin + 64;
  for (const __ruchy_trace_fn *f = begin; f < end; ++f) {
    bytes += (f->name ? strlen(f->name) + 1 : 0) +
             (f->file ? strlen(f->file) + 1 : 0) + type_bytes(f->ret) +
             f->nargs * 8u + 8;
    for (unsigned k = 0; k < f->nargs; ++k)
      bytes += type_bytes(f->args[k]);
  }
  void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) {
    /* Without a copy the writers cannot name these events: forget the
     * image's events rather than read unmapped memory. */
    img->lost = 1;
    img->unload_ticks = rt_clock_now();
    atomic_fetch_add(&nunloaded, 1);
    unlock();
    rt_warn("cannot keep the names of an unloaded library; its events are "
            "lost",
            "", "");
    return;
  }
  arena a = {m, (char *)m + bytes};
  __ruchy_trace_fn *copy = take(&a, (size_t)(end - begin) * sizeof *begin, 8);
  for (long i = 0; i < end - begin; ++i) {
    const __ruchy_trace_fn *f = &begin[i];
    __ruchy_trace_fn *d = &copy[i];
    *d = *f;
    d->name = copy_str(&a, f->name);
    d->file = copy_str(&a, f->file);
    d->ret = copy_type(&a, f->ret);
    const __ruchy_trace_type **args = take(&a, f->nargs * sizeof *args + 1, 8);
    for (unsigned k = 0; args && k < f->nargs; ++k)
      args[k] = copy_type(&a, f->args[k]);
    d->args = (const __ruchy_trace_type *const *)args;
  }
  img->unload_ticks = rt_clock_now();
  img->copy = copy;
  atomic_fetch_add(&nunloaded, 1);
  unlock();
}

const __ruchy_trace_fn *rt_images_translate(const __ruchy_trace_fn *fn,
                                            uint64_t ticks) {
  if (RT_LIKELY(atomic_load_explicit(&nunloaded, memory_order_acquire) == 0))
    return fn;
  for (unsigned i = 0; i < nimages; ++i) {
    const rt_image *img = &images[i];
    if ((img->copy || img->lost) && fn >= img->begin && fn < img->end &&
        ticks < img->unload_ticks) {
      /* Destructors also unregister at normal exit, possibly before the
       * trace is written (the loader's exit handler can run before ours).
       * The originals are then still mapped and complete: prefer them. */
      if (img->still_mapped)
        return fn;
      return img->lost ? NULL : img->copy + (fn - img->begin);
    }
  }
  return fn;
}

void rt_images_prepare(void) {
  if (atomic_load_explicit(&nunloaded, memory_order_acquire) == 0)
    return;
  for (unsigned i = 0; i < nimages; ++i) {
    rt_image *img = &images[i];
    char probe;
    int complete;
    img->still_mapped =
        (img->copy || img->lost) && !img->reloaded &&
        rt_safe_copy(&probe, (uintptr_t)img->begin, 1, 0, &complete) == 1;
  }
}

const char *rt_images_name_of(uint64_t addr) {
  /* Instrumented functions know their own address: that names function
   * pointers even in executables without a dynamic symbol table. */
  for (unsigned i = 0; i < nimages; ++i) {
    const rt_image *img = &images[i];
    if (img->lost || (img->copy && !img->still_mapped))
      continue;
    for (const __ruchy_trace_fn *f = img->begin; f < img->end; ++f)
      if ((uintptr_t)f->addr == addr)
        return f->name;
  }
  return NULL;
}

void rt_images_restate(void) {
  lock();
  for (unsigned i = 0; i < nimages; ++i)
    if (!images[i].copy && !images[i].lost)
      set_states(images[i].begin, images[i].end,
                 rt_cfg.enabled && !rt_finalized());
  unlock();
}
