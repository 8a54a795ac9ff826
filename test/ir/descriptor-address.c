// A descriptor names its function's address only if the function is still
// defined at the end of the pipeline (pass/DescriptorAddress.cpp): the
// reference must not keep a static function that was inlined everywhere
// alive as dead code.
// RUN: %clang -O1 -g -Xclang -disable-llvm-passes -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace' -S %t.ll -o - | FileCheck --check-prefix=EARLY %s
// RUN: %opt -load-pass-plugin=%plugin -ruchy-trace-cold-copy=false -passes='ruchy-trace,cgscc(inline),globaldce,ruchy-trace-addresses,verify' -S %t.ll -o - | FileCheck %s

static int helper(int x) { return x * 2 + 1; }
static int by_pointer(int x) { return x - 1; }
int (*fp)(int) = by_pointer;
int api(int y) { return helper(y) + 1; }

// Before optimisation, a function the optimiser may delete has a null
// address, recorded in metadata; an external one has its own.
// EARLY-DAG: @ruchy_trace.fn.helper = private global %ruchy_trace.fn {{.*}}, ptr null, ptr {{[^ ]+}} }
// EARLY-DAG: @ruchy_trace.fn.api = private global %ruchy_trace.fn {{.*}}, ptr @api, ptr {{[^ ]+}} }
// EARLY-DAG: !ruchy_trace.addresses = !{

// helper was inlined everywhere and deleted: its address stays null.
// by_pointer is still defined (its address is taken) and gets it back.
// CHECK-DAG: @ruchy_trace.fn.helper = private global %ruchy_trace.fn {{.*}}, ptr null, ptr {{[^ ]+}} }
// CHECK-DAG: @ruchy_trace.fn.by_pointer = private global %ruchy_trace.fn {{.*}}, ptr @by_pointer, ptr {{[^ ]+}} }
// CHECK-DAG: @ruchy_trace.fn.api = private global %ruchy_trace.fn {{.*}}, ptr @api, ptr {{[^ ]+}} }
// CHECK-NOT: define internal {{.*}}i32 @helper(
// CHECK-NOT: !ruchy_trace.addresses
