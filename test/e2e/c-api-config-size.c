// The C API's configuration carries its size, so that the struct can grow:
// a program built with an older header passes fewer fields (the rest keep
// the environment's settings), one built with a newer header may pass
// fields this runtime does not know, which it accepts only when they are
// zero, and the unsized ruchy_trace_init symbol (programs built before the
// size was passed) reads the first release's six fields.
// RUN: %clang -O1 -I%S/../../include %s -L%build -Wl,-rpath,%build -lruchytrace_rt -o %t
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: env -u RUCHY_TRACE_OUTPUT %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=ERR --input-file=%t.err %s
// RUN: %check-trace json %t.d/sized.json | FileCheck --check-prefix=TRACE %s
#include <ruchytrace/ruchytrace.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

// What a newer header's struct could look like: this one's fields, then
// one more.
typedef struct newer_config {
  ruchy_trace_config known;
  int64_t added_later;
} newer_config;

int main(void) {
  // Too small to be any release's configuration.
  ruchy_trace_config cfg = {.enabled = 1, .output = "never.json"};
  printf("small %d\n", ruchy_trace_init_sized(&cfg, sizeof(int)));

  // A newer program setting a field this runtime lacks: refused, and the
  // output stays what it was.
  newer_config newer = {{.enabled = 1, .output = "newer.json"}, 7};
  printf("unknown set %d\n", ruchy_trace_init_sized(&newer.known, sizeof newer));

  // The same with the new field left zero: accepted.
  newer.added_later = 0;
  newer.known.output = "sized.json";
  printf("unknown zero %d\n", ruchy_trace_init_sized(&newer.known, sizeof newer));

  // The unsized symbol, as a program built before the size was passed
  // calls it (the parentheses bypass the header's macro).
  ruchy_trace_config old = {.sample = -1};
  printf("old bad %d\n", (ruchy_trace_init)(&old));
  old.sample = 1;
  printf("old ok %d\n", (ruchy_trace_init)(&old));

  static const ruchy_trace_kind params[] = {RUCHY_TRACE_I64};
  ruchy_trace_function *sq =
      ruchy_trace_declare("square", "cfg.c", 3, 1, 1, params, RUCHY_TRACE_I64);
  ruchy_trace_value a = ruchy_trace_i64(9), r = ruchy_trace_i64(81);
  ruchy_trace_exit_event(sq, ruchy_trace_enter_event(sq, &a), &r);
  ruchy_trace_finalize();
  FILE *f = fopen("newer.json", "r");
  printf("newer.json %s\n", f ? "written" : "absent");
  return 0;
}
// OUT: small -1
// OUT-NEXT: unknown set -1
// OUT-NEXT: unknown zero 0
// OUT-NEXT: old bad -1
// OUT-NEXT: old ok 0
// OUT-NEXT: newer.json absent
// ERR: ruchytrace: ruchy_trace_init: the configuration is smaller than any release's (pass sizeof(ruchy_trace_config))
// ERR-NEXT: ruchytrace: ruchy_trace_init: the configuration sets options this runtime does not know; link the program with the libruchytrace_rt of the header it was built with
// ERR-NEXT: ruchytrace: ruchy_trace_init: sample must be positive
// ERR-NOT: ruchytrace
// TRACE: summary events=2 enter=1 exit=1 threads=1 dropped=0
// TRACE: square(i64=9) = 81 <cfg.c:3:1>
