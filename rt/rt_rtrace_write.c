/*===- rt_rtrace_write.c - the runtime's side of .rtrace files -------------===
 *
 * Writes the chunks rt_rtrace.h defines: the process, each image instance
 * with its descriptors and the types they reach (each type once, however
 * many descriptors share it, cycles included), and each thread's records
 * as they are in memory. Used for a whole trace at once (ring mode, a
 * snapshot, a crash: rt_rtrace_write) and piece by piece by streaming
 * mode's spiller (rt_stream.c).
 *
 * No malloc: this runs at exit, in the spiller and in crash handlers.
 * Memory comes from mmap and is kept for the next chunk.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_rtrace_pack.h"
#include "rt_write.h"

#include <string.h>
#include <sys/mman.h>

/*---- a growing byte buffer -------------------------------------------------*/

typedef struct bytes {
  uint8_t *p;
  size_t len, cap;
  int failed;
} bytes;

static void put(bytes *b, const void *src, size_t n) {
  if (b->failed)
    return;
  if (b->cap - b->len < n) {
    size_t cap = b->cap ? b->cap : 65536;
    while (cap - b->len < n)
      cap *= 2;
    void *m = rt_map_grow(b->p, b->cap, cap); /* all of the old mapping */
    if (!m) {
      b->failed = 1;
      return;
    }
    b->p = m;
    b->cap = cap;
  }
  memcpy(b->p + b->len, src, n);
  b->len += n;
}
static void put_u8(bytes *b, uint8_t v) { put(b, &v, 1); }
static void put_u16(bytes *b, uint16_t v) { put(b, &v, 2); }
static void put_u32(bytes *b, uint32_t v) { put(b, &v, 4); }
static void put_u64(bytes *b, uint64_t v) { put(b, &v, 8); }
static void put_str(bytes *b, const char *s) {
  if (!s) {
    put_u32(b, RT_RTRACE_NONE);
    return;
  }
  size_t n = strlen(s);
  put_u32(b, (uint32_t)n);
  put(b, s, n);
}

/*---- the types an image's descriptors reach, numbered ----------------------
 * An open-addressing table from type address to its index, and the types
 * in index order: numbering a type appends it, and walking the list in
 * order numbers what each one reaches, so the list ends up closed. */

typedef struct types {
  const __ruchy_trace_type **list; /* index -> type */
  uint32_t n, list_cap;
  struct {
    const __ruchy_trace_type *t;
    uint32_t index;
  } *table;
  size_t table_cap; /* a power of two */
  int failed;
} types;

static size_t slot_of(const types *ts, const __ruchy_trace_type *t) {
  size_t i = (size_t)(((uintptr_t)t * 0x9e3779b97f4a7c15ull) >> 32);
  for (i &= ts->table_cap - 1; ts->table[i].t && ts->table[i].t != t;
       i = (i + 1) & (ts->table_cap - 1))
    ;
  return i;
}

/* The index of `t`, numbered now if it is new; RT_RTRACE_NONE for none. */
static uint32_t type_ref(types *ts, const __ruchy_trace_type *t) {
  if (!t || ts->failed)
    return RT_RTRACE_NONE;
  if (2 * (ts->n + 1) > ts->table_cap) {
    size_t cap = ts->table_cap ? 2 * ts->table_cap : 1024;
    types bigger = *ts;
    bigger.table = rt_map_grow(NULL, 0, cap * sizeof *ts->table);
    bigger.table_cap = cap;
    if (!bigger.table) {
      ts->failed = 1;
      return RT_RTRACE_NONE;
    }
    for (size_t i = 0; i < ts->table_cap; ++i)
      if (ts->table[i].t)
        bigger.table[slot_of(&bigger, ts->table[i].t)] = ts->table[i];
    if (ts->table)
      munmap(ts->table, ts->table_cap * sizeof *ts->table);
    ts->table = bigger.table;
    ts->table_cap = cap;
  }
  size_t i = slot_of(ts, t);
  if (ts->table[i].t)
    return ts->table[i].index;
  if (ts->n == ts->list_cap) {
    uint32_t cap = ts->list_cap ? 2 * ts->list_cap : 512;
    void *m = rt_map_grow(ts->list, ts->list_cap * sizeof *ts->list,
                          cap * sizeof *ts->list);
    if (!m) {
      ts->failed = 1;
      return RT_RTRACE_NONE;
    }
    ts->list = m;
    ts->list_cap = cap;
  }
  ts->table[i].t = t;
  ts->table[i].index = ts->n;
  ts->list[ts->n] = t;
  return ts->n++;
}

static void types_clear(types *ts) {
  if (ts->table)
    memset(ts->table, 0, ts->table_cap * sizeof *ts->table);
  ts->n = 0;
  ts->failed = 0;
}

/* One type, numbering what it reaches. */
static void put_type(bytes *b, types *ts, const __ruchy_trace_type *t) {
  put_u8(b, t->kind);
  put_u8(b, t->flags);
  put_u16(b, t->follows ? t->nfollows : 0);
  put_u32(b, t->size);
  put_u32(b, t->count);
  put_str(b, t->name);
  const void *m = t->members;
  switch (t->kind) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION:
    put_u32(b, m != NULL);
    for (uint32_t i = 0; m && i < t->count; ++i) {
      const __ruchy_trace_field *f = &((const __ruchy_trace_field *)m)[i];
      put_str(b, f->name);
      put_u32(b, type_ref(ts, f->type));
      put_u32(b, f->offset);
      put_u16(b, f->bit_offset);
      put_u16(b, f->bit_size);
    }
    break;
  case RUCHY_TRACE_K_ENUM:
    put_u32(b, m != NULL);
    for (uint32_t i = 0; m && i < t->count; ++i) {
      const __ruchy_trace_enumerator *e =
          &((const __ruchy_trace_enumerator *)m)[i];
      put_str(b, e->name);
      put_u64(b, (uint64_t)e->value);
    }
    break;
  case RUCHY_TRACE_K_VARIANT: {
    const __ruchy_trace_variants *vs = m;
    put_u32(b, vs != NULL);
    if (!vs)
      break;
    put_u32(b, vs->discr_offset);
    put_u32(b, vs->discr_size);
    uint32_t n = vs->variants ? vs->count : 0;
    put_u32(b, n);
    for (uint32_t i = 0; i < n; ++i) {
      const __ruchy_trace_variant *v = &vs->variants[i];
      put_str(b, v->name);
      put_u32(b, type_ref(ts, v->payload));
      put_u64(b, (uint64_t)v->discr);
      put_u32(b, v->has_discr);
    }
    break;
  }
  case RUCHY_TRACE_K_ARRAY:
  case RUCHY_TRACE_K_SEQ:
  case RUCHY_TRACE_K_PTR:
  case RUCHY_TRACE_K_COMPLEX: /* one type: element, pointee, part */
    put_u32(b, type_ref(ts, m));
    break;
  default: /* no other kind has members */
    break;
  }
  for (uint16_t i = 0; t->follows && i < t->nfollows; ++i) {
    const __ruchy_trace_follow *f = &t->follows[i];
    put_u32(b, f->ptr_offset);
    put_u32(b, f->len_offset);
    put_u32(b, f->size);
    put_u16(b, f->kind);
    put_u16(b, f->parent);
  }
}

/*---- chunks
 * -----------------------------------------------------------------*/

/* A chunk is its head, `len` bytes of payload written by the caller, and
 * chunk_end's padding. */
static void chunk_head(rt_out *o, uint32_t type, uint64_t len) {
  uint32_t head[2] = {type, 0};
  rt_out_bytes(o, (const char *)head, sizeof head);
  rt_out_bytes(o, (const char *)&len, sizeof len);
}
static void chunk_end(rt_out *o, uint64_t len) {
  static const uint8_t zeros[8];
  rt_out_bytes(o, (const char *)zeros, (8 - len % 8) % 8);
}
static void chunk(rt_out *o, uint32_t type, const void *payload, size_t n) {
  chunk_head(o, type, n);
  rt_out_bytes(o, payload, n);
  chunk_end(o, n);
}

/* Memory kept between chunks (it only grows): one set for the spiller,
 * one for the writers of whole traces (under rt_output_claim), which may
 * run at the same time. */
struct rt_rtrace_mem {
  bytes scratch;
  types seen;
  /* Function pointers found in values: the addresses named so far (an
   * open-addressing set, 0 is free) and the names not yet written. */
  uint64_t *named;
  size_t named_cap, named_n;
  bytes symbols;
  uint32_t nsymbols;
  rt_image_hints hints;
  rt_walk_memo memo; /* the function pointers in each type */
  rt_pack pack;      /* PACKED chunks: the packer's table */
  uint8_t *packed;   /* and its output, rt_pack_bound(PACK_MAX) bytes */
};
RT_LARGE static rt_rtrace_mem mems[2];
rt_rtrace_mem *rt_rtrace_mem_of(int spiller) { return &mems[spiller != 0]; }

void rt_rtrace_header(rt_out *o, rt_rtrace_mem *m) {
  bytes *b = &m->scratch;
  uint32_t words[6] = {
      RT_RTRACE_VERSION,         RT_RTRACE_HEADER_BYTES,
      (uint32_t)sizeof(rt_slot), (uint32_t)sizeof(__ruchy_trace_fn),
      RUCHY_TRACE_ABI_VERSION,   0};
  rt_out_bytes(o, RT_RTRACE_MAGIC, 8);
  rt_out_bytes(o, (const char *)words, sizeof words);
  b->len = 0;
  b->failed = 0;
  put_u64(b, rt_info.pid);
  put_u64(b, rt_info.sample);
  /* The trace's start (a session's, for its own trace): ticks and wall
   * time at one instant, so the reader's conversion is the runtime's. */
  put_u64(b, rt_info.start_ticks);
  put_u64(b, rt_info.start_wall_ns);
  put_u32(b, (uint32_t)rt_info.json_style);
  put_u32(b, rt_info.param_names ? RT_RTRACE_PARAM_NAMES : 0);
  put_str(b, rt_info.program);
  put_str(b, rt_info.version);
  if (!b->failed)
    chunk(o, RT_RTRACE_PROCESS, b->p, b->len);
}

int rt_rtrace_image(rt_out *o, rt_rtrace_mem *m, uint32_t i) {
  rt_image_view v;
  if (!rt_images_view(i, &v))
    return 0;
  bytes *b = &m->scratch;
  types *seen = &m->seen;
  b->len = 0;
  b->failed = 0;
  types_clear(seen);
  /* Descriptors first, into the buffer's tail... */
  put_u32(b, i);
  put_u32(b, (uint32_t)v.count);
  put_u64(b, v.reg_ticks);
  put_u64(b, v.begin);
  put_u64(b, v.lo);
  put_u64(b, v.hi);
  put_str(b, v.path);
  size_t head_len = b->len;
  for (size_t k = 0; k < v.count; ++k) {
    const __ruchy_trace_fn *f = rt_images_copy(i, k);
    put_u8(b, f != NULL);
    if (!f)
      continue;
    put_u8(b, f->flags);
    put_u16(b, f->nargs);
    put_u32(b, f->line);
    put_u32(b, f->column);
    put_str(b, f->name);
    put_str(b, f->file);
    put_u32(b, type_ref(seen, f->ret));
    for (unsigned a = 0; a < f->nargs; ++a)
      put_u32(b, type_ref(seen, f->args ? f->args[a] : NULL));
    put_u64(b, (uint64_t)(uintptr_t)f->addr);
    put_u8(b, f->params != NULL);
    for (unsigned a = 0; f->params && a < f->nargs; ++a)
      put_str(b, f->params[a]);
  }
  size_t descs_end = b->len;
  /* ...then the types they reach (numbering grows the list as it goes)... */
  uint32_t count_at = (uint32_t)b->len;
  put_u32(b, 0);
  for (uint32_t t = 0; t < seen->n; ++t)
    put_type(b, seen, seen->list[t]);
  if (b->failed || seen->failed)
    return 0;
  memcpy(b->p + count_at, &seen->n, 4);
  /* ...and written in the chunk's order: head, types, descriptors. */
  chunk_head(o, RT_RTRACE_IMAGE, b->len);
  rt_out_bytes(o, (const char *)b->p, head_len);
  rt_out_bytes(o, (const char *)b->p + descs_end, b->len - descs_end);
  rt_out_bytes(o, (const char *)b->p + head_len, descs_end - head_len);
  chunk_end(o, b->len);
  if (v.unloaded)
    rt_rtrace_unload(o, i, v.unreg_ticks);
  return v.unloaded ? 2 : 1;
}

void rt_rtrace_unload(rt_out *o, uint32_t i, uint64_t ticks) {
  uint64_t p[2] = {i, ticks};
  chunk(o, RT_RTRACE_UNLOAD, p, sizeof p);
}

void rt_rtrace_thread(rt_out *o, const rt_source *s) {
  uint64_t p[4] = {s->tid, s->keep, s->records, s->drops};
  chunk(o, RT_RTRACE_THREAD, p, sizeof p);
}

/* Slots per PACKED chunk, about: a chunk ends where a record does. It
 * bounds the packer's memory and what a reader unpacks at once. */
#define PACK_SLOTS 16384u
#define PACK_MAX (PACK_SLOTS + RT_MAX_RECORD_SLOTS)

static void slots_chunk(rt_out *o, rt_rtrace_mem *m, uint64_t tid,
                        const rt_slot *a, uint64_t na, const rt_slot *b,
                        uint64_t nb) {
  uint64_t head[2] = {tid, na + nb};
  if (m->packed) {
    size_t len = rt_pack_slots(&m->pack, a, na, b, nb, m->packed);
    chunk_head(o, RT_RTRACE_PACKED, sizeof head + len);
    rt_out_bytes(o, (const char *)head, sizeof head);
    rt_out_bytes(o, (const char *)m->packed, len);
    chunk_end(o, sizeof head + len);
    return;
  }
  /* No memory to pack: the slots as they are (32 bytes: no padding). */
  chunk_head(o, RT_RTRACE_SLOTS, 8 + (na + nb) * sizeof(rt_slot));
  rt_out_bytes(o, (const char *)&tid, 8);
  rt_out_bytes(o, (const char *)a, na * sizeof(rt_slot));
  rt_out_bytes(o, (const char *)b, nb * sizeof(rt_slot));
}

void rt_rtrace_slots(rt_out *o, rt_rtrace_mem *m, uint64_t tid,
                     const rt_slot *a, uint64_t na, const rt_slot *b,
                     uint64_t nb) {
  if (!m->pack.table) {
    m->pack.table = rt_map_grow(NULL, 0, RT_PACK_TABLE * sizeof *m->pack.table);
    m->packed =
        m->pack.table ? rt_map_grow(NULL, 0, rt_pack_bound(PACK_MAX)) : NULL;
  }
  uint64_t n = na + nb;
#define AT(i) ((i) < na ? &a[i] : &b[(i) - na])
  for (uint64_t i = 0; i < n;) {
    /* Up to the record that starts after PACK_SLOTS (records are never
     * split: the replay reads a chunk as a segment no record spans). */
    uint64_t j = n - i > PACK_SLOTS ? i + PACK_SLOTS : n;
    while (j < n && j - i < PACK_MAX && !rt_slot_is_head(AT(j)))
      ++j;
    uint64_t ja = j < na ? j : na, ia = i < na ? i : na;
    slots_chunk(o, m, tid, a + ia, ja - ia, b + (i > na ? i - na : 0),
                j > na ? j - (i > na ? i : na) : 0);
    i = j;
  }
#undef AT
}

void rt_rtrace_note(rt_out *o, rt_rtrace_mem *m) {
  if (!rt_info.attach_note)
    return;
  bytes *b = &m->scratch;
  b->len = 0;
  b->failed = 0;
  put_str(b, rt_info.attach_note);
  if (!b->failed)
    chunk(o, RT_RTRACE_NOTE, b->p, b->len);
}

void rt_rtrace_clock(rt_out *o, uint32_t type, uint64_t ticks) {
  uint64_t start, wall, mult;
  rt_clock_get(&start, &wall, &mult);
  uint64_t p[2] = {ticks, mult};
  chunk(o, type, p, sizeof p);
}

/*---- names of function pointers (SYMBOLS) ----------------------------------
 * The runtime names a function pointer in a value with dladdr when no
 * descriptor names it, which the tool cannot do later: the writer walks
 * the values of the records it writes whose descriptor says they can show
 * a function pointer (rt_copy.c) and keeps the names the runtime would
 * print. */

/* Adds addr to the set; 0 if it was there (or there is no memory). */
static int first_time(rt_rtrace_mem *m, uint64_t addr) {
  if (2 * (m->named_n + 1) > m->named_cap) {
    size_t cap = m->named_cap ? 2 * m->named_cap : 1024;
    uint64_t *t = rt_map_grow(NULL, 0, cap * sizeof *t);
    if (!t)
      return 0;
    for (size_t i = 0; i < m->named_cap; ++i)
      for (size_t j = m->named[i] * 0x9e3779b97f4a7c15ull >> 20; m->named[i];
           j++)
        if (!t[j & (cap - 1)]) {
          t[j & (cap - 1)] = m->named[i];
          break;
        }
    if (m->named)
      munmap(m->named, m->named_cap * sizeof *m->named);
    m->named = t;
    m->named_cap = cap;
  }
  for (size_t j = addr * 0x9e3779b97f4a7c15ull >> 20;; j++) {
    uint64_t *e = &m->named[j & (m->named_cap - 1)];
    if (*e == addr)
      return 0;
    if (!*e) {
      *e = addr;
      m->named_n++;
      return 1;
    }
  }
}

/* The writer whose values are being walked on this thread (the callback
 * has no context argument). */
static __thread rt_rtrace_mem *walking
    __attribute__((tls_model("initial-exec")));

static const char *seen_function(uint64_t addr) {
  rt_rtrace_mem *m = walking;
  if (!m || !first_time(m, addr))
    return NULL;
  const char *name = rt_images_name_of(addr);
  if (name) {
    put_u64(&m->symbols, addr);
    put_str(&m->symbols, name);
    m->nsymbols++;
  }
  return NULL;
}

static void functions_in(rt_rtrace_mem *m, const rt_slot *slots, uint64_t n,
                         uint64_t *at) {
  rt_event e;
  int unnamed;
  while (rt_decode(slots, n, at, &e, &rt_live_names, &m->hints, &unnamed)) {
    if (unnamed || !(e.fn->reserved & RT_FN_SHOWS_FUNCTIONS))
      continue;
    rt_images_when(e.ticks);
    rt_data d;
    rt_data_init(&d, e.data, e.data_len);
    if (e.kind == RT_EV_ENTER)
      for (unsigned i = 0; i < e.nargs; ++i)
        rt_value_functions(e.fn->args[i], e.args[i], &d, seen_function,
                           &m->memo);
    else if (e.kind == RT_EV_EXIT)
      rt_value_functions(e.fn->ret, e.value, &d, seen_function, &m->memo);
  }
}

void rt_rtrace_functions(rt_rtrace_mem *m, const rt_slot *a, uint64_t na,
                         const rt_slot *b, uint64_t nb) {
  if (!atomic_load_explicit(&rt_copies_show_functions, memory_order_relaxed))
    return;
  walking = m;
  /* A ring's two parts: the record that the end of `a` starts may go on
   * at the start of `b`; it is decoded from a copy of both pieces. */
  uint64_t last = na, at = 0;
  for (uint64_t k = na; k-- > 0;)
    if (rt_slot_is_head(&a[k])) {
      last = k;
      break;
    }
  functions_in(m, a, last, &at);
  uint64_t cont = 0;
  while (cont < nb && !rt_slot_is_head(&b[cont]))
    ++cont;
  if (last < na) {
    rt_slot joined[RT_MAX_RECORD_SLOTS];
    uint64_t n = 0;
    for (uint64_t k = last; k < na && n < RT_MAX_RECORD_SLOTS; ++k)
      joined[n++] = a[k];
    for (uint64_t k = 0; k < cont && n < RT_MAX_RECORD_SLOTS; ++k)
      joined[n++] = b[k];
    at = 0;
    functions_in(m, joined, n, &at);
  }
  at = cont;
  functions_in(m, b, nb, &at);
  walking = NULL;
}

void rt_rtrace_symbols(rt_out *o, rt_rtrace_mem *m) {
  if (!m->nsymbols || m->symbols.failed)
    return;
  uint32_t count[2] = {m->nsymbols, 0};
  uint64_t len = sizeof count + m->symbols.len;
  chunk_head(o, RT_RTRACE_SYMBOLS, len);
  rt_out_bytes(o, (const char *)count, sizeof count);
  rt_out_bytes(o, (const char *)m->symbols.p, m->symbols.len);
  chunk_end(o, len);
  m->symbols.len = 0;
  m->nsymbols = 0;
}

uint64_t rt_rtrace_write(rt_out *o, uint64_t end_ticks, int from_spill) {
  rt_rtrace_mem *m = rt_rtrace_mem_of(0);
  rt_rtrace_header(o, m);
  for (uint32_t i = 0, n = rt_images_count(); i < n; ++i)
    rt_rtrace_image(o, m, i);
  rt_collected c;
  uint64_t dropped = 0;
  if (rt_collect(&c, from_spill, NULL)) {
    for (size_t t = 0; t < c.n; ++t) {
      rt_source *s = &c.srcs[t];
      rt_rtrace_thread(o, s);
      for (uint64_t g = 0; g < s->nsegs; ++g) {
        const rt_slot *slots;
        uint64_t n;
        s->segment(s, g, &slots, &n);
        if (n)
          rt_rtrace_slots(o, m, s->tid, slots, n, NULL, 0);
        rt_rtrace_functions(m, slots, n, NULL, 0);
      }
      dropped += s->drops;
      /* Records a ring dropped: what it wrote beyond what it keeps. */
      if (s->keep && s->records > s->keep)
        dropped += s->records - s->keep;
    }
  }
  rt_collect_release(&c);
  rt_rtrace_symbols(o, m);
  rt_rtrace_note(o, m);
  rt_rtrace_clock(o, RT_RTRACE_END, end_ticks);
  return dropped;
}
