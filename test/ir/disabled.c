// Loaded but disabled by option: the IR is exactly what it is without the
// plugin ("not compiled in" leaves no trace). Running the pass twice
// instruments once.
// RUN: %clang -O0 -g -S -emit-llvm %s -o %t.ll
// RUN: %opt -passes=verify -S %t.ll -o %t.plain.ll
// RUN: %opt -load-pass-plugin=%plugin -ruchy-trace-enable=false -passes='ruchy-trace,verify' -S %t.ll -o %t.off.ll
// RUN: diff %t.plain.ll %t.off.ll
// RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace' -S %t.ll -o %t.once.ll
// RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace,ruchy-trace,verify' -S %t.ll -o %t.twice.ll
// RUN: diff %t.once.ll %t.twice.ll
// RUN: FileCheck %s < %t.once.ll
// The generated code, with and without the plugin loaded but disabled.
// RUN: %clang -O2 -S %s -o %t.plain.s
// RUN: %clang -O2 -S -fpass-plugin=%plugin -mllvm -ruchy-trace-enable=false %s -o %t.off.s
// RUN: diff %t.plain.s %t.off.s
// ...and enabled it does change the code (so the diff above means something).
// RUN: %clang -O2 -S -fpass-plugin=%plugin %s -o %t.on.s
// RUN: FileCheck --check-prefix=ASM %s < %t.on.s
// ASM: __ruchy_trace_enter

int twice(int x) { return 2 * x; }
// CHECK-COUNT-1: call preserve_mostcc i64 @__ruchy_trace_enter(
// CHECK-NOT: call preserve_mostcc i64 @__ruchy_trace_enter(
