// Functions the pass leaves alone say why, as missed remarks.
// RUN: %ruchycc -O1 -c %s -o /dev/null -Rpass-missed=ruchy-trace 2>&1 | FileCheck %s
#include <ruchytrace/attributes.h>

static inline int helper(int x) { return x + 1; }
__attribute__((no_instrument_function)) int quiet(int x) { return helper(x); }
RUCHY_TRACE_NEVER int hidden(int x) { return x; }
__attribute__((naked)) void bare(void) { __asm__("ret"); }
int traced(int x) { return helper(x) * 2; }
// CHECK-DAG: remark: not traced: declared inline (-ruchy-trace-inline traces these) [-Rpass-missed=ruchy-trace]
// CHECK-DAG: remark: not traced: no_instrument_function [-Rpass-missed=ruchy-trace]
// CHECK-DAG: remark: not traced: annotated ruchy_trace_never [-Rpass-missed=ruchy-trace]
// CHECK-DAG: remark: not traced: naked function (no prologue to instrument) [-Rpass-missed=ruchy-trace]
// CHECK-NOT: traced: traced
