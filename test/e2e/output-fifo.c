// A FIFO as the trace output: opened and written to, never replaced; its
// reader gets whole documents (the final trace, snapshots, a forked child's
// trace), a reader that goes away costs a message, not SIGPIPE, and with no
// reader at all the program's exit waits 5 seconds at most.
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d && mkfifo %t.d/fifo
//
// A reader started next to the program, as a user would: `cat fifo &`
// (timeout: a broken writer that replaces the FIFO must not hang the test).
// RUN: sh -c 'timeout 30 cat %t.d/fifo > %t.got & RUCHY_TRACE_OUTPUT=%t.d/fifo %t > %t.out; echo "exit $?" >> %t.out; wait'
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: %check-trace json %t.got | FileCheck --check-prefix=ONE %s
// RUN: stat -c %%F %t.d/fifo | FileCheck --check-prefix=FIFO %s
// RUN: ls %t.d | FileCheck --check-prefix=ONLY-FIFO %s
// ONE: summary events=2 enter=1 exit=1
// ONE: work(int=7) = 14
// FIFO: {{^fifo$}}
// ONLY-FIFO: {{^fifo$}}
// ONLY-FIFO-NOT: {{.}}
//
// A snapshot goes into the FIFO before the final trace, not to a
// "fifo.snapshot-1" beside it.
// RUN: rm -f %t.doc.*
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/fifo RUCHY_TRACE_SNAPSHOT_SIGNAL=USR2 %python %S/../Inputs/stream_read.py fifo %t.d/fifo %t.doc %t snapshot > %t.out
// RUN: FileCheck --check-prefix=TWO --input-file=%t.out %s
// RUN: %check-trace json %t.doc.1.json | FileCheck --check-prefix=SNAP %s
// RUN: %check-trace json %t.doc.2.json | FileCheck --check-prefix=FINAL %s
// RUN: ls %t.d | FileCheck --check-prefix=ONLY-FIFO %s
// TWO: exit 3
// TWO-NEXT: documents 2
// SNAP: summary events=4 enter=2 exit=2
// SNAP: checkpoint() = <unfinished>
// FINAL: summary events=6 enter=3 exit=3
//
// Forked children write their own documents into the same FIFO, at the
// same time as the parent: each document is whole, never mixed with
// another (each is far larger than what a pipe takes in one write). The
// FIFO is held open from the start, so the reader still gets the parent's
// trace after the children have exited.
// RUN: rm -f %t.doc.*
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/fifo %python %S/../Inputs/stream_read.py fifo %t.d/fifo %t.doc %t fork > %t.out
// RUN: FileCheck --check-prefix=FOUR --input-file=%t.out %s
// RUN: %check-trace json %t.doc.1.json > %t.trees
// RUN: %check-trace json %t.doc.2.json >> %t.trees
// RUN: %check-trace json %t.doc.3.json >> %t.trees
// RUN: %check-trace json %t.doc.4.json >> %t.trees
// RUN: grep -c "^in_child(long=144) = 145" %t.trees | FileCheck --check-prefix=THREE %s
// RUN: grep -c "^work(int=7) = 14" %t.trees | FileCheck --check-prefix=ONCE %s
// RUN: ls %t.d | FileCheck --check-prefix=ONLY-FIFO %s
// FOUR: exit 3
// FOUR-NEXT: documents 4
// THREE: {{^3$}}
// ONCE: {{^1$}}
//
// The reader stops after 100 bytes: the program is not killed by SIGPIPE
// and keeps its exit status.
// RUN: sh -c 'timeout 30 head -c 100 %t.d/fifo > %t.got & RUCHY_TRACE_OUTPUT=%t.d/fifo %t big > %t.out 2> %t.err; echo "exit $?" >> %t.out; wait'
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=GONE --input-file=%t.err %s
// RUN: stat -c %%F %t.d/fifo | FileCheck --check-prefix=FIFO %s
// GONE: ruchytrace: writing the trace to '{{.*}}fifo' failed: its reader went away; the trace there is incomplete
//
// Nobody reads: a bounded wait, one message, the FIFO kept.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/fifo not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=NOREADER --input-file=%t.err %s
// RUN: stat -c %%F %t.d/fifo | FileCheck --check-prefix=FIFO %s
// RUN: ls %t.d | FileCheck --check-prefix=ONLY-FIFO %s
// NOREADER: ruchytrace: the trace output '{{.*}}fifo' is a FIFO that nobody opened for reading within 5 seconds; no trace written
// NOREADER-NOT: {{.}}
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
NOINLINE int work(int x) { return 2 * x; }
NOINLINE void checkpoint(void) { raise(SIGUSR2); }
NOINLINE long in_child(long x) { return x + 1; }
NOINLINE long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  printf("result %d\n", work(7));
  fflush(stdout);
  if (!strcmp(what, "snapshot")) {
    checkpoint();
    work(8);
  } else if (!strcmp(what, "fork")) {
    for (int i = 0; i < 3; ++i)
      if (fork() == 0) {
        in_child(fib(12));
        return 0;
      }
    fib(12);
    while (wait(NULL) > 0)
      ;
  } else if (!strcmp(what, "big")) {
    fib(20); /* megabytes of trace: far more than the reader takes */
  }
  return 3;
}
// OUT: {{^result 14$}}
// OUT-NEXT: {{^exit 3$}}
