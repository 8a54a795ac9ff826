// Every scalar family from debug info, at -O0, -O2 and -O3, in both formats.
// RUN: %ruchycc -O0 %s -o %t0 && env RUCHY_TRACE_OUTPUT=%t0.json %t0
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %ruchycc -O2 %s -o %t2 && env RUCHY_TRACE_OUTPUT=%t2.json %t2
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %ruchycc -O3 %s -o %t3 && env RUCHY_TRACE=1 %t3 2> %t3.txt
// RUN: FileCheck --check-prefix=TEXT %s < %t3.txt
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum color { RED, GREEN = 7 };
typedef long long i64;

#define KEEP __attribute__((noinline, used))
KEEP int sints(signed char a, short b, int c, long d, i64 e) { return c; }
KEEP unsigned long uints(unsigned char a, unsigned short b, unsigned c,
                         unsigned long d, uint64_t e) { return d; }
KEEP bool flags(bool a, bool b) { return a && !b; }
KEEP char chars(char a, char b, unsigned char c, int8_t d) { return b; }
KEEP double floats(float a, double b, double c) { return b * 2; }
KEEP const char *ptrs(const char *s, void *n, int *p) { return s; }
KEEP enum color colors(enum color c) { return c; }
KEEP void nothing(void) {}

volatile int sink;
__attribute__((no_instrument_function)) int main(void) {
  static int x;
  sink = sints(-128, SHRT_MIN, -1, LONG_MIN, LLONG_MAX);
  sink = (int)uints(255, USHRT_MAX, UINT_MAX, ULONG_MAX, 42);
  sink = flags(true, false);
  sink = chars('A', '\n', 200, -5);
  sink = (int)floats(0.1f, 0.1, -2.0); // 0.1f: not 0.10000000149011612
  sink = ptrs(NULL, (void *)0x1234, &x) != 0;
  sink = colors(GREEN);
  nothing();
  return 0;
}

// CHECK: summary events=16 enter=8 exit=8 threads=1 dropped=0
// CHECK: sints(signed char=-128, short=-32768, int=-1, long=-9223372036854775808, i64=9223372036854775807) = -1
// CHECK: uints(unsigned char=255, unsigned short=65535, unsigned int=4294967295, unsigned long=18446744073709551615, uint64_t=42) = 18446744073709551615
// CHECK: flags(bool=true, bool=false) = true
// CHECK: chars(char="A", char="\n", unsigned char=200, int8_t=-5) = "\n"
// CHECK: floats(float=0.1, double=0.1, double=-2.0) = 0.2
// CHECK: ptrs(const char *=null, void *="0x1234", int *="0x{{[0-9a-f]+}}") = null
// CHECK: colors(enum color="GREEN") = "GREEN"
// CHECK: nothing() <scalar-types.c:25:11>

// TEXT: -> sints(signed char=-128, short=-32768, int=-1, long=-9223372036854775808, i64=9223372036854775807) <{{.*}}scalar-types.c:17:10>
// TEXT: <- sints() = -1 [
// TEXT: -> flags(bool=true, bool=false)
// TEXT: <- flags() = true [
// TEXT: -> chars(char='A', char='\x0a', unsigned char=200, int8_t=-5)
// TEXT: <- chars() = '\x0a' [
// TEXT: -> floats(float=0.1, double=0.1, double=-2.0)
// TEXT: <- floats() = 0.2 [
// TEXT: -> ptrs(const char *=NULL, void *=0x1234, int *=0x{{[0-9a-f]+}})
// TEXT: -> nothing() <{{.*}}scalar-types.c:25:11>
// TEXT: {{<- nothing\(\) \[[0-9]+\.[0-9]{3}ms\]$}}
