// A program that declares thousands of functions through the C API (each
// is an image of its own): every one is traced and named, with no message
// (1024 images used to be the limit, with one message per declaration
// beyond it and those functions untraced).
// RUN: %clang -O1 -I%S/../../include %s -L%build -Wl,-rpath,%build -lruchytrace_rt -o %t
// RUN: %t %t.txt 2> %t.err
// RUN: count 0 < %t.err
// RUN: grep -c -- '-> f' %t.txt | FileCheck --check-prefix=ENTERS %s
// RUN: grep -o -- '-> f[0-9]*(i64=[0-9]*)' %t.txt | sort -u | wc -l | FileCheck --check-prefix=DISTINCT %s
// RUN: FileCheck --input-file=%t.txt %s
#include <ruchytrace/ruchytrace.h>
#include <stdio.h>

#define N 3000

int main(int argc, char **argv) {
  (void)argc;
  ruchy_trace_config cfg = {.enabled = 1, .output = argv[1]};
  if (ruchy_trace_init(&cfg) != 0)
    return 1;
  static ruchy_trace_function *fns[N];
  static const ruchy_trace_kind params[] = {RUCHY_TRACE_I64};
  for (int i = 0; i < N; ++i) {
    char name[16];
    snprintf(name, sizeof name, "f%d", i);
    fns[i] = ruchy_trace_declare(name, "many.ruchy", (unsigned)i + 1, 1, 1,
                                 params, RUCHY_TRACE_I64);
    if (!fns[i])
      return 1;
  }
  /* In a scattered order, as an interpreter would call them. */
  for (long k = 0; k < N; ++k) {
    long i = k * 7919 % N;
    ruchy_trace_value a = ruchy_trace_i64(i);
    uint64_t t = ruchy_trace_enter_event(fns[i], &a);
    ruchy_trace_exit_event(fns[i], t, &a);
  }
  ruchy_trace_finalize();
  return 0;
}
// ENTERS: {{^}}3000{{$}}
// DISTINCT: {{^}}3000{{$}}
// CHECK: -> f0(i64=0) <many.ruchy:1:1>
// CHECK: -> f2999(i64=2999) <many.ruchy:3000:1>
