// Instrumented shared libraries register their own descriptors: one linked
// at start and one dlopen'ed. After dlclose the library's events are still
// named correctly (the runtime kept copies of its descriptors).
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %ruchycc -O1 -fPIC -shared -DLIB_LINKED %s -o %t.d/liblinked.so
// RUN: %ruchycc -O1 -fPIC -shared -DLIB_PLUGIN %s -o %t.d/plugin.so
// RUN: %ruchycc -O1 -DMAIN %s -L%t.d -llinked -Wl,-rpath,%t.d -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_STRING_MAX=1000 %t %t.d/plugin.so
// RUN: %check-trace json %t.json | FileCheck %s
#ifdef LIB_LINKED
__attribute__((noinline)) int linked_fn(int x) { return x + 100; }
#elif defined(LIB_PLUGIN)
__attribute__((noinline)) static int plugin_helper(int x) { return x * 2; }
int plugin_entry(int x) { return plugin_helper(x) + 1; }
#else
#include <dlfcn.h>
#include <stdio.h>
int linked_fn(int);
__attribute__((noinline)) int use_plugin(const char *path) {
  void *h = dlopen(path, RTLD_NOW);
  if (!h) {
    fprintf(stderr, "%s\n", dlerror());
    return -1;
  }
  int (*entry)(int) = (int (*)(int))dlsym(h, "plugin_entry");
  int r = entry(20);
  dlclose(h);
  return r;
}
__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  (void)argc;
  return linked_fn(1) == 101 && use_plugin(argv[1]) == 41 ? 0 : 1;
}
#endif
// CHECK: summary events=8 enter=4 exit=4 threads=1 dropped=0
// CHECK: linked_fn(int=1) = 101 <dlopen.c:11:31>
// CHECK-NEXT: use_plugin(const char *="{{.*}}/plugin.so") = 41
// CHECK-NEXT:   plugin_entry(int=20) = 41 <dlopen.c:14:5>
// CHECK-NEXT:     plugin_helper(int=20) = 40 <dlopen.c:13:38>
