/*===- rt_rtrace.h - the .rtrace file format, defined once -----------------===
 *
 * A compact trace: the recording process's descriptors and types once,
 * then each thread's records as they sit in its ring (rt_buffers.h has the
 * slot format; packed, losslessly), so writing one costs little and
 * converting one (the tool: rt_rtrace_read.c) replays the records through
 * the runtime's own writers (rt_replay.c) and gives the bytes the runtime
 * would have written directly.
 *
 * Layout. All integers little-endian; every chunk starts 8-byte aligned.
 *
 *   header (32 bytes): magic "RTRACE\r\n", u32 format version, u32 header
 *     bytes, u32 slot bytes (32), u32 descriptor bytes (sizeof
 *     __ruchy_trace_fn where recorded), u32 RUCHY_TRACE_ABI_VERSION, u32 0
 *   chunks: u32 type, u32 0, u64 payload bytes, the payload, zero bytes
 *     up to the next multiple of 8.
 *
 * A reader skips chunk types it does not know, and stops at a chunk that
 * is cut short: what comes before it is a valid trace. So a process killed
 * while streaming leaves a readable prefix (its threads' frames then show
 * as unfinished), and END says the file is complete.
 *
 * Inside payloads: "str" is u32 byte count then the bytes (0xffffffff for
 * none, no bytes); "ref" is a u32 index into the chunk's type table
 * (0xffffffff for none). Fields are packed, without padding.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_RTRACE_H
#define RUCHYTRACE_RT_RTRACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RT_RTRACE_MAGIC "RTRACE\r\n"
#define RT_RTRACE_VERSION 3u /* 2: PACKED records; 3: parameter names */
#define RT_RTRACE_HEADER_BYTES 32u
#define RT_RTRACE_NONE 0xffffffffu /* a missing str or ref */
/* PROCESS flags: the text format shows parameter names. */
#define RT_RTRACE_PARAM_NAMES 1u

enum rt_rtrace_chunk {
  /* Once, first: u64 pid, u64 sampling period, u64 start ticks, u64 start
   * wall-clock ns, u32 JSON style (enum rt_style), u32 flags
   * (RT_RTRACE_PARAM_NAMES), str program, str runtime version. */
  RT_RTRACE_PROCESS = 1,
  /* An image instance (rt_image.c): u32 instance, u32 descriptors, u64
   * ticks registered, u64 address of descriptor 0, u64 lo, u64 hi (the
   * object's extent), str path; u32 types, the types; the descriptors.
   * A type: u8 kind, u8 flags, u16 follows, u32 size, u32 count, str name,
   * its members by kind (struct, union, enum, variant: u32 present, and if
   * 1: struct, union: count x {str name, ref type, u32 offset, u16 bit
   * offset, u16 bit size}; enum: count x {str name, i64 value}; variant:
   * u32 discriminant offset, u32 its size, u32 variants, that many x {str
   * name, ref payload, i64 discriminant, u32 has discriminant}; array,
   * pointer, complex: ref), then its follows (u32 ptr offset, u32 len
   * offset, u32 size, u16 kind,
   * u16 parent each). A descriptor: u8 present (0: it could not be copied,
   * and nothing else follows), u8 flags, u16 arguments, u32 line, u32
   * column, str name, str file, ref return type, a ref per argument, u64
   * the function's address, and (version 3) u8 named, and if 1 a str per
   * argument: its parameter name. */
  RT_RTRACE_IMAGE = 2,
  /* u32 instance, u32 0, u64 ticks: the instance was unloaded then. */
  RT_RTRACE_UNLOAD = 3,
  /* u64 thread id, then whole records of that thread (32-byte slots),
   * oldest first, continuing its previous SLOTS or PACKED chunk. Written
   * only when there is no memory to pack them. */
  RT_RTRACE_SLOTS = 4,
  /* u64 thread id, u64 keep (ring mode: only the newest `keep` records
   * are shown; 0: all), u64 records written, u64 events dropped while
   * recording. The last one written for a thread counts. */
  RT_RTRACE_THREAD = 5,
  /* u64 ticks, u64 ns per tick in 32.32 fixed point: the tick rate as
   * measured up to `ticks`. The last one written counts. */
  RT_RTRACE_CLOCK = 6,
  /* u64 end ticks, u64 ns per tick (32.32): the trace is complete. */
  RT_RTRACE_END = 7,
  /* u32 count, u32 0, then count x {u64 address, str name}: the names the
   * runtime gives (rt_images_name_of) the function pointers in the values
   * of the SLOTS before it, for those the descriptors cannot name (not
   * instrumented: the runtime asks dladdr). The first name of an address
   * is kept. */
  RT_RTRACE_SYMBOLS = 8,
  /* u64 thread id, u64 slots, then those slots packed (rt_rtrace_pack.h
   * has the encoding): what SLOTS holds, in an eighth of the bytes on an
   * interpreter's run (bench/interp.py). */
  RT_RTRACE_PACKED = 9,
  /* str: the trace's note on attached sessions that recorded into it with
   * their own settings (RT_ATTACH_NOTE_KEY, rt_attach_note); at most one,
   * anywhere before END. A reader that does not know it skips it. */
  RT_RTRACE_NOTE = 10,
};

/* The tool's side (rt_rtrace_read.c): writes the trace in `path` to `fd`
 * in the format named `format` (as RUCHY_TRACE_FORMAT names it; JSON with
 * `style` (enum rt_style), or -1 for the style it was recorded with).
 * `param_names` 1 shows parameter names in text, -1 as it was recorded.
 * A file without END (a killed process) is read as far as it goes, with a
 * line on stderr, unless `strict` (validate), when it is an error.
 * Returns 0, or -1 with one line in `err`. */
int rt_rtrace_convert(const char *path, const char *format, int style,
                      int param_names, int strict, int fd, char *err,
                      size_t err_len);
/* Whether the file at `path` starts like a .rtrace file. */
int rt_rtrace_is(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* RUCHYTRACE_RT_RTRACE_H */
