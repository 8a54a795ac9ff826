// C aggregates, field by field, in JSON and text, at -O0, -O2 and -O3:
// structs by value (in registers, and byval in memory), nested structs,
// arrays, char arrays, pointers to structs, unions, bit-fields, enums,
// returned structs (coerced and through sret).
// RUN: %ruchycc -O0 %s -o %t0 && env RUCHY_TRACE_OUTPUT=%t0.json %t0
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %ruchycc -O2 %s -o %t2 && env RUCHY_TRACE_OUTPUT=%t2.json %t2
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %ruchycc -O3 %s -o %t3 && env RUCHY_TRACE=1 %t3 2> %t3.txt
// RUN: FileCheck --check-prefix=TEXT --input-file=%t3.txt %s
// RUN: %python %S/../Inputs/json_fields.py %t2.json
#include <stdbool.h>

struct point { int x, y; };
struct rect { struct point min, max; const char *label; };
struct big { long id; double weights[3]; char name[12]; };
union number { int i; float f; };
struct flags { unsigned ready : 1; unsigned mode : 3; int delta : 4; };
enum color { RED, GREEN = 7 };

#define NOINLINE __attribute__((noinline))
NOINLINE int area(struct rect r) { return (r.max.x - r.min.x) * (r.max.y - r.min.y); }
NOINLINE long weigh(struct big b) { return b.id; }
NOINLINE int norm1(const struct point *p) { return p->x + p->y; }
NOINLINE int as_int(union number n) { return n.i; }
NOINLINE int mode_of(struct flags f) { return f.mode; }
NOINLINE struct point mid(struct point a, struct point b) {
  struct point m = {(a.x + b.x) / 2, (a.y + b.y) / 2};
  return m;
}
NOINLINE struct big make_big(long id) {
  struct big b = {id, {0.5, 1.5, 2.5}, "widget"};
  return b;
}
NOINLINE enum color pick(enum color c, int n) { return n ? c : (enum color)3; }

volatile long sink;
__attribute__((no_instrument_function)) int main(void) {
  struct rect r = {{1, 2}, {4, 6}, "box"};
  struct big b = {7, {1.0, 2.0, 3.0}, "gizmo"};
  struct point p = {3, 4};
  union number n = {.i = 0x3f800000};
  struct flags f = {1, 5, -3};
  sink = area(r);
  sink = weigh(b);
  sink = norm1(&p);
  sink = as_int(n);
  sink = mode_of(f);
  sink = mid(r.min, r.max).x;
  sink = make_big(9).id;
  sink = pick(GREEN, 1) + pick(RED, 0);
  return 0;
}
// CHECK: area(struct rect={"min": {"x": 1, "y": 2}, "max": {"x": 4, "y": 6}, "label": "box"}) = 12
// CHECK: weigh(struct big={"id": 7, "weights": [1.0, 2.0, 3.0], "name": "gizmo"}) = 7
// CHECK: norm1(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": {"x": 3, "y": 4}}) = 7
// CHECK: as_int(union number={"i": 1065353216, "f": 1.0}) = 1065353216
// CHECK: mode_of(struct flags={"ready": 1, "mode": 5, "delta": -3}) = 5
// CHECK: mid(struct point={"x": 1, "y": 2}, struct point={"x": 4, "y": 6}) = {"x": 2, "y": 4}
// CHECK: make_big(long=9) = {"id": 9, "weights": [0.5, 1.5, 2.5], "name": "widget"}
// CHECK: pick(enum color="GREEN", int=1) = "GREEN"
// CHECK: pick(enum color="RED", int=0) = 3
// TEXT: -> area(struct rect={min: {x: 1, y: 2}, max: {x: 4, y: 6}, label: "box"})
// TEXT: -> norm1(const struct point *=0x{{[0-9a-f]+}}->{x: 3, y: 4})
// TEXT: <- mid() = {x: 2, y: 4}
// TEXT: -> pick(enum color=GREEN, int=1)
