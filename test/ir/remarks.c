// Functions the pass leaves alone say why, as missed remarks.
// RUN: %ruchycc -O1 -c %s -o /dev/null -Rpass-missed=ruchy-trace 2>&1 | FileCheck %s
#include <ruchytrace/attributes.h>

static inline int helper(int x) { return x + 1; }
__attribute__((always_inline)) static inline int forced(int x) { return x; }
__attribute__((no_instrument_function)) int quiet(int x) { return helper(x); }
RUCHY_TRACE_NEVER int hidden(int x) { return x; }
__attribute__((naked)) void bare(void) { __asm__("ret"); }
int traced(int x) { return helper(forced(x)) * 2; }
// `inline` alone is traced, as it is at -O0 (see e2e/inline-policy.c).
// CHECK-DAG: remark: not traced: always_inline [-Rpass-missed=ruchy-trace]
// CHECK-DAG: remark: not traced: no_instrument_function [-Rpass-missed=ruchy-trace]
// CHECK-DAG: remark: not traced: annotated ruchy_trace_never [-Rpass-missed=ruchy-trace]
// CHECK-DAG: remark: not traced: naked function (no prologue to instrument) [-Rpass-missed=ruchy-trace]
// CHECK-NOT: traced: traced
