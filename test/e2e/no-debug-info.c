// The two-step route (plugin at compile time, runtime archive at link time)
// without -g: names and types from the IR, location null, and the output
// says so. With -gline-tables-only: names and locations, IR types.
// RUN: %clang -O1 -fpass-plugin=%plugin -c %s -o %t.o
// RUN: %clang %t.o %runtime -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck --check-prefix=NODEBUG %s
// RUN: env RUCHY_TRACE=1 %t 2>&1 | FileCheck --check-prefix=TEXT %s
// RUN: %clang -O1 -gline-tables-only -fpass-plugin=%plugin -c %s -o %t.gmlt.o
// RUN: %clang %t.gmlt.o %runtime -o %t.gmlt
// RUN: env RUCHY_TRACE_OUTPUT=%t.gmlt.json %t.gmlt
// RUN: %check-trace json %t.gmlt.json | FileCheck --check-prefix=GMLT %s

__attribute__((noinline)) double scale(int x, double f) { return x * f; }

int main(void) { return scale(3, 0.5) == 1.5 ? 0 : 1; }

// NODEBUG: summary events=4 enter=2 exit=2 threads=1 dropped=0
// NODEBUG: main() = 0 <no debug info>
// NODEBUG-NEXT:   scale(i32=3, double=0.5) = 1.5 <no debug info>
// TEXT: -> main() <no debug info>
// TEXT: -> scale(i32=3, double=0.5) <no debug info>
// TEXT: <- scale() = 1.5 [
// GMLT: main() = 0 <no-debug-info.c:16:5>
// GMLT-NEXT:   scale(i32=3, double=0.5) = 1.5 <no-debug-info.c:14:34>
