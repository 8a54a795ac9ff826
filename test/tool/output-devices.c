// The tool's -o, like the runtime's output (test/e2e/output-devices.c): a
// path that is not a regular file is written into like a shell's `>`, and
// a failed write never removes it (as root, `convert -o /dev/full` used to
// delete the device node, and the next run made a regular file of it).
// Private nodes only, never /dev's.
// REQUIRES: mknod
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d && mknod %t.d/full c 1 7 && mknod %t.d/null c 1 3
// RUN: env RUCHY_TRACE_OUTPUT=%t.rtrace RUCHY_TRACE_MODE=stream %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
//
// A .rtrace converted by the runtime's writers, a JSON trace by the
// tool's, and an analysis's output.
// RUN: not %ruchytrace convert --to json %t.rtrace -o %t.d/full 2> %t.err
// RUN: FileCheck --check-prefix=RTRACE --input-file=%t.err %s
// RTRACE: ruchytrace: writing the output: No space left on device
// RTRACE-NOT: {{.}}
// RUN: not %ruchytrace convert --to text %t.json -o %t.d/full 2> %t.err
// RUN: FileCheck --check-prefix=JSON --input-file=%t.err %s
// JSON: ruchytrace: {{.*}}.json: writing the output failed: No space left on device
// JSON-NOT: {{.}}
// RUN: not %ruchytrace flame %t.json -o %t.d/full 2> %t.err
// RUN: FileCheck --check-prefix=FLAME --input-file=%t.err %s
// FLAME: ruchytrace: writing '{{.*}}full' failed: No space left on device
// RUN: stat -c %%F %t.d/full | FileCheck --check-prefix=CHR %s
// CHR: {{^character special file$}}
//
// Into a null device: it works, and the node stays what it was.
// RUN: %ruchytrace convert --to ndjson %t.rtrace -o %t.d/null
// RUN: %ruchytrace convert --to chrome %t.json -o %t.d/null
// RUN: stat -c %%F %t.d/null | FileCheck --check-prefix=CHR %s
// RUN: ls %t.d | FileCheck --check-prefix=NODES %s
// NODES: {{^full$}}
// NODES-NEXT: {{^null$}}
// NODES-NOT: {{.}}
//
// A large conversion (many buffers) gives the same bytes whether it is
// written to a file or to a pipe.
// RUN: env RUCHY_TRACE_OUTPUT=%t.big.rtrace RUCHY_TRACE_MODE=stream %t 20000
// RUN: %ruchytrace convert --to json %t.big.rtrace -o %t.big.json
// RUN: %ruchytrace convert --to json %t.big.rtrace | cmp - %t.big.json
// RUN: %python -c "import json, sys; d = json.load(open(sys.argv[1])); print(len(d['events']))" %t.big.json | FileCheck --check-prefix=BIG %s
// BIG: {{^40004$}}
#include <stdlib.h>

static long work(long i, const char *tag) { return i * 3 + (tag[0] == 'x'); }
static long loop(long n) {
  long s = 0;
  for (long i = 0; i < n; ++i)
    s += work(i, "xyz");
  return s;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 3;
  return loop(n) == 0 ? 1 : 0;
}
