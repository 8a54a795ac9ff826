/*===- rt_proto.h - the Perfetto protobuf trace, defined once --------------===
 *
 * What the runtime's Perfetto sink (rt_perfetto.c) and the tool's
 * `convert --to perfetto` both write through, so that a converted trace is
 * byte for byte what the runtime writes for the same recording. Like
 * rt_layout.c for the other formats, it knows nothing of descriptors or
 * JSON: callers hand it names, timestamps and values.
 *
 * The file is a `Trace` (repeated TracePacket packet = 1), one sequence
 * (trusted_packet_sequence_id 1) in timestamp order, timestamps as ns since
 * the previous packet's (clock 64, see reset_packet):
 *
 *   packet  SEQ_INCREMENTAL_STATE_CLEARED, clock_snapshot {REALTIME:
 *           start, 64 (incremental): start}, primary_trace_clock
 *           REALTIME, trace_packet_defaults {timestamp_clock_id 64},
 *           previous_packet_dropped if the recording dropped events
 *           (first_packet_on_sequence if not); again, without the primary
 *           clock and the flags, whenever the interning tables start over
 *   packet  track_descriptor {uuid P, process {pid, process_name}}
 *   packet  track_event INSTANT "ruchytrace" on P: program, ruchy_version,
 *           sample_rate, total_events, dropped_events
 *   packet  track_descriptor {uuid T, parent_uuid P, thread {pid, tid}}
 *           (before a thread's first event)
 *   packet  track_event SLICE_BEGIN {track_uuid T, name_iid,
 *           source_location_iid, debug_annotations arg0.. {type, value}}
 *           interned_data {the names, locations and strings it is first to
 *           use}
 *   packet  track_event SLICE_END {track_uuid T, debug_annotations
 *           return {type, value} | unwound/tail_call/unfinished: true}
 *
 * Arguments mirror the Chrome JSON format's "args" ({"arg0": {"type": T,
 * "value": V}}, "return" on the end), so that trace_processor's args table
 * reads the same for both: debug.arg0.type, debug.arg0.value,
 * debug.return.value. A value that JSON writes as a bool or a number is a
 * bool_value, int_value (or uint_value above INT64_MAX) or double_value;
 * everything else is string_value holding what the text format prints.
 *
 * No malloc, no stdio: the runtime also writes from a crash handler. The
 * interning tables are fixed; when they fill up, the next packet clears
 * the sequence's incremental state and interning starts over.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_PROTO_H
#define RUCHYTRACE_RT_PROTO_H

#include "rt_format.h"

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(hidden)

/* A message being built in a fixed buffer: nested messages get their
 * length when they close. */
#define RT_PF_DEPTH 16
typedef struct rt_pf_msg {
  char *buf;
  size_t len, cap;
  size_t open[RT_PF_DEPTH];
  unsigned depth;
} rt_pf_msg;

/*---- the wire format (rt_pb.c) ---------------------------------------------
 * A message that would overflow its buffer is marked full (len == cap)
 * and is left out whole by its writer. */
void rt_pb_init(rt_pf_msg *m, char *buf, size_t cap);
void rt_pb_double(rt_pf_msg *m, unsigned field, double d);
/* Strings are cut to leave 16 KiB of the buffer for what follows them. */
void rt_pb_bytes(rt_pf_msg *m, unsigned field, const char *s, size_t n);
void rt_pb_close(rt_pf_msg *m);
/* The small ones, which every field takes, are inline. Room for n more
 * bytes: a packet that would not fit is left out whole (rt_proto.c's
 * packet_end), which 1 MiB makes a theoretical case. */
static inline int rt_pb_room(rt_pf_msg *m, size_t n) {
  if (RT_LIKELY(m->cap - m->len >= n))
    return 1;
  m->len = m->cap; /* marks it full */
  return 0;
}

/* v as a varint at p (at most 10 bytes); returns its length. */
static inline size_t rt_pb_put_varint(char *p, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    p[n++] = (char)(v | 0x80);
    v >>= 7;
  }
  p[n++] = (char)v;
  return n;
}

static inline void rt_pb_raw_varint(rt_pf_msg *m, uint64_t v) {
  if (rt_pb_room(m, 10))
    m->len += rt_pb_put_varint(m->buf + m->len, v);
}

static inline void rt_pb_varint(rt_pf_msg *m, unsigned field, uint64_t v) {
  rt_pb_raw_varint(m, (uint64_t)field << 3);
  rt_pb_raw_varint(m, v);
}

/* A nested message: its length is a placeholder byte until it closes. */
static inline void rt_pb_open(rt_pf_msg *m, unsigned field) {
  rt_pb_raw_varint(m, (uint64_t)field << 3 | 2);
  if (m->depth < RT_PF_DEPTH && rt_pb_room(m, 1))
    m->open[m->depth++] = m->len++;
}

/*---- the trace (rt_proto.c) ------------------------------------------------*/

#define RT_PF_PACKET_BYTES (1u << 20)
#define RT_PF_INTERNED_BYTES (256u << 10)
#define RT_PF_SCRATCH_BYTES (64u << 10)
#define RT_PF_INTERN_SLOTS (1u << 16)
#define RT_PF_INTERN_ARENA (4u << 20)
#define RT_PF_THREAD_SLOTS 4096u
/* Names every event uses, interned once per generation. */
#define RT_PF_FIXED_NAMES 72

typedef struct rt_pf_slot {
  uint32_t gen, iid, off, len;
} rt_pf_slot;

/* The writer's whole state; about 6 MiB, so static in the runtime (.bss
 * costs nothing until a Perfetto trace is written) and heap in the tool. */
typedef struct rt_pf {
  rt_out *out;
  uint64_t pid, process_uuid, packets, dropped;
  uint64_t last_ns; /* the delta clock's time */
  int clear_next;   /* the next event packet clears incremental state */
  rt_pf_msg pkt, interned;
  rt_out scratch; /* a value's text (or JSON scalar), see rt_pf_scratch */
  uint32_t gen, used, arena_len;
  uint32_t next_iid[4];
  uint32_t fixed_gen[RT_PF_FIXED_NAMES], fixed_iid[RT_PF_FIXED_NAMES];
  uint64_t threads[RT_PF_THREAD_SLOTS]; /* tid + 1 of described threads */
  unsigned nthreads;
  rt_pf_slot slots[RT_PF_INTERN_SLOTS];
  char arena[RT_PF_INTERN_ARENA];
  char pkt_buf[RT_PF_PACKET_BYTES], interned_buf[RT_PF_INTERNED_BYTES];
  char scratch_buf[RT_PF_SCRATCH_BYTES];
} rt_pf;

/* Starts the trace: the clock snapshot, the process track and the
 * metadata instant. Times are ns since the epoch. */
void rt_pf_begin(rt_pf *w, rt_out *out, const char *program, size_t n,
                 uint64_t pid, uint64_t start_wall_ns, const char *version,
                 size_t vn, uint64_t sample, uint64_t events, uint64_t dropped,
                 const char *attach_note);
/* Opens an event's packet (after describing its thread if it is new):
 * SLICE_BEGIN with its location (file NULL: none), or SLICE_END. */
void rt_pf_event_start(rt_pf *w, int enter, uint64_t tid, uint64_t wall_ns,
                       const char *name, size_t n, const rt_location *loc);
/* Argument i's annotation up to its value: the caller writes the value
 * (rt_pf_value_*), then calls rt_pf_value_end. */
void rt_pf_arg_start(rt_pf *w, unsigned i, const char *type, size_t n,
                     const char *param, size_t pn);
/* The same for the return value, on the end event. */
void rt_pf_return_start(rt_pf *w, const char *type, size_t n);
/* An exit that did not return: its JSON flag as a true annotation. */
void rt_pf_exit_how(rt_pf *w, enum rt_exit_how how);
void rt_pf_event_end(rt_pf *w);

/* Values. The scratch writer takes a value's text (or JSON) for
 * rt_pf_value_scalar / rt_pf_value_text. */
rt_out *rt_pf_scratch(rt_pf *w);
void rt_pf_value_i64(rt_pf *w, int64_t v);
void rt_pf_value_u64(rt_pf *w, uint64_t v); /* int_value if it fits */
void rt_pf_value_double(rt_pf *w, double v);
void rt_pf_value_bool(rt_pf *w, int v);
/* If the scratch holds a JSON bool or a number that fits 64 bits, writes
 * it as such and returns 1; otherwise writes nothing and returns 0. */
int rt_pf_value_scalar(rt_pf *w);
/* The scratch as string_value ("<cut>" if it overflowed). */
void rt_pf_value_text(rt_pf *w);
void rt_pf_value_end(rt_pf *w);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* RUCHYTRACE_RT_PROTO_H */
