// Maps, sets, deques and strings in sequences go through every writer the
// same way: one recording written in every format at once
// (all_formats.c), and `ruchytrace convert` writes the text, NDJSON,
// Chrome and Perfetto files byte for byte from the JSON (in each of its
// layouts) and from the .rtrace file; validate accepts them.
// RUN: %ruchycxx -O1 -c %s -o %t.o
// RUN: %clang -O1 -c %S/../Inputs/all_formats.c -I%S/../../rt -I%S/../../include -o %t.all.o
// RUN: %clangxx %t.o %t.all.o %runtime -pthread -o %t
// RUN: env RUCHY_TRACE=1 %t %t.rt
// RUN: FileCheck --input-file=%t.rt.txt %s
// RUN: %ruchytrace validate %t.rt.json
// RUN: %ruchytrace validate %t.rt.ndjson
// RUN: %ruchytrace convert --to text %t.rt.json -o %t.text
// RUN: diff %t.rt.txt %t.text
// RUN: %ruchytrace convert --to text %t.rt.pretty.json -o %t.pretty.text
// RUN: diff %t.rt.txt %t.pretty.text
// RUN: %python %S/../Inputs/relayout.py %t.rt.json %t.relayout.json
// RUN: %ruchytrace convert --to text %t.relayout.json -o %t.re.text
// RUN: diff %t.rt.txt %t.re.text
// RUN: %ruchytrace convert --to chrome %t.rt.json -o %t.chrome
// RUN: diff %t.rt.chrome.json %t.chrome
// RUN: %ruchytrace convert --to ndjson %t.rt.compact.json -o %t.ndjson
// RUN: diff %t.rt.ndjson %t.ndjson
// RUN: %ruchytrace convert --to perfetto %t.rt.json -o %t.pftrace
// RUN: cmp %t.rt.pftrace %t.pftrace
// RUN: %ruchytrace convert --to json %t.rt.rtrace -o %t.rtrace.json
// RUN: diff %t.rt.json %t.rtrace.json
// RUN: %ruchytrace convert --to text %t.rt.rtrace -o %t.rtrace.text
// RUN: diff %t.rt.txt %t.rtrace.text
// RUN: %ruchytrace convert --to ndjson %t.rt.rtrace -o %t.rtrace.ndjson
// RUN: diff %t.rt.ndjson %t.rtrace.ndjson
// RUN: %ruchytrace convert --to chrome %t.rt.rtrace -o %t.rtrace.chrome
// RUN: diff %t.rt.chrome.json %t.rtrace.chrome
// RUN: %ruchytrace convert --to perfetto %t.rt.rtrace -o %t.rtrace.pftrace
// RUN: cmp %t.rt.pftrace %t.rtrace.pftrace
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#define NOINLINE __attribute__((noinline))

NOINLINE size_t stock(const std::map<std::string, int> &m) { return m.size(); }
NOINLINE size_t squares(const std::map<int, int> &m) { return m.size(); }
NOINLINE size_t tags(const std::set<int> &s) { return s.size(); }
NOINLINE size_t aliases(const std::multimap<std::string, int> &m) {
  return m.size();
}
NOINLINE size_t env(const std::unordered_map<std::string, std::string> &m) {
  return m.size();
}
NOINLINE size_t words(const std::vector<std::string> &v) { return v.size(); }
// Past the text line's 200 characters: cut at the next element, with the
// count when there are more than were copied, the same from JSON.
NOINLINE size_t wide(const std::map<int, long> &m) { return m.size(); }
NOINLINE size_t longs(const std::vector<long> &v) { return v.size(); }

extern "C" void write_all_formats(const char *prefix);
NOINLINE void dump(const char *prefix) { write_all_formats(prefix); }

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  std::map<std::string, int> fruit{{"pear", 2}, {"apple", 3}, {"caf\xc3\xa9", 1}};
  std::map<int, int> sq;
  for (int i = 0; i < 30; ++i)
    sq[i] = i * i;
  std::multimap<std::string, int> al{{"a", 1}, {"a", 2}};
  std::unordered_map<std::string, std::string> vars{{"HOME", "/home/\"me\""}};
  std::vector<std::string> ws{"to", "be", std::string(300, 'x')};
  size_t n = stock(fruit) + squares(sq) + tags({5, 1}) + aliases(al) +
             env(vars) + words(ws) + stock({});
  std::map<int, long> w;
  std::vector<long> l;
  for (long i = 0; i < 30; ++i)
    w[int(i)] = i * 1000000000000L;
  for (long i = 0; i < 10; ++i)
    l.push_back(i * 100000000000000000L);
  n += wide(w);
  n += longs(l);
  std::printf("%zu\n", n);
  dump(argv[1]);
  return 0;
}
// CHECK: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}->{"apple": 3, "café": 1, "pear": 2})
// CHECK: -> squares(const std::map<int, int> &=0x{{[0-9a-f]+}}->{0: 0, 1: 1, 2: 4, 3: 9, 4: 16, 5: 25, 6: 36, 7: 49, 8: 64, 9: 81, … (30 items)})
// CHECK: -> tags(const std::set<int> &=0x{{[0-9a-f]+}}->{1, 5})
// CHECK: -> aliases(const std::multimap<std::string, int> &=0x{{[0-9a-f]+}}->{"a": 1, "a": 2})
// CHECK: -> env(const std::unordered_map<std::string, std::string> &=0x{{[0-9a-f]+}}->{"HOME": "/home/\"me\""})
// CHECK: -> words(const std::vector<std::string> &=0x{{[0-9a-f]+}}->["to", "be", "{{(x{64})}}…"])
// CHECK: -> stock(const std::map<std::string, int> &=0x{{[0-9a-f]+}}->{})
// CHECK: -> wide(const std::map<int, long> &=0x{{[0-9a-f]+}}->{0: 0, 1: 1000000000000, {{.*}}, … (30 items)})
// CHECK: -> longs(const std::vector<long> &=0x{{[0-9a-f]+}}->[0, 100000000000000000, {{.*}}000, … (2 more)])
