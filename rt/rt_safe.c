/*===- rt_safe.c - reading memory through pointers the program passed ------===
 *
 * A traced char * or struct pointer may be NULL, dangling or garbage; the
 * runtime must never crash or hang on it, must show every pointer to
 * readable memory with its contents, and should not pay a syscall per
 * event. Three layers:
 *
 *  1. A cache of the process's readable mappings (from /proc/self/maps).
 *     An address inside a cached range is read directly, with no syscall.
 *  2. An address outside every cached range (fresh heap, a new thread's
 *     stack, a new mmap) gets a precise answer from process_vm_readv on our
 *     own pid: one syscall that copies what is mapped and readable and
 *     fails with EFAULT on what is not, with no signal involved. It works
 *     in any thread and in signal handlers, whoever owns SIGSEGV. A miss
 *     that found readable memory means the cache is stale: the mapping
 *     around it is added to the cache (PROCMAP_QUERY, Linux 6.11: one
 *     ioctl whatever the number of mappings), so a growing heap costs one
 *     miss per extension. Without that ioctl, once the time spent on such
 *     misses reaches what the last refresh took, the whole cache is
 *     refreshed (ski rental: at most twice the cost of either policy
 *     alone, for small and huge maps files alike). Misses on truly bad
 *     pointers change nothing: the syscall's answer is final.
 *  3. A cached range may have been unmapped since the refresh. The direct
 *     read is bracketed by sigsetjmp and the runtime's SIGSEGV/SIGBUS
 *     handler jumps back; the copy is then redone with process_vm_readv.
 *     That net needs our handler in place: each thread re-checks it every
 *     RT_NET_CHECK direct reads (one sigaction query), and while the
 *     program has replaced it every read takes the precise path.
 *
 * Where process_vm_readv is not allowed (ENOSYS, EPERM: seccomp sandboxes)
 * a miss is read directly under the fault net, when the net is ours and
 * the thread does not block SIGSEGV/SIGBUS (one sigprocmask query). If
 * neither is possible, a miss refreshes the cache, as long as refreshes
 * take at most half of the time; only then may memory newer than the last
 * refresh show as unreadable.
 *
 * The remaining hole: a direct read of memory unmapped since the last
 * refresh, from a traced function running inside a signal handler that
 * blocks SIGSEGV, or in the RT_NET_CHECK reads after the program replaced
 * our handler, kills the process. Both need a dangling pointer into
 * memory that was mapped when the cache was last filled.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_base.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/*---- the cache ------------------------------------------------------*/

/* Ranges are stored as atomics read with relaxed loads (plain moves on
 * x86-64 and AArch64): a table is a seqlock, so a reader that overlaps a
 * rewrite of it sees its sequence change and takes the precise path. */
#define RT_MAX_RANGES 4096
typedef struct ranges {
  _Atomic unsigned seq; /* odd while being rewritten */
  _Atomic unsigned n;
  _Atomic uintptr_t lo[RT_MAX_RANGES], hi[RT_MAX_RANGES];
} ranges;

/* Two tables: a refresh fills the one not published, then publishes it,
 * so lookups never wait for a refresh. */
RT_LARGE static ranges tables[2];
static _Atomic(ranges *) current;
static atomic_flag refreshing = ATOMIC_FLAG_INIT;
/* What the last refresh cost, and what precise reads of memory the cache
 * lacked have cost since (ns). Updated with plain loads and stores: a lost
 * update only moves the next refresh a little. */
static _Atomic uint64_t refresh_cost, stale_cost, last_refresh_end;

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

/* Adds "lo-hi r..." to the table being written, merging adjacent ranges. */
static void add_line(ranges *t, unsigned *n, const char *line) {
  const char *p = line;
  uintptr_t lo = hex(&p);
  if (*p++ != '-')
    return;
  uintptr_t hi = hex(&p);
  if (*p++ != ' ' || *p != 'r')
    return;
  unsigned k = *n;
  if (k && atomic_load_explicit(&t->hi[k - 1], memory_order_relaxed) == lo) {
    atomic_store_explicit(&t->hi[k - 1], hi, memory_order_relaxed);
    return;
  }
  if (k == RT_MAX_RANGES)
    return; /* the rest are misses: precise reads, still right */
  atomic_store_explicit(&t->lo[k], lo, memory_order_relaxed);
  atomic_store_explicit(&t->hi[k], hi, memory_order_relaxed);
  *n = k + 1;
}

/* Writers (a refresh, a learned range) fill the table not published,
 * inside its seqlock, then publish it; one at a time. Returns NULL if
 * another writer (another thread, or the code a signal handler
 * interrupted) is at it: the published table and precise reads serve
 * meanwhile. */
static ranges *begin_write(unsigned *seq) {
  if (atomic_flag_test_and_set_explicit(&refreshing, memory_order_acquire))
    return NULL;
  ranges *cur = atomic_load_explicit(&current, memory_order_relaxed);
  ranges *t = cur == &tables[0] ? &tables[1] : &tables[0];
  *seq = atomic_load_explicit(&t->seq, memory_order_relaxed);
  atomic_store_explicit(&t->seq, *seq + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release); /* odd seq before the data */
  return t;
}

static void end_write(ranges *t, unsigned seq, unsigned n) {
  atomic_store_explicit(&t->n, n, memory_order_relaxed);
  atomic_store_explicit(&t->seq, seq + 2, memory_order_release);
  atomic_store_explicit(&current, t, memory_order_release);
  atomic_flag_clear_explicit(&refreshing, memory_order_release);
}

/* Re-reads /proc/self/maps into the cache (open, read, close:
 * async-signal-safe, no malloc). */
static void refresh(void) {
  unsigned seq, n = 0;
  ranges *t = begin_write(&seq);
  if (!t)
    return;
  int saved_errno = errno; /* the program's errno is not ours to change */
  uint64_t start = mono_ns();
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    RT_LARGE static char buf[8192]; /* guarded by `refreshing` */
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
        add_line(t, &n, line);
      }
    }
    close(fd);
  }
  uint64_t end = mono_ns();
  atomic_store_explicit(&refresh_cost, end - start, memory_order_relaxed);
  atomic_store_explicit(&stale_cost, 0, memory_order_relaxed);
  atomic_store_explicit(&last_refresh_end, end, memory_order_relaxed);
  end_write(t, seq, n);
  errno = saved_errno;
}

/* Publishes the cached ranges plus [lo, hi), merged with those it
 * overlaps or touches. Returns 0 if it cannot (a writer is busy, the
 * table is full). */
static int add_range(uintptr_t lo, uintptr_t hi) {
  unsigned seq, n = 0;
  ranges *t = begin_write(&seq);
  if (!t)
    return 0;
  /* Under the flag nobody rewrites the published table. */
  const ranges *cur = atomic_load_explicit(&current, memory_order_relaxed);
  unsigned count =
      cur ? atomic_load_explicit(&cur->n, memory_order_relaxed) : 0;
  if (count >= RT_MAX_RANGES) { /* publish nothing; t is not in use */
    atomic_store_explicit(&t->seq, seq + 2, memory_order_release);
    atomic_flag_clear_explicit(&refreshing, memory_order_release);
    return 0;
  }
  int added = 0;
  for (unsigned i = 0; i <= count; ++i) {
    uintptr_t l = UINTPTR_MAX, h = UINTPTR_MAX; /* past the last: add */
    if (i < count) {
      l = atomic_load_explicit(&cur->lo[i], memory_order_relaxed);
      h = atomic_load_explicit(&cur->hi[i], memory_order_relaxed);
      if (l <= hi && h >= lo) { /* overlaps or touches: absorb it */
        lo = l < lo ? l : lo;
        hi = h > hi ? h : hi;
        continue;
      }
    }
    if (l > hi && !added) { /* sorted: the new range goes here */
      atomic_store_explicit(&t->lo[n], lo, memory_order_relaxed);
      atomic_store_explicit(&t->hi[n++], hi, memory_order_relaxed);
      added = 1;
    }
    if (i < count) {
      atomic_store_explicit(&t->lo[n], l, memory_order_relaxed);
      atomic_store_explicit(&t->hi[n++], h, memory_order_relaxed);
    }
  }
  end_write(t, seq, n);
  return 1;
}

/* The kernel's PROCMAP_QUERY (Linux 6.11): the mapping that covers an
 * address, in one ioctl on /proc/self/maps, whatever the number of
 * mappings. Declared here: older kernel headers lack it. */
struct rt_procmap_query {
  uint64_t size, query_flags, query_addr, vma_start, vma_end, vma_flags,
      vma_page_size, vma_offset, inode;
  uint32_t dev_major, dev_minor, vma_name_size, build_id_size;
  uint64_t vma_name_addr, build_id_addr;
};
#define RT_PROCMAP_QUERY _IOWR('f', 17, struct rt_procmap_query)
#define RT_PROCMAP_QUERY_VMA_READABLE 1u
static _Atomic int query_broken;

/* Adds the readable mapping around `a` to the cache. The fd is opened and
 * closed each time: one kept open could be closed or replaced by the
 * program under us. Returns 0 if that was not possible. */
static int learn(uintptr_t a) {
  if (atomic_load_explicit(&query_broken, memory_order_relaxed))
    return 0;
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  struct rt_procmap_query q;
  memset(&q, 0, sizeof q);
  q.size = sizeof q;
  q.query_flags = RT_PROCMAP_QUERY_VMA_READABLE;
  q.query_addr = a;
  int r = ioctl(fd, RT_PROCMAP_QUERY, &q);
  if (r < 0 && (errno == ENOTTY || errno == EINVAL || errno == EOPNOTSUPP))
    atomic_store_explicit(&query_broken, 1, memory_order_relaxed);
  close(fd);
  return r == 0 && q.vma_start <= a && a < q.vma_end &&
         add_range((uintptr_t)q.vma_start, (uintptr_t)q.vma_end);
}

/* Bytes readable from `a` on by the cache (0: not cached, or the table
 * changed under us). */
/* The range this thread's last read was in, while its table is unchanged:
 * an interpreter's state and stack are followed on every call, and the
 * search below, a dozen unpredictable branches, was a tenth of the
 * recording time. */
static __thread struct {
  const ranges *t;
  unsigned seq;
  uintptr_t lo, hi;
} last_hit __attribute__((tls_model("initial-exec")));

static size_t cached(uintptr_t a) {
  ranges *t = atomic_load_explicit(&current, memory_order_acquire);
  if (!t)
    return 0;
  unsigned seq = atomic_load_explicit(&t->seq, memory_order_acquire);
  if (seq & 1)
    return 0;
  if (last_hit.t == t && last_hit.seq == seq &&
      a - last_hit.lo < last_hit.hi - last_hit.lo)
    return last_hit.hi - a;
  unsigned count = atomic_load_explicit(&t->n, memory_order_relaxed);
  if (count > RT_MAX_RANGES) /* cannot happen; keeps the reads in bounds */
    count = RT_MAX_RANGES;
  unsigned lo = 0, hi = count;
  while (lo < hi) { /* ranges are kept sorted by address */
    unsigned mid = (lo + hi) / 2;
    if (atomic_load_explicit(&t->hi[mid], memory_order_relaxed) <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t n = 0;
  uintptr_t start = 0, end = 0;
  if (lo < count &&
      (start = atomic_load_explicit(&t->lo[lo], memory_order_relaxed)) <= a) {
    end = atomic_load_explicit(&t->hi[lo], memory_order_relaxed);
    n = end > a ? end - a : 0;
  }
  atomic_thread_fence(memory_order_acquire); /* the data before the seq */
  if (atomic_load_explicit(&t->seq, memory_order_relaxed) != seq)
    return 0;
  if (n) {
    last_hit.t = t;
    last_hit.seq = seq;
    last_hit.lo = start;
    last_hit.hi = end;
  }
  return n;
}

/*---- precise reads --------------------------------------------------*/

/* Our pid for process_vm_readv (getpid is a syscall in current glibc),
 * noted at start and in a forked child by rt_safe_note_pid. Never stored
 * from rt_safe_copy: a vfork child, which shares our memory, would leave
 * its own pid for the parent to read a dead or exec'ed process through. */
static _Atomic int self_pid;
/* Set once process_vm_readv turned out to be unavailable. */
static _Atomic int precise_broken;

void rt_safe_note_pid(void) {
  atomic_store_explicit(&self_pid, (int)getpid(), memory_order_relaxed);
}

/* Copies what is readable of [src, src + n): the bytes copied, 0 if none
 * is, or -1 if process_vm_readv cannot tell. */
static ssize_t precise(void *dst, uintptr_t src, size_t n) {
  int pid = atomic_load_explicit(&self_pid, memory_order_relaxed);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!pid)
      pid = (int)getpid();
    struct iovec local = {dst, n}, remote = {(void *)src, n};
    ssize_t got = process_vm_readv(pid, &local, 1, &remote, 1, 0);
    if (got >= 0)
      return got;
    if (errno == EFAULT)
      return 0; /* the first page is not mapped or not readable */
    if (errno != ESRCH)
      break;
    pid = 0; /* a child forked without the atfork handlers */
  }
  if (errno == ENOSYS || errno == EPERM) /* a sandbox: it stays that way */
    atomic_store_explicit(&precise_broken, 1, memory_order_relaxed);
  return -1;
}

/*---- direct reads under the fault net -------------------------------*/

static __thread sigjmp_buf *probe __attribute__((tls_model("initial-exec")));

int rt_safe_fault(void) {
  if (!probe)
    return 0;
  sigjmp_buf *jb = probe;
  probe = NULL;
  siglongjmp(*jb, 1);
}

/* Whether a fault in a direct read comes back to us: our handler owns
 * SIGSEGV and SIGBUS. Re-checked every RT_NET_CHECK reads per thread, so
 * a handler the program installs later is noticed without a syscall per
 * read. */
#define RT_NET_CHECK 4096u
static __thread unsigned net_reads __attribute__((tls_model("initial-exec")));
static __thread int net_ours __attribute__((tls_model("initial-exec")));
/* The handler that calls rt_safe_fault (rt_signal.c says which): this file
 * asks the kernel whether it is still in place rather than asking the
 * signal layer, which sits above it. */
static void (*_Atomic net_handler)(int, siginfo_t *, void *);

void rt_safe_faults_come_through(void (*handler)(int, siginfo_t *, void *)) {
  atomic_store(&net_handler, handler);
}

static int owns(int sig, void (*handler)(int, siginfo_t *, void *)) {
  struct sigaction now;
  return sigaction(sig, NULL, &now) == 0 && (now.sa_flags & SA_SIGINFO) &&
         now.sa_sigaction == handler;
}

static int net_ready(void) {
  if (RT_UNLIKELY(net_reads++ % RT_NET_CHECK == 0)) {
    int saved_errno = errno;
    void (*handler)(int, siginfo_t *, void *) = atomic_load(&net_handler);
    net_ours = handler && owns(SIGSEGV, handler) && owns(SIGBUS, handler);
    errno = saved_errno;
  }
  return net_ours;
}

/* The instrumented program's memory is read as raw bytes: a sanitizer's
 * view of it (freed, poisoned, racing) is not ours to check. A fault can
 * only happen at the first byte of a page, so the copy goes a page at a
 * time and only the page's start is kept where siglongjmp preserves it
 * (a volatile per byte would double the cost of the loop). */
typedef uint64_t unaligned_u64 __attribute__((aligned(1), may_alias));
__attribute__((disable_sanitizer_instrumentation)) static size_t
direct(char *d, uintptr_t src, size_t n, int stop_at_nul, int *faulted) {
  const volatile char *s = (const volatile char *)src;
  sigjmp_buf jb, *saved = probe;
  volatile size_t page = 0;
  if (sigsetjmp(jb, 0)) { /* a fault: the memory went away */
    probe = saved;
    *faulted = 1;
    return page;
  }
  probe = &jb;
  size_t i = 0;
  while (i < n) {
    page = i;
    size_t end = i + (4096 - ((src + i) & 4095));
    if (end > n)
      end = n;
    if (stop_at_nul) {
      for (; i < end; ++i)
        if (!(d[i] = s[i]))
          goto out;
    } else {
      /* A word at a time within the page (a load never crosses into the
       * next, which may be unmapped): a followed struct is copied on most
       * calls of an interpreter, byte loads made it a tenth of the
       * recording time. */
      for (; i + 8 <= end; i += 8) {
        uint64_t w = *(const volatile unaligned_u64 *)(s + i);
        __builtin_memcpy(d + i, &w, 8);
      }
      for (; i < end; ++i)
        d[i] = s[i];
    }
  }
out:
  probe = saved;
  return i;
}

/*---- the entry point ------------------------------------------------*/

/* Without PROCMAP_QUERY: adds the time since t0 to what stale misses have
 * cost; refreshes the cache when that reaches what a refresh costs. */
static void count_stale(uint64_t t0) {
  uint64_t spent = atomic_load_explicit(&stale_cost, memory_order_relaxed) +
                   (mono_ns() - t0);
  atomic_store_explicit(&stale_cost, spent, memory_order_relaxed);
  if (spent >= atomic_load_explicit(&refresh_cost, memory_order_relaxed))
    refresh();
}

/* Whether this thread blocks SIGSEGV or SIGBUS (inside a signal handler
 * with a full mask, say): a fault would then kill the process. */
static int faults_blocked(void) {
  sigset_t now;
  return pthread_sigmask(SIG_BLOCK, NULL, &now) != 0 ||
         sigismember(&now, SIGSEGV) || sigismember(&now, SIGBUS);
}

/* Copies [src + from, src + n), which the cache does not vouch for. Sets
 * *nul if the copy stopped at a NUL; returns how far it got. `stale`: the
 * cache did not cover src + from, so the mapping of memory found there is
 * added to it (or the time counts toward the next refresh). */
static size_t uncached(char *d, uintptr_t src, size_t from, size_t n,
                       int stop_at_nul, int *nul, int stale) {
  int saved_errno = errno; /* the program's errno is not ours to change */
  uint64_t t0 = stale ? mono_ns() : 0;
  size_t got = 0;
  if (!atomic_load_explicit(&precise_broken, memory_order_relaxed)) {
    ssize_t r = precise(d + from, src + from, n - from);
    if (r >= 0) {
      got = (size_t)r;
      const char *z = stop_at_nul ? memchr(d + from, 0, got) : NULL;
      *nul = z != NULL;
      if (z)
        got = (size_t)(z - (d + from));
      goto done;
    }
  }
  /* No process_vm_readv: read under the fault net if it will catch. */
  int faulted = 0;
  if (net_ready() && !faults_blocked()) {
    got = direct(d + from, src + from, n - from, stop_at_nul, &faulted);
  } else {
    /* Neither: a cache refreshed on a miss, at most half of the time. */
    uint64_t now = mono_ns();
    if (now - atomic_load_explicit(&last_refresh_end, memory_order_relaxed) >=
        atomic_load_explicit(&refresh_cost, memory_order_relaxed))
      refresh();
    size_t fresh = cached(src + from);
    size_t k = n - from < fresh ? n - from : fresh;
    got = direct(d + from, src + from, k, stop_at_nul, &faulted);
    *nul = stop_at_nul && !faulted && got < k;
    errno = saved_errno;
    return from + got;
  }
  *nul = stop_at_nul && !faulted && got < n - from;
done:
  if (stale && got && !learn(src + from))
    count_stale(t0);
  errno = saved_errno;
  return from + got;
}

size_t rt_safe_copy(void *dst, uintptr_t src, size_t n, int stop_at_nul,
                    int *complete) {
  *complete = 0;
  if (src < 4096 || src >= ((uintptr_t)1 << 47) || n > ((size_t)1 << 30))
    return (size_t)-1; /* null page and non-canonical addresses */
  char *d = dst;
  if (!atomic_load_explicit(&current, memory_order_acquire))
    refresh(); /* the first read fills the cache */
  size_t avail = cached(src), done = 0;
  int nul = 0;
  if (avail && net_ready()) {
    int faulted = 0;
    size_t k = n < avail ? n : avail;
    done = direct(d, src, k, stop_at_nul, &faulted);
    nul = stop_at_nul && !faulted && done < k;
    if (faulted) { /* the cache lists memory that is gone */
      refresh();
      done = avail = 0;
    }
  }
  /* What the cache did not cover: the rest past the end of a cached range
   * (it may have been mapped since), or all of it. */
  if (!nul && done < n)
    done = uncached(d, src, done, n, stop_at_nul, &nul, avail <= done);
  if (!nul && done == 0 && n > 0)
    return (size_t)-1; /* not even the first byte is readable */
  *complete = stop_at_nul ? nul : done == n;
  return done;
}
