/*===- rt_frames.c - the shadow stack: frames left without an exit ---------===
 *
 * A frame is abandoned when a longjmp, a C++ exception, a Rust panic or
 * pthread_exit leaves it without running its exit. The runtime notices in
 * three places, and records an exit marked unwound for each such frame:
 *
 *  1. At the next entry (rt_frames_bury). Each frame remembers `ra_slot`,
 *     where the return address of the machine frame that ran its entry is
 *     stored (the pass passes llvm.addressofreturnaddress: an inlined
 *     function shares its host's), and the address `ra` found there. The
 *     stack grows down, so a live ancestor's slot is at or above the new
 *     entry's. Walking down from the innermost open frame T, T is dead if
 *       - T.ra_slot < slot: T's machine frame lies below the one running
 *         now, so it was popped; but only if `slot` is on T's stack: at
 *         most RT_STACK_SLACK above the outermost frame of T's run (its
 *         `base`; a frame joins its parent's run when its slot is at most
 *         RT_LINK_MAX below the parent's). A longjmp or catch lands in an
 *         ancestor a few untraced frames above that run at most; a signal
 *         handler on a sigaltstack, or a coroutine switched to with
 *         swapcontext, runs on memory elsewhere, and kills nothing;
 *       - T.ra_slot == slot, and the new entry's hooks run in a frame of
 *         their own (RUCHY_TRACE_F_OWN_FRAME, every function the pass
 *         could split): that frame took the dead one's place;
 *       - T.ra_slot == slot, and the return address there changed: a new
 *         call from another call site reuses the dead frame's place (a
 *         live frame's return address never changes);
 *       - T.ra_slot == slot, same return address, and the same function:
 *         the same call made again (a loop around setjmp or try); a live
 *         frame never contains an inlined copy of itself;
 *       - T.ra_slot == slot, same return address, another function, and
 *         the two entry hooks were called from different machine
 *         functions: a call through the same function pointer to another
 *         function (a test runner's table of tests that longjmp out on
 *         failure). An inlined child's hook is called from its host's
 *         code, like the host's own; the hooks of two functions called
 *         for real are each in its own function. Functions do not
 *         overlap, so the code between two hook call sites of different
 *         functions contains the entry of the later one in memory.
 *     Anything else is taken as live: an inlined child has its host's
 *     slot and return address; a signal handler on the same stack runs
 *     below what it interrupted. What this cannot see: a frame inlined
 *     into the very function that catches or calls setjmp, and a new call
 *     deeper than the dead frames were (through untraced frames); those
 *     frames are closed by the next exit below them, as in 2.
 *  2. At the exit of a frame below them (rt_frames_repair): its token is
 *     not the innermost open frame's.
 *  3. When the thread ends (pthread_exit, cancellation): a thread-specific
 *     key's destructor closes what is still open (rt_thread.c).
 *
 * In 1 and 2 the unwound exits are stamped with the time of the thread's
 * newest record, the last moment the frames are known to have been alive:
 * the untraced code that ran after the unwinding (the catch block, what
 * setjmp's caller does next) is not charged to them. In 3 they end when
 * the thread ends.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_record.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

/* How far above the outermost frame of its run a longjmp or a catch may
 * land and still be taken to be on the same stack: a few untraced frames
 * (the test harness that catches, main). A signal stack or a coroutine
 * stack mapped right above a thread's stack is farther than this from
 * the thread's outermost traced frame: the thread's TLS and the guard page
 * are in between, and handlers run at the top of their stack. */
#define RT_STACK_SLACK ((uintptr_t)16 << 10)

/* Whether entry hooks called from `a` (for function `fa`) and from `b`
 * (for `fb`) ran in different machine functions: a function's entry lies
 * between them. An inlined function's own copy is elsewhere. */
static int apart(uintptr_t a, const __ruchy_trace_fn *fa, uintptr_t b,
                 const __ruchy_trace_fn *fb) {
  uintptr_t lo = a < b ? a : b, hi = a < b ? b : a;
  uintptr_t x = (uintptr_t)fa->addr, y = (uintptr_t)fb->addr;
  return (x > lo && x <= hi) || (y > lo && y <= hi);
}

static int dead(const rt_frame *f, const __ruchy_trace_fn *fn, uintptr_t slot,
                uintptr_t pc) {
  if (f->ra_slot < slot)
    return slot <= f->base || slot - f->base <= RT_STACK_SLACK;
  if (f->ra_slot == slot)
    return (fn->flags & RUCHY_TRACE_F_OWN_FRAME) ||
           *(const uintptr_t *)slot != f->ra || f->fn == fn ||
           apart(f->pc, f->fn, pc, fn);
  return 0;
}

void rt_frames_bury(rt_thread *t, const __ruchy_trace_fn *fn, uintptr_t slot,
                    uintptr_t pc) {
  while (t->depth && dead(&t->frames[t->depth], fn, slot, pc)) {
    rt_put_exit(t, &t->frames[t->depth], RT_EV_EXIT_UNWIND, t->last);
    t->depth--;
  }
}

rt_frame *rt_frames_repair(rt_thread *t, uint64_t token) {
  uint32_t k = t->depth;
  while (k > 0 && t->frames[k].token != token)
    --k;
  if (k == 0)
    return NULL;
  for (; t->depth > k; t->depth--)
    rt_put_exit(t, &t->frames[t->depth], RT_EV_EXIT_UNWIND, t->last);
  return &t->frames[k];
}

/* Doubles the room for open frames: a deep recursion (a parser's nesting
 * limit test) keeps every frame, so an unwinding through all of them is
 * still repaired. One mmap per doubling, none per event. */
int rt_frames_grow(rt_thread *t) {
  uint64_t cap = (uint64_t)t->frame_cap * 2;
  if (cap > UINT32_MAX - 1)
    return 0;
  size_t bytes = (size_t)(cap + 1) * sizeof(rt_frame);
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return 0;
  memcpy(p, t->frames, (size_t)(t->depth + 1) * sizeof(rt_frame));
  if (t->frames_own)
    munmap(t->frames, (size_t)(t->frame_cap + 1) * sizeof(rt_frame));
  t->frames = p;
  t->frame_cap = (uint32_t)cap;
  t->frames_own = 1;
  return 1;
}
