// Function filters at run time (RUCHY_TRACE_FILTER) and at compile time
// (-mllvm -ruchy-trace-filter), and the source annotations.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.all.json %t
// RUN: %check-trace json %t.all.json | FileCheck --check-prefix=ALL %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.inc.json RUCHY_TRACE_FILTER='important_*' %t
// RUN: %check-trace json %t.inc.json | FileCheck --check-prefix=INC %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.exc.json RUCHY_TRACE_FILTER='-*helper*' %t
// RUN: %check-trace json %t.exc.json | FileCheck --check-prefix=EXC %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.both.json RUCHY_TRACE_FILTER='important_*,-important_h?lper,pl[a-z]in' %t
// RUN: %check-trace json %t.both.json | FileCheck --check-prefix=BOTH %s
// Malformed filters: a message and no filtering.
// RUN: env RUCHY_TRACE_OUTPUT=%t.bad.json RUCHY_TRACE_FILTER='important_*,,x' %t 2> %t.err
// RUN: FileCheck --check-prefix=BAD --input-file=%t.err %s
// RUN: %check-trace json %t.bad.json | FileCheck --check-prefix=ALL %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.bad.json RUCHY_TRACE_FILTER= %t 2> %t.err
// RUN: FileCheck --check-prefix=BADEMPTY --input-file=%t.err %s
// Compile time: excluded functions carry no instrumentation at all.
// RUN: %ruchycc -O2 -mllvm -ruchy-trace-filter='important_*' %s -o %t.ct
// RUN: env RUCHY_TRACE_OUTPUT=%t.ct.json %t.ct
// RUN: %check-trace json %t.ct.json | FileCheck --check-prefix=INC %s
// RUN: %ruchycc -O2 -mllvm -ruchy-trace-filter='important_*' -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s
// A malformed compile-time filter fails the compilation with one message.
// RUN: not %ruchycc -O2 -mllvm -ruchy-trace-filter='important_*,,x' -c %s -o %t.bad.o 2> %t.bad.err
// RUN: FileCheck --check-prefix=BADCT --input-file=%t.bad.err %s
#include <ruchytrace/attributes.h>

#define NOINLINE __attribute__((noinline))
NOINLINE int important_helper(int x) { return x + 1; }
NOINLINE int important_work(int x) { return important_helper(x) * 2; }
NOINLINE int plain(int x) { return x - 1; }
NOINLINE int other_helper(int x) { return x * 3; }
NOINLINE RUCHY_TRACE_ALWAYS int audited(int x) { return x; }
NOINLINE RUCHY_TRACE_NEVER int hidden(int x) { return x ^ 1; }

volatile int sink;
__attribute__((no_instrument_function)) int main(void) {
  sink = important_work(1) + plain(2) + other_helper(3) + audited(4) + hidden(5);
  return 0;
}
// ALL: fn audited enter=1 exit=1
// ALL-NEXT: fn important_helper enter=1 exit=1
// ALL-NEXT: fn important_work enter=1 exit=1
// ALL-NEXT: fn other_helper enter=1 exit=1
// ALL-NEXT: fn plain enter=1 exit=1
// ALL-NOT: fn hidden
// INC: summary events=6 enter=3 exit=3
// INC: fn audited enter=1 exit=1
// INC-NEXT: fn important_helper enter=1 exit=1
// INC-NEXT: fn important_work enter=1 exit=1
// INC-NEXT: important_work(int=1) = 4
// INC-NEXT:   important_helper(int=1) = 2
// INC-NEXT: audited(int=4) = 4
// EXC: fn audited
// EXC-NEXT: fn important_work
// EXC-NEXT: fn plain
// EXC-NOT: helper
// BOTH: fn audited
// BOTH-NEXT: fn important_work
// BOTH-NEXT: fn plain
// BOTH-NOT: fn
// BAD: ruchytrace: RUCHY_TRACE_FILTER='important_*,,x' is not a comma-separated list of glob patterns (a leading - excludes); tracing every function
// BADEMPTY: ruchytrace: RUCHY_TRACE_FILTER='' is not a comma-separated list
// IR-DAG: @ruchy_trace.fn.important_work =
// IR-DAG: @ruchy_trace.fn.important_helper =
// IR-DAG: @ruchy_trace.fn.audited = {{.*}} i8 73,
// IR-NOT: @ruchy_trace.fn.plain
// IR-NOT: @ruchy_trace.fn.other_helper
// IR-NOT: @ruchy_trace.fn.hidden
// BADCT: error: -ruchy-trace-filter='important_*,,x' is not a comma-separated list of at most 64 glob patterns (a leading - excludes)
// BADCT-NOT: Stack dump
