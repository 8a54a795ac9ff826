// An executable linked with the static runtime (libruchytrace_rt.a) that
// dlopens, or links, a traced shared library (linked with the shared
// runtime, as ruchytrace.cfg does): two copies of the runtime in one
// process. The later one forwards to the first, so there is one trace with
// every event, nothing on stderr, and each image keeps its own sampling.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %ruchycc -O1 -fPIC -shared -DLIB %s -o %t.d/libtwo.so
// RUN: %clang -g -O1 -fpass-plugin=%plugin -c %s -o %t.d/dl.o
// RUN: %clang %t.d/dl.o %runtime -ldl -pthread -o %t.d/dl
// RUN: %clang -g -O1 -DLINKED -fpass-plugin=%plugin -c %s -o %t.d/linked.o
// RUN: %clang %t.d/linked.o %runtime -L%t.d -ltwo -Wl,-rpath,%t.d -pthread -o %t.d/linked
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/dl.json %t.d/dl %t.d/libtwo.so 2> %t.d/dl.err
// RUN: count 0 < %t.d/dl.err
// RUN: %check-trace json %t.d/dl.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/linked.json %t.d/linked 2> %t.d/linked.err
// RUN: count 0 < %t.d/linked.err
// RUN: %check-trace json %t.d/linked.json | FileCheck %s
// Sampling: the library's calls, forwarded, do not disturb the executable's
// countdown (without that, every forwarded call restarted it and the
// executable's calls were almost never recorded).
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/sampled.json RUCHY_TRACE_SAMPLE=10 %t.d/dl %t.d/libtwo.so 1000 2> %t.d/sampled.err
// RUN: count 0 < %t.d/sampled.err
// RUN: %check-trace json %t.d/sampled.json | FileCheck --check-prefix=SAMPLED %s
// A runtime of another release cannot be forwarded to: the later one
// writes its own file, and says so once.
// RUN: %clang -O1 -w -fPIC -fvisibility=hidden -DRT_PEER_VERSION=99 -DRUCHYTRACE_VERSION='"other"' -I%S/../../include -I%S/../../rt %t.d/dl.o %S/../../rt/*.c -ldl -pthread -o %t.d/other
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/other.json %t.d/other %t.d/libtwo.so 2> %t.d/other.err
// RUN: FileCheck --check-prefix=OTHER-ERR --input-file=%t.d/other.err %s
// RUN: %check-trace json %t.d/other.json | FileCheck --check-prefix=OTHER-EXE %s
// RUN: %check-trace json %t.d/other.json.2 | FileCheck --check-prefix=OTHER-LIB %s
#ifdef LIB
__attribute__((noinline)) int lib_fn(int x) { return x * 3; }
#else
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
int lib_fn(int);
__attribute__((noinline)) int exe_fn(int x) { return x + 1; }
int main(int argc, char **argv) {
#ifdef LINKED
  int (*f)(int) = lib_fn;
#else
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  int (*f)(int) = (int (*)(int))dlsym(h, "lib_fn");
#endif
  if (argc > 2) { /* one executable call for three library calls */
    long s = 0;
    for (long i = 0; i < atol(argv[2]); ++i)
      s += exe_fn((int)i) + f(1) + f(2) + f(3);
    return s == 0;
  }
  return f(exe_fn(1)) != 6;
}
#endif
// CHECK: summary events=6 enter=3 exit=3 threads=1 dropped=0
// CHECK: main(int={{[12]}}, char **="0x{{[0-9a-f]+}}") = 0
// CHECK-NEXT:   exe_fn(int=1) = 2
// CHECK-NEXT:   lib_fn(int=2) = 6

// SAMPLED: fn exe_fn enter=100 exit=100
// SAMPLED: fn lib_fn enter=300 exit=300

// OTHER-ERR: ruchytrace: another RuchyTrace runtime, of a different release, is active in this process; this one writes its trace to '{{.*}}other.json.2'
// OTHER-ERR-NOT: ruchytrace
// OTHER-EXE: summary events=4 enter=2 exit=2 threads=1 dropped=0
// OTHER-EXE: main(int=2, char **="0x{{[0-9a-f]+}}") = 0
// OTHER-EXE-NEXT:   exe_fn(int=1) = 2
// OTHER-LIB: summary events=2 enter=1 exit=1 threads=1 dropped=0
// OTHER-LIB: lib_fn(int=2) = 6
