/*===- rt_image.c - instrumented images: registration, unloading, names ----===
 *
 * Each instrumented image (the executable, a shared library, a dlopen'ed
 * plugin) registers its descriptor range from a constructor, and
 * unregisters it from a destructor. Registration is where "off" and the
 * run-time filter are decided: each descriptor's state byte is set once.
 *
 * Events hold descriptor addresses, and an address alone does not say what
 * it meant: after dlclose the same addresses may hold the same library
 * loaded again, another library, or anything mmap puts there. So every
 * registration is an image *instance*, kept for the life of the process
 * with the time it registered, and an event names the newest instance that
 * covers its descriptor and had registered when the event was recorded.
 * Unloading is an explicit event: the image's destructor (at dlclose, or at
 * exit) unregisters, and every descriptor of the instance is copied then,
 * while it is still mapped, into memory the runtime owns (rt_copy.c). The
 * writers only ever read such copies (images still loaded are copied one
 * descriptor at a time, the first time an output needs it), so nothing is
 * guessed from what happens to be mapped when the trace is written.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_collect.h"

#include <dlfcn.h>
#include <link.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>

typedef _Atomic(const __ruchy_trace_fn *) rt_fn_slot;

enum { RT_IMAGE_LIVE = 0, RT_IMAGE_UNLOADED = 1 };

typedef struct rt_image {
  /* Set before the instance is published, then constant. */
  __ruchy_trace_fn *begin, *end;
  uint64_t reg_ticks;
  uintptr_t lo, hi;     /* the object's mapped extent (0, 0: not an object) */
  const char *path;     /* the object's file, NULL for the executable */
  uint64_t unreg_ticks; /* valid once status is RT_IMAGE_UNLOADED */
  /* reg_ticks of the first later instance overlapping this one. */
  _Atomic uint64_t superseded;
  _Atomic int status;
  /* Copies of the descriptors by index: filled one by one while the image
   * is loaded, completely when it unloads. */
  rt_fn_slot *_Atomic copies;
} rt_image;

/* Instances live in chunks that never move, so the writers read them
 * without the lock while images come and go. */
#define RT_IMAGE_CHUNK 256u
#define RT_IMAGE_CHUNKS 256u
#define RT_NO_IMAGE UINT32_MAX
static rt_image *_Atomic chunks[RT_IMAGE_CHUNKS];
static _Atomic uint32_t nimages;

static rt_image *image_at(uint32_t i) {
  return atomic_load_explicit(&chunks[i / RT_IMAGE_CHUNK],
                              memory_order_relaxed) +
         i % RT_IMAGE_CHUNK;
}

/*---- the lock ---------------------------------------------------------------
 * Taken by registration, unregistration, and by a writer that copies a
 * descriptor of a loaded image. An image's destructor cannot return (and
 * the image be unmapped) while a writer holds it, which is what makes
 * reading the original safe there. Never held across a call into the
 * loader (dladdr), which an unloading thread holds while it waits here. */
static atomic_flag images_lock = ATOMIC_FLAG_INIT;
static __thread int holding __attribute__((tls_model("initial-exec")));

/* Returns 1 with the lock, or 0 without it when waiting is impossible: a
 * signal handler (snapshot, crash) interrupted this thread inside the
 * lock, or, in a crash, another thread keeps it. No image can finish
 * unloading meanwhile in the first case; the second is the crash path's
 * best effort. */
static int lock(void) {
  if (holding)
    return 0;
  for (unsigned spins = 0;
       atomic_flag_test_and_set_explicit(&images_lock, memory_order_acquire);
       ++spins) {
    if (rt_in_crash && spins > 100000)
      return 0;
    if (spins > 100)
      sched_yield();
  }
  holding = 1;
  return 1;
}

static void unlock(int locked) {
  if (!locked)
    return;
  holding = 0;
  atomic_flag_clear_explicit(&images_lock, memory_order_release);
}

static int fork_locked;
void rt_images_fork_lock(void) { fork_locked = lock(); }
void rt_images_fork_unlock(void) { unlock(fork_locked); }

/* Registration and unloading times, in the events' clock. Before the
 * clock starts (tracing enabled later by the C API) nothing is recorded,
 * so such an instance counts as registered from the beginning. */
static uint64_t stamp(void) {
  return rt_clock_start_wall_ns() ? rt_clock_now() : 0;
}

static void set_states(__ruchy_trace_fn *begin, __ruchy_trace_fn *end,
                       int enable) {
  for (__ruchy_trace_fn *f = begin; f < end; ++f) {
    /* Matched even when always traced: the filter's patterns learn which
     * functions they name (rt_filter_report_unmatched). */
    int passes = !enable || !rt_cfg.filter || rt_filter_match(f->name);
    int on = enable && ((f->flags & RUCHY_TRACE_F_ALWAYS) || passes);
    /* Release: what was set up before a function was turned on (the clock,
     * an attached session's configuration) is there for a thread that
     * sees it on (rt_sample_entry; on x86-64 every load acquires). */
    __atomic_store_n(&f->state, (uint8_t)on, __ATOMIC_RELEASE);
  }
}

/*---- where an image is mapped --------------------------------------------*/

typedef struct extent {
  uintptr_t addr, lo, hi;
  const char *path;
} extent;

static int extent_of(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  extent *x = data;
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  int inside = 0;
  for (unsigned i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD)
      continue;
    uintptr_t a = info->dlpi_addr + ph->p_vaddr;
    lo = a < lo ? a : lo;
    hi = a + ph->p_memsz > hi ? a + ph->p_memsz : hi;
    inside |= x->addr >= a && x->addr < a + ph->p_memsz;
  }
  if (!inside)
    return 0;
  /* dladdr's dli_fbase: where the object's first mapping starts. */
  x->lo = lo & ~(uintptr_t)4095;
  x->hi = hi;
  x->path = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : NULL;
  return 1;
}

/*---- registration ---------------------------------------------------------*/

static rt_image *new_instance(uint32_t i) {
  rt_image *_Atomic *chunk = &chunks[i / RT_IMAGE_CHUNK];
  if (!atomic_load_explicit(chunk, memory_order_relaxed)) {
    void *m = mmap(NULL, RT_IMAGE_CHUNK * sizeof(rt_image),
                   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
      return NULL;
    atomic_store_explicit(chunk, m, memory_order_relaxed);
  }
  return image_at(i);
}

static int overlaps(const rt_image *img, const __ruchy_trace_fn *begin,
                    const __ruchy_trace_fn *end) {
  return img->begin < end && begin < img->end;
}

/*---- instances by address (rt_index.c) ---------------------------------------
 * An instance is found under the key of each 4 KiB page its descriptors
 * lie on; a declared function of the C API (one descriptor on the heap, in
 * no object, a page shared with many others) under its exact address. */
static uintptr_t page_key(const void *p) { return (uintptr_t)p >> 12; }
static uintptr_t exact_key(const void *p) {
  return (uintptr_t)p | (1ull << 63); /* never a page key */
}
static int is_exact(const rt_image *img) {
  return img->end - img->begin == 1 && !img->hi;
}

/* Indexes instance i (under the lock); 0 without memory. */
static int index_instance(uint32_t i, const rt_image *img) {
  if (img->end == img->begin)
    return 1;
  uintptr_t first = page_key(img->begin), last = page_key(img->end - 1);
  if (!rt_index_reserve(is_exact(img) ? 1 : last - first + 1))
    return 0;
  if (is_exact(img))
    rt_index_put(exact_key(img->begin), i);
  for (uintptr_t p = first; !is_exact(img) && p <= last; ++p)
    rt_index_put(p, i);
  return 1;
}

/* The instances that may cover address p: those indexed under its page,
 * then those under its exact address. */
typedef struct at_iter {
  rt_index_iter it;
  const void *p;
  int exact;
} at_iter;

static void at_begin(at_iter *a, const void *p) {
  a->p = p;
  a->exact = 0;
  rt_index_find(&a->it, page_key(p));
}

static uint32_t at_next(at_iter *a) {
  uint32_t k = rt_index_next(&a->it);
  if (k == RT_NO_IMAGE && !a->exact) {
    a->exact = 1;
    rt_index_find(&a->it, exact_key(a->p));
    k = rt_index_next(&a->it);
  }
  return k;
}

/* The newest loaded instance whose range starts at `begin` (under the
 * lock). */
static uint32_t find_live(const __ruchy_trace_fn *begin) {
  uint32_t found = RT_NO_IMAGE, k;
  at_iter a;
  for (at_begin(&a, begin); (k = at_next(&a)) != RT_NO_IMAGE;) {
    rt_image *img = image_at(k);
    if (img->begin == begin && atomic_load(&img->status) == RT_IMAGE_LIVE &&
        (found == RT_NO_IMAGE || k > found))
      found = k;
  }
  return found;
}

/* A new instance at [begin, end) registered at `ticks`: older instances it
 * overlaps are not the answer for events from then on (under the lock).
 * They are all indexed by page: an exact one (the C API's) is never freed,
 * so nothing can be loaded over it. */
static void supersede(const __ruchy_trace_fn *begin,
                      const __ruchy_trace_fn *end, uint64_t ticks) {
  for (uintptr_t p = page_key(begin); end > begin && p <= page_key(end - 1);
       ++p) {
    rt_index_iter it;
    uint32_t k;
    for (rt_index_find(&it, p); (k = rt_index_next(&it)) != RT_NO_IMAGE;) {
      rt_image *old = image_at(k);
      if (overlaps(old, begin, end) &&
          atomic_load_explicit(&old->superseded, memory_order_relaxed) ==
              UINT64_MAX)
        atomic_store_explicit(&old->superseded, ticks, memory_order_release);
    }
  }
}

void rt_images_register(__ruchy_trace_fn *begin, __ruchy_trace_fn *end,
                        int enable) {
  extent x = {(uintptr_t)begin, 0, 0, NULL};
  dl_iterate_phdr(extent_of, &x); /* before the lock: it takes the loader's */
  int locked = lock();
  if (find_live(begin) != RT_NO_IMAGE) {
    unlock(locked); /* registered already */
    return;
  }
  uint32_t n = atomic_load_explicit(&nimages, memory_order_relaxed);
  rt_image *img = n < RT_IMAGE_CHUNK * RT_IMAGE_CHUNKS ? new_instance(n) : NULL;
  uint64_t ticks = stamp();
  if (img) {
    supersede(begin, end, ticks);
    img->begin = begin;
    img->end = end;
    img->reg_ticks = ticks;
    img->lo = x.lo;
    img->hi = x.hi;
    char *path = x.path ? rt_copy_alloc(strlen(x.path) + 1, 1) : NULL;
    img->path = path ? strcpy(path, x.path) : NULL;
    img->unreg_ticks = 0;
    atomic_store_explicit(&img->superseded, UINT64_MAX, memory_order_relaxed);
    atomic_store_explicit(&img->status, RT_IMAGE_LIVE, memory_order_relaxed);
    atomic_store_explicit(&img->copies, NULL, memory_order_relaxed);
  }
  if (!img || !index_instance(n, img)) {
    unlock(locked);
    static int warned;
    if (!warned++)
      rt_warn("too many instrumented images were loaded (65536, or out of "
              "memory); later ones are not traced",
              "", "");
    return;
  }
  atomic_store_explicit(&nimages, n + 1, memory_order_release);
  set_states(begin, end, enable);
  unlock(locked);
}

/* The copies array of instance i, allocated on first use (under the lock). */
static rt_fn_slot *copies_of(rt_image *img) {
  rt_fn_slot *c = atomic_load_explicit(&img->copies, memory_order_acquire);
  if (!c && img->end > img->begin) {
    size_t n = (size_t)(img->end - img->begin);
    c = rt_copy_alloc(n * sizeof *c, 8);
    for (size_t k = 0; c && k < n; ++k)
      atomic_init(&c[k], NULL);
    atomic_store_explicit(&img->copies, c, memory_order_release);
  }
  return c;
}

/* Copies descriptor k of loaded instance i, if not yet; under the lock. */
static const __ruchy_trace_fn *copy_one(uint32_t i, rt_image *img, size_t k) {
  rt_fn_slot *c = copies_of(img);
  if (!c)
    return NULL;
  const __ruchy_trace_fn *d = atomic_load_explicit(&c[k], memory_order_relaxed);
  if (!d && atomic_load(&img->status) == RT_IMAGE_LIVE) {
    d = rt_copy_fn(i, &img->begin[k]);
    atomic_store_explicit(&c[k], d, memory_order_release);
  }
  return d;
}

/* The copy of descriptor k of instance i, made now (under the lock) if
 * the image is loaded and it has none yet; NULL for an unloaded image
 * whose copy there was no memory for. */
static const __ruchy_trace_fn *copy_of(uint32_t i, rt_image *img, size_t k) {
  rt_fn_slot *c = atomic_load_explicit(&img->copies, memory_order_acquire);
  const __ruchy_trace_fn *d =
      c ? atomic_load_explicit(&c[k], memory_order_acquire) : NULL;
  if (d ||
      atomic_load_explicit(&img->status, memory_order_acquire) != RT_IMAGE_LIVE)
    return d;
  int locked = lock();
  if (!locked) /* see lock(): the original stays mapped meanwhile */
    return &img->begin[k];
  d = copy_one(i, img, k);
  unlock(locked);
  return d;
}

void rt_images_unregister(__ruchy_trace_fn *begin, __ruchy_trace_fn *end,
                          int keep) {
  int locked = lock();
  uint32_t i = find_live(begin);
  if (i == RT_NO_IMAGE || image_at(i)->end != end) {
    unlock(locked);
    return;
  }
  rt_image *img = image_at(i);
  set_states(begin, end, 0);
  size_t lost = 0;
  for (size_t k = 0; keep && k < (size_t)(end - begin); ++k)
    lost += !copy_one(i, img, k);
  img->unreg_ticks = stamp();
  atomic_store_explicit(&img->status, RT_IMAGE_UNLOADED, memory_order_release);
  unlock(locked);
  if (lost)
    rt_warn("out of memory keeping the names of an unloaded library; its "
            "events are shown as <unknown>",
            "", "");
}

/* Sets the state bytes of every loaded image. */
static void set_all_states(int enable) {
  int locked = lock();
  uint32_t n = atomic_load_explicit(&nimages, memory_order_acquire);
  for (uint32_t i = 0; i < n; ++i) {
    rt_image *img = image_at(i);
    if (atomic_load(&img->status) == RT_IMAGE_LIVE)
      set_states(img->begin, img->end, enable);
  }
  unlock(locked);
}

void rt_images_stop(void) { set_all_states(0); }

void rt_images_restate(void) {
  set_all_states(rt_cfg.enabled && !rt_finalized());
}

void rt_images_reconfigure(void (*change)(void *), void *arg) {
  int locked = lock();
  change(arg);
  unlock(locked);
  rt_images_restate();
}

/*---- naming events
 * ----------------------------------------------------------*/

static int covers(const rt_image *img, const __ruchy_trace_fn *fn) {
  return fn >= img->begin && fn < img->end;
}

/* The newest instance covering fn that had registered at `ticks`; the
 * oldest covering it if none had (a few ticks of skew between cores).
 * Instances registered after `n` are not looked at. */
static uint32_t find(const __ruchy_trace_fn *fn, uint64_t ticks, uint32_t n) {
  uint32_t newest = RT_NO_IMAGE, oldest = RT_NO_IMAGE, k;
  at_iter a;
  for (at_begin(&a, fn); (k = at_next(&a)) != RT_NO_IMAGE;) {
    if (k >= n || !covers(image_at(k), fn))
      continue;
    if (image_at(k)->reg_ticks <= ticks) {
      if (newest == RT_NO_IMAGE || k > newest)
        newest = k;
    } else if (oldest == RT_NO_IMAGE || k < oldest) {
      oldest = k;
    }
  }
  return newest != RT_NO_IMAGE ? newest : oldest;
}

const __ruchy_trace_fn *rt_images_translate(const __ruchy_trace_fn *fn,
                                            uint64_t ticks,
                                            rt_image_hints *hints) {
  uint32_t n = atomic_load_explicit(&nimages, memory_order_acquire);
  size_t h =
      (size_t)(((uintptr_t)fn * 0x9e3779b97f4a7c15ull) >> 32) % RT_IMAGE_HINTS;
  uint32_t i = hints->fn[h] == fn ? hints->image[h] : RT_NO_IMAGE;
  /* The instance this descriptor named last time is the answer unless a
   * later instance overlapping it had registered by `ticks`. */
  if (i >= n || image_at(i)->reg_ticks > ticks ||
      ticks >= atomic_load_explicit(&image_at(i)->superseded,
                                    memory_order_acquire)) {
    i = find(fn, ticks, n);
    if (i == RT_NO_IMAGE)
      return NULL; /* in no image: not a descriptor at all */
    hints->fn[h] = fn;
    hints->image[h] = i;
  }
  rt_image *img = image_at(i);
  uintptr_t off = (uintptr_t)fn - (uintptr_t)img->begin;
  if (off % sizeof *fn)
    return NULL;
  size_t k = off / sizeof *fn;
  return copy_of(i, img, k);
}

/*---- naming function pointers ---------------------------------------------*/

/* When the value being printed was recorded (rt_images_when). */
static __thread uint64_t when __attribute__((tls_model("initial-exec")));

void rt_images_when(uint64_t ticks) { when = ticks; }

static int loaded_at(rt_image *img, uint64_t t) {
  return img->reg_ticks <= t &&
         (atomic_load_explicit(&img->status, memory_order_acquire) ==
              RT_IMAGE_LIVE ||
          img->unreg_ticks >= t);
}

/* The name of instrumented function `addr` of instance i. Called with the
 * lock (or, see lock(), where waiting for it is impossible): a loaded image
 * stays loaded meanwhile, and its originals can be searched. */
static const char *instrumented(uint32_t i, rt_image *img, uint64_t addr,
                                int locked) {
  size_t n = (size_t)(img->end - img->begin);
  if (atomic_load(&img->status) == RT_IMAGE_LIVE) {
    for (size_t k = 0; k < n; ++k)
      if ((uintptr_t)img->begin[k].addr == addr) {
        const __ruchy_trace_fn *d =
            locked ? copy_one(i, img, k) : &img->begin[k];
        return d ? d->name : NULL;
      }
    return NULL;
  }
  rt_fn_slot *c = atomic_load_explicit(&img->copies, memory_order_acquire);
  for (size_t k = 0; c && k < n; ++k) {
    const __ruchy_trace_fn *d =
        atomic_load_explicit(&c[k], memory_order_acquire);
    if (d && (uintptr_t)d->addr == addr)
      return d->name;
  }
  return NULL;
}

const char *rt_images_name_of(uint64_t addr) {
  if (!addr)
    return NULL;
  uint64_t t = when;
  uint32_t n = atomic_load_explicit(&nimages, memory_order_acquire);
  rt_image *owner = NULL; /* the object mapped at addr at time t */
  const char *name = NULL;
  /* Instrumented functions know their own address: that names them even
   * in executables without a dynamic symbol table. */
  int locked = lock();
  for (uint32_t i = n; i-- > 0 && !name;) {
    rt_image *img = image_at(i);
    if (!loaded_at(img, t))
      continue;
    name = instrumented(i, img, addr, locked);
    if (!owner && addr >= img->lo && addr < img->hi)
      owner = img;
  }
  unlock(locked);
  if (name)
    return name;
  /* Other functions by their symbol. dladdr takes the loader's lock, which
   * a crash handler must not, and answers for what is mapped now: if the
   * image mapped there at time t has been unloaded since, only the same
   * file at the same place (the same library loaded again, or an image
   * unregistered at exit and still mapped) has the same symbols. */
  Dl_info info;
  if (rt_in_crash || !dladdr((void *)(uintptr_t)addr, &info) ||
      !info.dli_sname || (uintptr_t)info.dli_saddr != addr)
    return NULL;
  if (owner &&
      atomic_load_explicit(&owner->status, memory_order_acquire) !=
          RT_IMAGE_LIVE &&
      ((uintptr_t)info.dli_fbase != owner->lo ||
       (owner->path &&
        (!info.dli_fname || strcmp(info.dli_fname, owner->path) != 0))))
    return NULL;
  return info.dli_sname;
}

/*---- the instances as the .rtrace writer sees them -------------------------*/

uint32_t rt_images_count(void) {
  return atomic_load_explicit(&nimages, memory_order_acquire);
}

int rt_images_view(uint32_t i, rt_image_view *v) {
  if (i >= rt_images_count())
    return 0;
  rt_image *img = image_at(i);
  v->begin = (uintptr_t)img->begin;
  v->count = (size_t)(img->end - img->begin);
  v->reg_ticks = img->reg_ticks;
  v->unloaded =
      atomic_load_explicit(&img->status, memory_order_acquire) != RT_IMAGE_LIVE;
  v->unreg_ticks = v->unloaded ? img->unreg_ticks : 0;
  v->lo = img->lo;
  v->hi = img->hi;
  v->path = img->path;
  return 1;
}

const __ruchy_trace_fn *rt_images_copy(uint32_t i, size_t k) {
  if (i >= rt_images_count() ||
      k >= (size_t)(image_at(i)->end - image_at(i)->begin))
    return NULL;
  return copy_of(i, image_at(i), k);
}
