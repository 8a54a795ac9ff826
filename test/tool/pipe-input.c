// A trace read from a pipe (`-`, /dev/stdin): every command reads it as it
// reads the file, though each may read its trace twice and sniffs its
// first bytes (the pipe was empty after the sniff: "the trace is empty").
// Messages name it as the user did.
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.rtrace RUCHY_TRACE_MODE=stream %t
// RUN: %ruchytrace convert --to perfetto %t.json -o %t.pftrace
//
// RUN: %ruchytrace report %t.json > %t.want && cat %t.json | %ruchytrace report - | cmp - %t.want
// Text makes two passes (the thread count, then the lines).
// RUN: %ruchytrace convert --to text %t.json > %t.want && cat %t.json | %ruchytrace convert --to text /dev/stdin | cmp - %t.want
// RUN: %ruchytrace convert --to json %t.rtrace > %t.want && cat %t.rtrace | %ruchytrace convert --to json - | cmp - %t.want
// RUN: %ruchytrace graph %t.rtrace > %t.want && cat %t.rtrace | %ruchytrace graph - | cmp - %t.want
// RUN: cat %t.json | %ruchytrace validate - | FileCheck --check-prefix=VALID %s
// VALID: {{^standard input: valid, 8 events, 1 threads, 0 dropped$}}
// RUN: cat %t.pftrace | %ruchytrace validate - | FileCheck --check-prefix=PFVALID %s
// PFVALID: {{^standard input: valid Perfetto trace, [0-9]+ packets, 4 slices, 1 threads}}
// RUN: cat %t.json | %ruchytrace diff %t.json - | FileCheck --check-prefix=DIFF %s
// DIFF: # before: {{.*}}.json (4 calls,
// DIFF-NEXT: # after:  standard input (4 calls,
// RUN: not %ruchytrace report - < /dev/null 2>&1 | FileCheck --check-prefix=EMPTY %s
// EMPTY: {{^ruchytrace: standard input: the trace is empty$}}
// RUN: head -c 100 %t.rtrace | not %ruchytrace convert --to json - 2>&1 | FileCheck --check-prefix=CUT %s
// CUT: {{^ruchytrace: standard input: }}
#include <stdlib.h>

static long work(long i) { return i * 3 + 1; }
static long loop(long n) {
  long s = 0;
  for (long i = 0; i < n; ++i)
    s += work(i);
  return s;
}

int main(void) { return loop(2) == 5 ? 0 : 1; }
