// RUCHY_TRACE_BUFFER counts events, whatever their size: with a pointer to
// a large struct followed at every entry (several ring slots each), a
// buffer of N keeps exactly the newest N events and counts the rest as
// dropped, for any N from 1. Stream mode keeps everything; min-duration
// erase still works.
// RUN: %ruchycc -O2 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.100.json RUCHY_TRACE_BUFFER=100 %t
// RUN: %ruchytrace validate %t.100.json | FileCheck --check-prefix=B100 %s
// RUN: %check-trace json %t.100.json | FileCheck --check-prefix=T100 %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.1000.json RUCHY_TRACE_BUFFER=1000 %t
// RUN: %ruchytrace validate %t.1000.json | FileCheck --check-prefix=B1000 %s
// RUN: %check-trace json %t.1000.json | FileCheck --check-prefix=T1000 %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.1.json RUCHY_TRACE_BUFFER=1 %t
// RUN: %ruchytrace validate %t.1.json | FileCheck --check-prefix=B1 %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.s.json RUCHY_TRACE_BUFFER=100 RUCHY_TRACE_MODE=stream %t
// RUN: %ruchytrace validate %t.s.json | FileCheck --check-prefix=STREAM %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.m.json RUCHY_TRACE_BUFFER=100 RUCHY_TRACE_MIN_DURATION=1s %t
// RUN: %ruchytrace validate %t.m.json | FileCheck --check-prefix=ERASED %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.0.json RUCHY_TRACE_BUFFER=0 %t 2>&1 | FileCheck --check-prefix=ZERO %s
struct big {
  long id;
  double values[12];
  char name[32];
};
__attribute__((noinline)) long handle(const struct big *b) {
  return b->id * 2;
}
__attribute__((no_instrument_function)) int main(void) {
  struct big b = {0, {1, 2, 3}, "payload"};
  long s = 0;
  for (int i = 0; i < 3000; ++i) {
    b.id = i;
    s += handle(&b);
  }
  return s == 2L * 2999 * 3000 / 2 ? 0 : 1;
}
// B100: valid, 100 events, 1 threads, 5900 dropped
// T100: summary events=100 enter=50 exit=50 threads=1 dropped=5900
// T100: handle(const struct big *={"address": "0x{{[0-9a-f]+}}", "target": {"id": 2950,
// B1000: valid, 1000 events, 1 threads, 5000 dropped
// T1000: summary events=1000 enter=500 exit=500 threads=1 dropped=5000
// T1000: handle(const struct big *={"address": "0x{{[0-9a-f]+}}", "target": {"id": 2500,
// B1: valid, 1 events, 1 threads, 5999 dropped
// STREAM: valid, 6000 events, 1 threads, 0 dropped
// ERASED: valid, 0 events, 0 threads, 0 dropped
// ZERO: RUCHY_TRACE_BUFFER='0' is not a whole number of events from 1 to 67108864; using 10000
