// Filters on C++ names: a pattern matches the qualified name, its last
// component, or either without template arguments, the same way at run
// time (RUCHY_TRACE_FILTER) and at compile time (-ruchy-trace-filter). A
// pattern that matches nothing is reported: once at exit by the runtime,
// as a remark by the pass.
// RUN: %ruchycxx -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.rt.json RUCHY_TRACE_FILTER='important_*,twice,-*::skipped' %t 2> %t.rt.err
// RUN: %check-trace json %t.rt.json | FileCheck %s
// RUN: count 0 < %t.rt.err
// RUN: %ruchycxx -O2 -mllvm -ruchy-trace-filter='important_*,twice,-*::skipped' %s -o %t.ct
// RUN: env RUCHY_TRACE_OUTPUT=%t.ct.json %t.ct
// RUN: %check-trace json %t.ct.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.op.json RUCHY_TRACE_FILTER='operator<<,<lambda*' %t
// RUN: %check-trace json %t.op.json | FileCheck --check-prefix=OPS %s
// Patterns that match nothing: said once per pattern, at exit.
// RUN: env RUCHY_TRACE_OUTPUT=%t.none.json RUCHY_TRACE_FILTER='importnt_*,twice,-nothing' %t 2> %t.none.err
// RUN: FileCheck --check-prefix=NONE --input-file=%t.none.err %s
// RUN: %ruchycxx -O2 -c -mllvm -ruchy-trace-filter='importnt_*,twice' %s -o %t.o -Rpass-analysis=ruchy-trace 2> %t.remark
// RUN: FileCheck --check-prefix=REMARK --input-file=%t.remark %s
#include <cstdio>

namespace shop {
struct Ledger {
  long total = 0;
  __attribute__((noinline)) long important_add(long x) { return total += x; }
  __attribute__((noinline)) long skipped(long x) { return x; }
  __attribute__((noinline)) long important_tax() { return total / 10; }
};
struct Line {
  long v;
};
__attribute__((noinline)) Line &operator<<(Line &l, long x) {
  l.v += x;
  return l;
}
} // namespace shop

template <class T> __attribute__((noinline)) T twice(T x) { return x * 2; }
__attribute__((noinline)) long important_main_helper(long x) { return x + 1; }

int main() {
  shop::Ledger l;
  shop::Line line{0};
  auto add = [&](long x) { return l.important_add(twice(x)); };
  add(5);
  line << twice(1.5) << l.skipped(2);
  std::printf("%ld %ld %ld\n", l.important_tax(), line.v,
              important_main_helper(1));
  return 0;
}
// CHECK: fn important_main_helper enter=1 exit=1
// CHECK-NEXT: fn shop::Ledger::important_add enter=1 exit=1
// CHECK-NEXT: fn shop::Ledger::important_tax enter=1 exit=1
// CHECK-NEXT: fn twice<double> enter=1 exit=1
// CHECK-NEXT: fn twice<long> enter=1 exit=1
// CHECK-NEXT: twice<long>(long=5) = 10
// CHECK-NEXT: shop::Ledger::important_add({{.*}}, long=10) = 10
// CHECK-NEXT: twice<double>(double=1.5) = 3.0
// CHECK-NOT: skipped
// OPS: fn main::<lambda at filter-names.cpp:44:14> enter=1 exit=1
// OPS-NEXT: fn shop::operator<< enter=2 exit=2
// OPS-NOT: fn
// NONE: ruchytrace: filter pattern 'importnt_*' matches no instrumented function
// NONE-NEXT: ruchytrace: filter pattern '-nothing' matches no instrumented function
// NONE-NOT: ruchytrace
// REMARK: remark: -ruchy-trace-filter pattern 'importnt_*' matches no function of this module [-Rpass-analysis=ruchy-trace]
// REMARK-NOT: twice
