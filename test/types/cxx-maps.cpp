// C++ maps and sets read as the source has them: std::map, std::set,
// std::multimap and std::unordered_map/set by their entries, bounded (the
// first RUCHY_TRACE_SEQ_MAX, then the count), keys and values that are
// strings by content, std::vector<std::string> by its strings. Text:
// {"a": 1} for a map with string keys, {1: "a"} for others, {1, 2} for a
// set; in JSON an object when keys are strings, else [key, value] pairs; a
// set an array. Type names without their default comparator, hasher or
// allocator. A map whose memory is garbage is <unreadable>, a list that
// loops back on itself ends at the bound: never a crash or a hang.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: %ruchytrace validate %t2.json
// The tool writes the same text from the JSON, and from the .rtrace
// recording (other runs: addresses differ).
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
#include <map>
#include <new>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

__attribute__((noinline)) size_t stock(const std::map<std::string, int> &m) {
  return m.size();
}
__attribute__((noinline)) long squares(std::map<int, int> m) {
  return m.rbegin()->second;
}
__attribute__((noinline)) size_t tags(std::set<int> s) { return s.size(); }
__attribute__((noinline)) size_t names(const std::set<std::string> &s) {
  return s.size();
}
__attribute__((noinline)) size_t aliases(const std::multimap<int, std::string> &m) {
  return m.size();
}
__attribute__((noinline)) size_t env(const std::unordered_map<std::string, long> &m) {
  return m.size();
}
__attribute__((noinline)) size_t seen(const std::unordered_set<int> &s) {
  return s.size();
}
__attribute__((noinline)) size_t words(const std::vector<std::string> &v) {
  return v.size();
}
__attribute__((noinline)) size_t pairs(const std::unordered_map<int, int> &m) {
  return m.size();
}
// A class holding a map: its target is copied to the map's end (the
// count lies past RUCHY_TRACE_FOLLOW's 32 bytes).
struct Item {
  int qty;
  double price;
};
struct Inventory {
  std::map<std::string, Item> items;
  long id;
};
__attribute__((noinline)) size_t stocked(const Inventory *inv) {
  return inv->items.size();
}

int main() {
  std::map<std::string, int> fruit{{"pear", 2}, {"apple", 3}, {"kiwi", 1}};
  std::map<int, int> sq;
  for (int i = 0; i < 100; ++i)
    sq[i] = i * i;
  std::multimap<int, std::string> al{{1, "one"}, {1, "uno"}, {2, "two"}};
  std::unordered_map<std::string, long> vars{{"HOME", 7}};
  std::unordered_set<int> once{42};
  std::vector<std::string> ws{"to", "be", "a string longer than fifteen"};
  // A map's bytes that are not a map: a tree whose leftmost node is at an
  // address that cannot be read.
  alignas(std::map<int, int>) unsigned char junk[sizeof(std::map<int, int>)];
  std::memset(junk, 0x10, sizeof junk);
  const auto &garbage = *std::launder(reinterpret_cast<std::map<std::string, int> *>(junk));
  // A hash table whose one node links to itself, with a count of 1000.
  struct Node {
    Node *next;
    int k, v;
  } loop{nullptr, 5, 6};
  loop.next = &loop;
  alignas(std::unordered_map<int, int>) unsigned char junk2[sizeof(std::unordered_map<int, int>)];
  std::memset(junk2, 0, sizeof junk2);
  void *first = &loop;
  size_t thousand = 1000;
  std::memcpy(junk2 + 16, &first, 8);    // _M_before_begin._M_nxt
  std::memcpy(junk2 + 24, &thousand, 8); // _M_element_count
  const auto &looped = *std::launder(reinterpret_cast<std::unordered_map<int, int> *>(junk2));
  std::printf("%zu %ld %zu %zu %zu %zu %zu %zu\n", stock(fruit), squares(sq),
              tags({3, 1, 2}), names({"b", "a"}), aliases(al), env(vars),
              seen(once), words(ws));
  std::printf("%zu %zu %ld %zu %zu %zu %zu\n", stock({}), tags({}),
              squares({{0, 0}}), stock(garbage), pairs({{1, 2}}), pairs(looped),
              env({}));
  Inventory inv{{{"apple", {5, 0.5}}, {"fig", {1, 2.0}}}, 7};
  std::printf("%zu\n", stocked(&inv));
}
// OUT: 3 9801 3 2 3 1 1 3
// OUT-NEXT: 0 0 0 1157442765409226768 1 1000 0
// OUT-NEXT: 2
// CHECK: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}->{"apple": 3, "kiwi": 1, "pear": 2})
// CHECK: -> squares(std::map<int, int>={0: 0, 1: 1, 2: 4, 3: 9, 4: 16, 5: 25, 6: 36, 7: 49, 8: 64, 9: 81, … (100 items)})
// CHECK: -> tags(std::set<int>={1, 2, 3})
// CHECK: -> names(const std::set<std::string> &=0x{{[0-9a-f]+}}->{"a", "b"})
// CHECK: -> aliases(const std::multimap<int, std::string> &=0x{{[0-9a-f]+}}->{1: "one", 1: "uno", 2: "two"})
// CHECK: -> env(const std::unordered_map<std::string, long> &=0x{{[0-9a-f]+}}->{"HOME": 7})
// CHECK: -> seen(const std::unordered_set<int> &=0x{{[0-9a-f]+}}->{42})
// CHECK: -> words(const std::vector<std::string> &=0x{{[0-9a-f]+}}->["to", "be", "a string longer than fifteen"])
// CHECK: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}->{})
// CHECK: -> tags(std::set<int>={})
// CHECK: -> squares(std::map<int, int>={0: 0})
// CHECK: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: -> pairs(const std::unordered_map<int, int> &=0x{{[0-9a-f]+}}->{1: 2})
// CHECK: -> pairs(const std::unordered_map<int, int> &=0x{{[0-9a-f]+}}->{5: 6, 5: 6, 5: 6, 5: 6, 5: 6, 5: 6, 5: 6, 5: 6, 5: 6, 5: 6, … (1000 items)})
// CHECK: -> env(const std::unordered_map<std::string, long> &=0x{{[0-9a-f]+}}->{})
// CHECK: -> stocked(const Inventory *=0x{{[0-9a-f]+}}->{items: {"apple": {qty: 5, price: 0.5}, "fig": {qty: 1, price: 2.0}}, …})
// JSON: stock(const std::map<std::string, int> &={"address": "0x{{[0-9a-f]+}}", "target": {"apple": 3, "kiwi": 1, "pear": 2}}) = 3
// JSON: squares(std::map<int, int>={{\[}}[0, 0], [1, 1], [2, 4], [3, 9], [4, 16], [5, 25], [6, 36], [7, 49], [8, 64], [9, 81], "… (100 items)"]) = 9801
// JSON: tags(std::set<int>=[1, 2, 3]) = 3
// JSON: aliases(const std::multimap<int, std::string> &={"address": "0x{{[0-9a-f]+}}", "target": {{\[}}[1, "one"], [1, "uno"], [2, "two"]]}) = 3
// JSON: words(const std::vector<std::string> &={"address": "0x{{[0-9a-f]+}}", "target": ["to", "be", "a string longer than fifteen"]}) = 3
// MAX2: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}->{"apple": 3, "kiwi": 1, … (3 items)})
// MAX2: -> squares(std::map<int, int>={0: 0, 1: 1, … (100 items)})
