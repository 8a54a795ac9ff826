// A full disk while writing: one message, no file (not even a temporary
// one) that could pass for a trace, exit status unchanged.
// REQUIRES: tmpfs
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: unshare -rm sh -c 'mount -t tmpfs -o size=16k tmpfs %t.d && \
// RUN:   RUCHY_TRACE_OUTPUT=%t.d/t.json %t > %t.out 2> %t.err; echo "exit $?" >> %t.out; ls -A %t.d > %t.ls'
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=ERR --input-file=%t.err %s
// RUN: count 0 < %t.ls
#include <stdio.h>

long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((no_instrument_function)) int main(void) {
  printf("%ld\n", fib(15));
  return 4;
}
// OUT: {{^610$}}
// OUT-NEXT: {{^exit 4$}}
// ERR: ruchytrace: writing the trace file '{{.*}}t.json' failed: no space left on the device; no trace written
// ERR-NOT: {{.}}
