/*===- rt_rtrace_read.c - .rtrace files back to the runtime's formats ------===
 *
 * The tool's side of rt_rtrace.h. The file is mapped, its descriptors and
 * types are rebuilt as the structures the pass emits (abi.h), its records
 * stay where they are in the mapping (packed ones are unpacked a chunk at
 * a time, as the replay reaches them), and the runtime's own replay and
 * writers (rt_replay.c, rt_json.c, ...) write them: the same bytes the
 * runtime writes directly, from the same code.
 *
 * Descriptor addresses in records are named the way rt_image.c names
 * them: the newest image instance covering the address that had
 * registered when the event was recorded.
 *
 * This runs in the tool, never in a traced process: it may use malloc.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_rtrace_read.h"
#include "rt_rtrace_pack.h"
#include "rt_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*---- the trace in memory --------------------------------------------------*/

typedef struct symbol symbol;

typedef struct instance {
  uint64_t begin, count, reg_ticks, unreg_ticks, superseded;
  int unloaded;
  const __ruchy_trace_fn **fns; /* NULL where the copy failed */
  symbol *by_addr; /* its functions by address, made when first needed */
  uint64_t nby_addr;
} instance;

typedef struct segment {
  const rt_slot *slots; /* a SLOTS chunk's, or NULL: packed */
  const uint8_t *packed;
  size_t packed_len;
  uint64_t n;
} segment;

typedef struct thread {
  rt_source src;
  segment *segs;
  uint64_t cap;
  /* The packed segment the replay is in, unpacked: it reads one segment
   * of a thread at a time. */
  rt_slot *unpacked;
  uint64_t unpacked_cap;
  uint64_t order; /* position of its last THREAD chunk; threads sort by it */
} thread;

struct symbol {
  uint64_t addr;
  const char *name;
};

typedef struct trace {
  symbol *syms; /* SYMBOLS, sorted by address once loaded */
  size_t nsyms, sym_cap;
  instance *inst;
  uint32_t ninst, inst_cap;
  thread *threads;
  size_t nthreads, thread_cap;
  uint32_t *by_tid; /* see thread_of */
  size_t by_tid_cap;
  uint64_t fn_size, end_ticks, mult, start, wall;
  uint32_t version; /* the file's format version */
  int have_end, have_mult;
  uint64_t when; /* rt_names.when */
  rt_pack pack;  /* unpacking, one chunk at a time: shared */
} trace;

static void *grow(void *p, size_t *cap, size_t n, size_t elem) {
  if (n < *cap)
    return p;
  size_t c = *cap ? 2 * *cap : 16;
  void *q = realloc(p, c * elem);
  if (!q) {
    perror("ruchytrace");
    exit(1);
  }
  *cap = c;
  return q;
}

/* The thread `tid`, new if it is not known yet. A stream has a SLOTS
 * chunk per thread per spilling pass: threads are found by hash (index + 1
 * in an open-addressing table; 0 is free). */
static size_t tid_slot(const trace *t, uint64_t tid) {
  size_t i = (size_t)((tid * 0x9e3779b97f4a7c15ull) >> 20);
  for (;; ++i) {
    uint32_t k = t->by_tid[i & (t->by_tid_cap - 1)];
    if (!k || t->threads[k - 1].src.tid == tid)
      return i & (t->by_tid_cap - 1);
  }
}

static thread *thread_of(trace *t, uint64_t tid) {
  if (t->by_tid_cap) {
    uint32_t k = t->by_tid[tid_slot(t, tid)];
    if (k)
      return &t->threads[k - 1];
  }
  t->threads = grow(t->threads, &t->thread_cap, t->nthreads, sizeof(thread));
  thread *th = &t->threads[t->nthreads++];
  memset(th, 0, sizeof *th);
  th->src.tid = tid;
  th->order = UINT64_MAX;
  if (2 * t->nthreads > t->by_tid_cap) { /* rebuild, twice as large */
    free(t->by_tid);
    t->by_tid_cap = t->by_tid_cap ? 2 * t->by_tid_cap : 64;
    t->by_tid = calloc(t->by_tid_cap, sizeof *t->by_tid);
    if (!t->by_tid) {
      perror("ruchytrace");
      exit(1);
    }
    for (size_t i = 0; i < t->nthreads; ++i)
      t->by_tid[tid_slot(t, t->threads[i].src.tid)] = (uint32_t)i + 1;
  } else {
    t->by_tid[tid_slot(t, tid)] = (uint32_t)t->nthreads;
  }
  return th;
}

/*---- IMAGE chunks: the instances (rt_rtrace_types.c: their contents) ----*/

static int read_image(trace *t, cursor *c) {
  uint32_t index = u32(c);
  uint32_t count = u32(c);
  instance in = {0};
  in.reg_ticks = u64(c);
  in.begin = u64(c);
  u64(c); /* lo, hi: the object's extent, for symbols */
  u64(c);
  free((void *)str(c)); /* path: likewise */
  uint32_t ntypes = u32(c);
  if (c->bad || index != t->ninst || ntypes > (size_t)(c->end - c->p) / 20 ||
      count > (size_t)(c->end - c->p))
    return 0;
  in.count = count;
  in.unreg_ticks = UINT64_MAX;
  in.superseded = UINT64_MAX;
  in.fns = rt_rtrace_descriptors(c, ntypes, count, t->version >= 3);
  if (c->bad)
    return 0;
  /* Older instances this one overlaps are not the answer from its
   * registration on (rt_image.c's supersede). */
  for (uint32_t i = 0; i < t->ninst; ++i) {
    instance *o = &t->inst[i];
    if (o->begin < in.begin + count * t->fn_size &&
        in.begin < o->begin + o->count * t->fn_size &&
        o->superseded == UINT64_MAX)
      o->superseded = in.reg_ticks;
  }
  size_t cap = t->inst_cap;
  t->inst = grow(t->inst, &cap, t->ninst, sizeof *t->inst);
  t->inst_cap = (uint32_t)cap;
  t->inst[t->ninst++] = in;
  return 1;
}

/*---- naming, as rt_image.c does ------------------------------------------*/

static int covers(const trace *t, const instance *in, uint64_t a) {
  return a >= in->begin && a < in->begin + in->count * t->fn_size;
}

static const __ruchy_trace_fn *translate(void *ctx, const __ruchy_trace_fn *fn,
                                         uint64_t ticks, rt_image_hints *h) {
  trace *t = ctx;
  uint64_t a = (uint64_t)(uintptr_t)fn;
  size_t slot =
      (size_t)(((uintptr_t)fn * 0x9e3779b97f4a7c15ull) >> 32) % RT_IMAGE_HINTS;
  uint32_t i = h->fn[slot] == fn ? h->image[slot] : UINT32_MAX;
  if (i >= t->ninst || t->inst[i].reg_ticks > ticks ||
      ticks >= t->inst[i].superseded) {
    uint32_t newest = UINT32_MAX, oldest = UINT32_MAX;
    for (uint32_t k = 0; k < t->ninst; ++k) {
      if (!covers(t, &t->inst[k], a))
        continue;
      if (t->inst[k].reg_ticks <= ticks)
        newest = k;
      else if (oldest == UINT32_MAX)
        oldest = k;
    }
    i = newest != UINT32_MAX ? newest : oldest;
    if (i == UINT32_MAX)
      return NULL;
    h->fn[slot] = fn;
    h->image[slot] = i;
  }
  uint64_t off = a - t->inst[i].begin;
  if (off % t->fn_size)
    return NULL;
  return t->inst[i].fns[off / t->fn_size];
}

static trace *naming; /* rt_info.name_of has no context argument */

static void when(void *ctx, uint64_t ticks) { ((trace *)ctx)->when = ticks; }

static int by_addr(const void *a, const void *b) {
  const symbol *x = a, *y = b;
  return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The name of the instrumented function at addr in `in` (the first of its
 * descriptors there, as rt_image.c finds it), or NULL. An interpreter's
 * values hold function pointers by the million: a search, not a scan. */
static int by_addr_first(const void *a, const void *b) {
  const symbol *x = a, *y = b; /* names point into one array, in order */
  return x->addr != y->addr ? (x->addr < y->addr ? -1 : 1)
                            : (x->name < y->name ? -1 : x->name > y->name);
}

static const char *instrumented(instance *in, uint64_t addr) {
  if (!in->by_addr && in->count) {
    in->by_addr = malloc(in->count * sizeof *in->by_addr);
    if (!in->by_addr) {
      perror("ruchytrace");
      exit(1);
    }
    /* Sorted by address, then by descriptor index (the `name` member
     * holds the index while sorting): the first one at an address wins. */
    for (uint64_t k = 0; k < in->count; ++k)
      if (in->fns[k] && in->fns[k]->addr)
        in->by_addr[in->nby_addr++] = (symbol){
            (uint64_t)(uintptr_t)in->fns[k]->addr, (const char *)(uintptr_t)k};
    qsort(in->by_addr, in->nby_addr, sizeof *in->by_addr, by_addr_first);
    for (uint64_t i = 0; i < in->nby_addr; ++i)
      in->by_addr[i].name = in->fns[(uintptr_t)in->by_addr[i].name]->name;
  }
  uint64_t lo = 0, hi = in->nby_addr; /* the first entry with addr */
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (in->by_addr[mid].addr < addr)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < in->nby_addr && in->by_addr[lo].addr == addr
             ? in->by_addr[lo].name
             : NULL;
}

/* As rt_images_name_of: an instrumented function of an image loaded when
 * the event was recorded, else the name the runtime found for it. */
static const char *name_of(uint64_t addr) {
  trace *t = naming;
  if (!addr || !t)
    return NULL;
  for (uint32_t i = t->ninst; i-- > 0;) {
    instance *in = &t->inst[i];
    if (in->reg_ticks > t->when || (in->unloaded && in->unreg_ticks < t->when))
      continue;
    const char *name = instrumented(in, addr);
    if (name)
      return name;
  }
  symbol key = {addr, NULL};
  const symbol *s = bsearch(&key, t->syms, t->nsyms, sizeof key, by_addr);
  return s ? s->name : NULL;
}

static void thread_segment(rt_source *s, uint64_t index, const rt_slot **slots,
                           uint64_t *n) {
  thread *th = s->ctx;
  const segment *g = &th->segs[index];
  *slots = g->slots;
  *n = g->n;
  if (g->slots)
    return;
  if (g->n > th->unpacked_cap) {
    free(th->unpacked);
    th->unpacked = malloc(g->n * sizeof(rt_slot));
    if (!th->unpacked) {
      perror("ruchytrace");
      exit(1);
    }
    th->unpacked_cap = g->n;
  }
  /* load() unpacked it once already: it fits and is sound. */
  rt_unpack_slots(&naming->pack, g->packed, g->packed_len, th->unpacked, g->n);
  *slots = th->unpacked;
}

static int by_order(const void *a, const void *b) {
  const thread *x = a, *y = b;
  return x->order < y->order ? -1 : x->order > y->order;
}

/*---- the file
 * ---------------------------------------------------------------*/

typedef struct header {
  char magic[8];
  uint32_t version, header_bytes, slot_bytes, fn_bytes, abi, zero;
} header;

int rt_rtrace_is(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  char magic[8];
  int is =
      fd >= 0 && read(fd, magic, 8) == 8 && !memcmp(magic, RT_RTRACE_MAGIC, 8);
  if (fd >= 0)
    close(fd);
  return is;
}

static int fail(char *err, size_t n, const char *path, const char *why) {
  snprintf(err, n, "%s: %s", path, why);
  return -1;
}

/* Reads every chunk into t; returns NULL or what is wrong with the file. */
static const char *load(trace *t, const uint8_t *p, size_t size) {
  rt_info.attach_note = NULL;
  size_t end_at = 0; /* where the END chunk ends, 0 before it */
  header h;
  if (size < sizeof h)
    return "not a .rtrace file (too short)";
  memcpy(&h, p, sizeof h);
  if (memcmp(h.magic, RT_RTRACE_MAGIC, 8))
    return "not a .rtrace file";
  if (h.version < 1 || h.version > RT_RTRACE_VERSION) /* 1: no PACKED */
    return "a .rtrace file of another format version; use the ruchytrace "
           "that came with the runtime that wrote it";
  if (h.slot_bytes != sizeof(rt_slot) || h.fn_bytes == 0 ||
      h.header_bytes < sizeof h || h.header_bytes > size)
    return "a corrupt .rtrace header";
  t->fn_size = h.fn_bytes;
  t->version = h.version;
  t->pack.table = calloc(RT_PACK_TABLE, sizeof *t->pack.table);
  if (!t->pack.table) {
    perror("ruchytrace");
    exit(1);
  }
  int process = 0;
  uint64_t threads_seen = 0;
  for (size_t at = h.header_bytes; size - at >= 16;) {
    uint32_t type;
    uint64_t len;
    memcpy(&type, p + at, 4);
    memcpy(&len, p + at + 8, 8);
    if (len > size - at - 16)
      break; /* cut short: what came before is the trace */
    if (t->have_end)
      return "has data after its END chunk (two traces in one file?)";
    cursor c = {p + at + 16, p + at + 16 + len, 0};
    at += 16 + len + (8 - len % 8) % 8;
    switch (type) {
    case RT_RTRACE_PROCESS:
      rt_info.pid = u64(&c);
      rt_info.sample = u64(&c);
      t->start = u64(&c);
      t->wall = u64(&c);
      rt_info.json_style = (enum rt_style)u32(&c);
      rt_info.param_names = (int)(u32(&c) & RT_RTRACE_PARAM_NAMES);
      rt_info.program = str(&c);
      rt_info.version = str(&c);
      if (!rt_info.program)
        rt_info.program = "";
      if (!rt_info.version)
        rt_info.version = "";
      if (rt_info.json_style > RT_STYLE_PRETTY)
        rt_info.json_style = RT_STYLE_AS_IS;
      process = !c.bad;
      break;
    case RT_RTRACE_IMAGE:
      if (!read_image(t, &c))
        return "a corrupt IMAGE chunk";
      break;
    case RT_RTRACE_UNLOAD: {
      uint32_t i = u32(&c);
      u32(&c);
      uint64_t ticks = u64(&c);
      if (c.bad || i >= t->ninst)
        return "a corrupt UNLOAD chunk";
      t->inst[i].unloaded = 1;
      t->inst[i].unreg_ticks = ticks;
      break;
    }
    case RT_RTRACE_SLOTS: {
      uint64_t tid = u64(&c);
      if (c.bad || (len - 8) % sizeof(rt_slot))
        return "a corrupt SLOTS chunk";
      thread *th = thread_of(t, tid);
      size_t cap = th->cap;
      th->segs = grow(th->segs, &cap, th->src.nsegs, sizeof(segment));
      th->cap = cap;
      uint64_t n = (len - 8) / sizeof(rt_slot);
      const rt_slot *s = (const rt_slot *)(const void *)c.p;
      th->segs[th->src.nsegs++] = (segment){s, NULL, 0, n};
      th->src.slots_total += n;
      break;
    }
    case RT_RTRACE_PACKED: {
      uint64_t tid = u64(&c), n = u64(&c);
      /* Unpacked here once, only to check it (and count its slots). */
      if (c.bad || rt_unpack_slots(&t->pack, c.p, (size_t)(c.end - c.p), NULL,
                                   UINT64_MAX) != (int64_t)n)
        return "a corrupt PACKED chunk";
      thread *th = thread_of(t, tid);
      size_t cap = th->cap;
      th->segs = grow(th->segs, &cap, th->src.nsegs, sizeof(segment));
      th->cap = cap;
      th->segs[th->src.nsegs++] =
          (segment){NULL, c.p, (size_t)(c.end - c.p), n};
      th->src.slots_total += n;
      break;
    }
    case RT_RTRACE_THREAD: {
      thread *th = thread_of(t, u64(&c));
      th->src.keep = u64(&c);
      th->src.records = u64(&c);
      th->src.drops = u64(&c);
      th->order = threads_seen++;
      if (c.bad)
        return "a corrupt THREAD chunk";
      break;
    }
    case RT_RTRACE_CLOCK:
    case RT_RTRACE_END: {
      uint64_t ticks = u64(&c), mult = u64(&c);
      if (c.bad)
        return "a corrupt CLOCK or END chunk";
      t->mult = mult;
      t->have_mult = 1;
      if (type == RT_RTRACE_END) {
        t->end_ticks = ticks;
        t->have_end = 1;
        end_at = at;
      }
      break;
    }
    case RT_RTRACE_SYMBOLS: {
      uint32_t n = u32(&c);
      u32(&c);
      if (n > len / 12)
        return "a corrupt SYMBOLS chunk";
      for (uint32_t k = 0; k < n && !c.bad; ++k) {
        t->syms = grow(t->syms, &t->sym_cap, t->nsyms, sizeof(symbol));
        t->syms[t->nsyms].addr = u64(&c);
        t->syms[t->nsyms].name = str(&c);
        if (t->syms[t->nsyms].name)
          t->nsyms++;
      }
      if (c.bad)
        return "a corrupt SYMBOLS chunk";
      break;
    }
    case RT_RTRACE_NOTE:
      rt_info.attach_note = str(&c);
      break;
    default: /* a chunk of a later writer: skipped */
      break;
    }
  }
  if (!process)
    return "not a complete .rtrace file (no PROCESS chunk)";
  if (t->have_end && end_at < size)
    return "has data after its END chunk (two traces in one file?)";
  return NULL;
}

int rt_rtrace_convert(const char *path, const char *format_name, int style,
                      int param_names, int strict, int fd, char *err,
                      size_t err_len) {
  int format = -1;
#define RT_FORMAT_MATCH(name, e, binary)                                       \
  if (!strcmp(format_name, name))                                              \
    format = e;
  RT_FORMATS(RT_FORMAT_MATCH)
#undef RT_FORMAT_MATCH
  int in = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (in < 0 || fstat(in, &st) != 0) {
    if (in >= 0)
      close(in);
    return fail(err, err_len, path, strerror(errno));
  }
  size_t size = (size_t)st.st_size;
  const uint8_t *p =
      size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, in, 0) : NULL;
  close(in);
  if (p == MAP_FAILED)
    return fail(err, err_len, path, strerror(errno));
  trace t = {0};
  const char *why = load(&t, p, size);
  if (!why && !t.have_end && strict)
    why = "ends before its END chunk: the process was killed, or the file "
          "was cut short (convert and report still read it)";
  if (why)
    return fail(err, err_len, path, why);
  /* A file without END (the process was killed): each thread's frames
   * still open are closed at its own last record (rt_replay's end_ticks
   * 0), at the last tick rate the file measured. */
  rt_clock_set(t.start, t.wall, t.have_mult ? t.mult : 1ull << 32);
  rt_info.start_ticks = t.start;
  rt_info.start_wall_ns = t.wall;
  qsort(t.threads, t.nthreads, sizeof *t.threads, by_order);
  /* A writer names each address once (rt_rtrace_write.c). */
  qsort(t.syms, t.nsyms, sizeof *t.syms, by_addr);
  rt_source *srcs = calloc(t.nthreads ? t.nthreads : 1, sizeof *srcs);
  for (size_t i = 0; i < t.nthreads; ++i) {
    srcs[i] = t.threads[i].src;
    srcs[i].segment = thread_segment;
    srcs[i].ctx = &t.threads[i];
  }
  naming = &t;
  rt_info.name_of = name_of;
  RT_LARGE static char buf[1 << 20];
  rt_out o;
  rt_out_init(&o, fd, buf, sizeof buf);
  static rt_dcache doubles; /* like buf: one conversion at a time */
  o.dcache = &doubles;
  rt_sink sink;
  if (format < 0 || !rt_sink_for((enum rt_format)format, &sink, &o))
    return fail(err, err_len, path, "cannot convert to that format");
  if (style >= 0 && format == RT_FORMAT_JSON)
    o.style = (enum rt_style)style;
  if (param_names >= 0)
    rt_info.param_names = param_names;
  rt_names names = {translate, when, &t};
  rt_replay(&sink, srcs, t.nthreads, &names, t.have_end ? t.end_ticks : 0);
  rt_out_flush(&o);
  if (o.failed)
    return fail(err, err_len, "writing the output", strerror(o.failed));
  if (!t.have_end)
    fprintf(stderr,
            "ruchytrace: %s ends before its END chunk (the process was "
            "killed?): frames still open are shown unfinished%s\n",
            path,
            t.have_mult ? ""
                        : "; it holds no clock rate either, so times assume "
                          "1 ns per tick");
  return 0;
}
