// `ruchytrace attach` on a program that runs with no RUCHY_TRACE_* variable
// set: traces with each option are valid and hold only the functions asked
// for, sampled 1 in N exactly per thread; snapshots, Ctrl-C and the
// program's exit all write the trace; another user, bad requests and
// RUCHY_TRACE_CONTROL=off are refused; the program's output and exit status
// never change, and it keeps no thread or socket of ours. Each session's
// trace starts when it does; a snapshot shows what is being recorded (a
// process back off refuses; during a session, the session's); mistakes
// get one line before anything changes, and a killed command leaves no
// file. A program started with tracing on keeps its own trace, with a note
// on the session's calls, and a crash while attached writes the session's
// trace and ends the program as the crash would.
// RUN: %ruchycc -O2 %s -o %t -lpthread
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %python %S/../Inputs/attach_check.py %ruchytrace %t %t.d | FileCheck %s
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
static volatile int stop;
static volatile sig_atomic_t urgs;
volatile long sink;

NOINLINE long compute(long i) { return i * 3 + 1; }
NOINLINE long handle_request(long seq) { return compute(seq) + seq; }

NOINLINE void *worker(void *arg) {
  (void)arg;
  for (long seq = 0; !stop; ++seq) {
    sink += handle_request(seq);
    if (seq % 64 == 0)
      usleep(100);
  }
  return NULL;
}

static void on_urg(int sig) {
  (void)sig;
  urgs++;
}

// Runs two workers until its standard input ends.
__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  int own = argc > 1 && !strcmp(argv[1], "own-urg");
  if (own)
    signal(SIGURG, on_urg);
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], NULL, worker, NULL);
  printf("ready\n");
  fflush(stdout);
  char buf[64];
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0)
    if (buf[0] == 'c')
      abort(); // a crash while attached

  stop = 1;
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], NULL);
  if (own)
    printf("urg %d\n", (int)urgs);
  printf("done\n");
  return 3;
}
// CHECK: before threads=3 sockets=0
// CHECK-NEXT: all rc=0 valid=0 names=compute,handle_request
// CHECK-NEXT: all in time: True
// CHECK-NEXT: sampled rc=0 valid=0 names=handle_request threads=2 steps=[10] rate=10
// CHECK-NEXT: sampled in time: True
// CHECK-NEXT: snapshot off: (1, 'ruchytrace: attach: process {{[0-9]+}}: refused: tracing is off in this process: nothing is being recorded to snapshot (attach without --snapshot to trace it)')
// CHECK-NEXT: session snapshot rc=0 sample_rate=1 events=0 dropped=0 session's start: True
// CHECK-NEXT: xml: (2, "ruchytrace: attach: --format 'xml' is not a format (the formats are json, text, ndjson, chrome, rtrace or perfetto)")
// CHECK-NEXT: nomatch: (1, "ruchytrace: attach: process {{[0-9]+}}: --filter pattern 'nosuch_*' matches no instrumented function in the process: nothing traced, nothing changed")
// CHECK-NEXT: dir: (1, "ruchytrace: attach: cannot write the trace to '{{.*}}/': it is a directory (-o takes a file name)")
// CHECK-NEXT: nodir: (1, "ruchytrace: attach: cannot write the trace to '{{.*}}/none/t.json': directory '{{.*}}/none' does not exist")
// CHECK-NEXT: empty -o: (2, "ruchytrace: attach: -o takes a file name, or - for standard output ('ruchytrace attach --help' for usage)")
// CHECK-NEXT: last unknown: (2, "ruchytrace: attach: unknown option '--bogus' ('ruchytrace attach --help' for usage)")
// CHECK-NEXT: two pids: (2, "ruchytrace: attach: one process at a time ('{{[0-9]+}}' is one too many) ('ruchytrace attach --help' for usage)")
// CHECK-NEXT: huge duration: (2, "ruchytrace: attach: --duration takes a time from 1 ms to a year, such as 5 (seconds), 1.5s or 250ms, not '1e99' ('ruchytrace attach --help' for usage)")
// CHECK-NEXT: stdout: rc=0 text=True
// CHECK-NEXT: killed leftovers: []
// CHECK-NEXT: depth rc=0 names=handle_request
// CHECK-NEXT: session: ruchytrace: attach: tracing process {{[0-9]+}}; Ctrl-C detaches
// CHECK-NEXT: snapshot rc=0 valid=0 ruchytrace: attach: process {{[0-9]+}}: snapshot written: {{.*}}snap.json
// CHECK-NEXT: second: (1, 'ruchytrace: attach: process {{[0-9]+}}: another attach session is active')
// CHECK-NEXT: interrupted rc=0 valid=0 ruchytrace: attach: detaching from process {{[0-9]+}}|ruchytrace: attach: process {{[0-9]+}}: trace written: {{.*}}int.json
// CHECK-NEXT: no leftovers: []
// CHECK-NEXT: nobody: (1, 'ruchytrace: attach: permission denied: process {{[0-9]+}} belongs to uid 0 (only its owner and root may attach)')
// CHECK-NEXT: raw other-user: status=1 refused: only root and the process's owner (uid 0) may attach (within 2 s)
// CHECK-NEXT: raw garbage: status=1 refused: a request of another version of RuchyTrace (or not one) (within 2 s)
// CHECK-NEXT: raw short: status=1 refused: an incomplete request (within 2 s)
// CHECK-NEXT: raw format: status=1 refused: an unknown format (the formats are json, text, ndjson, chrome, rtrace or perfetto) (within 2 s)
// CHECK-NEXT: raw unterminated: status=1 refused: a request with a field that does not end (within 2 s)
// CHECK-NEXT: raw sample: status=1 refused: a sampling period that is not a whole number from 1 to 2147483647 (within 2 s)
// CHECK-NEXT: raw filter: status=1 refused: a filter that is not a comma-separated list of glob patterns (at most 64) (within 2 s)
// CHECK-NEXT: raw no-fd: status=1 refused: no descriptor to write the trace into (within 2 s)
// CHECK-NEXT: raw pipe: status=1 refused: a descriptor that is not a regular file (within 2 s)
// CHECK-NEXT: raw silent: status=1 refused: an incomplete request (within 2 s)
// CHECK-NEXT: after rc=0 valid=0
// CHECK-NEXT: after threads=3 sockets=0
// CHECK-NEXT: p1 output=done| status=3
// CHECK-NEXT: off: (1, 'ruchytrace: attach: process {{[0-9]+}} refuses attach (RUCHY_TRACE_CONTROL=off)')
// CHECK-NEXT: raw garbage: no answer
// CHECK-NEXT: p2 output=done| status=3
// CHECK-NEXT: usr2 rc=0 valid=0
// CHECK-NEXT: p3 output=urg 2|done| status=3
// CHECK-NEXT: p4 output=done| status=3
// CHECK-NEXT: exited rc=0 valid=0 ruchytrace: attach: process {{[0-9]+}}: the process exited; trace written: {{.*}}exit.json
// CHECK-NEXT: traced rc=0 valid=0 names=handle_request
// CHECK-NEXT: own snapshot rc=0 sample_rate=1 noted: True
// CHECK-NEXT: p5 output=done| status=3
// CHECK-NEXT: own trace valid=0 has compute and handle_request: True
// CHECK-NEXT: own trace note: from +{{[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]}} s to +{{[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]}} s after start_time: sample_rate 1, filter 'handle_*'
// CHECK-NEXT: kept in text: True
// CHECK-NEXT: p6 output=done| status=3
// CHECK-NEXT: filters rc=0 session=compute stderr=''
// CHECK-NEXT: crashed status=-6 rc=0 valid=0 ruchytrace: attach: process {{[0-9]+}}: the process crashed; trace written: {{.*}}crash.json
