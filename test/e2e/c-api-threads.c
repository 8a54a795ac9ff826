// The C API's format and drain from several threads at once, while those
// threads record: the output buffers exist once, so writers take turns
// (rt_output_claim). Built with the runtime's sources under TSan, which
// reported the shared buffers' race before, and run as shipped.
// RUN: %clang -O1 -g -fsanitize=thread -I%S/../../include -I%S/../../rt %s %S/../../rt/*.c -ldl -pthread -o %t.tsan
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: env TSAN_OPTIONS=halt_on_error=1 RUCHY_TRACE_OUTPUT=%t.d/tsan.json %t.tsan > %t.out 2> %t.err
// RUN: FileCheck --input-file=%t.out %s
// RUN: count 0 < %t.err
// RUN: %check-trace json %t.d/tsan.json | FileCheck --check-prefix=FINAL %s
// RUN: %clang -O1 -I%S/../../include %s -L%build -Wl,-rpath,%build -lruchytrace_rt -pthread -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/plain.json %t > %t.out 2> %t.err
// RUN: FileCheck --input-file=%t.out %s
// RUN: count 0 < %t.err
#include <pthread.h>
#include <ruchytrace/ruchytrace.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 20

static ruchy_trace_function *step;
static int bad;

static void *worker(void *arg) {
  long id = (long)arg;
  static char bufs[THREADS][1 << 16];
  char *buf = bufs[id];
  char name[64];
  snprintf(name, sizeof name, "drain-%ld.json", id);
  for (int r = 0; r < ROUNDS; ++r) {
    for (int i = 0; i < 50; ++i) {
      ruchy_trace_value a = ruchy_trace_i64(id * 1000 + i);
      ruchy_trace_exit_event(step, ruchy_trace_enter_event(step, &a), &a);
    }
    long n = ruchy_trace_format(buf, sizeof buf);
    // A trace too big for the buffer reports its size; either way it is
    // a whole document.
    if (n < 0 || (n <= (long)sizeof buf && (n < 2 || buf[0] != '{')))
      __atomic_store_n(&bad, 1, __ATOMIC_RELAXED);
    if (r % 5 == 4) {
      FILE *f = fopen(name, "w");
      if (!f || ruchy_trace_drain(f, 1) < 0)
        __atomic_store_n(&bad, 1, __ATOMIC_RELAXED);
      if (f)
        fclose(f);
    }
  }
  return NULL;
}

int main(void) {
  static const ruchy_trace_kind params[] = {RUCHY_TRACE_I64};
  step = ruchy_trace_declare("step", "threads.c", 1, 1, 1, params,
                             RUCHY_TRACE_I64);
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; ++i)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < THREADS; ++i)
    pthread_join(t[i], NULL);
  printf("formats and drains %s\n", bad ? "failed" : "ok");
  return 0;
}
// CHECK: formats and drains ok
// FINAL: summary events={{[0-9]+}} enter={{[0-9]+}} exit={{[0-9]+}} threads={{[0-9]+}} dropped=0
