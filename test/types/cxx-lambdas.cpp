// C++ lambdas named where they are written, `main::<lambda at
// cxx-lambdas.cpp:L:C>` (a lambda in a lambda, in a method: by their
// scopes), not `main::operator()`; their closure type spelled the same,
// its captures shown as its fields. A std::function shown as its target:
// `empty`, a function pointer by its name, a lambda by its name (and its
// captures when std::function keeps it inside, not on the heap). -O0 and
// -O2, text and JSON; the tool writes the same text from JSON and .rtrace.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt RUCHY_TRACE_PARAM_NAMES=1 %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt RUCHY_TRACE_PARAM_NAMES=1 %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: %ruchytrace validate %t2.json
// RUN: env RUCHY_TRACE_OUTPUT=%t2.p.txt %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.json -o %t2.conv.txt
// RUN: grep -o -- '-> .*' %t2.p.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.want
// RUN: grep -o -- '-> .*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.got
// RUN: diff %t2.want %t2.got
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace RUCHY_TRACE_FORMAT=rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace -o %t2.rconv.txt
// RUN: grep -o -- '-> .*' %t2.rconv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.rgot
// RUN: diff %t2.want %t2.rgot
#include <cstdio>
#include <functional>
#include <string>

__attribute__((noinline)) int apply(const std::function<int(int)> &f, int x) {
  return f ? f(x) : -1;
}
__attribute__((noinline)) int twice(int x) { return 2 * x; }
template <class F> __attribute__((noinline)) int call(F f, int x) {
  return f(x);
}

struct Widget {
  int scale = 3;
  __attribute__((noinline)) int draw(int x) {
    auto scaled = [this](int y) __attribute__((noinline)) { return y * scale; };
    return scaled(x);
  }
};

int main() {
  int base = 10;
  std::string tag = "heavy";
  auto add = [base](int x) __attribute__((noinline)) { return x + base; };
  auto none = [](int x) __attribute__((noinline)) { return x - 1; };
  auto outer = [&](int x) __attribute__((noinline)) {
    auto inner = [x](int y) __attribute__((noinline)) { return x * y; };
    return inner(base);
  };
  // Not trivially copyable: std::function keeps it on the heap.
  auto heavy = [tag](int x) { return x + int(tag.size()); };
  // Two on one line: told apart by where their bodies start.
  auto inc = [base](int x) __attribute__((noinline)) { return x + base; }; auto dec = [](int x) __attribute__((noinline)) { return x - 1; };
  std::printf("%d %d %d %d\n", add(3), none(4), outer(2), Widget().draw(5));
  std::printf("%d %d %d %d %d\n", apply(add, 1), apply(none, 1),
              apply(twice, 4), apply(heavy, 0), apply({}, 1));
  std::printf("%d %d\n", call(inc, 1), call(dec, 1));
}
// OUT: 13 3 20 15
// OUT-NEXT: 11 0 8 5 -1
// OUT-NEXT: 11 0
// CHECK: -> main::<lambda at cxx-lambdas.cpp:49:14>(const <lambda at cxx-lambdas.cpp:49:14> *this=0x{{[0-9a-f]+}}->{base: 10}, int x=3) <{{.*}}cxx-lambdas.cpp:49:14>
// CHECK: -> main::<lambda at cxx-lambdas.cpp:50:15>(const <lambda at cxx-lambdas.cpp:50:15> *this=0x{{[0-9a-f]+}}->{}, int x=4)
// CHECK: -> main::<lambda at cxx-lambdas.cpp:51:16>({{.*}}int x=2)
// CHECK: -> main::<lambda at cxx-lambdas.cpp:51:16>::<lambda at cxx-lambdas.cpp:52:18>(const <lambda at cxx-lambdas.cpp:52:18> *this=0x{{[0-9a-f]+}}->{x: 2}, int y=10)
// CHECK: -> Widget::draw::<lambda at cxx-lambdas.cpp:41:19>({{.*}}, int y=5)
// CHECK: -> apply(const std::function<int(int)> &f=0x{{[0-9a-f]+}}-><lambda at cxx-lambdas.cpp:49:14>({base: 10}), int x=1)
// CHECK: -> apply(const std::function<int(int)> &f=0x{{[0-9a-f]+}}-><lambda at cxx-lambdas.cpp:50:15>, int x=1)
// CHECK: -> apply(const std::function<int(int)> &f=0x{{[0-9a-f]+}}->0x{{[0-9a-f]+}} <twice>, int x=4)
// CHECK: -> apply(const std::function<int(int)> &f=0x{{[0-9a-f]+}}-><lambda at cxx-lambdas.cpp:56:16>, int x=0)
// CHECK: -> apply(const std::function<int(int)> &f=0x{{[0-9a-f]+}}->empty, int x=1)
// CHECK: -> call<<lambda at cxx-lambdas.cpp:58:14>>(<lambda at cxx-lambdas.cpp:58:14> f={base: 10}, int x=1)
// CHECK: -> main::<lambda at cxx-lambdas.cpp:58:14>(const <lambda at cxx-lambdas.cpp:58:14> *this=0x{{[0-9a-f]+}}->{base: 10}, int x=1)
// CHECK: -> call<<lambda at cxx-lambdas.cpp:58:87>>(
// CHECK: -> main::<lambda at cxx-lambdas.cpp:58:87>(const <lambda at cxx-lambdas.cpp:58:87> *this=
// JSON: main::<lambda at cxx-lambdas.cpp:49:14>(const <lambda at cxx-lambdas.cpp:49:14> *={"address": "0x{{[0-9a-f]+}}", "target": {"base": 10}}, int=3) = 13
// JSON: apply(const std::function<int(int)> &={"address": "0x{{[0-9a-f]+}}", "target": {"variant": "<lambda at cxx-lambdas.cpp:49:14>", "value": {"base": 10}}}, int=1) = 11
// JSON: apply(const std::function<int(int)> &={"address": "0x{{[0-9a-f]+}}", "target": {"variant": "empty", "value": null}}, int=1) = -1
