// A C++ exception thrown from three traced frames and caught in an
// untraced main, which then goes on calling traced functions: the frames
// the exception left are closed as unwound at main's next traced call, not
// when the program ends, at -O0 and at -O2 (where small children are
// inlined and must stay nested). A loop that catches an exception each
// time records the same calls every iteration under RUCHY_TRACE_MAX_DEPTH.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %python %S/../Inputs/timeline.py %t0.json | FileCheck --check-prefix=TIME %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %python %S/../Inputs/timeline.py %t2.json | FileCheck --check-prefix=TIME %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.depth.json RUCHY_TRACE_MAX_DEPTH=3 %t2
// RUN: %check-trace json %t.depth.json | FileCheck --check-prefix=DEPTH %s
#include <stdexcept>

#define NOINLINE __attribute__((noinline))
NOINLINE int parse_digit(char c) {
  if (c < '0' || c > '9')
    throw std::invalid_argument("not a digit");
  return c - '0';
}
NOINLINE int parse_number(const char *s) {
  int v = 0;
  for (; *s; ++s)
    v = v * 10 + parse_digit(*s);
  return v;
}
NOINLINE int parse_line(const char *s) { return parse_number(s) + 0; }
static int square(int x) { return x * x; } // inlined at -O2
NOINLINE int report(int v) { return square(v) + square(v + 1); }

volatile int sink;
__attribute__((no_instrument_function)) int main() {
  static const char *const lines[] = {"12", "x", "7", "3y"};
  for (int i = 0; i < 4; ++i) {
    try {
      sink = parse_line(lines[i]);
    } catch (const std::exception &) {
      sink = -1;
    }
    sink = report(i);
  }
  return 0;
}
// CHECK: summary events=52 enter=26 exit=26 threads=1 dropped=0
// CHECK:      parse_line(const char *="12") = 12
// CHECK-NEXT:   parse_number(const char *="12") = 12
// CHECK-NEXT:     parse_digit(char="1") = 1
// CHECK-NEXT:     parse_digit(char="2") = 2
// CHECK-NEXT: report(int=0) = 1
// CHECK-NEXT:   square(int=0) = 0
// CHECK-NEXT:   square(int=1) = 1
// CHECK-NEXT: parse_line(const char *="x") = <unwound>
// CHECK-NEXT:   parse_number(const char *="x") = <unwound>
// CHECK-NEXT:     parse_digit(char="x") = <unwound>
// CHECK-NEXT: report(int=1) = 5
// CHECK-NEXT:   square(int=1) = 1
// CHECK-NEXT:   square(int=2) = 4
// CHECK-NEXT: parse_line(const char *="7") = 7
// CHECK-NEXT:   parse_number(const char *="7") = 7
// CHECK-NEXT:     parse_digit(char="7") = 7
// CHECK-NEXT: report(int=2) = 13
// CHECK-NEXT:   square(int=2) = 4
// CHECK-NEXT:   square(int=3) = 9
// CHECK-NEXT: parse_line(const char *="3y") = <unwound>
// CHECK-NEXT:   parse_number(const char *="3y") = <unwound>
// CHECK-NEXT:     parse_digit(char="3") = 3
// CHECK-NEXT:     parse_digit(char="y") = <unwound>
// CHECK-NEXT: report(int=3) = 25
// CHECK-NEXT:   square(int=3) = 9
// CHECK-NEXT:   square(int=4) = 16

// The frames end where parse_digit("x")'s entry was recorded, the last
// event known inside them.
// TIME:      T0 -parse_digit unwound @last
// TIME-NEXT: T0 -parse_number unwound @last
// TIME-NEXT: T0 -parse_line unwound @last
// TIME-NEXT: T0 +report

// DEPTH: summary events=52 enter=26 exit=26 threads=1 dropped=0
// DEPTH:      parse_line(const char *="x") = <unwound>
// DEPTH-NEXT:   parse_number(const char *="x") = <unwound>
// DEPTH-NEXT:     parse_digit(char="x") = <unwound>
// DEPTH:      parse_line(const char *="3y") = <unwound>
// DEPTH-NEXT:   parse_number(const char *="3y") = <unwound>
// DEPTH-NEXT:     parse_digit(char="3") = 3
// DEPTH-NEXT:     parse_digit(char="y") = <unwound>
