// The ruchytrace tool on traces written by a real traced program, in the
// runtime's JSON and NDJSON: report, convert (text, chrome, folded,
// ndjson) and validate, plus the runtime's own chrome, ndjson, pretty and
// compact writers.
// RUN: %ruchycc -O1 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.ndjson %t
// RUN: %ruchytrace report %t.json | FileCheck --check-prefix=REPORT %s
// RUN: %ruchytrace report --threads %t.ndjson | FileCheck --check-prefix=THREADS %s
// RUN: %ruchytrace validate %t.json | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace validate %t.ndjson | FileCheck --check-prefix=VALID %s
// Text: the same shapes the runtime writes.
// RUN: %ruchytrace convert --to text %t.json -o %t.txt
// RUN: %check-trace text %t.txt | FileCheck --check-prefix=TREE %s
// Folded stacks: one line per stack, self time in ns.
// RUN: %ruchytrace convert --to folded %t.ndjson | FileCheck --check-prefix=FOLDED %s
// Chrome: B/E pairs per thread, valid JSON.
// RUN: %ruchytrace convert --to chrome %t.json -o %t.chrome.json
// RUN: %python %S/../Inputs/chrome_check.py %t.chrome.json
// JSON -> NDJSON -> report is the same report.
// RUN: %ruchytrace convert --to ndjson %t.json -o %t.conv.ndjson
// RUN: %ruchytrace validate %t.conv.ndjson | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace report %t.conv.ndjson | FileCheck --check-prefix=REPORT %s
// The runtime's own writers.
// RUN: env RUCHY_TRACE_OUTPUT=%t.rt-chrome.json RUCHY_TRACE_FORMAT=chrome %t
// RUN: %python %S/../Inputs/chrome_check.py %t.rt-chrome.json
// RUN: env RUCHY_TRACE_OUTPUT=%t.pretty.json RUCHY_TRACE_JSON_STYLE=pretty %t
// RUN: %check-trace json %t.pretty.json | FileCheck --check-prefix=TREE %s
// RUN: FileCheck --check-prefix=PRETTY --input-file=%t.pretty.json %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.compact.json RUCHY_TRACE_JSON_STYLE=compact %t
// RUN: %check-trace json %t.compact.json | FileCheck --check-prefix=TREE %s
// RUN: wc -l < %t.compact.json | FileCheck --check-prefix=ONELINE %s
#include <pthread.h>

#define NOINLINE __attribute__((noinline))
NOINLINE long leaf(long x) { return x + 1; }
NOINLINE long middle(long x) { return leaf(x) + leaf(x + 1); }
NOINLINE void *worker(void *arg) { return (void *)middle((long)arg); }

__attribute__((no_instrument_function)) int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, (void *)10);
  pthread_join(t, 0);
  middle(1);
  return 0;
}
// REPORT: total ms  total%      self ms   self%      calls       avg us       min us       max us  function
// REPORT-DAG: {{% +2( +[0-9.]+){3}  middle$}}
// REPORT-DAG: {{% +4( +[0-9.]+){3}  leaf$}}
// REPORT-DAG: {{% +1( +[0-9.]+){3}  worker$}}
// THREADS: thread
// THREADS-DAG: {{% +2( +[0-9.]+){3}  [0-9]+ +leaf$}}
// VALID: valid, 14 events, 2 threads, 0 dropped
// TREE: middle(long=1) = 5
// TREE-NEXT:   leaf(long=1) = 2
// TREE-NEXT:   leaf(long=2) = 3
// FOLDED-DAG: {{^middle [0-9]+$}}
// FOLDED-DAG: {{^middle;leaf [0-9]+$}}
// FOLDED-DAG: {{^worker;middle;leaf [0-9]+$}}
// PRETTY: {{^    \{$}}
// PRETTY: {{^      "type": "function_enter",$}}
// ONELINE: {{^1$}}
