/*===- rt_ring.c - rings that keep the newest RUCHY_TRACE_BUFFER events ---===
 *
 * RUCHY_TRACE_BUFFER counts events, whatever their size: a ring keeps
 * exactly the newest N records, and the writers show those (rt_merge.c).
 * Most records take one slot, so a ring starts with N slots; a record of
 * several slots (more than two arguments, a struct's image, a followed
 * string) needs more. The owner thread tracks the multi-slot records among
 * the newest N in a queue, and replaces the ring by a larger one (one
 * mmap, amortised by doubling) before a record would overwrite one of the
 * newest N. One-slot records pay nothing for this: they can only let a
 * multi-slot record age out of the window.
 *
 * In stream mode nothing is dropped (the writer waits for the spiller), so
 * the ring only has to hold the largest record; it never grows.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_record.h"

#include <string.h>
#include <sys/mman.h>

_Atomic unsigned rt_ring_readers;

static rt_ring *ring_map(uint64_t capacity) {
  if (capacity > (SIZE_MAX - sizeof(rt_ring)) / sizeof(rt_slot))
    return NULL;
  size_t bytes = sizeof(rt_ring) + capacity * sizeof(rt_slot);
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  /* A stream's ring (32 MiB) is touched page by page as records first
   * reach it: 8192 page faults, 10 us each in a VM, a tenth of a busy
   * program's recording time. Huge pages where the kernel gives them on
   * request make that 16. */
  if (bytes >= (2u << 20))
    madvise(p, bytes, MADV_HUGEPAGE);
  rt_ring *r = p;
  r->capacity = capacity;
  r->map_size = bytes;
  return r;
}

static void use_ring(rt_thread *t, rt_ring *r) {
  t->begin = r->slots;
  t->end = r->slots + r->capacity;
  t->cur = t->begin + t->head % r->capacity;
}

const rt_spill_ops *_Atomic rt_spill;

int rt_ring_attach(rt_thread *t, rt_tbuf *b) {
  uint64_t n = rt_cfg.buffer_events;
  int spilled = rt_spill_now() != NULL;
  b->keep = spilled ? 0 : n;
  if (spilled && n < RT_MAX_RECORD_SLOTS)
    n = RT_MAX_RECORD_SLOTS;
  rt_ring *r = ring_map(n);
  if (!r)
    return 0;
  atomic_store_explicit(&b->ring, r, memory_order_relaxed);
  use_ring(t, r);
  return 1;
}

/* Replaces the ring by one of at least `need` slots, with the newest
 * records copied to where the new capacity puts them. A reader holding the
 * old ring sees `seq` change and copies again; the old ring is unmapped
 * only when no reader is copying (a Dekker handshake with rt_merge.c:
 * publish, full fence, look at rt_ring_readers). */
static __attribute__((noinline)) void grow(rt_thread *t, rt_ring *old,
                                           uint64_t need) {
  static int warned;
  uint64_t cap = old->capacity * 2 > need ? old->capacity * 2 : need;
  rt_ring *r = ring_map(cap);
  if (!r) {
    if (!warned++)
      rt_warn("cannot enlarge a trace buffer for large events; fewer than "
              "RUCHY_TRACE_BUFFER events are kept (and the rest counted as "
              "dropped)",
              "", "");
    return;
  }
  uint64_t h = t->head, n = h < old->capacity ? h : old->capacity;
  for (uint64_t i = h - n, from = i % old->capacity, to = i % cap; i < h; ++i) {
    r->slots[to] = old->slots[from];
    from = from + 1 == old->capacity ? 0 : from + 1;
    to = to + 1 == cap ? 0 : to + 1;
  }
  rt_tbuf *b = t->buf;
  uint64_t seq = atomic_load_explicit(&b->seq, memory_order_relaxed);
  atomic_store_explicit(&b->seq, seq + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  atomic_store_explicit(&b->ring, r, memory_order_release);
  use_ring(t, r);
  atomic_thread_fence(memory_order_seq_cst);
  if (!atomic_load_explicit(&rt_ring_readers, memory_order_relaxed))
    munmap(old, old->map_size);
}

void rt_reserve(rt_thread *t, unsigned n) {
  uint64_t keep = t->buf->keep;
  if (!keep) {
    rt_room(t, n);
    return;
  }
  /* Records older than the newest `keep` (this one included) may go. */
  uint64_t r = t->records;
  while (t->fat_tail != t->fat_head) {
    uint64_t e = t->fat[t->fat_tail & t->fat_mask];
    if ((e >> 7) + keep > r)
      break;
    t->fat_extra -= e & 127;
    t->fat_tail++;
  }
  t->fat[t->fat_head++ & t->fat_mask] = r << 7 | (n - 1);
  t->fat_extra += n - 1;
  rt_ring *ring = atomic_load_explicit(&t->buf->ring, memory_order_relaxed);
  if (RT_UNLIKELY(keep + t->fat_extra > ring->capacity))
    grow(t, ring, keep + t->fat_extra);
}

void rt_reserve_forget(rt_thread *t, uint64_t record) {
  if (t->buf->keep && t->fat_head != t->fat_tail) {
    uint64_t e = t->fat[(t->fat_head - 1) & t->fat_mask];
    if (e >> 7 == record) {
      t->fat_extra -= e & 127;
      t->fat_head--;
    }
  }
}
