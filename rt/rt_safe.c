/*===- rt_safe.c - reading memory through pointers the program passed ------===
 *
 * A traced char * or struct pointer may be NULL, dangling or garbage; the
 * runtime must never crash or hang on it, and must not pay a syscall per
 * event to find out. Two layers:
 *
 *  1. A cache of the process's readable mappings (from /proc/self/maps).
 *     An address inside a cached range is read directly. An address outside
 *     every range refreshes the cache, at most once per 10 ms, so a program
 *     that passes many bad pointers pays for at most 100 refreshes a second.
 *  2. A mapping may disappear between the refresh and the read (munmap of
 *     a freed large block). The read is then bracketed by sigsetjmp and the
 *     runtime's SIGSEGV/SIGBUS handler jumps back instead of crashing (when
 *     the program has not replaced that handler).
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_internal.h"

#include <fcntl.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RT_MAX_RANGES 4096
typedef struct ranges {
  unsigned n;
  uintptr_t lo[RT_MAX_RANGES], hi[RT_MAX_RANGES];
} ranges;

/* Two tables: a refresh fills the one not published, then publishes it. */
static ranges tables[2];
static _Atomic(ranges *) current;
static _Atomic uint64_t last_refresh_ns;
static atomic_flag refreshing = ATOMIC_FLAG_INIT;

static __thread sigjmp_buf *probe __attribute__((tls_model("initial-exec")));

int rt_safe_fault(void) {
  if (!probe)
    return 0;
  sigjmp_buf *jb = probe;
  probe = NULL;
  siglongjmp(*jb, 1);
}

static uint64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uintptr_t hex(const char **p) {
  uintptr_t v = 0;
  for (;; ++*p) {
    char c = **p;
    unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                 : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                                        : 16;
    if (d == 16)
      return v;
    v = v * 16 + d;
  }
}

/* Re-reads /proc/self/maps into the unpublished table (open, read, close:
 * all async-signal-safe). */
static void refresh(void) {
  if (atomic_flag_test_and_set_explicit(&refreshing, memory_order_acquire))
    return; /* another thread is at it; use what is published */
  ranges *cur = atomic_load_explicit(&current, memory_order_relaxed);
  ranges *t = cur == &tables[0] ? &tables[1] : &tables[0];
  t->n = 0;
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    static char buf[8192];
    char line[512];
    size_t ll = 0;
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0) {
      for (ssize_t i = 0; i < got; ++i) {
        if (buf[i] != '\n') {
          if (ll < sizeof line - 1)
            line[ll++] = buf[i];
          continue;
        }
        line[ll] = 0;
        ll = 0;
        /* "lo-hi rwxp ..." */
        const char *p = line;
        uintptr_t lo = hex(&p);
        if (*p++ != '-')
          continue;
        uintptr_t hi = hex(&p);
        if (*p++ != ' ' || *p != 'r' || t->n == RT_MAX_RANGES)
          continue;
        if (t->n && t->hi[t->n - 1] == lo) /* merge adjacent ranges */
          t->hi[t->n - 1] = hi;
        else {
          t->lo[t->n] = lo;
          t->hi[t->n] = hi;
          t->n++;
        }
      }
    }
    close(fd);
  }
  atomic_store_explicit(&current, t, memory_order_release);
  atomic_store_explicit(&last_refresh_ns, mono_ns(), memory_order_relaxed);
  atomic_flag_clear_explicit(&refreshing, memory_order_release);
}

/* Bytes readable from `a` on (0 if none), by the cache. */
static size_t readable_in(const ranges *t, uintptr_t a) {
  if (!t)
    return 0;
  unsigned lo = 0, hi = t->n;
  while (lo < hi) { /* ranges are sorted by address in /proc/self/maps */
    unsigned mid = (lo + hi) / 2;
    if (t->hi[mid] <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->n && t->lo[lo] <= a ? t->hi[lo] - a : 0;
}

static size_t readable(uintptr_t a) {
  if (a < 4096 || a >= ((uintptr_t)1 << 47))
    return 0; /* null page and non-canonical addresses: never readable */
  size_t n =
      readable_in(atomic_load_explicit(&current, memory_order_acquire), a);
  if (n)
    return n;
  uint64_t now = mono_ns();
  if (!atomic_load_explicit(&current, memory_order_relaxed) ||
      now - atomic_load_explicit(&last_refresh_ns, memory_order_relaxed) >
          10000000u) {
    refresh();
    n = readable_in(atomic_load_explicit(&current, memory_order_acquire), a);
  }
  return n;
}

size_t rt_safe_copy(void *dst, uintptr_t src, size_t n, int stop_at_nul,
                    int *complete) {
  *complete = 0;
  size_t avail = readable(src);
  if (!avail)
    return (size_t)-1;
  size_t want = n < avail ? n : avail;
  sigjmp_buf jb;
  if (sigsetjmp(jb, 0)) /* a fault during the copy: the memory went away */
    return (size_t)-1;
  probe = &jb;
  size_t i = 0;
  const volatile char *s = (const volatile char *)src;
  char *d = dst;
  if (stop_at_nul) {
    for (; i < want; ++i) {
      d[i] = s[i];
      if (!d[i]) {
        *complete = 1;
        break;
      }
    }
  } else {
    for (; i < want; ++i)
      d[i] = s[i];
    *complete = want == n;
  }
  probe = NULL;
  return i;
}
