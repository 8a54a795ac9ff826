// The entry check in one branch (pass/EntryGate.cpp): at the end of the
// pipeline, the check in a function's entry block subtracts the state byte
// from the sampling countdown; checks inlined elsewhere (here, in a loop)
// keep the state's branch first, so that tracing off reads no countdown.
// RUN: %clang -O0 -g -Xclang -disable-O0-optnone -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace,function(ruchy-trace-entry-gate),verify' -S %t.ll -o - | FileCheck %s
// RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace,function(ruchy-trace-entry-gate),verify' -ruchy-trace-entry-gate=false -S %t.ll -o - | FileCheck --check-prefix=OFF %s
// RUN: %ruchycc -O2 -g0 -S -emit-llvm %s -o - | FileCheck --check-prefix=O2 %s
// The compile step of an LTO build keeps two branches: the link may inline
// the function into a loop.
// RUN: %ruchycc -O2 -g0 -flto=thin -S -emit-llvm %s -o - | FileCheck --check-prefix=LTO %s

static inline int sq(int x) { return x * x; }
int sum(const int *v, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += sq(v[i]);
  return s;
}

// CHECK-LABEL: define dso_local i32 @sum(
// CHECK:         %ruchy.state = load atomic i8, ptr @ruchy_trace.fn.sum unordered
// CHECK-NEXT:    [[TLS:%.*]] = call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
// CHECK-NEXT:    [[C:%.*]] = load i32, ptr [[TLS]], align 4
// CHECK-NEXT:    [[S:%.*]] = zext i8 %ruchy.state to i32
// CHECK-NEXT:    [[N:%.*]] = sub i32 [[C]], [[S]]
// CHECK-NEXT:    store i32 [[N]], ptr [[TLS]], align 4
// CHECK-NEXT:    [[HIT:%.*]] = icmp slt i32 [[N]], 0
// CHECK-NEXT:    br i1 [[HIT]], label %ruchy.traced, label %ruchy.body, {{.*}}!prof {{.*}}!ruchy.trace.gate
// CHECK-NOT:   ruchy.sample:
// CHECK:       ruchy.traced:
// CHECK-NEXT:    tail call i32 @sum.traced(

// OFF-LABEL: define dso_local i32 @sum(
// OFF:         %ruchy.state = load atomic i8, ptr @ruchy_trace.fn.sum monotonic
// OFF-NEXT:    icmp ne i8 %ruchy.state, 0
// OFF-NEXT:    br i1 {{.*}}, label %ruchy.sample, label %ruchy.body

// At -O2, sq's check is inlined into the loop with its two branches.
// O2-LABEL: define dso_local i32 @sum(
// O2:         load atomic i8, ptr @ruchy_trace.fn.sum unordered
// O2:         sub i32 {{.*}}, {{%.*}}
// O2:         icmp slt i32 {{.*}}, 0
// O2:         br i1 {{.*}}, !prof {{.*}}!ruchy.trace.gate
// O2:         load atomic i8, ptr @ruchy_trace.fn.sq monotonic
// O2-NEXT:    icmp {{eq|ne}} i8
// O2-NEXT:    br i1 {{.*}}, !prof {{.*}}!ruchy.trace.gate
// O2:         load i32, ptr {{.*}}
// O2-NEXT:    add i32 {{.*}}, -1
// O2-NEXT:    store i32
// O2-LABEL: define internal {{.*}}@sum.traced(

// LTO-LABEL: define dso_local i32 @sum(
// LTO:         load atomic i8, ptr @ruchy_trace.fn.sum monotonic
// LTO-NEXT:    icmp {{eq|ne}} i8
// LTO-NOT:     load atomic i8, ptr @ruchy_trace.fn.sum unordered
