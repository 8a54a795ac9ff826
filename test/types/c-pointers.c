// Strings and pointers the program passes are read safely: NULL, dangling
// (unmapped) and garbage pointers are shown as such, never dereferenced
// into a crash; long strings are cut at RUCHY_TRACE_STRING_MAX with a
// marker. Function pointers carry their symbol.
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t > %t.out
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.8.json RUCHY_TRACE_STRING_MAX=8 %t > /dev/null
// RUN: %check-trace json %t.8.json | FileCheck --check-prefix=EIGHT %s
// RUN: env RUCHY_TRACE=1 %t 2>&1 >/dev/null | FileCheck --check-prefix=TEXT %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_STRING_MAX=0 %t 2>&1 >/dev/null | FileCheck --check-prefix=BAD %s
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

struct node { int value; struct node *next; };

#define NOINLINE __attribute__((noinline))
NOINLINE size_t length(const char *s) { return s ? 1 : 0; } // never reads s
NOINLINE int peek(const struct node *n) { return n != 0; }  // never reads n
NOINLINE int twice(int x) { return 2 * x; }
NOINLINE int apply(int (*f)(int), int x) { return f(x); }
NOINLINE long wide(__int128 v, long double d, _Complex double z) {
  return (long)v + (long)d + (long)__real__ z;
}

__attribute__((no_instrument_function)) int main(void) {
  // A mapping that exists, then is unmapped: a dangling pointer.
  char *page = mmap(0, 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(page, "soon gone");
  length(page); // the runtime maps it
  munmap(page, 4096);
  long r = 0;
  r += length("hello, world");
  r += length(0);
  r += length(page);                   // dangling
  r += length((const char *)0x1234);   // garbage
  r += length("a string that is longer than the sixty-four bytes the runtime keeps by default");
  struct node b = {2, 0}, a = {1, &b};
  r += peek(&a);
  r += peek((const struct node *)0x10);
  r += apply(twice, 21);
  r += wide((__int128)1 << 70, 2.5L, 3.0 + 4.0 * __builtin_complex(0.0, 1.0));
  printf("%ld\n", r);
  return 0;
}
// OUT: {{^53$}}
// CHECK: length(const char *="soon gone") = 1
// CHECK: length(const char *="hello, world") = 1
// CHECK: length(const char *=null) = 0
// CHECK: length(const char *="<unreadable>") = 1
// CHECK: length(const char *="<unreadable>") = 1
// CHECK: length(const char *="a string that is longer than the sixty-four bytes the runtime ke…") = 1
// CHECK: peek(const struct node *={"address": "0x{{[0-9a-f]+}}", "target": {"value": 1, "next": "0x{{[0-9a-f]+}}"}}) = 1
// CHECK: peek(const struct node *={"address": "0x10", "target": "<unreadable>"}) = 1
// CHECK: apply(<function> *="0x{{[0-9a-f]+}} <twice>", int=21) = 42
// CHECK: twice(int=21) = 42
// CHECK: wide(__int128=1180591620717411303424, long double=2.5, complex=[3.0, 4.0]) = 5
// EIGHT: length(const char *="hello, w…") = 1
// TEXT: -> length(const char *=NULL)
// TEXT: -> length(const char *=<unreadable>)
// TEXT: -> peek(const struct node *=0x10-><unreadable>)
// BAD: ruchytrace: RUCHY_TRACE_STRING_MAX='0' is not a whole number from 1 to 1000
