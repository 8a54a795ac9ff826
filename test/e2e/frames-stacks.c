// Calls that run elsewhere than below the newest frame do not make the
// runtime close live frames as abandoned: a signal handler on a
// sigaltstack (heap or static) and on the thread's own stack, and a
// swapcontext coroutine on a heap stack that runs while its caller waits.
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.static.json %t static
// RUN: %check-trace json %t.static.json | FileCheck %s
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define NOINLINE __attribute__((noinline))
static volatile int got;
NOINLINE int in_handler(int s) { return s + 1; }
NOINLINE void handler(int s) { got = in_handler(s); }
NOINLINE int inner(int x) {
  raise(SIGUSR1);
  return x + 1;
}
NOINLINE int outer(int x) {
  int r = inner(x);
  return r + inner(x);
}

static ucontext_t main_ctx, co_ctx;
NOINLINE int co_leaf(int x) {
  swapcontext(&co_ctx, &main_ctx);
  return x + 1;
}
NOINLINE int co_body(int x) { return co_leaf(x) * 2; }
static void co_entry(void) { co_body(5); }
NOINLINE int step(int x) { return x + 1; }
NOINLINE int driver(char *stack, size_t size) {
  getcontext(&co_ctx);
  co_ctx.uc_stack.ss_sp = stack;
  co_ctx.uc_stack.ss_size = size;
  co_ctx.uc_link = &main_ctx;
  makecontext(&co_ctx, co_entry, 0);
  swapcontext(&main_ctx, &co_ctx); // runs until co_leaf yields
  int s = step(1);                 // the coroutine's frames are alive
  swapcontext(&main_ctx, &co_ctx); // finish it
  return s + step(2);
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  static char altbuf[1 << 16];
  stack_t ss = {0};
  ss.ss_sp = argc > 1 ? (void *)altbuf : malloc(1 << 16);
  ss.ss_size = 1 << 16;
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR1, &sa, NULL);
  int r = outer(1);
  sa.sa_flags = 0; // now on the thread's stack
  sigaction(SIGUSR1, &sa, NULL);
  r += outer(2);
  r += driver(malloc(1 << 16), 1 << 16);
  return r == 15 ? 0 : 1;
}
// CHECK: summary events=40 enter=20 exit=20 threads=1 dropped=0
// CHECK-NOT: unwound
// CHECK:      outer(int=1) = 4
// CHECK-NEXT:   inner(int=1) = 2
// CHECK-NEXT:     handler(int=10)
// CHECK-NEXT:       in_handler(int=10) = 11
// CHECK-NEXT:   inner(int=1) = 2
// CHECK-NEXT:     handler(int=10)
// CHECK-NEXT:       in_handler(int=10) = 11
// CHECK-NEXT: outer(int=2) = 6
// CHECK-NEXT:   inner(int=2) = 3
// CHECK-NEXT:     handler(int=10)
// CHECK-NEXT:       in_handler(int=10) = 11
// CHECK-NEXT:   inner(int=2) = 3
// CHECK-NEXT:     handler(int=10)
// CHECK-NEXT:       in_handler(int=10) = 11
// CHECK-NEXT: driver(char *={{.*}}, size_t=65536) = 5
// CHECK-NEXT:   co_entry()
// CHECK-NEXT:     co_body(int=5) = 12
// CHECK-NEXT:       co_leaf(int=5) = 6
// CHECK:        step(int=2) = 3
// CHECK-NOT: unwound
