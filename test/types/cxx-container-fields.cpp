// A std::deque that is not its struct's first member: its iterators are
// read at the deque's own offset (they were read at the struct's start and
// the deque shown <unreadable>). Next to a std::map, by reference and by
// value, at -O0 and -O2.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// OUT: 11 13
// CHECK: -> qlen(const Q &=0x{{[0-9a-f]+}}->{id: 7, d: [0, 1, 2, 3]})
// CHECK: -> mlen(const M &=0x{{[0-9a-f]+}}->{m: {1: 2}, d: [5, 6]})
// CHECK-NOT: unreadable
#include <cstdio>
#include <deque>
#include <map>

struct Q {
  int id;
  std::deque<int> d;
};
struct M {
  std::map<int, int> m;
  std::deque<int> d;
};

__attribute__((noinline)) int qlen(const Q &q) {
  return (int)q.d.size() + q.id;
}
__attribute__((noinline)) int mlen(const M &m) {
  return (int)m.d.size() + m.m.at(1) + 9;
}

int main() {
  Q q{7, {1, 2, 3}};
  q.d.push_front(0);
  M m{{{1, 2}}, {5, 6}};
  std::printf("%d %d\n", qlen(q), mlen(m));
}
