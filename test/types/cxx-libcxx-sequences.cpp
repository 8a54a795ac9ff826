// REQUIRES: libcxx
// libc++'s std::list, std::deque, std::variant and std::function read as
// libstdc++'s do: cxx-list-deque.cpp's and cxx-variant-tuple.cpp's
// programs, built against libc++, pass those tests' checks at -O0 and -O2
// in text and JSON (a list by its nodes, a deque by the blocks its map
// lists, garbage as <unreadable>; a variant by its alternative's type).
// RUN: %ruchycxx -stdlib=libc++ -O0 %S/cxx-list-deque.cpp -o %t.l0
// RUN: env RUCHY_TRACE_OUTPUT=%t.l0.txt %t.l0 | FileCheck --check-prefix=OUT %S/cxx-list-deque.cpp
// RUN: FileCheck --input-file=%t.l0.txt %S/cxx-list-deque.cpp
// RUN: %ruchycxx -stdlib=libc++ -O2 %S/cxx-list-deque.cpp -o %t.l2
// RUN: env RUCHY_TRACE_OUTPUT=%t.l2.txt %t.l2 | FileCheck --check-prefix=OUT %S/cxx-list-deque.cpp
// RUN: FileCheck --input-file=%t.l2.txt %S/cxx-list-deque.cpp
// RUN: env RUCHY_TRACE_OUTPUT=%t.l2.json %t.l2 > /dev/null
// RUN: %check-trace json %t.l2.json | FileCheck --check-prefix=JSON %S/cxx-list-deque.cpp
// RUN: env RUCHY_TRACE_OUTPUT=%t.l2.max.txt RUCHY_TRACE_SEQ_MAX=2 %t.l2 > /dev/null
// RUN: FileCheck --check-prefix=MAX2 --input-file=%t.l2.max.txt %S/cxx-list-deque.cpp
// RUN: env RUCHY_TRACE_OUTPUT=%t.l2.rtrace %t.l2 > /dev/null
// RUN: %ruchytrace convert --to text %t.l2.rtrace | FileCheck %S/cxx-list-deque.cpp
// RUN: %ruchycxx -stdlib=libc++ -O0 %S/cxx-variant-tuple.cpp -o %t.v0
// RUN: env RUCHY_TRACE_OUTPUT=%t.v0.txt RUCHY_TRACE_FOLLOW=all %t.v0 | FileCheck --check-prefix=OUT %S/cxx-variant-tuple.cpp
// RUN: FileCheck --input-file=%t.v0.txt %S/cxx-variant-tuple.cpp
// RUN: %ruchycxx -stdlib=libc++ -O2 %S/cxx-variant-tuple.cpp -o %t.v2
// RUN: env RUCHY_TRACE_OUTPUT=%t.v2.txt RUCHY_TRACE_FOLLOW=all %t.v2 | FileCheck --check-prefix=OUT %S/cxx-variant-tuple.cpp
// RUN: FileCheck --input-file=%t.v2.txt %S/cxx-variant-tuple.cpp
// RUN: env RUCHY_TRACE_OUTPUT=%t.v2.json RUCHY_TRACE_FOLLOW=all %t.v2 > /dev/null
// RUN: %check-trace json %t.v2.json | FileCheck --check-prefix=JSON %S/cxx-variant-tuple.cpp
//
// This program: a std::function is shown as its target, told by the
// vtable of the __func its pointer points to: empty, a function's name,
// a lambda's name and captures (in the function's buffer, or on the heap
// when it is not trivially copyable), a stateless lambda's name. Long
// strings (libc++'s long form) inside a vector's, a list's, a deque's and
// a map's elements read as strings, as short ones do.
// RUN: %ruchycxx -stdlib=libc++ -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=POUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 > /dev/null
// RUN: FileCheck --check-prefix=PJSON --input-file=%t0.json %s
// RUN: %ruchycxx -stdlib=libc++ -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=POUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=PJSON --input-file=%t2.json %s
// RUN: %ruchytrace validate %t2.json
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
#include <cstdio>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <string>
#include <vector>

__attribute__((noinline)) static int twice(int x) { return 2 * x; }
__attribute__((noinline)) int call(const std::function<int(int)> &f, int x) {
  return f ? f(x) : -1;
}
__attribute__((noinline)) size_t texts(const std::vector<std::string> &v,
                                       std::list<std::string> l) {
  return v.size() + l.size();
}
__attribute__((noinline)) size_t lines(const std::deque<std::string> &d) {
  return d.size();
}
__attribute__((noinline)) size_t dict(
    const std::map<std::string, std::string> &m) {
  return m.size();
}

int main() {
  int base = 10;
  std::string tag = "heavy";
  std::function<int(int)> empty;
  std::function<int(int)> fn = twice;
  std::function<int(int)> small = [base](int x) { return x + base; };
  std::function<int(int)> heavy = [tag](int x) { return x + int(tag.size()); };
  std::function<int(int)> none = [](int x) { return -x; };
  std::printf("%d %d %d %d %d\n", call(empty, 1), call(fn, 2), call(small, 3),
              call(heavy, 4), call(none, 5));
  std::string longer = "a string longer than twenty-two characters";
  std::printf("%zu %zu %zu\n", texts({"short", longer, ""}, {"x", longer}),
              lines({longer, "y"}), dict({{"k", longer}}));
}
// POUT: -1 4 13 9 -5
// POUT: 5 2 1
// CHECK: -> call(const std::function<int(int)> &=0x{{[0-9a-f]+}}->empty, int=1)
// CHECK: -> call(const std::function<int(int)> &=0x{{[0-9a-f]+}}->0x{{[0-9a-f]+}} <twice>, int=2)
// CHECK: -> call(const std::function<int(int)> &=0x{{[0-9a-f]+}}-><lambda at cxx-libcxx-sequences.cpp:76:35>({base: 10}), int=3)
// CHECK: -> call(const std::function<int(int)> &=0x{{[0-9a-f]+}}-><lambda at cxx-libcxx-sequences.cpp:77:35>({tag: "heavy"}), int=4)
// CHECK: -> call(const std::function<int(int)> &=0x{{[0-9a-f]+}}-><lambda at cxx-libcxx-sequences.cpp:78:34>, int=5)
// The two sequences share the text line (the third, empty string is in
// the JSON below).
// CHECK: -> texts(const std::vector<std::string> &=0x{{[0-9a-f]+}}->["short", "a string longer than twenty-two characters", … (1 more)], std::list<std::string>=["x", "a string longer than twenty-two characters"])
// CHECK: -> lines(const std::deque<std::string> &=0x{{[0-9a-f]+}}->["a string longer than twenty-two characters", "y"])
// CHECK: -> dict(const std::map<std::string, std::string> &=0x{{[0-9a-f]+}}->{"k": "a string longer than twenty-two characters"})
// PJSON: "name": "call", "args": [{"type_info": {"name": "const std::function<int(int)> &", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": {"variant": "empty", "value": null}}
// PJSON: "name": "call", "args": [{"type_info": {"name": "const std::function<int(int)> &", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": "0x{{[0-9a-f]+}} <twice>"}
// PJSON: "name": "call", "args": [{"type_info": {"name": "const std::function<int(int)> &", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": {"variant": "<lambda at cxx-libcxx-sequences.cpp:76:35>", "value": {"base": 10}}}
// PJSON: "name": "texts", "args": [{"type_info": {"name": "const std::vector<std::string> &", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": ["short", "a string longer than twenty-two characters", ""]}
