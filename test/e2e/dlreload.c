// dlopen -> dlclose -> dlopen again: of the same library, and of another one
// that the loader puts at the same address (the case an "is it still
// mapped" guess gets wrong). Every event names the image that was loaded
// when it was recorded, with that image's argument types.
// RUN: rm -rf %t.d && mkdir %t.d
// `run` must land at the same address in both: it comes first in .text, and
// the traced copies, of different sizes, after it rather than before it in
// .text.unlikely.
// RUN: %ruchycc -O2 -fPIC -shared -mllvm -ruchy-trace-cold-copy=false -DPLUGIN_A %s -o %t.d/a.so
// RUN: %ruchycc -O2 -fPIC -shared -mllvm -ruchy-trace-cold-copy=false -DPLUGIN_B %s -o %t.d/b.so
// RUN: %ruchycc -O2 -pthread %s -o %t.d/host
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/once.json %t.d/host %t.d/a.so %t.d/b.so > %t.d/once.out 2> %t.d/once.err
// RUN: count 0 < %t.d/once.err
// RUN: FileCheck --check-prefix=SAME --input-file=%t.d/once.out %s
// RUN: %check-trace json %t.d/once.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/once.txt RUCHY_TRACE_MODE=stream %t.d/host %t.d/a.so %t.d/b.so > %t.d/once.out 2> %t.d/once.err
// RUN: count 0 < %t.d/once.err
// RUN: FileCheck --check-prefix=TEXT --input-file=%t.d/once.txt %s
// The same run streamed into a .rtrace file: converted, it names every
// event as the runtime does (images, unloads and reloads are in the file).
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/once.rtrace RUCHY_TRACE_MODE=stream %t.d/host %t.d/a.so %t.d/b.so > %t.d/once.out 2> %t.d/once.err
// RUN: count 0 < %t.d/once.err
// RUN: %ruchytrace convert --to json %t.d/once.rtrace -o %t.d/once.rtrace.json
// RUN: %check-trace json %t.d/once.rtrace.json | FileCheck %s
// 300 reloads on one thread while another keeps writing snapshots of the
// trace (ruchy_trace_format) and a third records: no snapshot and not the
// final trace shows an event it cannot name, and none is lost.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/many.json RUCHY_TRACE_MODE=stream %t.d/host %t.d/a.so %t.d/b.so 300 > %t.d/many.out 2> %t.d/many.err
// RUN: count 0 < %t.d/many.err
// RUN: FileCheck --check-prefix=MANY --input-file=%t.d/many.out %s
// RUN: %check-trace json %t.d/many.json | FileCheck --check-prefix=MANYTRACE %s
// RUN: %ruchytrace report %t.d/many.json | FileCheck --check-prefix=REPORT %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/many.rtrace RUCHY_TRACE_MODE=stream %t.d/host %t.d/a.so %t.d/b.so 300 > %t.d/many.out 2> %t.d/many.err
// RUN: count 0 < %t.d/many.err
// RUN: %ruchytrace convert --to json %t.d/many.rtrace -o %t.d/many.rtrace.json
// RUN: %check-trace json %t.d/many.rtrace.json | FileCheck --check-prefix=MANYTRACE %s
#if defined(PLUGIN_A)
struct pair {
  long a;
  const char *s;
};
// `run` first in both libraries, so that it lands at the same address.
__attribute__((noinline)) static long twice(long v);
long run(const struct pair *p) { return twice(p->a); }
static long twice(long v) { return 2 * v; }
#elif defined(PLUGIN_B)
enum color { RED, GREEN, BLUE };
struct rgb {
  enum color c;
  double w;
};
__attribute__((noinline)) static double weigh(const struct rgb *x);
long run(const struct rgb *x) { return (long)weigh(x); }
static double weigh(const struct rgb *x) { return x->w * (x->c + 1); }
#else
#include "ruchytrace/ruchytrace.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
struct pair {
  long a;
  const char *s;
};
enum color { RED, GREEN, BLUE };
struct rgb {
  enum color c;
  double w;
};
static void *last_run;
__attribute__((noinline)) long between(long x) { return x + 1; }
static long call(const char *path, const void *arg) {
  void *h = dlopen(path, RTLD_NOW);
  if (!h) {
    fprintf(stderr, "%s\n", dlerror());
    exit(1);
  }
  long (*run)(const void *) = (long (*)(const void *))dlsym(h, "run");
  printf("%s %s\n", strrchr(path, '/') + 1,
         (void *)run == last_run ? "at the same address" : "elsewhere");
  last_run = (void *)run;
  long r = run(arg);
  dlclose(h);
  return r;
}

static volatile int done;
static long unknown, snapshots;
static void *snapshotter(void *arg) {
  (void)arg;
  static char buf[64 << 20];
  while (!done) {
    long n = ruchy_trace_format(buf, sizeof buf - 1);
    if (n > 0 && (size_t)n < sizeof buf) {
      buf[n] = 0;
      unknown += strstr(buf, "<unknown>") != NULL;
      snapshots++;
    }
  }
  return NULL;
}
__attribute__((noinline)) long tick(long i) { return i; }
static void *recorder(void *arg) {
  (void)arg;
  long i = 0;
  while (!done) {
    tick(i++);
    usleep(100);
  }
  return (void *)i;
}

int main(int argc, char **argv) {
  struct pair p = {21, "x"};
  struct rgb c = {BLUE, 1.5};
  if (argc == 3) {
    long r = call(argv[1], &p);
    r = between(r);
    r += call(argv[1], &p);
    r = between(r);
    r += call(argv[2], &c);
    return between(r) == 91 ? 0 : 1;
  }
  pthread_t s, t;
  pthread_create(&s, NULL, snapshotter, NULL);
  pthread_create(&t, NULL, recorder, NULL);
  long n = atol(argv[3]), r = 0;
  for (long i = 0; i < n; ++i)
    r += i % 2 ? call(argv[2], &c) : call(argv[1], &p);
  done = 1;
  pthread_join(s, NULL);
  pthread_join(t, NULL);
  printf("snapshots %s, unknown %ld, sum %ld\n", snapshots ? "taken" : "none",
         unknown, r);
  return 0;
}
#endif
// SAME: a.so elsewhere
// SAME-NEXT: a.so at the same address
// SAME-NEXT: b.so at the same address

// CHECK: summary events=26 enter=13 exit=13 threads=1 dropped=0
// CHECK: main(int=3, char **="0x{{[0-9a-f]+}}") = 0
// CHECK-NEXT:   call(const char *="{{.*}}", const void *="0x{{[0-9a-f]+}}") = 42
// CHECK-NEXT:     run(const struct pair *={"address": "0x{{[0-9a-f]+}}", "target": {"a": 21, "s": "x"}}) = 42
// CHECK-NEXT:       twice(long=21) = 42
// CHECK-NEXT:   between(long=42) = 43
// CHECK-NEXT:   call(const char *="{{.*}}", const void *="0x{{[0-9a-f]+}}") = 42
// CHECK-NEXT:     run(const struct pair *={"address": "0x{{[0-9a-f]+}}", "target": {"a": 21, "s": "x"}}) = 42
// CHECK-NEXT:       twice(long=21) = 42
// CHECK-NEXT:   between(long=85) = 86
// CHECK-NEXT:   call(const char *="{{.*}}", const void *="0x{{[0-9a-f]+}}") = 4
// CHECK-NEXT:     run(const struct rgb *={"address": "0x{{[0-9a-f]+}}", "target": {"c": "BLUE", "w": 1.5}}) = 4
// CHECK-NEXT:       weigh(const struct rgb *={"address": "0x{{[0-9a-f]+}}", "target": {"c": "BLUE", "w": 1.5}}) = 4.5
// CHECK-NEXT:   between(long=90) = 91 <dlreload.c:[[#]]:32>
// CHECK-NOT: {{.}}

// TEXT: -> run(const struct pair *=0x{{[0-9a-f]+}}->{a: 21, s: "x"})
// TEXT: -> run(const struct pair *=0x{{[0-9a-f]+}}->{a: 21, s: "x"})
// TEXT: -> run(const struct rgb *=0x{{[0-9a-f]+}}->{c: BLUE, w: 1.5})
// TEXT-NEXT: -> weigh(const struct rgb *=0x{{[0-9a-f]+}}->{c: BLUE, w: 1.5})

// MANY: a.so elsewhere
// MANY: b.so at the same address
// MANY: snapshots taken, unknown 0, sum 6900
// MANYTRACE: summary events={{[0-9]+}} enter={{[0-9]+}} exit={{[0-9]+}} threads=3 dropped=0
// REPORT-DAG: {{^ *[0-9.]+ [0-9.]+% [0-9.]+ [0-9.]+% }}300 {{[0-9.]+ [0-9.]+ [0-9.]+}} run{{$}}
// REPORT-DAG: {{^ *[0-9.]+ [0-9.]+% [0-9.]+ [0-9.]+% }}150 {{[0-9.]+ [0-9.]+ [0-9.]+}} twice{{$}}
// REPORT-DAG: {{^ *[0-9.]+ [0-9.]+% [0-9.]+ [0-9.]+% }}150 {{[0-9.]+ [0-9.]+ [0-9.]+}} weigh{{$}}
