// RUCHY_TRACE_MODE=stream never drops: rings are spilled to files by a
// background thread and the final trace holds every event, even with a
// ring far too small for the run, from several threads.
// RUN: %ruchycc -O2 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_MODE=stream RUCHY_TRACE_BUFFER=64 %t 20000 2> %t.err
// RUN: count 0 < %t.err
// RUN: %check-trace json %t.json | FileCheck --check-prefix=SMALL %s
// RUN: %python %S/../Inputs/per_thread_stream.py %t.json 20000
// The same into a .rtrace file, written by the spiller during the run.
// RUN: env RUCHY_TRACE_OUTPUT=%t.rtrace RUCHY_TRACE_MODE=stream RUCHY_TRACE_BUFFER=64 %t 20000 2> %t.err
// RUN: count 0 < %t.err
// RUN: %ruchytrace convert --to json %t.rtrace -o %t.rtrace.json
// RUN: %check-trace json %t.rtrace.json | FileCheck --check-prefix=SMALL %s
// RUN: %python %S/../Inputs/per_thread_stream.py %t.rtrace.json 20000
// Ten million events (text, to keep the file small), none dropped.
// RUN: env RUCHY_TRACE_OUTPUT=%t.txt RUCHY_TRACE_MODE=stream %t 1250000 2> %t.err
// RUN: count 0 < %t.err
// RUN: wc -l < %t.txt | FileCheck --check-prefix=TEN %s
// RUN: tail -n 1 %t.txt | FileCheck --check-prefix=LAST %s
// RUN: rm -f %t.txt
// The same run in ring mode keeps only the newest events per thread.
// RUN: env RUCHY_TRACE_OUTPUT=%t.ring.json RUCHY_TRACE_BUFFER=64 %t 20000 2> %t.err
// RUN: count 0 < %t.err
// RUN: %check-trace json %t.ring.json --allow-orphan-exits | FileCheck --check-prefix=RING %s
// RUN: env RUCHY_TRACE_MODE=tape RUCHY_TRACE=1 %t 1 2>&1 >/dev/null | FileCheck --check-prefix=BAD %s
#include <pthread.h>
#include <stdlib.h>

__attribute__((noinline)) long step(long k, long i) { return k + i; }

static long calls;
static void *worker(void *arg) {
  long k = (long)arg, s = 0;
  for (long i = 0; i < calls; ++i)
    s += step(k, i);
  return (void *)s;
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  calls = argc > 1 ? atol(argv[1]) : 1000;
  pthread_t t[4];
  for (long k = 0; k < 4; ++k)
    pthread_create(&t[k], 0, worker, (void *)k);
  for (int k = 0; k < 4; ++k)
    pthread_join(t[k], 0);
  return 0;
}
// SMALL: summary events=160008 enter=80004 exit=80004 threads=4 dropped=0
// 4 threads x (1 + 1250000) calls x 2 events
// TEN: {{^10000008$}}
// LAST: <- worker() = 0x
// RING: summary events={{[0-9]+}} enter={{[0-9]+}} exit={{[0-9]+}} threads=4 dropped={{[1-9][0-9]*}}
// BAD: ruchytrace: RUCHY_TRACE_MODE='tape' is not ring or stream
