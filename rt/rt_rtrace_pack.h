/*===- rt_rtrace_pack.h - the records of a PACKED chunk --------------------===
 *
 * A thread's slots, packed for a .rtrace file (the chunk is in
 * rt_rtrace.h): the writers pack them (rt_rtrace_write.c), the tool unpacks
 * them (rt_rtrace_read.c) into exactly the slots that were packed, so the
 * replay that reads a ring reads a file the same way.
 *
 * Why packing pays: a slot is 32 bytes whatever it holds, and most of what
 * it holds repeats. Timestamps grow by a few hundred ticks, a function's
 * descriptor and its first arguments are those of its previous call, its
 * exit's entry timestamp is its own timestamp minus a short duration, and
 * a followed struct (an interpreter's state) changes in a word or two from
 * call to call. So each word is written as the difference from what it is
 * expected to be, a zigzag varint: one byte when it is what it was.
 *
 * A chunk's records (each tag byte starts one):
 *   tag: bits 0-3 the record's continuation slots (15: a varint count
 *     follows); bit 4: its descriptor word (w[1]) is the one the chunk's
 *     table holds at the index in the next byte, where the packer found
 *     it by its hash (else the u64 follows); bit 5: not a record
 *     but a varint count of raw slots that follow (continuation slots left
 *     of an overwritten record, before a ring snapshot's first head);
 *     bit 6: the record is the exit of the call this chunk opened last
 *     and has not closed: its descriptor word and entry time are that
 *     entry's, and neither is written (half of all records); bit 7: its
 *     descriptor word is the one that came after the previous record's
 *     descriptor word the last time that one was seen (a loop's calls
 *     come in the same order), and is not written. Bits 4, 6 and 7: one
 *     at most.
 *   w[0] minus the previous record's w[0] (0 for the chunk's first).
 *   The head's w[2], then w[3] (an exit's: its w[0] minus w[3], the
 *   call's duration; not with bit 6), then each continuation slot's w[0],
 *   w[2], w[3]:
 *   each minus the same word of the previous record that had the same
 *   descriptor word in this chunk (0 where there is none).
 * Nothing carries over from one chunk to the next: each one unpacks alone.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_RTRACE_PACK_H
#define RUCHYTRACE_RT_RTRACE_PACK_H

#include "rt_buffers.h"

#include <stddef.h>
#include <stdint.h>

#define RT_PACK_TABLE 256u /* descriptors remembered per chunk */
#define RT_PACK_KEEP 16u   /* slots remembered per descriptor */
#define RT_PACK_OPEN 64u   /* calls open, innermost first (a ring of them) */

typedef struct rt_pack_entry {
  uint64_t key;  /* the descriptor word */
  uint64_t next; /* the one that followed it last */
  uint32_t gen;  /* the chunk it was last set in (see rt_pack.gen) */
  uint32_t n;    /* slots remembered */
  uint64_t w[RT_PACK_KEEP][3];
} rt_pack_entry;

/* A packer's or unpacker's memory: the table (RT_PACK_TABLE entries, from
 * mmap by the caller). `gen` moves on per chunk, which empties the table
 * without touching it. */
typedef struct rt_pack {
  rt_pack_entry *table;
  uint32_t gen;
  rt_pack_entry *prev; /* the last record's entry */
  uint32_t depth; /* entries in `open`, of which the last RT_PACK_OPEN kept */
  struct {
    uint64_t fn, ticks;
  } open[RT_PACK_OPEN];
} rt_pack;

/* Bytes that packing n slots can take at most. */
static inline size_t rt_pack_bound(uint64_t n) {
  return (size_t)n * (4 * 10 + 1 + 8) + 16;
}

/* Packs slots a[0, na) then b[0, nb) (a ring's two pieces: a record may
 * run from one into the other) into `out`, which has room for
 * rt_pack_bound(na + nb) bytes; returns the bytes written. */
size_t rt_pack_slots(rt_pack *p, const rt_slot *a, uint64_t na,
                     const rt_slot *b, uint64_t nb, uint8_t *out);

/* Unpacks `len` bytes into at most `cap` slots of `out` (NULL: only
 * counts them). Returns the slots, or -1 if the bytes are not what
 * rt_pack_slots writes, or hold more than `cap` slots. */
int64_t rt_unpack_slots(rt_pack *p, const uint8_t *in, size_t len, rt_slot *out,
                        uint64_t cap);

#endif /* RUCHYTRACE_RT_RTRACE_PACK_H */
