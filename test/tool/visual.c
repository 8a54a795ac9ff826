// flame, graph, diff, and report's --sort, shares, min/max and filters,
// on a known program: fib(N) on the main thread (N from the command line),
// fib(8) and middle() on a worker. fib(10) makes 177 calls, fib(12) 465,
// fib(8) 67. profile_check.py recomputes every number from the JSON, with
// and without --tid/--since/--until; the .rtrace run is read directly.
// RUN: %ruchycc -O1 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t 10
// RUN: env RUCHY_TRACE_OUTPUT=%t.rtrace %t 12
// RUN: %ruchytrace convert --to json %t.rtrace -o %t.b.json
// RUN: %python %S/../Inputs/profile_check.py %ruchytrace %t.json %t.b.json | FileCheck --check-prefix=CHECKED %s
// RUN: %ruchytrace report --sort calls %t.json | FileCheck --check-prefix=REPORT %s
// RUN: %ruchytrace graph %t.rtrace middle | FileCheck --check-prefix=MIDDLE %s
// RUN: %ruchytrace graph --depth 1 %t.rtrace | FileCheck --check-prefix=DEPTH %s
// diff across formats (sorted by the change of calls, which scheduling
// cannot move); the same run as .rtrace and as JSON changes nothing.
// RUN: %ruchytrace diff --sort calls %t.json %t.rtrace | FileCheck --check-prefix=DIFF %s
// RUN: %ruchytrace diff --sort calls %t.rtrace %t.b.json | FileCheck --check-prefix=SAME %s
// The SVG parses and names the functions (from .rtrace, as an icicle;
// wide, so that leaf stays wider than the third of a pixel below which a
// path is left out even if the machine preempts a call for milliseconds).
// RUN: %ruchytrace flame --icicle --width 100000 %t.rtrace -o %t.svg
// RUN: %python -c "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(sorted({t.text.split(chr(10))[0] for t in r.iter('{http://www.w3.org/2000/svg}title')}))" %t.svg | FileCheck --check-prefix=SVG %s
// A ring that dropped its oldest events leaves exits whose entries are
// lost (here inside fib(12)'s recursion and the worker): each encloses
// all its thread did before it ended, one tree, not a root per such exit
// (which had counted the traced time several times over).
// RUN: env RUCHY_TRACE_OUTPUT=%t.ring.json RUCHY_TRACE_BUFFER=60 %t 12
// RUN: %python %S/../Inputs/profile_check.py %ruchytrace %t.ring.json | FileCheck --check-prefix=RING %s
// RUN: %ruchytrace graph --depth 0 %t.ring.json | FileCheck --check-prefix=RING-ROOTS %s
// A sampled trace says so in every command.
// RUN: env RUCHY_TRACE_OUTPUT=%t.s.ndjson RUCHY_TRACE_SAMPLE=3 %t 10
// RUN: %ruchytrace report %t.s.ndjson | FileCheck --check-prefix=SAMPLED %s
// RUN: %ruchytrace graph %t.s.ndjson | FileCheck --check-prefix=SAMPLED %s
// RUN: %ruchytrace flame %t.s.ndjson | FileCheck --check-prefix=SAMPLED-SVG %s
// RUN: %ruchytrace diff %t.json %t.s.ndjson | FileCheck --check-prefix=SAMPLED-DIFF %s
// Usage errors exit 2, bad traces 1, each with one line first.
// RUN: %python %S/../Inputs/run_status.py %ruchytrace report --sort bogus %t.json 2>&1 | FileCheck --check-prefix=BADSORT %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace flame --since 5parsecs %t.json 2>&1 | FileCheck --check-prefix=BADTIME %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace diff %t.json 2>&1 | FileCheck --check-prefix=ONEDIFF %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace graph --tid x %t.json 2>&1 | FileCheck --check-prefix=BADTID %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace graph %t.json nosuch 2>&1 | FileCheck --check-prefix=NOFN %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace report --tid 1 %t.json 2>&1 | FileCheck --check-prefix=NOTID %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace graph --since 100s %t.json 2>&1 | FileCheck --check-prefix=NOWINDOW %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace flame --since 2ms --until 1ms %t.json 2>&1 | FileCheck --check-prefix=BACKWARDS %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace convert %t.json 2>&1 | FileCheck --check-prefix=NOTO %s
// RUN: printf '{"events": [{"type": "function_enter"' > %t.trunc
// RUN: %python %S/../Inputs/run_status.py %ruchytrace flame %t.trunc -o %t.trunc.svg 2>&1 | FileCheck --check-prefix=TRUNC %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace diff %t.json %t.trunc 2>&1 | FileCheck --check-prefix=TRUNC %s
// The runtime's formats for other viewers: said what they are.
// RUN: env RUCHY_TRACE_OUTPUT=%t.pftrace %t 10
// RUN: env RUCHY_TRACE_OUTPUT=%t.txt %t 10
// RUN: %python %S/../Inputs/run_status.py %ruchytrace html %t.pftrace -o %t.pf.html 2>&1 | FileCheck --check-prefix=PERFETTO %s
// RUN: %python %S/../Inputs/run_status.py %ruchytrace graph %t.txt 2>&1 | FileCheck --check-prefix=TEXT %s
// RUN: not test -e %t.pf.html
// RUN: %ruchytrace flame --help | FileCheck --check-prefix=HELP-FLAME %s
// RUN: %ruchytrace graph --help | FileCheck --check-prefix=HELP-GRAPH %s
// RUN: %ruchytrace diff --help | FileCheck --check-prefix=HELP-DIFF %s
#include <pthread.h>
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))
NOINLINE long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
NOINLINE long leaf(long x) { return x + 1; }
NOINLINE long middle(long x) { return leaf(x) + leaf(x + 1); }
NOINLINE void *worker(void *arg) {
  return (void *)(middle((long)arg) + fib(8));
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10;
  pthread_t t;
  pthread_create(&t, 0, worker, (void *)10);
  pthread_join(t, 0);
  middle(1);
  return (int)(fib(n) & 0);
}
// CHECKED: report -: 4 functions
// CHECKED: report --sort calls: 4 functions
// CHECKED: graph -: {{[0-9]+}} call paths
// CHECKED: flame: parses, 4 functions named
// CHECKED: folded: {{[0-9]+}} stacks
// CHECKED: report --tid {{[0-9]+}}: {{3|4}} functions
// CHECKED: report --tid {{[0-9]+}}: {{3|4}} functions
// CHECKED: report --since {{[0-9]+}}ns --until {{[0-9]+}}ns: {{[1-9]}} functions
// CHECKED: diff: 4 functions
// RING: folded: {{[0-9]+}} stacks
// RING-NEXT: html: {{[0-9]+}} calls nest
// RING-ROOTS: function
// RING-ROOTS-NEXT: {{^ +1 +[0-9.]+ +[0-9.]+  (fib|worker)$}}
// RING-ROOTS-NEXT: {{^ +1 +[0-9.]+ +[0-9.]+  (fib|worker)$}}
// RING-ROOTS-NEXT: (
// REPORT: total ms  total%      self ms   self%      calls       avg us       min us       max us  function
// REPORT-NEXT: {{%  +244( +[0-9.]+){3}  fib$}}
// REPORT-NEXT: {{%  +4( +[0-9.]+){3}  leaf$}}
// REPORT-NEXT: {{%  +2( +[0-9.]+){3}  middle$}}
// REPORT-NEXT: {{%  +1( +[0-9.]+){3}  worker$}}
// MIDDLE: # middle: 2 calls
// MIDDLE: # callers
// MIDDLE: {{^ +2 +[0-9.]+ +[0-9.]+  middle$}}
// MIDDLE-NEXT: {{^ +1 +[0-9.]+ +-    <- worker$}}
// MIDDLE: # callees
// MIDDLE: {{^ +2 +[0-9.]+ +[0-9.]+  middle$}}
// MIDDLE-NEXT: {{^ +4 +[0-9.]+ +[0-9.]+    leaf$}}
// DEPTH: {{^ +1 +[0-9.]+ +[0-9.]+  fib$}}
// DEPTH: {{^ +2 +[0-9.]+ +[0-9.]+    fib$}}
// DEPTH-NOT: {{^ +4 +[0-9.]+ +[0-9.]+      fib$}}
// DIFF: change  function
// DIFF-NEXT: {{^ +244 +532 +\+118.0% .* fib$}}
// SAME: change  function
// SAME-NEXT: {{^ +532 +532 +\+0.0% +([0-9.]+) +\1 +\+0.000 +\+0.0% +([0-9.]+) +\2 +\+0.0%  fib$}}
// SAME-NEXT: {{^ +4 +4 +\+0.0% +([0-9.]+) +\1 +\+0.000 .*  leaf$}}
// SVG: ['all: {{.*}}', 'fib', 'leaf', 'middle', 'worker']
// SAMPLED: (counts are sampled: 1 in 3 calls of each thread was recorded)
// SAMPLED-SVG: sampled: 1 in 3 calls of each thread was recorded
// SAMPLED-DIFF: after: (counts are sampled: 1 in 3 calls
// SAMPLED-DIFF: (the traces are sampled differently, 1 in 1 and 1 in 3: their counts do not compare)
// BADSORT: ruchytrace: report: --sort takes total, self, calls, avg, max or name, not 'bogus'
// BADSORT-NEXT: exit 2
// BADTIME: ruchytrace: flame: --since takes a time such as 250ms, 1.5s or 40us, not '5parsecs'
// BADTIME-NEXT: exit 2
// ONEDIFF: ruchytrace: diff: two traces, BEFORE and AFTER ('ruchytrace diff --help' for usage)
// ONEDIFF-NEXT: exit 2
// NOTID: ruchytrace: {{.*}}.json: no thread 1 in the trace (its threads: {{[0-9]+}}, {{[0-9]+}})
// NOTID-NEXT: exit 1
// NOWINDOW: ruchytrace: {{.*}}.json: no call begins in the window (the trace spans {{.*}} from its first event)
// NOWINDOW-NEXT: exit 1
// BACKWARDS: ruchytrace: flame: --since 2.000 ms is not before --until 1.000 ms
// BACKWARDS-NEXT: exit 2
// NOTO: ruchytrace: convert: no --to FORMAT given
// NOTO-NEXT: exit 2
// BADTID: ruchytrace: graph: --tid takes a thread id, not 'x'
// BADTID-NEXT: exit 2
// NOFN: ruchytrace: {{.*}}.json: no function 'nosuch' in the trace
// NOFN-NEXT: exit 1
// TRUNC: ruchytrace: {{.*}}.trunc: {{.*}}ended early
// TRUNC-NEXT: exit 1
// PERFETTO: ruchytrace: {{.*}}.pftrace: a Perfetto trace; report, flame, graph, diff and html read the JSON, NDJSON or .rtrace trace
// PERFETTO-NEXT: exit 1
// TEXT: ruchytrace: {{.*}}.txt: a text trace; report, flame
// TEXT-NEXT: exit 1
// HELP-FLAME: usage: ruchytrace flame
// HELP-FLAME: --tid N
// HELP-GRAPH: usage: ruchytrace graph
// HELP-DIFF: usage: ruchytrace diff
