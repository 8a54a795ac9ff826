// RUCHY_TRACE_FOLLOW bounds what a pointer to a struct copies at record
// time: by default its first 32 bytes, the fields past them one ellipsis
// (`…` in text, an "…" key whose value is cut in JSON; a field partly
// copied is <cut>, an array cut inside ends with its ellipsis), in text,
// JSON and JSON converted to text alike; a byte count of one's own; `off`,
// the address alone; `all`, the whole struct as before. Strings, as
// arguments or inside the copied bytes, are followed whatever it says.
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE=1 %t 2>&1 | FileCheck --check-prefix=DEFAULT %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FOLLOW=32 %t 2>&1 | FileCheck --check-prefix=DEFAULT %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FOLLOW=64 %t 2>&1 | FileCheck --check-prefix=SIXTYFOUR %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: %check-trace json %t.json | FileCheck --check-prefix=JSON %s
// RUN: %ruchytrace convert --to text %t.json | FileCheck --check-prefix=DEFAULT %s
// RUN: %ruchytrace validate %t.json
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FOLLOW=1 %t 2>&1 | FileCheck --check-prefix=ONE %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FOLLOW=16 %t 2>&1 | FileCheck --check-prefix=SIXTEEN %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FOLLOW=off %t 2>&1 | FileCheck --check-prefix=OFF %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.off.json RUCHY_TRACE_FOLLOW=OFF %t
// RUN: %check-trace json %t.off.json | FileCheck --check-prefix=OFFJSON %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FOLLOW=all %t 2>&1 | FileCheck --check-prefix=ALL %s
// All of it is in the JSON; in text, the arguments share the line's
// RT_TEXT_LINE_MAX (200) bytes fairly (the string needs less than its share
// and keeps it whole), each list ending at the next element past its room
// with the count of what it leaves out, and the tool's text from that JSON
// is cut at the same places. A large struct first does not push a small
// one after it out of the line (`pair`).
// RUN: env RUCHY_TRACE_OUTPUT=%t.all.json RUCHY_TRACE_FOLLOW=all %t
// RUN: FileCheck --check-prefix=ALLJSON --input-file=%t.all.json %s
// RUN: %ruchytrace convert --to text %t.all.json | FileCheck --check-prefix=ALL %s
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_FOLLOW=257 %t 2>&1 | FileCheck --check-prefixes=BAD,DEFAULT %s
#include <string.h>

struct inner {
  int a, b;
};
struct big {
  int id, flags;
  const char *label;
  double x;
  char tag[8];
  long pad[26];
  struct inner tail;
  long last;
};
_Static_assert(sizeof(struct big) == 256, "a 256-byte struct");

__attribute__((noinline)) long take(const struct big *b, const char *note) {
  return b->id + b->last + (long)strlen(note);
}

__attribute__((noinline)) long pair(const struct big *b, struct inner in) {
  return b->id + in.a + in.b;
}

int main(void) {
  struct big b = {7, 3, "hello", 1.5, "tg", {0}, {1, 2}, 99};
  for (int i = 0; i < 26; ++i)
    b.pad[i] = i;
  struct inner in = {4, 5};
  return take(&b, "a note that stays whole") == 129 && pair(&b, in) == 16 ? 0
                                                                          : 1;
}
// BAD: ruchytrace: RUCHY_TRACE_FOLLOW='257' is not off, all or a number of bytes from 1 to 256; following pointers to structs for 32 bytes
// DEFAULT: -> take(const struct big *=0x{{[0-9a-f]+}}->{id: 7, flags: 3, label: "hello", x: 1.5, tag: "tg", …}, const char *="a note that stays whole")
// DEFAULT: <- take() = 129
// JSON: take(const struct big *={"address": "0x{{[0-9a-f]+}}", "target": {"id": 7, "flags": 3, "label": "hello", "x": 1.5, "tag": "tg", "…": null}}, const char *="a note that stays whole") = 129
// SIXTYFOUR: -> take(const struct big *=0x{{[0-9a-f]+}}->{id: 7, flags: 3, label: "hello", x: 1.5, tag: "tg", pad: [0, 1, 2, 3, …], …}, const char *="a note that stays whole")
// SIXTEEN: -> take(const struct big *=0x{{[0-9a-f]+}}->{id: 7, flags: 3, label: "hello", …}, const char *="a note that stays whole")
// ONE: -> take(const struct big *=0x{{[0-9a-f]+}}->{id: <cut>, …}, const char *="a note that stays whole")
// OFF: -> take(const struct big *=0x{{[0-9a-f]+}}, const char *="a note that stays whole")
// OFFJSON: take(const struct big *="0x{{[0-9a-f]+}}", const char *="a note that stays whole") = 129
// ALL: -> take(const struct big *=0x{{[0-9a-f]+}}->{id: 7, flags: 3, label: "hello", x: 1.5, tag: "tg", pad: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, … (13 more)], … (2 more)}, const char *="a note that stays whole")
// ALL: -> pair(const struct big *=0x{{[0-9a-f]+}}->{id: 7, flags: 3, label: "hello", x: 1.5, tag: "tg", pad: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, … (10 more)], … (2 more)}, struct inner={a: 4, b: 5})
// ALLJSON: "pad": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25], "tail": {"a": 1, "b": 2}, "last": 99}
