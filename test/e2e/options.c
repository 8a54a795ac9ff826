// The RUCHY_TRACE_* variables are one table (rt/rt_options.h): the README's
// table documents exactly those, in that order, and a RUCHY_TRACE_*
// variable that is none of them gets one line saying it does nothing, with
// the nearest name when it is one or two edits away (a typo), while the
// program's output and exit status stay the same.
// RUN: %clang -DLIST -I%S/../../rt -I%S/../../include %s -o %t.list
// RUN: %t.list > %t.names
// RUN: sed -n '/^### Run-time options/,/^A bad value/p' %S/../../README.md | grep -o '^| `RUCHY_TRACE[A-Z_]*`' | tr -d '|` ' > %t.readme
// RUN: diff %t.names %t.readme
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE_SAMPEL=10 RUCHY_TRACE_COLOUR=always RUCHY_TRACE_OUTPUT=- not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=ERR --input-file=%t.err %s
// Nothing to say when every variable is known, and none when tracing is
// off either.
// RUN: env RUCHY_TRACE_SAMPLE=1 not %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
#ifdef LIST
#include "rt_options.h"
#include <stdio.h>
int main(void) {
#define PRINT(id, name, what, fallback) puts(name);
  RT_OPTIONS(PRINT)
  return 0;
}
#else
#include <stdio.h>
__attribute__((noinline)) int work(int x) { return x * 2; }
int main(void) {
  printf("%d\n", work(7));
  return 3;
}
#endif
// OUT: 14
// ERR-DAG: ruchytrace: RUCHY_TRACE_SAMPEL is not a RuchyTrace variable and does nothing; did you mean RUCHY_TRACE_SAMPLE
// ERR-DAG: ruchytrace: RUCHY_TRACE_COLOUR is not a RuchyTrace variable and does nothing{{$}}
// ERR: -> work(int=7)
