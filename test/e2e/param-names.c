// Parameter names come from debug info, once per function (descriptor
// data, never per event): JSON, NDJSON and Chrome give each argument its
// "param"; text shows them only with RUCHY_TRACE_PARAM_NAMES (the spec's
// `fib(long=3)` stays the default). An unnamed parameter has no name; a
// function without debug info has none at all. The .rtrace recording
// converts to the same text, and `convert --param-names` names them in
// text converted from JSON.
// RUN: %ruchycc -O0 -g -Wno-c23-extensions %s -o %t0
// RUN: %ruchycc -O2 -g -Wno-c23-extensions %s -o %t2
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/0.txt RUCHY_TRACE_PARAM_NAMES=1 %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=NAMED --input-file=%t.dir/0.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/2.txt RUCHY_TRACE_PARAM_NAMES=1 %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=NAMED --input-file=%t.dir/2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/plain.txt %t2 > /dev/null
// RUN: FileCheck --check-prefix=PLAIN --input-file=%t.dir/plain.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t.dir/2.json %s
// RUN: %check-trace json %t.dir/2.json > /dev/null
// RUN: %ruchytrace validate %t.dir/2.json
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/2.chrome RUCHY_TRACE_FORMAT=chrome %t2 > /dev/null
// RUN: FileCheck --check-prefix=CHROME --input-file=%t.dir/2.chrome %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/2.pftrace %t2 > /dev/null
// RUN: %python %S/../Inputs/pftrace_dump.py %t.dir/2.pftrace --params | FileCheck --check-prefix=PERFETTO %s
// RUN: %ruchytrace convert --to perfetto %t.dir/2.json -o %t.dir/conv.pftrace
// RUN: %python %S/../Inputs/pftrace_dump.py %t.dir/conv.pftrace --params | FileCheck --check-prefix=PERFETTO %s
// RUN: %ruchytrace convert --to text --param-names %t.dir/2.json | FileCheck --check-prefix=NAMED %s
// RUN: %ruchytrace convert --to text %t.dir/2.json | FileCheck --check-prefix=PLAIN %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/2.rtrace RUCHY_TRACE_PARAM_NAMES=1 %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t.dir/2.rtrace | FileCheck --check-prefix=NAMED %s
// RUN: %ruchytrace convert --to ndjson %t.dir/2.rtrace | FileCheck --check-prefix=JSON %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/bad.txt RUCHY_TRACE_PARAM_NAMES=maybe %t2 2>&1 >/dev/null | FileCheck --check-prefix=BAD %s
// RUN: FileCheck --check-prefix=PLAIN --input-file=%t.dir/bad.txt %s
// No debug info: no names anywhere.
// RUN: %ruchycc -O1 -g0 -Wno-c23-extensions %s -o %tn
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/n.json %tn > /dev/null
// RUN: not grep -q '"param"' %t.dir/n.json
// RUN: grep -q '"function_enter", "name": "scale"' %t.dir/n.json
#include <stdio.h>

struct point {
  int x, y;
};

__attribute__((noinline)) long fib(long n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
__attribute__((noinline)) int second(int, int kept) { return kept; }
__attribute__((noinline)) double scale(struct point p, const char *label,
                                       double *factor) {
  return (p.x + p.y) * *factor + label[0];
}

int main(void) {
  struct point p = {1, 2};
  double f = 2.0;
  printf("%ld %d %g\n", fib(3), second(7, 8), scale(p, "a", &f));
  return 0;
}
// OUT: 2 8 103

// NAMED: -> fib(long n=3)
// NAMED: -> second(int=7, int kept=8)
// NAMED: -> scale(struct point p={x: 1, y: 2}, const char *label="a", double *factor=0x{{[0-9a-f]+}})

// PLAIN: -> fib(long=3)
// PLAIN: -> second(int=7, int=8)
// PLAIN: -> scale(struct point={x: 1, y: 2}, const char *="a", double *=

// JSON: "name": "fib", "args": [{"type_info": {"name": "long", "fields": null}, "value": 3, "param": "n"}]
// JSON: "name": "fib", "return_value": {"type_info": {"name": "long", "fields": null}, "value": 2}, "duration_ns"
// JSON: "name": "second", "args": [{"type_info": {"name": "int", "fields": null}, "value": 7}, {"type_info": {"name": "int", "fields": null}, "value": 8, "param": "kept"}]
// JSON: "name": "scale", "args": [{{.*}}"value": {"x": 1, "y": 2}, "param": "p"}, {{.*}}"value": "a", "param": "label"}, {{.*}}"kinds": "t", "param": "factor"}]

// CHROME: "name": "second"{{.*}}"args": {"arg0": {"type": "int", "value": 7}, "arg1": {"type": "int", "param": "kept", "value": 8}

// PERFETTO: B tid={{[0-9]+}} second arg0=int:int(7) arg1=kept:int:int(8)

// BAD: RUCHY_TRACE_PARAM_NAMES='maybe' is not one of
