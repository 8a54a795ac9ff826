// AArch64 rounds small structs up to whole registers: struct {char a,b,c}
// arrives as an i64 whose low three bytes are the struct, struct {int
// a,b,c} as one [2 x i64] IR argument copied into the slot with a 12-byte
// memcpy. The record block rebuilds exactly the struct's bytes from them.
// RUN: %clang --target=aarch64-linux-gnu -O0 -g -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -ruchy-trace-split=false -passes='ruchy-trace,verify' -S %t.ll -o - | FileCheck %s
struct c3 { char a, b, c; };
struct i3 { int a, b, c; };
int first(struct c3 c) { return c.a; }
int sum(struct i3 t) { return t.a + t.b + t.c; }
// CHECK-LABEL: define {{.*}} @first(i64 %0)
// CHECK: %ruchy.arg = alloca [3 x i8], align 16
// CHECK: ruchy.record:
// CHECK-NEXT: [[LOW:%.*]] = trunc i64 %0 to i24
// CHECK-NEXT: store i24 [[LOW]], ptr %ruchy.arg
// CHECK-LABEL: define {{.*}} @sum([2 x i64] %0)
// CHECK: %ruchy.arg = alloca [12 x i8], align 16
// CHECK: ruchy.record:
// CHECK-NEXT: [[A:%.*]] = extractvalue [2 x i64] %0, 0
// CHECK-NEXT: store i64 [[A]], ptr %ruchy.arg, align 16
// CHECK-NEXT: [[HI:%.*]] = getelementptr inbounds i8, ptr %ruchy.arg, i64 8
// CHECK-NEXT: [[B:%.*]] = extractvalue [2 x i64] %0, 1
// CHECK-NEXT: [[C:%.*]] = trunc i64 [[B]] to i32
// CHECK-NEXT: store i32 [[C]], ptr [[HI]], align 8
