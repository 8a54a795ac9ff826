// RUCHY_TRACE_SAMPLE=N records one call in N per thread, counting calls of
// all traced functions together, starting with the thread's first call.
// An exit is recorded exactly when its entry was, so the trace is balanced.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_SAMPLE=10 %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t1.json RUCHY_TRACE_SAMPLE=1 %t
// RUN: %check-trace json %t1.json | FileCheck --check-prefix=ALL %s
__attribute__((noinline)) int g(int i) { return i + 1; }
__attribute__((noinline)) int f(int i) { return g(i) * 2; }

volatile int sink;
__attribute__((no_instrument_function)) int main(void) {
  // Calls in order: f(0) g(0) f(1) g(1) ... 200 calls; every 10th is
  // recorded: f(0), f(5), f(10), ... f(95), never g.
  for (int i = 0; i < 100; ++i)
    sink = f(i);
  return 0;
}
// CHECK: summary events=40 enter=20 exit=20 threads=1 dropped=0
// CHECK: fn f enter=20 exit=20
// CHECK-NOT: fn g
// CHECK: f(int=0) = 2
// CHECK-NEXT: f(int=5) = 12
// CHECK-NEXT: f(int=10) = 22
// CHECK: f(int=95) = 192 <sampling.c:10:31>{{$}}
// CHECK-NOT: {{.}}
// ALL: summary events=400 enter=200 exit=200 threads=1 dropped=0
// ALL: f(int=0) = 2
// ALL-NEXT: g(int=0) = 1
