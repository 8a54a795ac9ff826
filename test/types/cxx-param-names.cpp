// C++ parameter names: a method's `this` (artificial, named by the
// compiler), a reference, an unnamed parameter, a lambda's `q`. -O0 and
// -O2, in text (RUCHY_TRACE_PARAM_NAMES) and JSON.
// RUN: %ruchycxx -O0 -g %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt RUCHY_TRACE_PARAM_NAMES=1 %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 -g %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt RUCHY_TRACE_PARAM_NAMES=yes %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t2.json %s
#include <cstdio>
#include <string>

struct Account {
  long total = 0;
  __attribute__((noinline)) long add(long amount, const std::string &why) {
    total += amount + long(why.size());
    return total;
  }
};
__attribute__((noinline)) static int pick(int, int second) { return second; }

int main() {
  Account a;
  auto twice = [&](int q) __attribute__((noinline)) { return q * 2 + a.total; };
  long t = a.add(3, "init");
  std::printf("%ld %d %ld\n", t, pick(1, 2), long(twice(4)));
}
// OUT: 7 2 15
// CHECK: -> Account::add(Account *this=0x{{[0-9a-f]+}}->{total: 0}, long amount=3, const std::string &why=0x{{[0-9a-f]+}}->"init")
// CHECK: -> pick(int=1, int second=2)
// CHECK: -> main::<lambda at cxx-param-names.cpp:26:16>(const <lambda at cxx-param-names.cpp:26:16> *this=0x{{[0-9a-f]+}}->{a: 0x{{[0-9a-f]+}}}, int q=4)
// JSON: "name": "Account::add", "args": [{{.*}}"param": "this"}, {{.*}}"value": 3, "param": "amount"}, {{.*}}"param": "why"}]
// JSON: "name": "pick", "args": [{"type_info": {"name": "int", "fields": null}, "value": 1}, {"type_info": {"name": "int", "fields": null}, "value": 2, "param": "second"}]
