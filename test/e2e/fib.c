// The foundation's acceptance test: fib(5) traced in both formats.
// RUN: %ruchycc -O2 %s -o %t
//
// Not enabled: the program's output is untouched and nothing else appears.
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir
// RUN: %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=STDOUT --input-file=%t.out %s
// RUN: count 0 < %t.err
// RUN: ls %t.dir | count 0
//
// Text on stderr, stdout unchanged.
// RUN: env RUCHY_TRACE=1 %t > %t.out 2> %t.txt
// RUN: FileCheck --check-prefix=STDOUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=TEXT --input-file=%t.txt %s
// RUN: %check-trace text %t.txt | FileCheck --check-prefix=TREE %s
// RUN: grep -c . %t.txt | FileCheck --check-prefix=THIRTY %s
//
// JSON file, format from the extension.
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=STDOUT --input-file=%t.out %s
// RUN: count 0 < %t.err
// RUN: %check-trace json %t.json | FileCheck --check-prefixes=JSON,TREE %s
//
// Text into a file, by extension and by RUCHY_TRACE_FORMAT.
// RUN: env RUCHY_TRACE_OUTPUT=%t.txt2 RUCHY_TRACE_FORMAT=text %t > %t.out
// RUN: %check-trace text %t.txt2 | FileCheck --check-prefix=TREE %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.log %t > %t.out
// RUN: %check-trace text %t.log | FileCheck --check-prefix=TREE %s
#include <stdio.h>

long fibonacci(long n) {
  if (n <= 1)
    return n;
  return fibonacci(n - 1) + fibonacci(n - 2);
}

__attribute__((no_instrument_function)) int main(void) {
  printf("fibonacci(5) = %ld\n", fibonacci(5));
  return 0;
}

// STDOUT: {{^}}fibonacci(5) = 5{{$}}
// STDOUT-NOT: {{.}}

// The spec's shapes, line by line, for the first calls and the last exit.
// TEXT:      {{^\[[0-9]+\.[0-9]{6}\] -> fibonacci\(long=5\) <.*fib\.c:31:6>$}}
// TEXT-NEXT: {{^\[[0-9]+\.[0-9]{6}\] -> fibonacci\(long=4\) <.*fib\.c:31:6>$}}
// TEXT-NEXT: {{^\[[0-9]+\.[0-9]{6}\] -> fibonacci\(long=3\) <.*fib\.c:31:6>$}}
// TEXT-NEXT: {{^\[[0-9]+\.[0-9]{6}\] -> fibonacci\(long=2\) <.*fib\.c:31:6>$}}
// TEXT-NEXT: {{^\[[0-9]+\.[0-9]{6}\] -> fibonacci\(long=1\) <.*fib\.c:31:6>$}}
// TEXT-NEXT: {{^\[[0-9]+\.[0-9]{6}\] <- fibonacci\(\) = 1 \[[0-9]+\.[0-9]{3}ms\]$}}
// TEXT:      {{^\[[0-9]+\.[0-9]{6}\] <- fibonacci\(\) = 5 \[[0-9]+\.[0-9]{3}ms\]$}}
// TEXT-NOT:  {{.}}

// THIRTY: {{^30$}}

// JSON: summary events=30 enter=15 exit=15 threads=1 dropped=0
// JSON-NEXT: program fib.c.tmp
// JSON-NEXT: fn fibonacci enter=15 exit=15

// The exact call tree: every nesting level, argument and return value.
// TREE:      fibonacci(long=5) = 5 <fib.c:31:6>
// TREE-NEXT:   fibonacci(long=4) = 3 <fib.c:31:6>
// TREE-NEXT:     fibonacci(long=3) = 2 <fib.c:31:6>
// TREE-NEXT:       fibonacci(long=2) = 1 <fib.c:31:6>
// TREE-NEXT:         fibonacci(long=1) = 1 <fib.c:31:6>
// TREE-NEXT:         fibonacci(long=0) = 0 <fib.c:31:6>
// TREE-NEXT:       fibonacci(long=1) = 1 <fib.c:31:6>
// TREE-NEXT:     fibonacci(long=2) = 1 <fib.c:31:6>
// TREE-NEXT:       fibonacci(long=1) = 1 <fib.c:31:6>
// TREE-NEXT:       fibonacci(long=0) = 0 <fib.c:31:6>
// TREE-NEXT:   fibonacci(long=3) = 2 <fib.c:31:6>
// TREE-NEXT:     fibonacci(long=2) = 1 <fib.c:31:6>
// TREE-NEXT:       fibonacci(long=1) = 1 <fib.c:31:6>
// TREE-NEXT:       fibonacci(long=0) = 0 <fib.c:31:6>
// TREE-NEXT:     fibonacci(long=1) = 1 <fib.c:31:6>
// TREE-NOT:  {{.}}
