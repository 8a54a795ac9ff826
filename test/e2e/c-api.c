// The C API: hand-declared functions with typed values, init with a
// configuration, per-thread stats, drain, format, finalize — compiled
// without the plugin, linked with the runtime only.
// RUN: %clang -O1 -I%S/../../include %s -L%build -Wl,-rpath,%build -lruchytrace_rt -o %t
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: %check-trace json %t.d/final.json | FileCheck --check-prefix=FINAL %s
// RUN: %python -c "import json,sys; d=json.load(open('%t.d/drained.json')); print(len(d), d[0]['name'], d[0]['args'][0]['value'])" | FileCheck --check-prefix=DRAINED %s
// RUN: FileCheck --check-prefix=ERR --input-file=%t.err %s
#include <ruchytrace/ruchytrace.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  ruchy_trace_config cfg = {.enabled = 1, .output = "final.json"};
  if (ruchy_trace_init(&cfg) != 0)
    return 1;
  static const ruchy_trace_kind add_params[] = {RUCHY_TRACE_I64, RUCHY_TRACE_I64};
  ruchy_trace_function *add =
      ruchy_trace_declare("add", "calc.ruchy", 5, 1, 2, add_params, RUCHY_TRACE_I64);
  static const ruchy_trace_kind greet_params[] = {RUCHY_TRACE_STR, RUCHY_TRACE_F64,
                                                  RUCHY_TRACE_BOOL};
  ruchy_trace_function *greet = ruchy_trace_declare(
      "greet", "calc.ruchy", 9, 1, 3, greet_params, RUCHY_TRACE_VOID);

  ruchy_trace_value a[2] = {ruchy_trace_i64(10), ruchy_trace_i64(20)};
  uint64_t t = ruchy_trace_enter_event(add, a);
  ruchy_trace_value r = ruchy_trace_i64(30);
  ruchy_trace_exit_event(add, t, &r);

  uint64_t count, dropped;
  ruchy_trace_thread_stats(&count, &dropped);
  printf("stats %llu %llu\n", (unsigned long long)count, (unsigned long long)dropped);

  // Drain this thread's events into a JSON array; the buffer is then empty.
  FILE *f = fopen("drained.json", "w");
  printf("drained %ld\n", ruchy_trace_drain(f, 1));
  fclose(f);
  ruchy_trace_thread_stats(&count, &dropped);
  printf("after drain %llu\n", (unsigned long long)count);

  ruchy_trace_value g[3] = {ruchy_trace_str("Alice"), ruchy_trace_f64(0.5),
                            ruchy_trace_bool(1)};
  t = ruchy_trace_enter_event(greet, g);
  ruchy_trace_exit_event(greet, t, NULL);

  char small[8], big[4096];
  long need = ruchy_trace_format(small, sizeof small);
  long got = ruchy_trace_format(big, sizeof big);
  // Each call formats the trace as of that moment: the stats' duration
  // may gain a digit between the two calls (10 ms crossed under load).
  printf("format %d %d %d\n", need > (long)sizeof small,
         got >= need && got <= need + 2,
         got > 0 && strstr(big, "\"greet\"") != NULL);

  // Bad declarations and configuration: NULL / -1 and one message.
  static const ruchy_trace_kind bad[] = {(ruchy_trace_kind)42};
  printf("bad %d", ruchy_trace_declare("x", 0, 0, 0, 1, bad, RUCHY_TRACE_VOID) == NULL);
  ruchy_trace_config wrong = {.format = "xml"};
  printf(" %d\n", ruchy_trace_init(&wrong));
  ruchy_trace_finalize(); // writes final.json now
  return 0;
}
// OUT: stats 2 0
// OUT-NEXT: drained 2
// OUT-NEXT: after drain 0
// OUT-NEXT: format 1 1 1
// OUT-NEXT: bad 1 -1
// DRAINED: 2 add {{[0-9]+}}
// FINAL: summary events=2 enter=1 exit=1 threads=1 dropped=0
// FINAL: greet(&str="Alice", f64=0.5, bool=true) <calc.ruchy:9:1>
// ERR: ruchytrace: ruchy_trace_init: format 'xml' is not json, text, ndjson, chrome, rtrace or perfetto
