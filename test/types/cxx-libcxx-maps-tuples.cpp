// REQUIRES: libcxx
// libc++'s (-stdlib=libc++) maps and sets read as libstdc++'s are: by
// their entries, in order for a tree, bounded (the first
// RUCHY_TRACE_SEQ_MAX, then the count), type names without std::__1:: or
// default arguments. A tree node's value lies in its links' tail padding
// (a std::set<char>'s at 25, a std::set<int>'s at 28); an entry is a
// pair<const K, V> laid out from K and V. A map whose bytes are garbage
// is <unreadable>. A std::tuple is its elements in their order, an empty
// one (kept as a base of its leaf) as {}. -O0 and -O2, text and JSON; the tool writes the same
// text from JSON and from .rtrace.
// RUN: %ruchycxx -stdlib=libc++ -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -stdlib=libc++ -O2 %s -o %t2
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
#include <cstdio>
#include <cstring>
#include <map>
#include <new>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

__attribute__((noinline)) long squares(const std::map<int, int> &m) {
  return m.rbegin()->second;
}
__attribute__((noinline)) int peek(const std::map<int, int> &m) {
  (void)m;
  return 1;
}
__attribute__((noinline)) size_t stock(const std::map<std::string, int> &m) {
  return m.size();
}
__attribute__((noinline)) size_t tags(std::set<int> s) { return s.size(); }
__attribute__((noinline)) size_t letters(const std::set<char> &s) {
  return s.size();
}
__attribute__((noinline)) size_t prices(const std::map<char, double> &m) {
  return m.size();
}
__attribute__((noinline)) size_t aliases(const std::multimap<int, std::string> &m) {
  return m.size();
}
__attribute__((noinline)) size_t env(const std::unordered_map<int, long> &m) {
  return m.size();
}
__attribute__((noinline)) size_t seen(const std::unordered_set<int> &s) {
  return s.size();
}
struct Tag {};
__attribute__((noinline)) int first(std::tuple<int, double, const char *> t) {
  return std::get<0>(t);
}
__attribute__((noinline)) long second(const std::tuple<std::string, long> &t) {
  return std::get<1>(t);
}
__attribute__((noinline)) int tagged(std::tuple<Tag, int> t) {
  return std::get<1>(t);
}

int main() {
  std::map<int, int> sq;
  for (int i = 0; i < 100; ++i)
    sq[i] = i * i;
  std::map<std::string, int> fruit{{"pear", 2}, {"apple", 3}, {"kiwi", 1}};
  std::multimap<int, std::string> al{{1, "one"}, {1, "uno"}, {2, "two"}};
  alignas(std::map<int, int>) unsigned char junk[sizeof(std::map<int, int>)];
  std::memset(junk, 0x10, sizeof junk);
  const auto &garbage = *std::launder(reinterpret_cast<std::map<int, int> *>(junk));
  std::printf("%ld %zu %zu %zu %zu\n", squares(sq), stock(fruit), tags({3, 1, 2}),
              letters({'c', 'a', 'b'}), prices({{'x', 1.5}, {'y', 2.25}}));
  std::printf("%zu %zu %zu %zu %zu\n", aliases(al), env({{7, 49}}), seen({42}),
              stock({}), size_t(peek(garbage)));
  std::printf("%d %ld %d\n", first({1, 2.5, "x"}), second({"key", 9}),
              tagged({Tag{}, 4}));
}
// OUT: 9801 3 3 3 2
// OUT-NEXT: 3 1 1 0 1
// OUT-NEXT: 1 9 4
// CHECK: -> squares(const std::map<int, int> &=0x{{[0-9a-f]+}}->{0: 0, 1: 1, 2: 4, 3: 9, 4: 16, 5: 25, 6: 36, 7: 49, 8: 64, 9: 81, … (100 items)})
// CHECK: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}->{"apple": 3, "kiwi": 1, "pear": 2})
// CHECK: -> tags(std::set<int>={1, 2, 3})
// CHECK: -> letters(const std::set<char> &=0x{{[0-9a-f]+}}->{'a', 'b', 'c'})
// CHECK: -> prices(const std::map<char, double> &=0x{{[0-9a-f]+}}->{'x': 1.5, 'y': 2.25})
// CHECK: -> aliases(const std::multimap<int, std::string> &=0x{{[0-9a-f]+}}->{1: "one", 1: "uno", 2: "two"})
// CHECK: -> env(const std::unordered_map<int, long> &=0x{{[0-9a-f]+}}->{7: 49})
// CHECK: -> seen(const std::unordered_set<int> &=0x{{[0-9a-f]+}}->{42})
// CHECK: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}->{})
// CHECK: -> peek(const std::map<int, int> &=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: -> first(std::tuple<int, double, const char *>=(1, 2.5, "x"))
// CHECK: -> second(const std::tuple<std::string, long> &=0x{{[0-9a-f]+}}->("key", 9))
// CHECK: -> tagged(std::tuple<Tag, int>=({}, 4))
// JSON: squares(const std::map<int, int> &={"address": "0x{{[0-9a-f]+}}", "target": {{\[}}[0, 0], [1, 1], [2, 4], [3, 9], [4, 16], [5, 25], [6, 36], [7, 49], [8, 64], [9, 81], "… (100 items)"]}) = 9801
// JSON keeps a map with libc++ string keys as [key, value] pairs (its
// string is a variant of its two forms, not a string the writer makes a
// key of).
// JSON: stock(const std::map<std::string, int> &={"address": "0x{{[0-9a-f]+}}", "target": {{\[}}["apple", 3], ["kiwi", 1], ["pear", 2]]}) = 3
// JSON: tags(std::set<int>=[1, 2, 3]) = 3
// JSON: first(std::tuple<int, double, const char *>={"__0": 1, "__1": 2.5, "__2": "x"}) = 1
