/*===- rt_pack_unit.c - PACKED chunks give back exactly what was packed ----===
 *
 * Part of the rt_value_unit program. The packer (rt_rtrace_pack.c) sees
 * whatever a ring holds: whole records of every kind and size, records
 * running from a ring's end into its start, what is left of a record the
 * ring overwrote, and in a broken ring anything at all. Random slot
 * streams of each of these must unpack to the same bytes, and bytes that
 * are not a packer's must be refused, never read out of bounds (this runs
 * under ASan too).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_rtrace_pack.h"
#include "unit_check.h"

#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) { /* xorshift64*: the same runs every time */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717ull;
}

/* A value like those in records: mostly repeats and small steps, now and
 * then anything. */
static uint64_t word(uint64_t was) {
  switch (next() % 4) {
  case 0:
    return was;
  case 1:
    return was + next() % 512;
  case 2:
    return was - next() % 64;
  default:
    return next();
  }
}

/* n slots of records with descriptors from a few (hash collisions
 * included), 0-40 continuation slots; `orphans` continuation slots first;
 * `garbage`: some slots with a kind and no descriptor. The calls nest as
 * a program's do, deeper than the packer's stack of open calls at times,
 * and now and then an exit is of another call, unwound, a tail call, or
 * its entry time is not its entry's. */
static void fill(rt_slot *s, uint64_t n, uint64_t orphans, int garbage) {
  static const uint64_t fns[] = {0x401000,       0x401040, 0x7f0000102000,
                                 0x55550000a0c0, 0x8,      0xffffffffffffff8};
  uint64_t ticks = next() % 1000, last[4] = {0};
  uint64_t i = 0, depth = 0, open_fn[200], open_ticks[200];
  for (; i < orphans && i < n; ++i)
    s[i] = (rt_slot){{next(), 0, next(), next()}};
  while (i < n) {
    uint64_t fn = fns[next() % (sizeof fns / sizeof *fns)];
    ticks += next() % 300;
    unsigned kind = depth < 200 && (!depth || next() % 2) ? 1 : 2;
    uint64_t w3 = kind == 1 ? word(last[3]) : 0;
    if (kind == 1) {
      open_fn[depth] = fn;
      open_ticks[depth++] = ticks | (ticks == 0);
    } else {
      fn = open_fn[--depth];
      w3 = open_ticks[depth];
      if (next() % 8 == 0) /* not a matching exit */
        switch (next() % 4) {
        case 0:
          fn = fns[next() % (sizeof fns / sizeof *fns)];
          break;
        case 1:
          kind = 3;
          break;
        case 2:
          kind = 4;
          break;
        default:
          w3 = ticks - next() % 5000;
        }
    }
    s[i++] = (rt_slot){{ticks, fn | kind, word(last[2]), w3}};
    last[2] = s[i - 1].w[2];
    unsigned cont = next() % 8 == 0 ? (unsigned)(next() % 41) : 0;
    for (unsigned k = 0; k < cont && i < n; ++k)
      s[i++] = (rt_slot){{word(last[0]), 0, word(last[1]), word(last[3])}};
    if (garbage && next() % 16 == 0 && i < n)
      s[i++] = (rt_slot){{next(), 1 + next() % 7, next(), next()}};
  }
}

static void round_trip(rt_pack *p, uint64_t n, uint64_t orphans, int garbage,
                       uint8_t *buf, rt_slot *in, rt_slot *out) {
  fill(in, n, orphans, garbage);
  uint64_t split = n ? next() % (n + 1) : 0; /* a ring's two pieces */
  size_t len = rt_pack_slots(p, in, split, in + split, n - split, buf);
  CHECK(len <= rt_pack_bound(n), "%zu bytes for %lu slots", len,
        (unsigned long)n);
  int64_t got = rt_unpack_slots(p, buf, len, out, n);
  CHECK(got == (int64_t)n && !memcmp(in, out, n * sizeof *in),
        "%lu slots (orphans %lu, garbage %d) unpacked to %ld, %s",
        (unsigned long)n, (unsigned long)orphans, garbage, (long)got,
        got == (int64_t)n ? "different" : "a count");
  CHECK(rt_unpack_slots(p, buf, len, NULL, UINT64_MAX) == (int64_t)n,
        "counting gave another number");
  if (n)
    CHECK(rt_unpack_slots(p, buf, len, out, n - 1) == -1,
          "unpacked more slots than there was room for");
  /* Damaged: cut short, or a byte changed. Refused or unpacked to some
   * slots; never read or written out of bounds. */
  if (len) {
    rt_unpack_slots(p, buf, len - 1 - next() % len, out, n);
    uint8_t *bad = malloc(len);
    memcpy(bad, buf, len);
    bad[next() % len] ^= (uint8_t)(1 + next() % 255);
    rt_unpack_slots(p, bad, len, out, n);
    free(bad);
  }
}

void pack_tests(void) {
  enum { MAX = 3000 };
  static rt_pack p; /* large: not on the stack */
  p.table = calloc(RT_PACK_TABLE, sizeof(rt_pack_entry));
  rt_slot *in = calloc(MAX, sizeof *in), *out = calloc(MAX, sizeof *out);
  uint8_t *buf = malloc(rt_pack_bound(MAX));
  round_trip(&p, 0, 0, 0, buf, in, out);
  round_trip(&p, 1, 0, 0, buf, in, out);
  round_trip(&p, 5, 5, 0, buf, in, out); /* nothing but an overwritten one */
  for (int r = 0; r < 300; ++r)
    round_trip(&p, 1 + next() % MAX, next() % 3 ? 0 : next() % 30, r % 2, buf,
               in, out);

  /* What it is for: a repeated call packs to a few bytes a slot (here 2
   * for the tag and descriptor, 2 for the time, 1-2 per payload). */
  uint64_t t = 1000;
  for (unsigned i = 0; i < MAX; i += 2) {
    in[i] = (rt_slot){{t += 120, 0x401000 | RT_EV_ENTER, 0x7ffd0000, i}};
    in[i + 1] = (rt_slot){{t += 80, 0x401000 | RT_EV_EXIT, i, in[i].w[0]}};
  }
  size_t len = rt_pack_slots(&p, in, MAX, NULL, 0, buf);
  CHECK(len <= MAX * 7, "a call and its exit took %zu bytes in %d slots", len,
        MAX);

  /* Not a packer's: an exit closing nothing, a descriptor index no record
   * set, a key with no descriptor, a raw count past the end, a successor
   * of nothing, two ways to the descriptor at once, raw with a count. */
  static const uint8_t junk[][12] = {{0x40},      {0x10, 7, 0, 0}, {0x00, 3},
                                     {0x20, 9},   {0x80},          {0x50},
                                     {0x21, 1, 0}};
  static const size_t junk_len[] = {1, 4, 10, 2, 1, 1, 3};
  for (unsigned k = 0; k < sizeof junk / sizeof *junk; ++k)
    CHECK(rt_unpack_slots(&p, junk[k], junk_len[k], out, MAX) == -1,
          "junk %u was unpacked", k);
  free(buf);
  free(in);
  free(out);
  free(p.table);
}
