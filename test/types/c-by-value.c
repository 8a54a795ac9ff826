// Every small aggregate shape the x86-64 ABI passes and returns by value:
// in one or two integer or SSE registers under a coerced IR type (i24,
// i64, { i64, i32 }, <2 x float>, { double, float }...), split over two IR
// arguments, in memory (byval), and on the stack once the argument
// registers run out. Each is passed twice with different values: the entry
// must show this call's bytes, never the stack slot's previous contents
// (the coerced arguments are copied into the variable only after the
// entry hook). The same at every -O level.
// RUN: %ruchycc -O0 %s -o %t0 && env RUCHY_TRACE_OUTPUT=%t0.json %t0
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %ruchycc -O1 %s -o %t1 && env RUCHY_TRACE_OUTPUT=%t1.json %t1
// RUN: %check-trace json %t1.json | FileCheck %s
// RUN: %ruchycc -O2 %s -o %t2 && env RUCHY_TRACE_OUTPUT=%t2.json %t2
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %ruchycc -O3 %s -o %t3 && env RUCHY_TRACE_OUTPUT=%t3.json %t3
// RUN: %check-trace json %t3.json | FileCheck %s
#include <string.h>

struct c1 { char a; };
struct c2 { char a, b; };
struct c3 { char a, b, c; };
struct sc { short s; char c; };
struct c5 { char s[5]; };
struct h3 { short a, b, c; };
struct c7 { char s[7]; };
struct i2 { int a, b; };
struct f2 { float x, y; };
struct ci { char c; int i; };
struct cf { char c; float f; };
struct d1 { double d; };
struct __attribute__((packed)) p11 { int a, b; short c; char d; };
struct __attribute__((packed)) q11 { char c; int i; short s; int j; };
struct i3 { int a, b, c; };
struct f3 { float x, y, z; };
struct fid { float f; int i; double d; };
struct d2 { double x, y; };
struct l2 { long a, b; };
struct di { double d; int i; };
struct df { double d; float f; };
struct c20 { char s[20]; };
struct l3 { long a, b, c; };
union u8 { int i; float f; char c[6]; };
struct sa { short v[3]; char tag; };

#define NOINLINE __attribute__((noinline))
// Keeps each parameter's bytes alive without being traced itself.
__attribute__((noinline, no_instrument_function)) void use(const void *p,
                                                         size_t n) {
  static volatile char sink;
  for (size_t i = 0; i < n; ++i)
    sink = ((const char *)p)[i];
}

// take_T(T) reads its argument; give_T(k) returns A (k == 0) or B.
#define SHAPES(X)                                                              \
  X(struct c1, c1, ('a'), ('b'))                                               \
  X(struct c2, c2, ('a', 'b'), ('c', 'd'))                                     \
  X(struct c3, c3, ('a', 'b', 'c'), ('x', 'y', 'z'))                           \
  X(struct sc, sc, (-300, 'q'), (300, 'r'))                                    \
  X(struct c5, c5, ("four"), ("FIVE"))                                         \
  X(struct h3, h3, (1, -2, 3), (-4, 5, -6))                                    \
  X(struct c7, c7, ("sevens"), ("SEVENS"))                                     \
  X(struct i2, i2, (11, 22), (-33, 44))                                        \
  X(struct f2, f2, (1.5f, -2.5f), (3.25f, 4.75f))                              \
  X(struct ci, ci, ('k', 70000), ('m', -70000))                                \
  X(struct cf, cf, ('f', 0.5f), ('g', -0.25f))                                 \
  X(struct d1, d1, (6.5), (-7.125))                                            \
  X(struct p11, p11, (1, 2, 3, 'p'), (-1, -2, -3, 'P'))                        \
  X(struct q11, q11, ('a', 100, 7, 200), ('b', -100, -7, -200))                \
  X(struct i3, i3, (1, 2, 3), (4, 5, 6))                                       \
  X(struct f3, f3, (1.5f, 2.5f, 3.5f), (-1.0f, -2.0f, -3.0f))                  \
  X(struct fid, fid, (0.5f, 9, 2.25), (-0.5f, -9, -2.25))                      \
  X(struct d2, d2, (1.25, 2.75), (-8.5, 16.0))                                 \
  X(struct l2, l2, (1L << 40, -5), (7, -(1L << 41)))                           \
  X(struct di, di, (3.5, 12), (-3.5, -12))                                     \
  X(struct df, df, (4.5, 0.75f), (-4.5, -0.75f))                               \
  X(struct c20, c20, ("twenty bytes, no"), ("TWENTY BYTES, NO"))               \
  X(struct l3, l3, (1, 2, 3), (-1, -2, -3))                                    \
  X(union u8, u8, (.i = 0x41424344), (.i = 0x3f800000))                        \
  X(struct sa, sa, ({1, 2, 3}, 't'), ({-1, -2, -3}, 'T'))                      \
  X(_Complex float, cf32, (1.0f + 2.0fi), (-3.0f - 4.0fi))

// The initialiser lists travel in parentheses: braces do not protect
// commas from the preprocessor.
#define LIST(...) {__VA_ARGS__}
#define DEFINE(T, N, A, B)                                                     \
  NOINLINE int take_##N(T v) {                                                 \
    use(&v, sizeof v);                                                         \
    return (int)sizeof v;                                                      \
  }                                                                            \
  NOINLINE T give_##N(int k) {                                                 \
    T a = LIST A, b = LIST B;                                                  \
    return k ? b : a;                                                          \
  }
SHAPES(DEFINE)

// More aggregates than argument registers: the integer registers run out at
// `v` and the SSE registers at `s`, which then travel on the stack.
NOINLINE int mixed(int a, struct i3 x, double d, struct f3 y, struct d2 z,
                   long e, struct l2 w, struct i3 v, char c, struct c3 u,
                   struct f2 t, float f, struct d2 s) {
  use(&x, sizeof x), use(&y, sizeof y), use(&z, sizeof z);
  use(&w, sizeof w), use(&v, sizeof v), use(&u, sizeof u);
  use(&t, sizeof t), use(&s, sizeof s);
  return a + (int)d + (int)e + c + (int)f;
}

volatile int sink;
__attribute__((no_instrument_function)) int main(void) {
#define CALL(T, N, A, B)                                                       \
  {                                                                            \
    T a = LIST A, b = LIST B;                                                  \
    sink = take_##N(a);                                                        \
    sink = take_##N(b);                                                        \
    T r0 = give_##N(0), r1 = give_##N(1);                                      \
    use(&r0, sizeof r0), use(&r1, sizeof r1);                                  \
  }
  SHAPES(CALL)
  sink = mixed(1, (struct i3){2, 3, 4}, 5.5, (struct f3){6, 7, 8},
               (struct d2){9, 10}, 11, (struct l2){12, 13}, (struct i3){14, 15, 16},
               'c', (struct c3){'u', 'v', 'w'}, (struct f2){17, 18}, 19.5f,
               (struct d2){20, 21});
  sink = mixed(-1, (struct i3){-2, -3, -4}, -5.5, (struct f3){-6, -7, -8},
               (struct d2){-9, -10}, -11, (struct l2){-12, -13},
               (struct i3){-14, -15, -16}, 'C', (struct c3){'U', 'V', 'W'},
               (struct f2){-17, -18}, -19.5f, (struct d2){-20, -21});
  return 0;
}
// CHECK: summary events=212 enter=106 exit=106 threads=1 dropped=0
// CHECK: take_c1(struct c1={"a": "a"}) = 1
// CHECK: take_c1(struct c1={"a": "b"}) = 1
// CHECK: give_c1(int=0) = {"a": "a"}
// CHECK: give_c1(int=1) = {"a": "b"}
// CHECK: take_c2(struct c2={"a": "a", "b": "b"}) = 2
// CHECK: take_c2(struct c2={"a": "c", "b": "d"}) = 2
// CHECK: give_c2(int=0) = {"a": "a", "b": "b"}
// CHECK: give_c2(int=1) = {"a": "c", "b": "d"}
// CHECK: take_c3(struct c3={"a": "a", "b": "b", "c": "c"}) = 3
// CHECK: take_c3(struct c3={"a": "x", "b": "y", "c": "z"}) = 3
// CHECK: give_c3(int=0) = {"a": "a", "b": "b", "c": "c"}
// CHECK: give_c3(int=1) = {"a": "x", "b": "y", "c": "z"}
// CHECK: take_sc(struct sc={"s": -300, "c": "q"}) = 4
// CHECK: take_sc(struct sc={"s": 300, "c": "r"}) = 4
// CHECK: give_sc(int=0) = {"s": -300, "c": "q"}
// CHECK: give_sc(int=1) = {"s": 300, "c": "r"}
// CHECK: take_c5(struct c5={"s": "four"}) = 5
// CHECK: take_c5(struct c5={"s": "FIVE"}) = 5
// CHECK: give_c5(int=0) = {"s": "four"}
// CHECK: give_c5(int=1) = {"s": "FIVE"}
// CHECK: take_h3(struct h3={"a": 1, "b": -2, "c": 3}) = 6
// CHECK: take_h3(struct h3={"a": -4, "b": 5, "c": -6}) = 6
// CHECK: give_h3(int=0) = {"a": 1, "b": -2, "c": 3}
// CHECK: give_h3(int=1) = {"a": -4, "b": 5, "c": -6}
// CHECK: take_c7(struct c7={"s": "sevens"}) = 7
// CHECK: take_c7(struct c7={"s": "SEVENS"}) = 7
// CHECK: give_c7(int=0) = {"s": "sevens"}
// CHECK: give_c7(int=1) = {"s": "SEVENS"}
// CHECK: take_i2(struct i2={"a": 11, "b": 22}) = 8
// CHECK: take_i2(struct i2={"a": -33, "b": 44}) = 8
// CHECK: give_i2(int=0) = {"a": 11, "b": 22}
// CHECK: give_i2(int=1) = {"a": -33, "b": 44}
// CHECK: take_f2(struct f2={"x": 1.5, "y": -2.5}) = 8
// CHECK: take_f2(struct f2={"x": 3.25, "y": 4.75}) = 8
// CHECK: give_f2(int=0) = {"x": 1.5, "y": -2.5}
// CHECK: give_f2(int=1) = {"x": 3.25, "y": 4.75}
// CHECK: take_ci(struct ci={"c": "k", "i": 70000}) = 8
// CHECK: take_ci(struct ci={"c": "m", "i": -70000}) = 8
// CHECK: give_ci(int=0) = {"c": "k", "i": 70000}
// CHECK: give_ci(int=1) = {"c": "m", "i": -70000}
// CHECK: take_cf(struct cf={"c": "f", "f": 0.5}) = 8
// CHECK: take_cf(struct cf={"c": "g", "f": -0.25}) = 8
// CHECK: give_cf(int=0) = {"c": "f", "f": 0.5}
// CHECK: give_cf(int=1) = {"c": "g", "f": -0.25}
// CHECK: take_d1(struct d1={"d": 6.5}) = 8
// CHECK: take_d1(struct d1={"d": -7.125}) = 8
// CHECK: give_d1(int=0) = {"d": 6.5}
// CHECK: give_d1(int=1) = {"d": -7.125}
// CHECK: take_p11(struct p11={"a": 1, "b": 2, "c": 3, "d": "p"}) = 11
// CHECK: take_p11(struct p11={"a": -1, "b": -2, "c": -3, "d": "P"}) = 11
// CHECK: give_p11(int=0) = {"a": 1, "b": 2, "c": 3, "d": "p"}
// CHECK: give_p11(int=1) = {"a": -1, "b": -2, "c": -3, "d": "P"}
// CHECK: take_q11(struct q11={"c": "a", "i": 100, "s": 7, "j": 200}) = 11
// CHECK: take_q11(struct q11={"c": "b", "i": -100, "s": -7, "j": -200}) = 11
// CHECK: give_q11(int=0) = {"c": "a", "i": 100, "s": 7, "j": 200}
// CHECK: give_q11(int=1) = {"c": "b", "i": -100, "s": -7, "j": -200}
// CHECK: take_i3(struct i3={"a": 1, "b": 2, "c": 3}) = 12
// CHECK: take_i3(struct i3={"a": 4, "b": 5, "c": 6}) = 12
// CHECK: give_i3(int=0) = {"a": 1, "b": 2, "c": 3}
// CHECK: give_i3(int=1) = {"a": 4, "b": 5, "c": 6}
// CHECK: take_f3(struct f3={"x": 1.5, "y": 2.5, "z": 3.5}) = 12
// CHECK: take_f3(struct f3={"x": -1.0, "y": -2.0, "z": -3.0}) = 12
// CHECK: give_f3(int=0) = {"x": 1.5, "y": 2.5, "z": 3.5}
// CHECK: give_f3(int=1) = {"x": -1.0, "y": -2.0, "z": -3.0}
// CHECK: take_fid(struct fid={"f": 0.5, "i": 9, "d": 2.25}) = 16
// CHECK: take_fid(struct fid={"f": -0.5, "i": -9, "d": -2.25}) = 16
// CHECK: give_fid(int=0) = {"f": 0.5, "i": 9, "d": 2.25}
// CHECK: give_fid(int=1) = {"f": -0.5, "i": -9, "d": -2.25}
// CHECK: take_d2(struct d2={"x": 1.25, "y": 2.75}) = 16
// CHECK: take_d2(struct d2={"x": -8.5, "y": 16.0}) = 16
// CHECK: give_d2(int=0) = {"x": 1.25, "y": 2.75}
// CHECK: give_d2(int=1) = {"x": -8.5, "y": 16.0}
// CHECK: take_l2(struct l2={"a": 1099511627776, "b": -5}) = 16
// CHECK: take_l2(struct l2={"a": 7, "b": -2199023255552}) = 16
// CHECK: give_l2(int=0) = {"a": 1099511627776, "b": -5}
// CHECK: give_l2(int=1) = {"a": 7, "b": -2199023255552}
// CHECK: take_di(struct di={"d": 3.5, "i": 12}) = 16
// CHECK: take_di(struct di={"d": -3.5, "i": -12}) = 16
// CHECK: give_di(int=0) = {"d": 3.5, "i": 12}
// CHECK: give_di(int=1) = {"d": -3.5, "i": -12}
// CHECK: take_df(struct df={"d": 4.5, "f": 0.75}) = 16
// CHECK: take_df(struct df={"d": -4.5, "f": -0.75}) = 16
// CHECK: give_df(int=0) = {"d": 4.5, "f": 0.75}
// CHECK: give_df(int=1) = {"d": -4.5, "f": -0.75}
// CHECK: take_c20(struct c20={"s": "twenty bytes, no"}) = 20
// CHECK: take_c20(struct c20={"s": "TWENTY BYTES, NO"}) = 20
// CHECK: give_c20(int=0) = {"s": "twenty bytes, no"}
// CHECK: give_c20(int=1) = {"s": "TWENTY BYTES, NO"}
// CHECK: take_l3(struct l3={"a": 1, "b": 2, "c": 3}) = 24
// CHECK: take_l3(struct l3={"a": -1, "b": -2, "c": -3}) = 24
// CHECK: give_l3(int=0) = {"a": 1, "b": 2, "c": 3}
// CHECK: give_l3(int=1) = {"a": -1, "b": -2, "c": -3}
// CHECK: take_u8(union u8={"i": 1094861636, "f": 12.141422, "c": "DCBA"}) = 8
// CHECK: take_u8(union u8={"i": 1065353216, "f": 1.0, "c": ""}) = 8
// CHECK: give_u8(int=0) = {"i": 1094861636, "f": 12.141422, "c": "DCBA"}
// CHECK: give_u8(int=1) = {"i": 1065353216, "f": 1.0, "c": ""}
// CHECK: take_sa(struct sa={"v": [1, 2, 3], "tag": "t"}) = 8
// CHECK: take_sa(struct sa={"v": [-1, -2, -3], "tag": "T"}) = 8
// CHECK: give_sa(int=0) = {"v": [1, 2, 3], "tag": "t"}
// CHECK: give_sa(int=1) = {"v": [-1, -2, -3], "tag": "T"}
// CHECK: take_cf32(complex=[1.0, 2.0]) = 8
// CHECK: take_cf32(complex=[-3.0, -4.0]) = 8
// CHECK: give_cf32(int=0) = [1.0, 2.0]
// CHECK: give_cf32(int=1) = [-3.0, -4.0]
// CHECK: mixed(int=1, struct i3={"a": 2, "b": 3, "c": 4}, double=5.5, struct f3={"x": 6.0, "y": 7.0, "z": 8.0}, struct d2={"x": 9.0, "y": 10.0}, long=11, struct l2={"a": 12, "b": 13}, struct i3={"a": 14, "b": 15, "c": 16}, char="c", struct c3={"a": "u", "b": "v", "c": "w"}, struct f2={"x": 17.0, "y": 18.0}, float=19.5, struct d2={"x": 20.0, "y": 21.0}) = 135
// CHECK: mixed(int=-1, struct i3={"a": -2, "b": -3, "c": -4}, double=-5.5, struct f3={"x": -6.0, "y": -7.0, "z": -8.0}, struct d2={"x": -9.0, "y": -10.0}, long=-11, struct l2={"a": -12, "b": -13}, struct i3={"a": -14, "b": -15, "c": -16}, char="C", struct c3={"a": "U", "b": "V", "c": "W"}, struct f2={"x": -17.0, "y": -18.0}, float=-19.5, struct d2={"x": -20.0, "y": -21.0}) = 31
