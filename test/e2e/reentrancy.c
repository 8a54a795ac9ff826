// An instrumented malloc/free in the program, and instrumented functions
// called from a signal handler that interrupts traced code: no deadlock, no
// torn record; calls interrupted mid-record are dropped and counted.
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_BUFFER=4000000 %t > %t.ticks
// RUN: %check-trace json %t.json | FileCheck %s
// Every handler call is either in the trace or counted as dropped.
// RUN: %python %S/../Inputs/reentrancy_check.py %t.json %t.ticks
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

// A bump allocator standing in for the program's own malloc.
static char heap[1 << 20];
static size_t used;
__attribute__((noinline)) void *malloc(size_t n) {
  void *p = heap + used;
  used += (n + 15) & ~(size_t)15;
  return used <= sizeof heap ? p : NULL;
}
__attribute__((noinline)) void free(void *p) { (void)p; }
__attribute__((noinline)) void *calloc(size_t a, size_t b) {
  void *p = malloc(a * b);
  if (p)
    memset(p, 0, a * b);
  return p;
}
__attribute__((noinline)) void *realloc(void *p, size_t n) {
  void *q = malloc(n);
  if (q && p)
    memcpy(q, p, n);
  return q;
}

static volatile int ticks;
__attribute__((noinline)) void on_tick(int sig) {
  (void)sig;
  ticks++;
}
__attribute__((noinline)) long busy(long i) { return i * 7; }

__attribute__((no_instrument_function)) int main(void) {
  signal(SIGPROF, on_tick);
  struct itimerval it = {{0, 100}, {0, 100}};
  setitimer(ITIMER_PROF, &it, 0);
  long s = 0;
  for (long i = 0; i < 200000 && ticks < 5; ++i) {
    void *p = malloc(16);
    s += busy(i);
    free(p);
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_PROF, &off, 0);
  printf("%d\n", ticks);
  return ticks >= 1 ? 0 : (int)(s & 0);
}
// CHECK: summary events={{[0-9]+}} enter={{[0-9]+}} exit={{[0-9]+}} threads=1 dropped={{[0-9]+}}
// CHECK: fn busy
// CHECK: fn free
// CHECK: fn malloc
