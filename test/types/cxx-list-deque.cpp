// libstdc++'s std::list and std::deque read as their elements, bounded
// like a vector's: [1, 2, 3], the first RUCHY_TRACE_SEQ_MAX then the
// count. A list by its nodes' next links (as many as its size), a deque
// by the buffers its map lists (its count from its two iterators, as
// size() computes it), strings by content. Garbage is <unreadable> and a
// list that loops back on itself ends at the bound: never a crash or a
// hang. -O0 and -O2, text and JSON; the tool writes the same text from
// JSON and from .rtrace.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: %ruchytrace validate %t2.json
// RUN: %ruchytrace convert --to text %t2.json -o %t2.conv.txt
// RUN: grep -o -- '-> .*' %t2.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.want
// RUN: grep -o -- '-> .*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.got
// RUN: diff %t2.want %t2.got
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace RUCHY_TRACE_FORMAT=rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace -o %t2.rconv.txt
// RUN: grep -o -- '-> .*' %t2.rconv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.rgot
// RUN: diff %t2.want %t2.rgot
// RUN: env RUCHY_TRACE_OUTPUT=%t2.max.txt RUCHY_TRACE_SEQ_MAX=2 %t2 > /dev/null
// RUN: FileCheck --check-prefix=MAX2 --input-file=%t2.max.txt %s
#include <cstdio>
#include <cstring>
#include <deque>
#include <list>
#include <new>
#include <string>

__attribute__((noinline)) size_t total(const std::list<int> &l) {
  return l.size();
}
__attribute__((noinline)) size_t names(std::list<std::string> l) {
  return l.size();
}
__attribute__((noinline)) size_t queue(const std::deque<long> &d) {
  return d.size();
}
__attribute__((noinline)) size_t lines(const std::deque<std::string> &d) {
  return d.size();
}
struct Job {
  int id;
  double cost;
};
__attribute__((noinline)) size_t jobs(std::deque<Job> d) { return d.size(); }

int main() {
  std::list<int> l{1, 2, 3};
  std::deque<long> d;
  for (long i = 0; i < 1000; ++i)
    d.push_back(i);
  for (long i = 1; i <= 3; ++i)
    d.push_front(-i); // the first elements end a buffer of their own
  std::deque<std::string> ls;
  for (int i = 0; i < 40; ++i)
    ls.push_back("line " + std::to_string(i));
  ls.push_front("title");
  // A list's bytes that are not a list: a header whose first node links
  // to itself, with a size of 1000.
  struct Node {
    Node *next, *prev;
    int v;
  } loop{nullptr, nullptr, 7};
  loop.next = loop.prev = &loop;
  alignas(std::list<int>) unsigned char junk[sizeof(std::list<int>)];
  void *first = &loop;
  size_t thousand = 1000;
  std::memcpy(junk, &first, 8);           // _M_next
  std::memcpy(junk + 8, &first, 8);       // _M_prev
  std::memcpy(junk + 16, &thousand, 8);   // _M_size
  const auto &looped = *std::launder(reinterpret_cast<std::list<int> *>(junk));
  // A deque's bytes that are garbage.
  alignas(std::deque<long>) unsigned char junk2[sizeof(std::deque<long>)];
  std::memset(junk2, 0x10, sizeof junk2);
  const auto &garbage = *std::launder(reinterpret_cast<std::deque<long> *>(junk2));
  std::printf("%zu %zu %zu %zu %zu\n", total(l), names({"a", "a string longer than fifteen"}),
              queue(d), lines(ls), jobs({{1, 0.5}, {2, 1.5}}));
  std::printf("%zu %zu %zu %zu\n", total({}), queue({}), total(looped),
              queue(garbage));
}
// OUT: 3 2 1003 41 2
// OUT-NEXT: 0 0 1000 {{[0-9]+}}
// CHECK: -> total(const std::list<int> &=0x{{[0-9a-f]+}}->[1, 2, 3])
// CHECK: -> names(std::list<std::string>=["a", "a string longer than fifteen"])
// CHECK: -> queue(const std::deque<long> &=0x{{[0-9a-f]+}}->[-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, … (1003 items)])
// CHECK: -> lines(const std::deque<std::string> &=0x{{[0-9a-f]+}}->["title", "line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8", … (41 items)])
// CHECK: -> jobs(std::deque<Job>=[{id: 1, cost: 0.5}, {id: 2, cost: 1.5}])
// CHECK: -> total(const std::list<int> &=0x{{[0-9a-f]+}}->[])
// CHECK: -> queue(const std::deque<long> &=0x{{[0-9a-f]+}}->[])
// CHECK: -> total(const std::list<int> &=0x{{[0-9a-f]+}}->[7, 7, 7, 7, 7, 7, 7, 7, 7, 7, … (1000 items)])
// CHECK: -> queue(const std::deque<long> &=0x{{[0-9a-f]+}}-><unreadable>)
// JSON: total(const std::list<int> &={"address": "0x{{[0-9a-f]+}}", "target": [1, 2, 3]}) = 3
// JSON: names(std::list<std::string>=["a", "a string longer than fifteen"]) = 2
// JSON: queue(const std::deque<long> &={"address": "0x{{[0-9a-f]+}}", "target": [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, "… (1003 items)"]}) = 1003
// JSON: jobs(std::deque<Job>=[{"id": 1, "cost": 0.5}, {"id": 2, "cost": 1.5}]) = 2
// MAX2: -> total(const std::list<int> &=0x{{[0-9a-f]+}}->[1, 2, … (3 items)])
// MAX2: -> queue(const std::deque<long> &=0x{{[0-9a-f]+}}->[-3, -2, … (1003 items)])
