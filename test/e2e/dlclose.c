// A host dlopens ONE instrumented plugin, calls it, dlcloses it and goes on
// with its own traced functions. Every event keeps its name, arguments and
// place in the tree (the plugin's descriptors are copied when its destructor
// unregisters it, and events are matched to the image loaded when they were
// recorded), including the plugin's own destructor and a function pointer
// into the unloaded plugin; nothing is dropped and nothing is printed. Ring
// and stream mode, -O0 and -O2.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %ruchycc -O0 -fPIC -shared -DPLUGIN %s -o %t.d/plugin0.so
// RUN: %ruchycc -O0 %s -o %t.d/host0
// RUN: %ruchycc -O2 -fPIC -shared -DPLUGIN %s -o %t.d/plugin2.so
// RUN: %ruchycc -O2 %s -o %t.d/host2
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/r0.json %t.d/host0 %t.d/plugin0.so 2> %t.d/r0.err
// RUN: count 0 < %t.d/r0.err
// RUN: %check-trace json %t.d/r0.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/s0.json RUCHY_TRACE_MODE=stream %t.d/host0 %t.d/plugin0.so 2> %t.d/s0.err
// RUN: count 0 < %t.d/s0.err
// RUN: %check-trace json %t.d/s0.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/r2.json %t.d/host2 %t.d/plugin2.so 2> %t.d/r2.err
// RUN: count 0 < %t.d/r2.err
// RUN: %check-trace json %t.d/r2.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/s2.json RUCHY_TRACE_MODE=stream %t.d/host2 %t.d/plugin2.so 2> %t.d/s2.err
// RUN: count 0 < %t.d/s2.err
// RUN: %check-trace json %t.d/s2.json | FileCheck %s
// The text writer reads the same copies.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/r2.txt %t.d/host2 %t.d/plugin2.so 2> %t.d/t2.err
// RUN: count 0 < %t.d/t2.err
// RUN: FileCheck --check-prefix=TEXT --input-file=%t.d/r2.txt %s
#ifdef PLUGIN
#include <string.h>
struct point {
  int x, y;
  const char *label;
};
enum shape { DOT, LINE, BOX };
__attribute__((noinline)) static int area(const struct point *p) {
  return p->x * p->y;
}
__attribute__((noinline)) static int plugin_sub(int a, int b) { return a - b; }
__attribute__((noinline)) int (*plugin_get_op(void))(int, int) {
  return plugin_sub;
}
enum shape plugin_measure(const struct point *p, const char *name) {
  return (enum shape)((area(p) + (int)strlen(name)) % 3);
}
__attribute__((noinline)) void plugin_note(const char *what) {
  __asm__ volatile("" ::"r"(what));
}
__attribute__((destructor)) static void plugin_fini(void) {
  plugin_note("unloading");
}
#else
#include <dlfcn.h>
#include <stdio.h>
struct point {
  int x, y;
  const char *label;
};
enum shape { DOT, LINE, BOX };
__attribute__((noinline)) int host_add(int a, int b) { return a + b; }
__attribute__((noinline)) int host_apply(int (*op)(int, int), int a) {
  return op(a, 4);
}
__attribute__((noinline)) long host_after(long x, const char *why) {
  return x + (why[0] == 'd');
}
int main(int argc, char **argv) {
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  enum shape (*measure)(const struct point *, const char *) = (enum shape (*)(
      const struct point *, const char *))dlsym(h, "plugin_measure");
  int (*(*get_op)(void))(int, int) =
      (int (*(*)(void))(int, int))dlsym(h, "plugin_get_op");
  struct point a = {2, 3, "a"}, b = {4, 1, "b"};
  long r = measure(&a, "four");
  r += measure(&b, "nine");
  r += measure(&a, "");
  r += host_apply(get_op(), 10);
  dlclose(h);
  r += host_apply(host_add, 3);
  r = host_after(r, "done");
  return r == 17 ? 0 : 1;
}
#endif
// CHECK: summary events=30 enter=15 exit=15 threads=1 dropped=0
// CHECK: main(int=2, char **="0x{{[0-9a-f]+}}") = 0 <dlclose.c:[[#]]:5>
// CHECK-NEXT:   plugin_measure(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": {"x": 2, "y": 3, "label": "a"}}, const char *="four") = "LINE" <dlclose.c:[[#]]:12>
// CHECK-NEXT:     area(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": {"x": 2, "y": 3, "label": "a"}}) = 6 <dlclose.c:[[#]]:38>
// CHECK-NEXT:   plugin_measure(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": {"x": 4, "y": 1, "label": "b"}}, const char *="nine") = "BOX" <dlclose.c:[[#]]:12>
// CHECK-NEXT:     area(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": {"x": 4, "y": 1, "label": "b"}}) = 4 <dlclose.c:[[#]]:38>
// CHECK-NEXT:   plugin_measure(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": {"x": 2, "y": 3, "label": "a"}}, const char *="") = "DOT" <dlclose.c:[[#]]:12>
// CHECK-NEXT:     area(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": {"x": 2, "y": 3, "label": "a"}}) = 6 <dlclose.c:[[#]]:38>
// CHECK-NEXT:   plugin_get_op() = "0x[[SUB:[0-9a-f]+]] <plugin_sub>" <dlclose.c:[[#]]:33>
// CHECK-NEXT:   host_apply(<function> *="0x[[SUB]] <plugin_sub>", int=10) = 6 <dlclose.c:[[#]]:31>
// CHECK-NEXT:     plugin_sub(int=10, int=4) = 6 <dlclose.c:[[#]]:38>
// CHECK-NEXT:   plugin_fini() <dlclose.c:[[#]]:41>
// CHECK-NEXT:     plugin_note(const char *="unloading") <dlclose.c:[[#]]:32>
// CHECK-NEXT:   host_apply(<function> *="0x{{[0-9a-f]+}} <host_add>", int=3) = 7 <dlclose.c:[[#]]:31>
// CHECK-NEXT:     host_add(int=3, int=4) = 7 <dlclose.c:[[#]]:31>
// CHECK-NEXT:   host_after(long=16, const char *="done") = 17 <dlclose.c:[[#]]:32>
// CHECK-NOT: {{.}}

// TEXT: ] -> main(int=2, char **=0x
// TEXT: ] -> plugin_measure(const struct point *=0x{{[0-9a-f]+}}->{x: 4, y: 1, label: "b"}, const char *="nine") <{{.*}}dlclose.c:[[#]]:12>
// TEXT: ] <- plugin_measure() = BOX [
// TEXT: ] -> plugin_note(const char *="unloading") <{{.*}}dlclose.c:
// TEXT: ] -> host_apply(<function> *=0x{{[0-9a-f]+}} <host_add>, int=3) <{{.*}}dlclose.c:
// TEXT: ] <- main() = 0 [
