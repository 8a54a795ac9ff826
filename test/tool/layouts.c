// The tool reads every layout the runtime writes (RUCHY_TRACE_JSON_STYLE
// lines, pretty, compact; NDJSON) and gives the same answers; what it
// cannot read (cut short, trailing garbage, valid JSON that is not a
// trace) fails with one message and status 1, in every command, and
// convert leaves no output behind.
// RUN: %ruchycc -O1 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.pretty.json RUCHY_TRACE_JSON_STYLE=pretty %t
// RUN: %ruchytrace validate %t.pretty.json | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace report %t.pretty.json | FileCheck --check-prefix=REPORT %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.compact.json RUCHY_TRACE_JSON_STYLE=compact %t
// RUN: %ruchytrace validate %t.compact.json | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace report %t.compact.json | FileCheck --check-prefix=REPORT %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %ruchytrace report %t.json | FileCheck --check-prefix=REPORT %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.ndjson %t
// RUN: %ruchytrace report %t.ndjson | FileCheck --check-prefix=REPORT %s
// RUN: %ruchytrace convert --to text %t.pretty.json -o %t.txt
// RUN: %check-trace text %t.txt | FileCheck --check-prefix=TREE %s
//
// Cut short in the middle of an event.
// RUN: head -c 1500 %t.pretty.json > %t.cut.json
// RUN: not %ruchytrace validate %t.cut.json 2>&1 | FileCheck --check-prefix=CUT %s
// RUN: not %ruchytrace report %t.cut.json 2>&1 | FileCheck --check-prefix=CUT %s
// RUN: rm -f %t.out && not %ruchytrace convert --to text %t.cut.json -o %t.out 2>&1 | FileCheck --check-prefix=CUT %s
// RUN: not test -e %t.out
// Cut after a whole line of the runtime's own layout.
// RUN: %python -c "import sys; l = open(sys.argv[1]).readlines(); open(sys.argv[2], 'w').writelines(l[:12])" %t.json %t.lines-cut.json
// RUN: not %ruchytrace report %t.lines-cut.json 2>&1 | FileCheck --check-prefix=CUT %s
// RUN: not %ruchytrace convert --to ndjson %t.lines-cut.json -o %t.out 2>&1 | FileCheck --check-prefix=CUT %s
// RUN: not test -e %t.out
// A garbage line in the runtime's layout (the old reader skipped it).
// RUN: %python -c "import sys; l = open(sys.argv[1]).readlines(); l[12] = '    garbage,\n'; open(sys.argv[2], 'w').writelines(l)" %t.json %t.garbage-line.json
// RUN: not %ruchytrace report %t.garbage-line.json 2>&1 | FileCheck --check-prefix=GARBAGE-LINE %s
// RUN: not %ruchytrace validate %t.garbage-line.json 2>&1 | FileCheck --check-prefix=GARBAGE-LINE %s
// Trailing garbage after the document, and after NDJSON's stats.
// RUN: cp %t.pretty.json %t.trailing.json && echo '{"more": 1}' >> %t.trailing.json
// RUN: not %ruchytrace report %t.trailing.json 2>&1 | FileCheck --check-prefix=TRAILING %s
// RUN: not %ruchytrace validate %t.trailing.json 2>&1 | FileCheck --check-prefix=TRAILING %s
// RUN: not %ruchytrace convert --to chrome %t.trailing.json -o %t.out 2>&1 | FileCheck --check-prefix=TRAILING %s
// RUN: cp %t.ndjson %t.trailing.ndjson && echo 'x' >> %t.trailing.ndjson
// RUN: not %ruchytrace report %t.trailing.ndjson 2>&1 | FileCheck --check-prefix=TRAILING-ND %s
// Valid JSON, but not a trace.
// RUN: printf '[1, 2]' > %t.array.json
// RUN: not %ruchytrace report %t.array.json 2>&1 | FileCheck --check-prefix=NOT-EVENT %s
// RUN: printf '"a string"' > %t.string.json
// RUN: not %ruchytrace report %t.string.json 2>&1 | FileCheck --check-prefix=NOT-OBJECT %s
// RUN: printf '{"metadata": {}, "events": {"type": "function_enter"}}' > %t.events-object.json
// RUN: not %ruchytrace validate %t.events-object.json 2>&1 | FileCheck --check-prefix=EVENTS-OBJECT %s
// RUN: printf '{"metadata": {"program": "x"}, "events": [], "stats": {}, "events": []}' > %t.twice.json
// RUN: not %ruchytrace report %t.twice.json 2>&1 | FileCheck --check-prefix=TWICE %s
// RUN: printf '{"metadata": {}, "events": [{"type": "function_enter", "name": "f", "location": null, "timestamp_ns": 1, "thread_id": 1}]}' > %t.noargs.json
// RUN: not %ruchytrace convert --to chrome %t.noargs.json 2>&1 | FileCheck --check-prefix=NOARGS %s
// A typed value that is not one, and "kinds" that do not fit the value.
// RUN: %python -c "import sys; t = open(sys.argv[1]).read(); open(sys.argv[2], 'w').write(t.replace('{\"type_info\": {\"name\": \"long\", \"fields\": null}, \"value\": 3}', '{\"value\": 3}', 1))" %t.json %t.untyped.json
// RUN: not %ruchytrace validate %t.untyped.json 2>&1 | FileCheck --check-prefix=UNTYPED %s
// RUN: not %ruchytrace convert --to text %t.untyped.json -o %t.out 2>&1 | FileCheck --check-prefix=UNTYPED %s
// RUN: %python -c "import sys; t = open(sys.argv[1]).read(); open(sys.argv[2], 'w').write(t.replace('\"value\": 3}', '\"value\": 3, \"kinds\": \"s\"}', 1))" %t.json %t.kinds.json
// RUN: not %ruchytrace validate %t.kinds.json 2>&1 | FileCheck --check-prefix=KINDS %s
// RUN: not %ruchytrace convert --to text %t.kinds.json -o %t.out 2>&1 | FileCheck --check-prefix=KINDS %s
// RUN: not test -e %t.out
// convert never writes over the trace it reads.
// RUN: cp %t.json %t.self.json
// RUN: not %ruchytrace convert --to ndjson %t.self.json -o %t.self.json 2>&1 | FileCheck --check-prefix=SELF %s
// RUN: %ruchytrace validate %t.self.json | FileCheck --check-prefix=VALID %s
#include <pthread.h>

__attribute__((noinline)) long fib(long n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
__attribute__((noinline)) void *worker(void *arg) {
  return (void *)fib((long)arg);
}

volatile long sink;
__attribute__((no_instrument_function)) int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, (void *)3);
  pthread_join(t, 0);
  sink = fib(4);
  return 0;
}
// VALID: valid, 30 events, 2 threads, 0 dropped
// REPORT: total ms  total%      self ms   self%      calls       avg us       min us       max us  function
// REPORT-DAG: {{% +14( +[0-9.]+){3}  fib$}}
// REPORT-DAG: {{% +1( +[0-9.]+){3}  worker$}}
// REPORT-NOT: {{.}}
// TREE: summary lines=30 threads=2
// TREE: fib(long=4) = 3
// CUT: ruchytrace: {{.*}}: at byte {{[0-9]+}} (event {{[0-9]+}}): invalid JSON: the document ended early (truncated file?)
// GARBAGE-LINE: ruchytrace: {{.*}}: at byte {{[0-9]+}} (event 2): an event is not a JSON object
// TRAILING: ruchytrace: {{.*}}: at byte {{[0-9]+}} (event 30): more data after the trace's JSON document
// TRAILING-ND: ruchytrace: {{.*}}: at byte {{[0-9]+}} (event 30): more data after the stats
// NOT-EVENT: ruchytrace: {{.*}}: at byte 1 (event 0): an event is not a JSON object
// NOT-OBJECT: ruchytrace: {{.*}}: at byte 0 (event 0): not a RuchyTrace trace: not a JSON object
// EVENTS-OBJECT: ruchytrace: {{.*}}: "events" is not an array
// TWICE: ruchytrace: {{.*}}: a second "events"
// UNTYPED: ruchytrace: {{.*}}: at byte {{[0-9]+}} (event {{[0-9]+}}): a typed value has no "type_info"
// KINDS: ruchytrace: {{.*}}: at byte {{[0-9]+}} (event {{[0-9]+}}): "kinds" has more letters than its value has strings, nulls and objects
// SELF: ruchytrace: '{{.*}}.self.json' is the trace itself
// NOARGS: ruchytrace: {{.*}}: at byte {{[0-9]+}} (event 0): a function_enter has no "args"
