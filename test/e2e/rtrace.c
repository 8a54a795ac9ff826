// The .rtrace format (rt/rt_rtrace.h): chosen by the output's extension or
// RUCHY_TRACE_FORMAT, written whole at exit in ring mode and during the run
// in stream mode, read back by the tool's convert, report and validate.
// RUN: %ruchycc -O2 %s -o %t
// Ring mode, by the extension: the same events as the JSON the runtime
// writes for the same program.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/ring.rtrace %t 5 > %t.d/out 2> %t.d/err
// RUN: count 0 < %t.d/err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.d/out %s
// RUN: %ruchytrace validate %t.d/ring.rtrace | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace convert --to text %t.d/ring.rtrace | FileCheck --check-prefix=TEXT %s
// RUN: %ruchytrace convert --to json %t.d/ring.rtrace -o %t.d/ring.json
// RUN: %check-trace json %t.d/ring.json | FileCheck --check-prefix=TREE %s
// RUN: %ruchytrace report %t.d/ring.rtrace | FileCheck --check-prefix=REPORT %s
// By RUCHY_TRACE_FORMAT, whatever the name; binary never goes to stderr.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/named.bin RUCHY_TRACE_FORMAT=rtrace %t 5 > /dev/null
// RUN: %ruchytrace validate %t.d/named.bin | FileCheck --check-prefix=VALID %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FORMAT=rtrace %t 2 2>&1 >/dev/null | FileCheck --check-prefix=STDERR %s
// Nor on the program's own stdout (a private symlink to /proc/self/fd/1,
// as /dev/stdout is): text there, and one line saying so.
// RUN: ln -sf /proc/self/fd/1 %t.d/stdout
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/stdout RUCHY_TRACE_FORMAT=rtrace %t 2 > %t.d/own.out 2> %t.d/own.err
// RUN: FileCheck --check-prefix=OWN --input-file=%t.d/own.out %s
// RUN: FileCheck --check-prefix=OWN-ERR --input-file=%t.d/own.err %s
// Stream mode, killed by SIGKILL in the middle of fib(20): the file under
// its temporary name holds every whole chunk the spiller wrote (it had
// 0.2 s to write them), and reads as a trace whose open frames are
// unfinished.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/killed.rtrace RUCHY_TRACE_MODE=stream not --crash %t 20 kill > %t.d/out 2> %t.d/killed.us
// RUN: not test -e %t.d/killed.rtrace
// RUN: mv %t.d/killed.rtrace.tmp.* %t.d/prefix.rtrace
// RUN: %ruchytrace convert --to text %t.d/prefix.rtrace -o %t.d/prefix.txt 2> %t.d/err
// RUN: FileCheck --check-prefix=PREFIX-ERR --input-file=%t.d/err %s
// RUN: tail -n 3 %t.d/prefix.txt | FileCheck --check-prefix=PREFIX %s
// validate says the file is not whole; the timestamps of the prefix come
// from the CLOCK chunks the spiller wrote during the run (the first after
// 1 ms): the same as those of the whole file would be, to the microsecond.
// RUN: not %ruchytrace validate %t.d/prefix.rtrace 2>&1 | FileCheck --check-prefix=PREFIX-VALID %s
// RUN: %python %S/../Inputs/durations_sane.py %t.d/prefix.txt %t.d/killed.us
// Data after END (two traces in one file) is refused, not half read.
// RUN: cat %t.d/ring.rtrace %t.d/ring.rtrace > %t.d/twice.rtrace
// RUN: not %ruchytrace convert --to text %t.d/twice.rtrace 2>&1 | FileCheck --check-prefix=TWICE %s
// Stream mode to the end.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/stream.rtrace RUCHY_TRACE_MODE=stream %t 5 > /dev/null
// RUN: %ruchytrace convert --to text %t.d/stream.rtrace | FileCheck --check-prefix=TEXT %s
// Damaged files get one line each and exit status 1, and leave no output.
// RUN: printf 'not a trace at all' > %t.d/junk.rtrace
// RUN: not %ruchytrace convert --to json %t.d/junk.rtrace -o %t.d/junk.json 2>&1 | FileCheck --check-prefix=JUNK %s
// RUN: not test -e %t.d/junk.json
// RUN: head -c 20 %t.d/ring.rtrace > %t.d/short.rtrace
// RUN: not %ruchytrace convert --to text %t.d/short.rtrace 2>&1 | FileCheck --check-prefix=SHORT %s
// RUN: %python -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[8] = 99; open(sys.argv[2], 'wb').write(b)" %t.d/ring.rtrace %t.d/version.rtrace
// RUN: not %ruchytrace convert --to text %t.d/version.rtrace 2>&1 | FileCheck --check-prefix=VERSION %s
// An IMAGE chunk whose type table claims more than the chunk holds.
// RUN: %python %S/../Inputs/rtrace_damage.py image %t.d/ring.rtrace %t.d/image.rtrace
// RUN: not %ruchytrace convert --to text %t.d/image.rtrace 2>&1 | FileCheck --check-prefix=IMAGE %s
// RUN: not %ruchytrace validate %t.d/image.rtrace 2>&1 | FileCheck --check-prefix=IMAGE %s
// Packed records that do not add up to what their chunk says.
// RUN: %python %S/../Inputs/rtrace_damage.py packed %t.d/stream.rtrace %t.d/packed.rtrace
// RUN: not %ruchytrace convert --to text %t.d/packed.rtrace 2>&1 | FileCheck --check-prefix=PACKED %s
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int kill_at = -1;
static long calls;
static struct timespec started;

struct point {
  int x, y;
  const char *label;
};

long fib(long n) {
  if (++calls == kill_at) {
    /* How long the traced calls took by the program's own clock, for the
     * check of the prefix's timeline. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    fprintf(stderr, "%ld\n",
            (long)((now.tv_sec - started.tv_sec) * 1000000 +
                   (now.tv_nsec - started.tv_nsec) / 1000));
    usleep(200000); /* the spiller writes what was recorded so far */
    raise(SIGKILL);
  }
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int norm(const struct point *p) { return p->x * p->x + p->y * p->y; }

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 5;
  clock_gettime(CLOCK_MONOTONIC, &started);
  if (argc > 2 && !strcmp(argv[2], "kill"))
    kill_at = 12000; /* fib(20) makes 21891 calls */
  struct point p = {3, 4, "here"};
  printf("fib(%ld) = %ld, norm = %d\n", n, fib(n), norm(&p));
  return 0;
}
// OUT: fib(5) = 5, norm = 25
// VALID: valid, 32 events, 1 threads, 0 dropped
// TEXT: -> fib(long=5) <{{.*}}rtrace.c:{{[0-9]+}}:6>
// TEXT: <- fib() = 5
// TEXT: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 3, y: 4, label: "here"})
// TEXT: <- norm() = 25
// TREE: summary events=32 enter=16 exit=16 threads=1 dropped=0
// TREE: fib(long=5) = 5
// REPORT-DAG: 15 {{[0-9.]+ [0-9.]+ [0-9.]+}} fib
// REPORT-DAG: 1 {{[0-9.]+ [0-9.]+ [0-9.]+}} norm
// STDERR: ruchytrace: RUCHY_TRACE_FORMAT=rtrace is a binary file format and needs RUCHY_TRACE_OUTPUT; writing text to stderr
// STDERR: -> fib(long=2)
// PREFIX-ERR: prefix.rtrace ends before its END chunk (the process was killed?): frames still open are shown unfinished
// PREFIX: <- fib() = <unfinished>
// PREFIX: <- fib() = <unfinished>
// PREFIX: <- fib() = <unfinished>
// PREFIX-VALID: prefix.rtrace: ends before its END chunk: the process was killed, or the file was cut short (convert and report still read it)
// OWN-DAG: fib(2) = 1, norm = 25
// OWN-DAG: -> fib(long=2)
// OWN-ERR: ruchytrace: RUCHY_TRACE_FORMAT is a binary file format; the program's own output gets the trace as text
// TWICE: twice.rtrace: has data after its END chunk (two traces in one file?)
// JUNK: ruchytrace: {{.*}}junk.rtrace: is not a .rtrace file
// SHORT: short.rtrace: not a .rtrace file (too short)
// VERSION: version.rtrace: a .rtrace file of another format version
// IMAGE: image.rtrace: {{.*}}a corrupt IMAGE chunk
// PACKED: packed.rtrace: {{.*}}a corrupt PACKED chunk
