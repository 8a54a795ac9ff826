/*===- rt_proto.c - the Perfetto protobuf trace's packets ------------------===
 *
 * The interning of names, locations and type names, and the packets
 * rt_proto.h lists, written with rt_pb.c's wire format into fixed buffers.
 * Shared by the runtime's sink and the tool's convert, so both write the same
 * bytes.
 *
 * Field numbers are the public Perfetto protos' (protos/perfetto/trace/).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_proto.h"

#include <stdlib.h>
#include <string.h>

/* Field numbers. */
enum {
  TRACE_PACKET = 1,
  /* TracePacket */
  PK_CLOCK_SNAPSHOT = 6,
  PK_TIMESTAMP = 8,
  PK_TIMESTAMP_CLOCK_ID = 58,
  PK_DEFAULTS = 59,
  PK_SEQUENCE_ID = 10,
  PK_TRACK_EVENT = 11,
  PK_INTERNED_DATA = 12,
  PK_SEQUENCE_FLAGS = 13,
  PK_PREVIOUS_DROPPED = 42,
  PK_TRACK_DESCRIPTOR = 60,
  PK_FIRST_ON_SEQUENCE = 87,
  /* ClockSnapshot, and its Clock */
  CS_CLOCKS = 1,
  CS_PRIMARY_CLOCK = 2,
  CLOCK_ID = 1,
  CLOCK_TIMESTAMP = 2,
  CLOCK_INCREMENTAL = 3,
  /* TracePacketDefaults */
  DEFAULT_CLOCK_ID = 58,
  /* TrackDescriptor, ProcessDescriptor, ThreadDescriptor */
  TD_UUID = 1,
  TD_PROCESS = 3,
  TD_THREAD = 4,
  TD_PARENT_UUID = 5,
  PD_PID = 1,
  PD_PROCESS_NAME = 6,
  THD_PID = 1,
  THD_TID = 2,
  /* TrackEvent */
  TE_DEBUG_ANNOTATIONS = 4,
  TE_TYPE = 9,
  TE_NAME_IID = 10,
  TE_TRACK_UUID = 11,
  TE_NAME = 23,
  TE_SOURCE_LOCATION = 33,
  TE_SOURCE_LOCATION_IID = 34,
  /* DebugAnnotation */
  DA_NAME_IID = 1,
  DA_BOOL = 2,
  DA_UINT = 3,
  DA_INT = 4,
  DA_DOUBLE = 5,
  DA_STRING = 6,
  DA_NAME = 10,
  DA_DICT_ENTRIES = 11,
  DA_STRING_IID = 17,
  /* InternedData's entries: iid = 1, then name/str = 2 (SourceLocation:
   * file_name = 2, function_name = 3, line_number = 4). */
  ID_EVENT_NAMES = 2,
  ID_ANNOTATION_NAMES = 3,
  ID_SOURCE_LOCATIONS = 4,
  ID_STRING_VALUES = 29,
};

enum { TYPE_SLICE_BEGIN = 1, TYPE_SLICE_END = 2, TYPE_INSTANT = 3 };
enum { SEQ_CLEARED = 1, SEQ_NEEDS_STATE = 2 };
/* REALTIME, and a clock of the sequence's own (ids 64-127) whose
 * timestamps are deltas from the previous packet's. */
enum { BUILTIN_CLOCK_REALTIME = 1, DELTA_CLOCK = 64 };
/* The one sequence: events reach the writer merged by timestamp, from one
 * writer, so one set of interned data serves every thread. */
enum { SEQUENCE_ID = 1 };

/* What is interned, each kind with its own iids from 1. */
enum intern_kind { K_EVENT_NAME, K_ANNOTATION_NAME, K_LOCATION, K_STRING };
static const unsigned interned_field[] = {
    [K_EVENT_NAME] = ID_EVENT_NAMES,
    [K_ANNOTATION_NAME] = ID_ANNOTATION_NAMES,
    [K_LOCATION] = ID_SOURCE_LOCATIONS,
    [K_STRING] = ID_STRING_VALUES,
};

/* Names with a fixed place in w->fixed_*: arg0..arg63, then these. */
enum {
  F_ARGS = 64,
  F_TYPE = F_ARGS,
  F_VALUE,
  F_RETURN,
  F_PARAM,
  F_EXIT, /* + rt_exit_how */
};
_Static_assert(F_EXIT + RT_EXIT_UNFINISHED < RT_PF_FIXED_NAMES,
               "room for every fixed name");

/*---- interning -------------------------------------------------------------*/

static void intern_reset(rt_pf *w) {
  ++w->gen; /* slots of older generations read as empty */
  w->used = w->arena_len = 0;
  for (unsigned k = 0; k < 4; ++k)
    w->next_iid[k] = 1;
  w->clear_next = 1;
}

/* Resets before an event if the tables could fill up during it. */
static void intern_room(rt_pf *w) {
  if (w->used > RT_PF_INTERN_SLOTS / 2 ||
      w->arena_len > RT_PF_INTERN_ARENA - (1u << 20))
    intern_reset(w);
}

static uint64_t hash(unsigned kind, const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull ^ kind; /* FNV-1a */
  for (size_t i = 0; i < n; ++i)
    h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  return h ^ (h >> 29);
}

/* The iid of (kind, key), with *fresh set if it was just given one (the
 * caller defines it); 0 if the tables are full: the caller writes it
 * inline. */
static uint32_t intern(rt_pf *w, unsigned kind, const char *key, size_t n,
                       int *fresh) {
  *fresh = 0;
  uint64_t h = hash(kind, key, n);
  uint32_t mask = RT_PF_INTERN_SLOTS - 1;
  for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
    rt_pf_slot *s = &w->slots[i];
    if (s->gen != w->gen) {
      if (w->used >= RT_PF_INTERN_SLOTS * 3 / 4 ||
          RT_PF_INTERN_ARENA - w->arena_len < n + 1)
        return 0;
      s->gen = w->gen;
      s->off = w->arena_len;
      s->len = (uint32_t)n + 1;
      w->arena[w->arena_len] = (char)kind;
      memcpy(w->arena + w->arena_len + 1, key, n);
      w->arena_len += (uint32_t)n + 1;
      w->used++;
      s->iid = w->next_iid[kind]++;
      *fresh = 1;
      return s->iid;
    }
    if (s->len == n + 1 && w->arena[s->off] == (char)kind &&
        !memcmp(w->arena + s->off + 1, key, n))
      return s->iid;
  }
}

/* An interned string (event or annotation name, string value): its iid,
 * defined in this packet's interned data if it is new. */
static uint32_t intern_string(rt_pf *w, unsigned kind, const char *s,
                              size_t n) {
  int fresh;
  uint32_t iid = intern(w, kind, s, n, &fresh);
  if (fresh) {
    rt_pb_open(&w->interned, interned_field[kind]);
    rt_pb_varint(&w->interned, 1, iid);
    rt_pb_bytes(&w->interned, 2, s, n);
    rt_pb_close(&w->interned);
  }
  return iid;
}

static uint32_t fixed_name(rt_pf *w, unsigned k, const char *s, size_t n) {
  if (w->fixed_gen[k] != w->gen) {
    w->fixed_iid[k] = intern_string(w, K_ANNOTATION_NAME, s, n);
    if (!w->fixed_iid[k])
      return 0;
    w->fixed_gen[k] = w->gen;
  }
  return w->fixed_iid[k];
}

/* A debug annotation's name: interned, or inline when the tables are
 * full. */
static void annotation_name(rt_pf *w, uint32_t iid, const char *s, size_t n) {
  if (iid)
    rt_pb_varint(&w->pkt, DA_NAME_IID, iid);
  else
    rt_pb_bytes(&w->pkt, DA_NAME, s, n);
}

static void named(rt_pf *w, unsigned k, const char *s) {
  size_t n = strlen(s);
  annotation_name(w, fixed_name(w, k, s, n), s, n);
}

/*---- packets ---------------------------------------------------------------*/

static void packet_start(rt_pf *w) {
  rt_pb_init(&w->pkt, w->pkt_buf, sizeof w->pkt_buf);
  rt_pb_init(&w->interned, w->interned_buf, sizeof w->interned_buf);
  rt_pb_varint(&w->pkt, PK_SEQUENCE_ID, SEQUENCE_ID);
}

/* Writes the packet and its interned data as one Trace.packet. */
static void packet_end(rt_pf *w) {
  rt_pf_msg *p = &w->pkt, *d = &w->interned;
  if (p->len == p->cap || d->len == d->cap)
    return;
  char head[24];
  size_t ih = 0;
  if (d->len) {
    ih = rt_pb_put_varint(head, (uint64_t)PK_INTERNED_DATA << 3 | 2);
    ih += rt_pb_put_varint(head + ih, d->len);
  }
  char outer[16];
  size_t oh = rt_pb_put_varint(outer, (uint64_t)TRACE_PACKET << 3 | 2);
  oh += rt_pb_put_varint(outer + oh, p->len + ih + d->len);
  rt_out_bytes(w->out, outer, oh);
  rt_out_bytes(w->out, p->buf, p->len);
  rt_out_bytes(w->out, head, ih);
  rt_out_bytes(w->out, d->buf, d->len);
  w->packets++;
}

/* Deterministic track ids, small (they are in every event): a thread's is
 * its tid + 1, the process's 2^40 + pid, beyond any tid. */
static uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

static uint64_t thread_uuid(uint64_t tid) {
  return tid + 1 < (1ull << 40) ? tid + 1 : mix(tid) | 1ull << 63;
}

/* Describes a thread's track the first time it is seen; with more threads
 * than the table holds, before each of their events (harmless: the same
 * descriptor again). */
static void describe_thread(rt_pf *w, uint64_t tid) {
  uint32_t mask = RT_PF_THREAD_SLOTS - 1;
  uint32_t i = (uint32_t)mix(tid) & mask;
  for (; tid + 1; i = (i + 1) & mask) { /* (tid + 1 is the key, never 0) */
    if (w->threads[i] == tid + 1)
      return;
    if (!w->threads[i])
      break;
  }
  if (tid + 1 && w->nthreads < RT_PF_THREAD_SLOTS / 2) {
    w->threads[i] = tid + 1;
    w->nthreads++;
  }
  packet_start(w);
  rt_pb_open(&w->pkt, PK_TRACK_DESCRIPTOR);
  rt_pb_varint(&w->pkt, TD_UUID, thread_uuid(tid));
  rt_pb_varint(&w->pkt, TD_PARENT_UUID, w->process_uuid);
  rt_pb_open(&w->pkt, TD_THREAD);
  rt_pb_varint(&w->pkt, THD_PID, w->pid);
  rt_pb_varint(&w->pkt, THD_TID, tid);
  rt_pb_close(&w->pkt);
  rt_pb_close(&w->pkt);
  packet_end(w);
}

/* Clears the sequence's incremental state: SEQ_INCREMENTAL_STATE_CLEARED,
 * the defaults (timestamps in the delta clock) and a clock snapshot that
 * puts the delta clock at `wall_ns` on REALTIME.
 *
 * Timestamps are the trace's wall-clock ns (what every other format
 * shows), so the first snapshot also makes REALTIME the trace's primary
 * clock: trace_processor keeps them as they are, and ui.perfetto.dev can
 * show real dates (its "Realtime" time format). Each event then carries
 * the ns since the previous packet (2-3 bytes instead of 9), as the
 * Perfetto SDK's own incremental clock does; one that goes back in time
 * (only in a hand-edited JSON trace) is written absolute, on REALTIME. */
static void reset_packet(rt_pf *w, uint64_t wall_ns) {
  int first = w->packets == 0;
  packet_start(w);
  rt_pb_varint(&w->pkt, PK_SEQUENCE_FLAGS, SEQ_CLEARED);
  /* The rings kept the newest events: whatever was lost came before. */
  if (first)
    rt_pb_varint(&w->pkt,
                 w->dropped ? PK_PREVIOUS_DROPPED : PK_FIRST_ON_SEQUENCE, 1);
  rt_pb_open(&w->pkt, PK_CLOCK_SNAPSHOT);
  rt_pb_open(&w->pkt, CS_CLOCKS);
  rt_pb_varint(&w->pkt, CLOCK_ID, BUILTIN_CLOCK_REALTIME);
  rt_pb_varint(&w->pkt, CLOCK_TIMESTAMP, wall_ns);
  rt_pb_close(&w->pkt);
  rt_pb_open(&w->pkt, CS_CLOCKS);
  rt_pb_varint(&w->pkt, CLOCK_ID, DELTA_CLOCK);
  rt_pb_varint(&w->pkt, CLOCK_TIMESTAMP, wall_ns);
  rt_pb_varint(&w->pkt, CLOCK_INCREMENTAL, 1);
  rt_pb_close(&w->pkt);
  if (first)
    rt_pb_varint(&w->pkt, CS_PRIMARY_CLOCK, BUILTIN_CLOCK_REALTIME);
  rt_pb_close(&w->pkt);
  rt_pb_open(&w->pkt, PK_DEFAULTS);
  rt_pb_varint(&w->pkt, DEFAULT_CLOCK_ID, DELTA_CLOCK);
  rt_pb_close(&w->pkt);
  packet_end(w);
  w->last_ns = wall_ns;
  w->clear_next = 0;
}

/* An event packet up to its track_event's fields. */
static void event_packet(rt_pf *w, uint64_t wall_ns, unsigned type,
                         uint64_t track, const char *name, size_t n) {
  intern_room(w);
  if (w->clear_next)
    reset_packet(w, wall_ns);
  packet_start(w);
  if (wall_ns >= w->last_ns) {
    rt_pb_varint(&w->pkt, PK_TIMESTAMP, wall_ns - w->last_ns);
    w->last_ns = wall_ns;
  } else {
    rt_pb_varint(&w->pkt, PK_TIMESTAMP, wall_ns);
    rt_pb_varint(&w->pkt, PK_TIMESTAMP_CLOCK_ID, BUILTIN_CLOCK_REALTIME);
  }
  rt_pb_varint(&w->pkt, PK_SEQUENCE_FLAGS, SEQ_NEEDS_STATE);
  rt_pb_open(&w->pkt, PK_TRACK_EVENT);
  rt_pb_varint(&w->pkt, TE_TYPE, type);
  rt_pb_varint(&w->pkt, TE_TRACK_UUID, track);
  if (name) {
    uint32_t iid = intern_string(w, K_EVENT_NAME, name, n);
    if (iid)
      rt_pb_varint(&w->pkt, TE_NAME_IID, iid);
    else
      rt_pb_bytes(&w->pkt, TE_NAME, name, n);
  }
}

static void metadata_string(rt_pf *w, const char *key, const char *s,
                            size_t n) {
  rt_pb_open(&w->pkt, TE_DEBUG_ANNOTATIONS);
  size_t kn = strlen(key);
  annotation_name(w, intern_string(w, K_ANNOTATION_NAME, key, kn), key, kn);
  rt_pb_bytes(&w->pkt, DA_STRING, s, n);
  rt_pb_close(&w->pkt);
}

static void metadata_number(rt_pf *w, const char *key, uint64_t v) {
  rt_pb_open(&w->pkt, TE_DEBUG_ANNOTATIONS);
  size_t kn = strlen(key);
  annotation_name(w, intern_string(w, K_ANNOTATION_NAME, key, kn), key, kn);
  rt_pf_value_u64(w, v);
  rt_pb_close(&w->pkt);
}

void rt_pf_begin(rt_pf *w, rt_out *out, const char *program, size_t n,
                 uint64_t pid, uint64_t start_wall_ns, const char *version,
                 size_t vn, uint64_t sample, uint64_t events, uint64_t dropped,
                 const char *attach_note) {
  w->out = out;
  w->pid = pid;
  w->process_uuid = (1ull << 40) + pid;
  w->packets = 0;
  w->dropped = dropped;
  memset(w->threads, 0, sizeof w->threads);
  w->nthreads = 0;
  memset(w->fixed_gen, 0, sizeof w->fixed_gen);
  intern_reset(w);
  reset_packet(w, start_wall_ns);

  packet_start(w);
  rt_pb_open(&w->pkt, PK_TRACK_DESCRIPTOR);
  rt_pb_varint(&w->pkt, TD_UUID, w->process_uuid);
  rt_pb_open(&w->pkt, TD_PROCESS);
  rt_pb_varint(&w->pkt, PD_PID, pid);
  rt_pb_bytes(&w->pkt, PD_PROCESS_NAME, program, n);
  rt_pb_close(&w->pkt);
  rt_pb_close(&w->pkt);
  packet_end(w);

  /* The JSON metadata and stats, as an instant at the start. */
  event_packet(w, start_wall_ns, TYPE_INSTANT, w->process_uuid, "ruchytrace",
               10);
  metadata_string(w, "program", program, n);
  metadata_string(w, "ruchy_version", version, vn);
  metadata_number(w, "sample_rate", sample);
  metadata_number(w, "total_events", events);
  metadata_number(w, "dropped_events", dropped);
  if (attach_note)
    metadata_string(w, RT_ATTACH_NOTE_KEY, attach_note, strlen(attach_note));
  rt_pf_event_end(w);
}

void rt_pf_event_start(rt_pf *w, int enter, uint64_t tid, uint64_t wall_ns,
                       const char *name, size_t n, const rt_location *loc) {
  describe_thread(w, tid);
  event_packet(w, wall_ns, enter ? TYPE_SLICE_BEGIN : TYPE_SLICE_END,
               thread_uuid(tid), enter ? name : NULL, n);
  if (!enter || !loc || !loc->file)
    return;
  /* A location is one function's: keyed by file, line and name. */
  char key[4096];
  size_t kn = 0;
  uint32_t iid = 0;
  char num[24];
  char *digits = rt_fmt_u64(num + sizeof num, loc->line);
  size_t dn = (size_t)(num + sizeof num - digits);
  if (loc->file_len + n + dn + 2 <= sizeof key) {
    memcpy(key, loc->file, loc->file_len);
    kn = loc->file_len;
    key[kn++] = 0;
    memcpy(key + kn, name, n);
    kn += n;
    key[kn++] = 0;
    memcpy(key + kn, digits, dn);
    kn += dn;
    int fresh;
    iid = intern(w, K_LOCATION, key, kn, &fresh);
    if (fresh) {
      rt_pb_open(&w->interned, ID_SOURCE_LOCATIONS);
      rt_pb_varint(&w->interned, 1, iid);
      rt_pb_bytes(&w->interned, 2, loc->file, loc->file_len);
      rt_pb_bytes(&w->interned, 3, name, n);
      rt_pb_varint(&w->interned, 4, loc->line);
      rt_pb_close(&w->interned);
    }
  }
  if (iid) {
    rt_pb_varint(&w->pkt, TE_SOURCE_LOCATION_IID, iid);
    return;
  }
  rt_pb_open(&w->pkt, TE_SOURCE_LOCATION);
  rt_pb_bytes(&w->pkt, 2, loc->file, loc->file_len);
  rt_pb_bytes(&w->pkt, 3, name, n);
  rt_pb_varint(&w->pkt, 4, loc->line);
  rt_pb_close(&w->pkt);
}

/* A string entry of the annotation's dict: {key: s}, s interned. */
static void string_entry(rt_pf *w, unsigned k, const char *key, const char *s,
                         size_t n) {
  rt_pb_open(&w->pkt, DA_DICT_ENTRIES);
  named(w, k, key);
  uint32_t iid = intern_string(w, K_STRING, s, n);
  if (iid)
    rt_pb_varint(&w->pkt, DA_STRING_IID, iid);
  else
    rt_pb_bytes(&w->pkt, DA_STRING, s, n);
  rt_pb_close(&w->pkt);
}

/* {name: {type: T[, param: P], value: (the caller's)}} */
static void typed_start(rt_pf *w, const char *type, size_t n, const char *param,
                        size_t pn) {
  string_entry(w, F_TYPE, "type", type, n);
  if (param)
    string_entry(w, F_PARAM, "param", param, pn);
  rt_pb_open(&w->pkt, DA_DICT_ENTRIES);
  named(w, F_VALUE, "value");
}

void rt_pf_arg_start(rt_pf *w, unsigned i, const char *type, size_t n,
                     const char *param, size_t pn) {
  rt_pb_open(&w->pkt, TE_DEBUG_ANNOTATIONS);
  char name[24] = "arg";
  char num[24];
  char *d = rt_fmt_u64(num + sizeof num, i);
  size_t dn = (size_t)(num + sizeof num - d);
  memcpy(name + 3, d, dn);
  if (i < F_ARGS)
    annotation_name(w, fixed_name(w, i, name, 3 + dn), name, 3 + dn);
  else
    annotation_name(w, intern_string(w, K_ANNOTATION_NAME, name, 3 + dn), name,
                    3 + dn);
  typed_start(w, type, n, param, pn);
}

void rt_pf_return_start(rt_pf *w, const char *type, size_t n) {
  rt_pb_open(&w->pkt, TE_DEBUG_ANNOTATIONS);
  named(w, F_RETURN, "return");
  typed_start(w, type, n, NULL, 0);
}

void rt_pf_exit_how(rt_pf *w, enum rt_exit_how how) {
  const char *key = rt_exit_json_key(how);
  if (!key)
    return;
  rt_pb_open(&w->pkt, TE_DEBUG_ANNOTATIONS);
  named(w, F_EXIT + how, key);
  rt_pb_varint(&w->pkt, DA_BOOL, 1);
  rt_pb_close(&w->pkt);
}

void rt_pf_event_end(rt_pf *w) {
  rt_pb_close(&w->pkt); /* the track_event */
  packet_end(w);
}

/*---- values ----------------------------------------------------------------*/

rt_out *rt_pf_scratch(rt_pf *w) {
  rt_out_init(&w->scratch, -1, w->scratch_buf, sizeof w->scratch_buf);
  return &w->scratch;
}

void rt_pf_value_i64(rt_pf *w, int64_t v) {
  rt_pb_varint(&w->pkt, DA_INT, (uint64_t)v);
}

void rt_pf_value_u64(rt_pf *w, uint64_t v) {
  rt_pb_varint(&w->pkt, v <= INT64_MAX ? DA_INT : DA_UINT, v);
}

void rt_pf_value_double(rt_pf *w, double v) {
  rt_pb_double(&w->pkt, DA_DOUBLE, v);
}

void rt_pf_value_bool(rt_pf *w, int v) { rt_pb_varint(&w->pkt, DA_BOOL, !!v); }

/* The rule both writers follow: what JSON shows as a bool or a number
 * that fits 64 bits is typed; the rest (strings, null, objects, integers
 * beyond 64 bits) is text. */
int rt_pf_value_scalar(rt_pf *w) {
  const char *s = w->scratch.buf;
  size_t n = w->scratch.len;
  if (w->scratch.total)
    return 0;
  if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5))) {
    rt_pf_value_bool(w, n == 4);
    return 1;
  }
  size_t i = n && s[0] == '-';
  if (i >= n || s[i] < '0' || s[i] > '9')
    return 0;
  uint64_t v = 0;
  int integer = 1, overflow = 0;
  for (size_t k = i; k < n; ++k) {
    if (s[k] < '0' || s[k] > '9') {
      integer = 0;
      break;
    }
    unsigned d = (unsigned)(s[k] - '0');
    if (v > (UINT64_MAX - d) / 10)
      overflow = 1;
    v = v * 10 + d;
  }
  if (integer) {
    if (overflow || (i && v > (uint64_t)INT64_MAX + 1))
      return 0;
    if (i)
      rt_pf_value_i64(w, (int64_t)(0 - v));
    else
      rt_pf_value_u64(w, v);
    return 1;
  }
  char num[64];
  if (n >= sizeof num)
    return 0;
  memcpy(num, s, n);
  num[n] = 0;
  char *end;
  double d = strtod(num, &end);
  if (end != num + n)
    return 0;
  rt_pf_value_double(w, d);
  return 1;
}

void rt_pf_value_text(rt_pf *w) {
  if (w->scratch.total) /* longer than the scratch: its start is gone */
    rt_pb_bytes(&w->pkt, DA_STRING, RT_TEXT_CUT, sizeof RT_TEXT_CUT - 1);
  else
    rt_pb_bytes(&w->pkt, DA_STRING, w->scratch.buf, w->scratch.len);
}

void rt_pf_value_end(rt_pf *w) {
  rt_pb_close(&w->pkt); /* the value entry */
  rt_pb_close(&w->pkt); /* the annotation */
}
