// At a constructor's entry its object is not built yet: `this` is shown
// by its address alone, not by the stack's or the heap's old bytes (a
// class, a class template, a constructor template, a base's and a
// derived class's, in place and with new). Other members, and a
// destructor at its entry, show the live object. -O0 and -O2, text and
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
#include <cstdio>
#include <cstring>
#include <new>

struct Point {
  int x, y;
  __attribute__((noinline)) Point(int a, int b) : x(a), y(b) {}
  __attribute__((noinline)) ~Point() { std::printf("bye %d\n", x); }
  __attribute__((noinline)) int sum() const { return x + y; }
};

template <class T> struct Box {
  T value;
  __attribute__((noinline)) explicit Box(T v) : value(v) {}
  template <class U> __attribute__((noinline)) Box(U a, U b) : value(a + b) {}
};

struct Shape {
  int sides;
  __attribute__((noinline)) explicit Shape(int n) : sides(n) {}
};
struct Square : Shape {
  int side;
  __attribute__((noinline)) explicit Square(int s) : Shape(4), side(s) {}
};

int main() {
  // Memory that held something else: what an unbuilt object shows.
  alignas(Point) unsigned char raw[sizeof(Point)];
  std::memset(raw, 0x7f, sizeof raw);
  Point *p = new (raw) Point(1, 2);
  int s = p->sum();
  p->~Point();
  Box<long> b(7);
  Box<long> c(short(2), short(3));
  Square q(5);
  std::printf("%d %ld %ld %d %d\n", s, b.value, c.value, q.sides, q.side);
}
// OUT: bye 1
// OUT: 3 7 5 4 5
// CHECK: -> Point::Point(Point *=0x{{[0-9a-f]+}}, int=1, int=2)
// CHECK: -> Point::sum(const Point *=0x{{[0-9a-f]+}}->{x: 1, y: 2})
// CHECK: -> Point::~Point(Point *=0x{{[0-9a-f]+}}->{x: 1, y: 2})
// CHECK: -> Box<long>::Box(Box<long> *=0x{{[0-9a-f]+}}, long=7)
// CHECK: -> Box<long>::Box<short>(Box<long> *=0x{{[0-9a-f]+}}, short=2, short=3)
// CHECK: -> Square::Square(Square *=0x{{[0-9a-f]+}}, int=5)
// CHECK: -> Shape::Shape(Shape *=0x{{[0-9a-f]+}}, int=4)
// JSON: "name": "Point::Point", "args": [{"type_info": {"name": "Point *", "fields": null}, "value": "0x{{[0-9a-f]+}}", "kinds": "t", "param": "this"}
// JSON: "name": "Point::~Point", "args": [{"type_info": {"name": "Point *", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": {"x": 1, "y": 2}}
