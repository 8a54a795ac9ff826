// Bad run-time configuration: one clear message naming the variable, a safe
// default or tracing off, and the program's stdout and exit status unchanged.
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
//
// RUN: env RUCHY_TRACE=maybe not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=BADBOOL --input-file=%t.err %s
// BADBOOL: ruchytrace: RUCHY_TRACE='maybe' is not one of 1/0/true/false/yes/no/on/off; tracing is off
// BADBOOL-NOT: {{.}}
//
// RUN: env RUCHY_TRACE=0 RUCHY_TRACE_OUTPUT=%t.d/never.json not %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: not ls %t.d/never.json
//
// RUN: env RUCHY_TRACE=ON RUCHY_TRACE_SAMPLE=abc RUCHY_TRACE_BUFFER=-5 RUCHY_TRACE_FORMAT=xml not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=BADNUM --input-file=%t.err %s
// BADNUM: ruchytrace: RUCHY_TRACE_FORMAT='xml' is not json, text, ndjson, chrome, rtrace or perfetto; keeping the default for the output
// BADNUM: ruchytrace: RUCHY_TRACE_SAMPLE='abc' is not a whole number from 1 to 2147483647; recording every call
// BADNUM: ruchytrace: RUCHY_TRACE_BUFFER='-5' is not a whole number of events from 1 to 67108864; using 10000
// BADNUM: -> work(int=7)
// BADNUM: <- work() = 14
//
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_SAMPLE=0 RUCHY_TRACE_BUFFER=99999999999999999999999 not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=ZERO --input-file=%t.err %s
// ZERO: RUCHY_TRACE_SAMPLE='0' is not a whole number
// ZERO: RUCHY_TRACE_BUFFER='99999999999999999999999' is not a whole number
// ZERO: -> work(int=7)
//
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_SAMPLE=2147483648 not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=BIG --input-file=%t.err %s
// BIG: RUCHY_TRACE_SAMPLE='2147483648' is not a whole number
//
// Unwritable and missing directories: a message at exit, no file, exit 3.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/missing/dir/t.json not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=NODIR --input-file=%t.err %s
// NODIR: ruchytrace: cannot create the trace file '{{.*}}missing/dir/t.json': its directory does not exist
// NODIR-NOT: {{.}}
//
// A path through a non-directory (a private file: tests never name the
// machine's /dev files as outputs).
// RUN: touch %t.d/plain
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/plain/t.json not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=NOTDIR --input-file=%t.err %s
// NOTDIR: ruchytrace: cannot create the trace file '{{.*}}plain/t.json': cannot open it for writing
//
// An empty output name falls back to stderr; `-` means stderr.
// RUN: env RUCHY_TRACE_OUTPUT= not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=EMPTY --input-file=%t.err %s
// EMPTY: ruchytrace: RUCHY_TRACE_OUTPUT is empty; the trace goes to stderr
// EMPTY: -> work(int=7)
// RUN: env RUCHY_TRACE_OUTPUT=- not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=DASH --input-file=%t.err %s
// DASH-NOT: ruchytrace:
// DASH: -> work(int=7)
//
// %p expands to the pid, %% to %; a planted symlink at the final name is
// replaced, never followed; the file is private (0600).
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/t-%%p-%%%%.json not %t > %t.out
// RUN: ls %t.d | FileCheck --check-prefix=PID %s
// PID: {{^t-[0-9]+-%\.json$}}
// RUN: ln -s %t.d/victim %t.d/link.json
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/link.json not %t > %t.out
// RUN: not ls %t.d/victim
// RUN: %check-trace json %t.d/link.json | FileCheck --check-prefix=TREE %s
// RUN: stat -c %%a %t.d/link.json | FileCheck --check-prefix=MODE %s
// MODE: {{^600$}}
// TREE: work(int=7) = 14
#include <stdio.h>

__attribute__((noinline)) int work(int x) { return 2 * x; }

__attribute__((no_instrument_function)) int main(void) {
  printf("result %d\n", work(7));
  return 3;
}
// OUT: {{^result 14$}}
