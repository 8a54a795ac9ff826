// A reference to a scalar is shown as gdb shows it, its address and then
// the value it refers to (0x…->5), as a followed struct is (0x…->{x: 1}):
// `const int &`, `long &`, `const double &`, `bool &`, `int &&`, an enum,
// a `const char *&` (its string), a returned `int &` (its value at the
// return). A plain pointer to a scalar (`long *`: maybe an array, or an
// out-parameter not yet written) stays an address. -O0 and -O2, text and
// JSON.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t0.json %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t2.json %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
#include <cstdio>

enum class Mode { Fast, Slow };

__attribute__((noinline)) int scale(const int &a, long &b, const double &d,
                                    bool &flag) {
  b += a;
  flag = !flag;
  return int(a * d);
}
__attribute__((noinline)) long first(long *p) { return *p; }
__attribute__((noinline)) int &larger(int &a, int &b) { return a > b ? a : b; }
__attribute__((noinline)) int twice(int &&v) { return v * 2; }
__attribute__((noinline)) int cost(const Mode &m) {
  return m == Mode::Slow ? 10 : 1;
}
__attribute__((noinline)) unsigned len(const char *&s) {
  unsigned n = 0;
  while (s[n])
    ++n;
  return n;
}

int main() {
  int a = 5;
  long b = 7;
  double d = 2.5;
  bool flag = true;
  int r = scale(a, b, d, flag);
  long arr[3] = {11, 12, 13};
  long f = first(arr);
  int x = 3, y = 4;
  larger(x, y) = 9;
  int t = twice(21);
  Mode m = Mode::Slow;
  int c = cost(m);
  const char *name = "ruchy";
  unsigned n = len(name);
  std::printf("%d %ld %ld %d %d %d %u\n", r, b, f, y, t, c, n);
}
// OUT: 12 12 11 9 42 10 5
// CHECK: -> scale(const int &=0x{{[0-9a-f]+}}->5, long &=0x{{[0-9a-f]+}}->7, const double &=0x{{[0-9a-f]+}}->2.5, bool &=0x{{[0-9a-f]+}}->true)
// CHECK: -> first(long *=0x{{[0-9a-f]+}})
// CHECK: -> larger(int &=0x{{[0-9a-f]+}}->3, int &=0x{{[0-9a-f]+}}->4)
// CHECK: <- larger() = 0x{{[0-9a-f]+}}->4
// CHECK: -> twice(int &&=0x{{[0-9a-f]+}}->21)
// CHECK: -> cost(const Mode &=0x{{[0-9a-f]+}}->Slow)
// CHECK: -> len(const char *&=0x{{[0-9a-f]+}}->"ruchy")
// JSON: "name": "scale", "args": [{"type_info": {"name": "const int &", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": 5}, {{.*}}"target": 7}{{.*}}"target": 2.5}{{.*}}"target": true}
// JSON: "name": "first", "args": [{"type_info": {"name": "long *", "fields": null}, "value": "0x{{[0-9a-f]+}}"
// JSON: "name": "larger", "return_value": {"type_info": {"name": "int &", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": 4}
// JSON: "name": "cost", "args": [{{.*}}"target": "Slow"}
// JSON: "name": "len", "args": [{"type_info": {"name": "const char *&", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": "ruchy"}
