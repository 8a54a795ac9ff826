// A full ring drops the oldest events: the survivors are exactly the newest
// 100, and stats.dropped_events counts the rest exactly.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_BUFFER=128 %t 2> %t.err
// RUN: %check-trace json %t.json | FileCheck %s
// With a trace file the program's stderr stays its own: the count is in
// the file's stats. With the trace on stderr, a line says so.
// RUN: count 0 < %t.err
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_BUFFER=128 %t 2>&1 | FileCheck --check-prefix=ERR %s
__attribute__((noinline)) int leaf(int i) { return i; }

volatile int sink;
__attribute__((no_instrument_function)) int main(void) {
  for (int i = 0; i < 1000; ++i)
    sink = leaf(i);
  return 0;
}
// CHECK: summary events=128 enter=64 exit=64 threads=1 dropped=1872
// CHECK: leaf(int=936) = 936
// CHECK-NEXT: leaf(int=937) = 937
// CHECK: leaf(int=999) = 999
// CHECK-NOT: leaf
// ERR: ruchytrace: 1872 events were dropped: per-thread buffers keep the newest events (raise RUCHY_TRACE_BUFFER or sample with RUCHY_TRACE_SAMPLE)
