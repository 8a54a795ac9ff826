// A struct passed in two registers arrives as two IR arguments (i64, i32)
// that clang stores into a { i64, i32 } temporary and copies into the
// parameter's slot only after the entry hook. The pass rebuilds the bytes
// from the IR arguments in a temporary of the record block: nothing on the
// untraced path, and the slot itself is never read at entry.
// RUN: %clang -O0 -g -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -ruchy-trace-split=false -passes='ruchy-trace,verify' -S %t.ll -o - | FileCheck %s
struct triple { int a, b, c; };
int sum(struct triple t) { return t.a + t.b + t.c; }
// CHECK-LABEL: define {{.*}} @sum(i64 %0, i32 %1)
// CHECK: %ruchy.arg = alloca [12 x i8], align 16
// CHECK-NOT: %ruchy.arg
// CHECK: %ruchy.state = load atomic
// CHECK-NOT: %ruchy.arg
// CHECK: ruchy.record:
// CHECK-NEXT: store i64 %0, ptr %ruchy.arg, align 16
// CHECK-NEXT: [[HI:%.*]] = getelementptr inbounds i8, ptr %ruchy.arg, i64 8
// CHECK-NEXT: store i32 %1, ptr [[HI]], align 8
// CHECK: store ptr %ruchy.arg
// CHECK-NEXT: call preserve_mostcc i64 @__ruchy_trace_enter_v(
// CHECK: ruchy.body:
// CHECK-NOT: %ruchy.arg
// CHECK: call void @llvm.memcpy
