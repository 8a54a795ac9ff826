// libstdc++'s std::variant shown as its active alternative, named by its
// type (`std::string("abc")`; JSON {"variant": ..., "value": ...}), a
// valueless one as valueless_by_exception; std::tuple as its elements in
// their order, (1, 2.5, "x") (the memory order is the reverse); a
// reference to a smart pointer as the pointer and then its target. By
// value, by reference and returned; -O0 and -O2; the .rtrace recording
// converts to the same text.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt RUCHY_TRACE_FOLLOW=all %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt RUCHY_TRACE_FOLLOW=all %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json RUCHY_TRACE_FOLLOW=all %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: %ruchytrace convert --to text %t2.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace RUCHY_TRACE_FOLLOW=all %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
// Behind a reference, a variant is copied whole whatever the follow
// budget (32 bytes by default): its index lies past it (at 32 of 40).
// So is a std::optional, and a struct's fields up to its last optional.
// RUN: env RUCHY_TRACE_OUTPUT=%t2.short.txt %t2 > /dev/null
// RUN: FileCheck --check-prefix=SHORT --input-file=%t2.short.txt %s
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <variant>

struct Point {
  int x, y;
};
// Not trivially copyable: emplace destroys the old value, then throws.
struct Boom {
  std::string why;
  Boom(int) { throw 1; }
};
using Value = std::variant<int, double, std::string>;

__attribute__((noinline)) int kind(Value v) { return int(v.index()); }
__attribute__((noinline)) int kind_ref(const Value &v) { return int(v.index()); }
struct Named {
  std::string name;
  int n;
};
// An optional at offset 32, past the default budget.
struct Holder {
  long a, b, c, d;
  std::optional<int> maybe;
};
__attribute__((noinline)) int opt_ref(const std::optional<Named> &o) {
  return o ? o->n : -1;
}
__attribute__((noinline)) int holder_ref(const Holder &h) {
  return h.maybe.value_or(0);
}
__attribute__((noinline)) int small(std::variant<int, Point> v) {
  return int(v.index());
}
__attribute__((noinline)) bool broken(const std::variant<int, Boom> &v) {
  return v.valueless_by_exception();
}
__attribute__((noinline)) Value parse(int i) {
  if (i)
    return std::string("parsed");
  return 7;
}
__attribute__((noinline)) int first(std::tuple<int, double, const char *> t) {
  return std::get<0>(t);
}
__attribute__((noinline)) long second(const std::tuple<std::string, long> &t) {
  return std::get<1>(t);
}
__attribute__((noinline)) int shared(const std::shared_ptr<Point> &p) {
  return p->x;
}
__attribute__((noinline)) size_t owned(const std::unique_ptr<std::string> &p) {
  return p->size();
}

int main() {
  std::variant<int, Boom> b = 3;
  try {
    b.emplace<Boom>(1);
  } catch (int) {
  }
  int r = kind(std::string("abc")) + kind(5) + kind_ref(2.5) +
          kind_ref(std::string("xyz")) + small(Point{1, 2}) + broken(b) +
          int(parse(1).index()) + int(parse(0).index());
  r += first({1, 2.5, "x"}) + int(second({"key", 9L}));
  r += opt_ref(Named{"x", 3});
  r += opt_ref(std::nullopt);
  r += holder_ref(Holder{1, 2, 3, 4, 9});
  r += shared(std::make_shared<Point>(Point{3, 4})) +
       int(owned(std::make_unique<std::string>("uniq")));
  std::printf("%d\n", r);
}
// OUT: {{^37$}}

// CHECK: -> kind(Value=std::string("abc"))
// CHECK: -> kind(Value=int(5))
// CHECK: -> kind_ref(const Value &=0x{{[0-9a-f]+}}->double(2.5))
// CHECK: -> kind_ref(const Value &=0x{{[0-9a-f]+}}->std::string("xyz"))
// CHECK: -> small(std::variant<int, Point>=Point({x: 1, y: 2}))
// CHECK: -> broken(const std::variant<int, Boom> &=0x{{[0-9a-f]+}}->valueless_by_exception)
// CHECK: -> parse(int=1)
// CHECK: <- parse() = std::string("parsed")
// CHECK: -> parse(int=0)
// CHECK: <- parse() = int(7)
// CHECK: -> first(std::tuple<int, double, const char *>=(1, 2.5, "x"))
// CHECK: -> second(const std::tuple<std::string, long> &=0x{{[0-9a-f]+}}->("key", 9))
// CHECK: -> shared(const std::shared_ptr<Point> &=0x{{[0-9a-f]+}}->0x{{[0-9a-f]+}}->{x: 3, y: 4})
// CHECK: -> owned(const std::unique_ptr<std::string> &=0x{{[0-9a-f]+}}->0x{{[0-9a-f]+}}->"uniq")

// JSON: kind(Value={"variant": "std::string", "value": "abc"})
// JSON: kind(Value={"variant": "int", "value": 5})
// JSON: broken(const std::variant<int, Boom> &={"address": "0x{{[0-9a-f]+}}", "target": {"variant": "valueless_by_exception", "value": null}})
// JSON: first(std::tuple<int, double, const char *>={"__0": 1, "__1": 2.5, "__2": "x"})
// JSON: shared(const std::shared_ptr<Point> &={"address": "0x{{[0-9a-f]+}}", "target": {"address": "0x{{[0-9a-f]+}}", "target": {"x": 3, "y": 4}}})

// SHORT: -> kind_ref(const Value &=0x{{[0-9a-f]+}}->double(2.5))
// SHORT: -> kind_ref(const Value &=0x{{[0-9a-f]+}}->std::string("xyz"))
// SHORT: -> opt_ref(const std::optional<Named> &=0x{{[0-9a-f]+}}->{name: "x", n: 3})
// SHORT: -> opt_ref(const std::optional<Named> &=0x{{[0-9a-f]+}}->nullopt)
// SHORT: -> holder_ref(const Holder &=0x{{[0-9a-f]+}}->{a: 1, b: 2, c: 3, d: 4, maybe: 9})
