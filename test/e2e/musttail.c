// A frame left through a musttail call records its exit before the call,
// marked as a tail call, so the trace stays balanced.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE=1 %t 2>&1 | FileCheck --check-prefix=TEXT %s
__attribute__((noinline)) int countdown(int n) {
  if (n == 0)
    return 0;
  __attribute__((musttail)) return countdown(n - 1);
}

__attribute__((no_instrument_function)) int main(void) { return countdown(3); }
// CHECK: summary events=8 enter=4 exit=4 threads=1 dropped=0
// CHECK: countdown(int=3) = <tail call>
// CHECK-NEXT: countdown(int=2) = <tail call>
// CHECK-NEXT: countdown(int=1) = <tail call>
// CHECK-NEXT: countdown(int=0) = 0
// TEXT: <- countdown() = <tail call> [
