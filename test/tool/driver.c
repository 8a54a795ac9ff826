// `ruchytrace run` with the spec's flags: builds this file, runs it with
// its own arguments, passes the exit status through, keeps stdout clean.
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: not %ruchytrace run %s 5 --trace > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=TEXT --input-file=%t.err %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace run %s 5 | FileCheck --check-prefix=STATUS %s
// RUN: %ruchytrace run %s 0 --trace --trace-sample=2 --trace-output=%t.d/t.json > %t.out
// RUN: %check-trace json %t.d/t.json | FileCheck --check-prefix=SAMPLED %s
// RUN: %ruchytrace run %s --trace-filter='important_*' --trace-output=%t.d/f.json > %t.out
// RUN: %check-trace json %t.d/f.json | FileCheck --check-prefix=FILTER %s
// RUN: %ruchytrace run %s --trace-output=%t.d/t.txt --trace-format=text > %t.out
// RUN: %check-trace text %t.d/t.txt | FileCheck --check-prefix=TREE %s
// Without --trace: no trace at all.
// RUN: %ruchytrace run %s > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: %ruchytrace build %s -o %t.d/prog
// RUN: %t.d/prog | FileCheck --check-prefix=OUT0 %s
// RUN: not %ruchytrace run %t.d/nope.go 2>&1 | FileCheck --check-prefix=BADSRC %s
// A filter pattern that matches nothing: `build` says so at compile time,
// `run` once at exit.
// RUN: %ruchytrace build %s -o %t.d/f --trace-filter='important_*,helpr' 2> %t.err
// RUN: FileCheck --check-prefix=UNMATCHED-BUILD --input-file=%t.err %s
// RUN: %ruchytrace run %s --trace-filter='important_*,helpr' --trace-output=%t.d/u.json > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=UNMATCHED-EXIT --input-file=%t.err %s
#include <stdio.h>
#include <stdlib.h>

long important_fib(long n) { return n < 2 ? n : important_fib(n - 1) + important_fib(n - 2); }
int helper(int x) { return x * 2; }

int main(int argc, char **argv) {
  printf("fib %ld helper %d\n", important_fib(4), helper(1));
  return argc > 1 ? atoi(argv[1]) : 0;
}
// OUT: {{^fib 3 helper 2$}}
// OUT-NOT: {{.}}
// OUT0: {{^fib 3 helper 2$}}
// TEXT: -> main(int=2, char **=0x{{[0-9a-f]+}})
// TEXT: -> important_fib(long=4)
// STATUS: exit 5
// One in two calls recorded, counted per call that meets its entry check:
// main, the important_fib calls the optimiser kept (at -O2 the second
// recursive call of each is a loop iteration that tail-recursion
// elimination made, checked with the call that started the loop), helper.
// SAMPLED: summary events=8 enter=4 exit=4
// SAMPLED: fn important_fib enter=3 exit=3
// FILTER: summary events=18 enter=9 exit=9
// FILTER-NOT: helper
// TREE: important_fib(long=4) = 3
// BADSRC: ruchytrace: {{.*}}nope.go: a .c, .cc, .cpp or .rs file, please
// UNMATCHED-BUILD: remark: -ruchy-trace-filter pattern 'helpr' matches no function of this module
// UNMATCHED-BUILD-NOT: pattern 'important_*'
// UNMATCHED-EXIT: ruchytrace: filter pattern 'helpr' matches no instrumented function
// UNMATCHED-EXIT-NOT: ruchytrace
