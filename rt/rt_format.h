/*===- rt_format.h - the trace formats, defined once -----------------------===
 *
 * What the runtime's writers and the ruchytrace tool (which converts a JSON
 * trace to the other formats) both need to write the same bytes: the
 * buffered writer and its number and string formatting, the layout of each
 * format's lines and objects, and the spellings of what is not a plain
 * value. The runtime fills these in from descriptors and raw payloads, the
 * tool from the JSON it parsed; nothing here knows which. Strings come as
 * pointer and length (the tool's are not NUL-terminated).
 *
 * No malloc, no stdio: the runtime also writes from a crash handler.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_FORMAT_H
#define RUCHYTRACE_RT_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(hidden)

#define RT_LIKELY(x) __builtin_expect(!!(x), 1)
#define RT_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* For the runtime's big zero-filled buffers (a few KiB and up): the shared
 * runtime is linked with --sort-section=name, which puts them after every
 * small variable, so the few pages of state a process touches at start
 * and exit are together instead of scattered between megabytes of
 * buffers, a page fault each (in a VM, 10-20 us apiece). */
#define RT_LARGE __attribute__((section(".bss.rt_large")))

/* The output formats: the name RUCHY_TRACE_FORMAT and the C API's
 * `format` take, the enumerator, and whether it is binary (a file only,
 * never stderr). RT_FORMAT_NAMES lists them for messages. */
#define RT_FORMATS(X)                                                          \
  X("json", RT_FORMAT_JSON, 0)                                                 \
  X("text", RT_FORMAT_TEXT, 0)                                                 \
  X("ndjson", RT_FORMAT_NDJSON, 0)                                             \
  X("chrome", RT_FORMAT_CHROME, 0)                                             \
  X("rtrace", RT_FORMAT_RTRACE, 1)                                             \
  X("perfetto", RT_FORMAT_PERFETTO, 1)
#define RT_FORMAT_NAMES "json, text, ndjson, chrome, rtrace or perfetto"

enum rt_format {
#define RT_FORMAT_ENUMERATOR(name, e, binary) e,
  RT_FORMATS(RT_FORMAT_ENUMERATOR)
#undef RT_FORMAT_ENUMERATOR
      RT_FORMAT_COUNT
};

/* Whether format f is binary (RT_FORMATS). */
static inline int rt_format_binary(enum rt_format f) {
#define RT_FORMAT_BINARY(name, e, binary)                                      \
  if (f == e)                                                                  \
    return binary;
  RT_FORMATS(RT_FORMAT_BINARY)
#undef RT_FORMAT_BINARY
  return 0;
}

/*---- the buffered writer (rt_writer.c, rt_restyle.c) --------------------*/

/* JSON layout applied as the bytes leave the buffer (rt_restyle.c). */
enum rt_style { RT_STYLE_AS_IS, RT_STYLE_COMPACT, RT_STYLE_PRETTY };

typedef struct rt_restyle {
  int in_string, escaped, pending_open;
  unsigned depth;
} rt_restyle;

/* A buffered writer over a file descriptor. A negative fd discards what
 * is flushed (o->total still counts it). */
/* Doubles already formatted, by bit pattern (rt_out_double): a trace
 * repeats a few values millions of times (an interpreter's value unions
 * read as doubles: Lua's fib(22) prints 352k doubles, 416 distinct), and
 * each costs a snprintf and a strtod. Direct-mapped. It belongs to one
 * writer: the spiller and a whole-trace writer may run at once. */
#define RT_DCACHE_SLOTS 256
typedef struct rt_dcache {
  uint64_t bits[RT_DCACHE_SLOTS];
  char text[RT_DCACHE_SLOTS][26]; /* [0]: length (0: empty); "%.17g" and
                                     its sign fit in 24 */
} rt_dcache;

typedef struct rt_out {
  int fd;
  int failed; /* errno of the first failed write, 0 if none */
  size_t len;
  uint64_t total;
  char *buf;
  size_t cap;
  enum rt_style style;
  rt_restyle rs;
  uint64_t line; /* where the text line being written started */
  uint64_t cut;  /* text: where values written from here end (rt_text_full) */
  rt_dcache *dcache; /* null: none (rt_out_init) */
} rt_out;

/* Bytes written so far, flushed or not. */
static inline uint64_t rt_out_pos(const rt_out *o) { return o->total + o->len; }

/* Re-lays out JSON text (compact or indented); returns the bytes put in
 * `out`, which must hold RT_RESTYLE_FACTOR * n bytes (a byte becomes at
 * most itself, a newline and 16 levels of indentation). */
#define RT_RESTYLE_FACTOR 40
size_t rt_restyle_chunk(rt_restyle *rs, enum rt_style style, const char *in,
                        size_t n, char *out);

/* Writes all n bytes, retrying short writes and EINTR; 0 or an errno. */
int rt_write_all(int fd, const void *p, size_t n);
void rt_out_init(rt_out *o, int fd, char *buf, size_t cap);
void rt_out_flush(rt_out *o);
static inline void rt_out_reserve(rt_out *o, size_t n) {
  if (RT_UNLIKELY(o->cap - o->len < n))
    rt_out_flush(o);
}
/* Bytes that may not fit in what is left of the buffer. */
void rt_out_bytes_split(rt_out *o, const char *s, size_t n);
/* Inline: most pieces are short and fit, and a literal's length and copy
 * then compile to a few moves (a call to strlen and memcpy per piece was a
 * fifth of converting a trace). */
static inline void rt_out_bytes(rt_out *o, const char *s, size_t n) {
  if (RT_LIKELY(o->cap - o->len >= n)) {
    memcpy(o->buf + o->len, s, n);
    o->len += n;
  } else {
    rt_out_bytes_split(o, s, n);
  }
}
static inline void rt_out_cstr(rt_out *o, const char *s) {
  rt_out_bytes(o, s, strlen(s));
}
static inline void rt_out_char(rt_out *o, char c) {
  rt_out_reserve(o, 1);
  o->buf[o->len++] = c;
}
/* Writes v in decimal ending at `end` (at most 20 characters before it);
 * returns the first character. Pure: safe in a signal handler. */
char *rt_fmt_u64(char *end, uint64_t v);
/* Appends s (a number) to dst[0..n) within cap bytes, keeping it
 * NUL-terminated; returns the new length. Async-signal-safe. */
/* "ruchytrace: " + message + "\n" on stderr with a single write(2). */
void rt_warn(const char *a, const char *b, const char *c);
size_t rt_append(char *dst, size_t n, size_t cap, const char *s);
size_t rt_append_u64(char *dst, size_t n, size_t cap, uint64_t v);
void rt_out_u64(rt_out *o, uint64_t v);
void rt_out_i64(rt_out *o, int64_t v);
void rt_out_hex(rt_out *o, uint64_t v); /* 0x... */
void rt_out_fixed(rt_out *o, uint64_t v, unsigned div_digits, unsigned keep);
void rt_out_double(rt_out *o, double d, int json); /* shortest round-trip */
/* Quoted and escaped; invalid UTF-8 becomes U+FFFD, so that unescaping
 * and escaping again gives the same bytes. */
void rt_out_json_string(rt_out *o, const char *s);
/* A float as the shortest decimal that reads back as the same float
 * (0.33333334, not the double 0.3333333432674408). */
void rt_out_float(rt_out *o, float f, int json);
void rt_out_json_stringn(rt_out *o, const char *s, size_t n);
/* The same without the quotes. */
void rt_out_json_escaped(rt_out *o, const char *s, size_t n);
void rt_out_rfc3339(rt_out *o, uint64_t ns_since_epoch); /* quoted, UTC */
/* A character: JSON a one-character string, text a C literal. */
void rt_out_text_char(rt_out *o, uint64_t cp, int json);
/* A byte >= 0x80 of a multi-byte encoding, not a character on its own:
 * JSON "\\xff", text '\xff'. */
void rt_out_char_byte(rt_out *o, unsigned byte, int json);

/*---- spellings -------------------------------------------------------------
 * Values that are not the value itself. In JSON the markers are strings
 * ("<unreadable>"), a NULL string, a cut value and an uncaptured one are
 * null; in text they read as below. */
#define RT_TEXT_NULL "NULL"    /* a NULL string pointer */
#define RT_TEXT_CUT "<cut>"    /* not captured: the record's budget ran out */
#define RT_TEXT_UNCAPTURED "?" /* the pass found no value for it */
#define RT_UNREADABLE "<unreadable>" /* a pointer that cannot be read */
#define RT_ELLIPSIS "\xe2\x80\xa6"   /* U+2026: a string or array cut short */
#define RT_TEXT_ARROW "->"           /* a pointer and what it points to */

/* `"kinds"` of a typed value in JSON: one letter per string, null and
 * object in its "value", in order, saying what it is, so that the text
 * format (and any reader) can tell a string from an enumerator or an
 * address, and a NULL pointer from a cut value. Absent when every letter
 * is the default one for its JSON type (string, NULL, struct). */
enum rt_kind_letter {
  RT_KIND_STRING = 's',     /* a string: text "quoted" (default) */
  RT_KIND_CHAR = 'c',       /* a character: text 'c' */
  RT_KIND_TOKEN = 't',      /* an address, enumerator, function, nan, marker:
                               text as is, unquoted */
  RT_KIND_NULL = 'N',       /* null: a NULL pointer (default) */
  RT_KIND_CUT = 'x',        /* null: not captured */
  RT_KIND_UNCAPTURED = '?', /* null: the pass found no value */
  RT_KIND_STRUCT = '{',     /* object: struct or union fields (default) */
  RT_KIND_POINTER = 'p',    /* object: {"address", "target"} */
  RT_KIND_VARIANT = 'v',    /* object: {"variant", "value"} */
  RT_KIND_NO_PAYLOAD = '-', /* null: a variant's missing payload */
  RT_KIND_FIELDS = 'f',     /* object: a variant's payload of several fields */
  RT_KIND_TUPLE_FIELDS = 'P', /* object: a variant's payload of several
                                 positional fields, text Name(a, b) (not a
                                 one-value payload that is a tuple,
                                 Some((a, b)), nor Ok(())) */
  RT_KIND_TUPLE = 'T',        /* object: a tuple's fields, text (a, b) */
  RT_KIND_MAP = 'm',          /* object: a map with string keys, text
                                 {"k": v}; its "…" key: the count marker */
  /* Arrays take no letter, except these two, before their elements'
   * (no other letter is either, so a reader tells them apart). */
  RT_KIND_SET = 'S',   /* array: a set's elements, text {a, b} */
  RT_KIND_PAIRS = 'M', /* array: a map's [key, value] pairs, text {k: v} */
};
static inline int rt_kind_is_default(char k) {
  return k == RT_KIND_STRING || k == RT_KIND_NULL || k == RT_KIND_STRUCT;
}

/*---- events ---------------------------------------------------------------*/

/* How an exit left its frame. */
enum rt_exit_how {
  RT_EXIT_RETURN,
  RT_EXIT_TAIL_CALL,  /* left through a musttail call */
  RT_EXIT_UNWOUND,    /* exception, panic or longjmp */
  RT_EXIT_UNFINISHED, /* still open when the trace was written */
};

/* The JSON flag of an exit that did not return ("unwound"), or NULL. */
const char *rt_exit_json_key(enum rt_exit_how how);

/* A function's source location; file == NULL when there is none. */
typedef struct rt_location {
  const char *file;
  size_t file_len;
  uint64_t line, column;
} rt_location;

/*---- the text format (rt_layout.c) ------------------------------------------
 *   [tid N] [1761761183.405413] -> fibonacci(i64=5) <fibonacci.ruchy:1:5>
 *   [tid N] [1761761183.405447] <- fibonacci() = 5 [0.040ms]
 * "[tid N] " only when the trace holds more than one thread. */

/* A text line stays readable: its values share RT_TEXT_LINE_MAX bytes, less
 * what the line holds besides them. Each value may run to its own end,
 * `cut`: past it, each struct, union or array of the value ends at its
 * next element with the mark of rt_text_cut_mark ("{a: 1, … (3 more)}").
 * The runtime's value printer and the tool's text writer both cut there,
 * so the tool's text stays the runtime's byte for byte; JSON is never cut
 * this way. */
#define RT_TEXT_LINE_MAX 200
static inline int rt_text_full(const rt_out *o) {
  return rt_out_pos(o) >= o->cut;
}
/* How an entry's arguments share the room left on its line, fairly: given
 * each value's length uncut in len[i] (measured up to RT_TEXT_LINE_MAX), a
 * value that fits an equal share keeps what it needs, and what it leaves
 * goes to the others, so one large struct cannot push the arguments after
 * it out of the line. Leaves each value's room in len[i]. */
void rt_text_share(uint64_t room, unsigned n, uint64_t *len);
/* The same for the entry line `o` is writing (its start and name
 * written), whose n labels and values, written once into a discarding
 * writer, took `measured` bytes: the room is the line's less its start and
 * labels. What the runtime's text sink and the tool's converter both do. */
void rt_text_share_line(const rt_out *o, uint64_t measured, unsigned n,
                        uint64_t *len);
/* Where a value cut for room ends: ", … (N more)", N the elements or
 * fields left out that the JSON holds (a sequence's count marker and the
 * fields past a partial image, `…` of their own, are not counted); ", …"
 * when there are none. */
void rt_text_cut_mark(rt_out *o, uint64_t more);

/* Before the first line: a comment when the trace is sampled, and one
 * with the attach note (RT_ATTACH_NOTE_KEY) when there is one. */
void rt_text_begin(rt_out *o, uint64_t sample, const char *attach_note);
/* "[tid N] [s.us] -> name(" */
void rt_text_event_start(rt_out *o, int multi_thread, uint64_t tid,
                         uint64_t wall_ns, int enter, const char *name,
                         size_t n);
/* ", type=" before argument i (the caller writes the value); with a
 * parameter name (param non-NULL), ", type name=". */
void rt_text_arg(rt_out *o, unsigned i, const char *type, size_t n,
                 const char *param, size_t pn);
void rt_text_enter_end(rt_out *o, int variadic, unsigned nargs,
                       const rt_location *loc);
/* ")" and how the frame was left; returns 1 if the caller writes the
 * return value next (" = " is written). */
int rt_text_exit_how(rt_out *o, enum rt_exit_how how, int has_value);
void rt_text_exit_end(rt_out *o, uint64_t duration_ns);

/*---- JSON events (rt_layout.c): the document's lines and NDJSON ------------*/

/* {"type": "function_enter", "name": N, "args": [ */
void rt_json_enter_start(rt_out *o, const char *name, size_t n);
void rt_json_arg_sep(rt_out *o, unsigned i);
/* ]["variadic": true], "location": L */
void rt_json_enter_end(rt_out *o, int variadic, const rt_location *loc);
/* {"type": "function_exit", "name": N, "return_value":  */
void rt_json_exit_start(rt_out *o, const char *name, size_t n);
/* [, "unwound": true], "duration_ns": D */
void rt_json_exit_end(rt_out *o, enum rt_exit_how how, uint64_t duration_ns);
/* , "timestamp_ns": T, "thread_id": I} */
void rt_json_event_end(rt_out *o, uint64_t wall_ns, uint64_t tid);
/* A typed value: {"type_info": {"name": T, "fields": (caller)
 * }, "value": (caller) [, "kinds": K][, "param": P]}; an argument's
 * parameter name P when param is non-NULL. */
void rt_json_typed_start(rt_out *o, const char *type, size_t n);
void rt_json_typed_value(rt_out *o);
void rt_json_typed_end(rt_out *o, const char *kinds, size_t n,
                       const char *param, size_t pn);
/* , "kinds": "  (for letters written as they come; the caller closes) */
void rt_json_kinds_open(rt_out *o);

/* The metadata object; `sep` goes after "{" and each ",", `close` before
 * "}" (the document's indentation, or NDJSON's one line). */
typedef struct rt_json_seps {
  const char *open, *sep, *close;
} rt_json_seps;
extern const rt_json_seps rt_json_lines_seps, rt_json_one_line_seps;
/* The metadata's keys, in the order they are written; NULL-terminated. */
extern const char *const rt_json_metadata_keys[];
/* The metadata key (Chrome: otherData; Perfetto: an annotation; text: a
 * comment) of a trace's note on `ruchytrace attach` sessions that recorded
 * into it with their own settings: a process's own trace when it was
 * attached while tracing (rt_attach_note). Only when there is one. */
#define RT_ATTACH_NOTE_KEY "attach_sessions"
/* `attach_note`: NULL, or written after the keys above. */
void rt_json_metadata(rt_out *o, const rt_json_seps *s, const char *program,
                      uint64_t start_wall_ns, const char *version, uint64_t pid,
                      uint64_t sample, const char *attach_note);
void rt_json_stats(rt_out *o, const rt_json_seps *s, uint64_t events,
                   uint64_t dropped, uint64_t duration_ns);

/*---- Chrome Trace Event JSON (rt_layout.c) -----------------------------------
 * Timestamps are microseconds since the trace started, with three
 * decimals: relative, so a double keeps nanosecond precision. */

#define RT_CHROME_THREADS 1024
/* The threads seen, in order, for the thread_name records at the end. */
typedef struct rt_chrome_threads {
  uint64_t tids[RT_CHROME_THREADS];
  unsigned n;
} rt_chrome_threads;
void rt_chrome_note_thread(rt_chrome_threads *t, uint64_t tid);

void rt_chrome_begin(rt_out *o, const char *program, size_t n,
                     uint64_t start_wall_ns, const char *version, size_t vn,
                     uint64_t sample, const char *attach_note);
/* [,]\n{"name": N, "cat": "function", "ph": "B", "ts": .., "pid": ..,
 * "tid": .., "args": { */
void rt_chrome_event_start(rt_out *o, uint64_t count, int enter,
                           const char *name, size_t n, uint64_t wall_ns,
                           uint64_t start_wall_ns, uint64_t pid, uint64_t tid);
/* [, ]"argI": {"type": T[, "param": P], "value":  (the caller writes it
 * and "}") */
void rt_chrome_arg_start(rt_out *o, unsigned i, const char *type, size_t n,
                         const char *param, size_t pn);
void rt_chrome_location(rt_out *o, unsigned nargs, const rt_location *loc);
/* The exit's args: "return": {"type": T, "value":  (returns 1: the caller
 * writes it and "}"), a marker, or nothing. */
int rt_chrome_exit_how(rt_out *o, enum rt_exit_how how, const char *type,
                       size_t n);
void rt_chrome_event_end(rt_out *o);
void rt_chrome_end(rt_out *o, uint64_t count, const rt_chrome_threads *t,
                   uint64_t pid, uint64_t events, uint64_t dropped);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* RUCHYTRACE_RT_FORMAT_H */
