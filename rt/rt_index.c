/*===- rt_index.c - image instances by address -----------------------------===
 *
 * An append-only multimap from keys (rt_image.c derives them from
 * addresses) to image instance numbers, so that naming an event is a probe
 * rather than a walk over every instance: a process can have thousands
 * (the C API makes one per declared function; a plugin host reloading its
 * plugins makes one per load).
 *
 * Open addressing with linear probing, at most half full. Entries are only
 * added, under the images lock; writers of a trace read without it. A
 * bigger table replaces a full one and the old one stays mapped, so a
 * reader still walking it reads a complete, older table.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_collect.h"

#include <sys/mman.h>

typedef struct entry {
  _Atomic uintptr_t key; /* 0: empty */
  uint32_t value;
} entry;

typedef struct table {
  size_t cap, used; /* cap: a power of two */
  entry e[];
} table;

static table *_Atomic current;

static size_t first_slot(const table *t, uintptr_t key) {
  return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 24) & (t->cap - 1);
}

static void put(table *t, uintptr_t key, uint32_t value) {
  size_t i = first_slot(t, key);
  while (atomic_load_explicit(&t->e[i].key, memory_order_relaxed))
    i = (i + 1) & (t->cap - 1);
  t->e[i].value = value;
  /* Release: a reader that sees the key sees the value. */
  atomic_store_explicit(&t->e[i].key, key, memory_order_release);
  t->used++;
}

int rt_index_reserve(size_t n) {
  table *t = atomic_load_explicit(&current, memory_order_relaxed);
  /* Small at first (a page): a short process pays for each page. */
  size_t used = t ? t->used : 0, cap = t ? t->cap : 128;
  if (t && 2 * (used + n) <= cap)
    return 1;
  while (2 * (used + n) > cap)
    cap *= 2;
  table *bigger =
      mmap(NULL, sizeof *bigger + cap * sizeof(entry), PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (bigger == MAP_FAILED)
    return 0;
  bigger->cap = cap;
  for (size_t k = 0; t && k < t->cap; ++k) {
    uintptr_t key = atomic_load_explicit(&t->e[k].key, memory_order_relaxed);
    if (key)
      put(bigger, key, t->e[k].value);
  }
  atomic_store_explicit(&current, bigger, memory_order_release);
  return 1;
}

void rt_index_put(uintptr_t key, uint32_t value) {
  put(atomic_load_explicit(&current, memory_order_relaxed), key, value);
}

void rt_index_find(rt_index_iter *it, uintptr_t key) {
  const table *t = atomic_load_explicit(&current, memory_order_acquire);
  it->table = t;
  it->key = key;
  it->slot = t ? first_slot(t, key) : 0;
}

uint32_t rt_index_next(rt_index_iter *it) {
  const table *t = it->table;
  for (; t; it->slot = (it->slot + 1) & (t->cap - 1)) {
    const entry *e = &t->e[it->slot];
    uintptr_t key = atomic_load_explicit(&e->key, memory_order_acquire);
    if (!key)
      break;
    if (key == it->key) {
      it->slot = (it->slot + 1) & (t->cap - 1);
      return e->value;
    }
  }
  return UINT32_MAX;
}
