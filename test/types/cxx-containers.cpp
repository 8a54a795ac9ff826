// C++ values read as the source has them, type names as C++ programmers
// write them (std::vector<int>, std::string, no allocator arguments): std::vector and std::array by
// their elements (bounded, then the count), std::string and
// std::string_view as strings, a vector of vectors row by row, by value (a non-trivial class arrives by
// hidden reference: its caller's copy is read) and by reference;
// std::unique_ptr and std::shared_ptr as what they point to, std::pair as
// (a, b), std::optional as nullopt or its value (never a stale one). An empty
// vector is [], a vector whose pointers are garbage <unreadable>. (clang
// defines a class in debug info only where its constructor is emitted:
// the program constructs a vector<int>, as real ones do.)
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// The tool writes the same text from the JSON (another run: addresses
// differ).
// RUN: %ruchytrace convert --to text %t2.json -o %t2.conv.txt
// RUN: grep -o -- '-> .*' %t2.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.want
// RUN: grep -o -- '-> .*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.got
// RUN: diff %t2.want %t2.got
// The standard library's inline code is left out, as Rust's is; the
// pass option keeps it.
// RUN: FileCheck --check-prefix=OWN --input-file=%t0.txt %s
// RUN: %ruchycxx -O0 -mllvm -ruchy-trace-system %s -o %t0s
// RUN: env RUCHY_TRACE_OUTPUT=%t0s.txt RUCHY_TRACE_BUFFER=1000000 %t0s > /dev/null
// RUN: FileCheck --check-prefix=SYSTEM --input-file=%t0s.txt %s
#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct Reading {
  std::string sensor;
  double value;
};

__attribute__((noinline)) double average(const std::vector<double> &xs) {
  double t = 0;
  for (double x : xs)
    t += x;
  return xs.empty() ? 0 : t / xs.size();
}
__attribute__((noinline)) long histogram(std::vector<long> buckets) {
  long t = 0;
  for (long b : buckets)
    t += b;
  return t;
}
__attribute__((noinline)) int corners(std::array<int, 4> c) {
  return c[0] + c[3];
}
__attribute__((noinline)) size_t greet(std::string name) {
  return name.size();
}
__attribute__((noinline)) size_t label(const std::string &name) {
  return name.size();
}
__attribute__((noinline)) size_t key(std::string_view k) { return k.size(); }
__attribute__((noinline)) long width(std::pair<int, long> range) {
  return range.second - range.first;
}
__attribute__((noinline)) int threshold(std::optional<int> limit) {
  return limit.value_or(-1);
}
__attribute__((noinline)) double own(std::unique_ptr<Reading> r) {
  return r ? r->value : -1;
}
__attribute__((noinline)) double share(std::shared_ptr<Reading> r) {
  return r->value;
}
__attribute__((noinline)) size_t count(const std::vector<int> &v) {
  return v.size();
}

__attribute__((noinline)) size_t rows(const std::vector<std::vector<int>> &m) {
  return m.size();
}

int main() {
  std::vector<long> big;
  for (long i = 0; i < 500; ++i)
    big.push_back(i * i);
  std::vector<double> temps{21.5, 22.0, 19.75};
  std::vector<double> none;
  std::vector<int> ids{7, 8};
  Reading r{"thermometer in the north-west corner", 21.5};
  // A vector's bytes that are not a vector: pointers into nothing, and
  // an end before its begin.
  alignas(std::vector<int>) unsigned char junk[sizeof(std::vector<int>)];
  void *bad[3] = {(void *)0x10, (void *)0x30, (void *)0x30};
  std::memcpy(junk, bad, sizeof bad);
  const auto &garbage = *std::launder(reinterpret_cast<std::vector<int> *>(junk));
  void *back[3] = {(void *)0x1000, (void *)0x800, (void *)0x1000};
  alignas(std::vector<int>) unsigned char junk2[sizeof(std::vector<int>)];
  std::memcpy(junk2, back, sizeof back);
  const auto &backwards = *std::launder(reinterpret_cast<std::vector<int> *>(junk2));
  std::printf("%g %g %ld %d %zu %zu %zu %zu %zu\n", average(temps),
              average(none), histogram(big), corners({1, 2, 3, 4}),
              greet(r.sensor), label("short"), key("north"),
              count(ids) + count(garbage), count(backwards));
  // Rows of a vector of vectors: real ones, and one whose end is before
  // its begin (its outer vector's pointers lead to these words).
  std::vector<std::vector<int>> grid{{1, 2}, {}, {3}};
  void *row[3] = {(void *)0x1000, (void *)0x800, (void *)0x1000};
  void *outer[3] = {row, row + 3, row + 3};
  alignas(std::vector<std::vector<int>>) unsigned char junk3[sizeof outer];
  std::memcpy(junk3, outer, sizeof outer);
  const auto &bad_rows = *std::launder(
      reinterpret_cast<std::vector<std::vector<int>> *>(junk3));
  std::printf("%zu %zu\n", rows(grid), rows(bad_rows));
  std::printf("%ld %d %d ", width({3, 40}), threshold(std::nullopt),
              threshold(80));
  std::printf("%g %g %g\n", own(std::make_unique<Reading>(Reading{"t1", 4.5})),
              own(nullptr), share(std::make_shared<Reading>(r)));
}
// OUT: 21.0833 0 41541750 5 36 5 5 10 {{[0-9]+}}
// OUT-NEXT: 3 1
// OUT-NEXT: 37 -1 80 4.5 -1 21.5
// CHECK: -> average(const std::vector<double> &=0x{{[0-9a-f]+}}->[21.5, 22.0, 19.75])
// CHECK: -> average(const std::vector<double> &=0x{{[0-9a-f]+}}->[])
// CHECK: -> histogram(std::vector<long>=[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, … (500 items)])
// CHECK: -> corners(std::array<int, 4>=[1, 2, 3, 4])
// CHECK: -> greet(std::string="thermometer in the north-west corner")
// CHECK: -> label(const std::string &=0x{{[0-9a-f]+}}->"short")
// CHECK: -> key(std::string_view="north")
// CHECK: -> count(const std::vector<int> &=0x{{[0-9a-f]+}}->[7, 8])
// CHECK: -> count(const std::vector<int> &=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: -> count(const std::vector<int> &=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: -> rows(const std::vector<std::vector<int>> &=0x{{[0-9a-f]+}}->{{\[\[}}1, 2], [], [3]])
// CHECK: -> rows(const std::vector<std::vector<int>> &=0x{{[0-9a-f]+}}->[<unreadable>])
// CHECK: -> width(std::pair<int, long>=(3, 40))
// CHECK: -> threshold(std::optional<int>=nullopt)
// CHECK: -> threshold(std::optional<int>=80)
// CHECK: -> own(std::unique_ptr<Reading>=0x{{[0-9a-f]+}}->{sensor: "t1", …})
// CHECK: -> own(std::unique_ptr<Reading>=NULL)
// CHECK: -> share(std::shared_ptr<Reading>=0x{{[0-9a-f]+}}->{sensor: "thermometer in the north-west corner", …})
// JSON: histogram(std::vector<long>=[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, "… (500 items)"]) = 41541750
// JSON: greet(std::string="thermometer in the north-west corner") = 36
// JSON: rows(const std::vector<std::vector<int>> &={"address": "0x{{[0-9a-f]+}}", "target": {{\[\[}}1, 2], [], [3]]}) = 3
// JSON: threshold(std::optional<int>={"variant": "nullopt", "value": null}) = -1
// JSON: threshold(std::optional<int>=80) = 80
// OWN: -> main()
// OWN-NOT: -> std::
// OWN-NOT: -> __gnu_cxx::
// SYSTEM: -> std::vector<long>::push_back(std::vector<long> *=
