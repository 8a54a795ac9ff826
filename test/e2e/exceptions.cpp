// Frames left by a C++ exception get an exit marked unwound, recorded when
// an enclosing traced frame returns, so the trace stays balanced. Names are
// qualified with their namespace and class.
// RUN: %ruchycxx -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE=1 %t 2>&1 | FileCheck --check-prefix=TEXT %s
#include <stdexcept>

namespace shapes {
struct Box {
  int w;
  __attribute__((noinline)) int area(int h) const {
    if (h < 0)
      throw std::invalid_argument("negative");
    return w * h;
  }
};
__attribute__((noinline)) int deep(const Box &b, int h) { return b.area(h) + 1; }
} // namespace shapes

__attribute__((noinline)) int guarded(int h) {
  shapes::Box b{3};
  try {
    return shapes::deep(b, h);
  } catch (const std::exception &) {
    return -1;
  }
}

__attribute__((no_instrument_function)) int main() {
  volatile int r = guarded(2) + guarded(-2);
  return r == 6 ? 0 : 1;
}
// CHECK: summary events=12 enter=6 exit=6 threads=1 dropped=0
// CHECK: guarded(int=2) = 7
// CHECK-NEXT:   shapes::deep(const shapes::Box &={"address": "0x{{[0-9a-f]+}}", "target": {"w": 3}}, int=2) = 7
// CHECK-NEXT:     shapes::Box::area(const shapes::Box *={"address": "0x{{[0-9a-f]+}}", "target": {"w": 3}}, int=2) = 6
// CHECK-NEXT: guarded(int=-2) = -1
// CHECK-NEXT:   shapes::deep(const shapes::Box &={"address": "0x{{[0-9a-f]+}}", "target": {"w": 3}}, int=-2) = <unwound>
// CHECK-NEXT:     shapes::Box::area(const shapes::Box *={"address": "0x{{[0-9a-f]+}}", "target": {"w": 3}}, int=-2) = <unwound>
// TEXT: <- shapes::Box::area() = <unwound> [
