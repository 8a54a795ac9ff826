/*===- rt_output.c - where the trace goes ----------------------------------===
 *
 * A trace file is written under a temporary name created with O_EXCL and
 * O_NOFOLLOW (a planted symlink cannot redirect it) and renamed over the
 * final name only when complete, so a reader never sees a partial file
 * that claims to be a trace. `%p` in the path expands to the process id
 * and `%%` to `%`, as in LLVM_PROFILE_FILE.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* 1 MiB of zero-initialised .bss costs nothing until a trace is written. */
static char out_buf[1 << 20];

static size_t append(char *dst, size_t n, size_t cap, const char *s) {
  while (*s && n + 1 < cap)
    dst[n++] = *s++;
  dst[n] = 0;
  return n;
}

static size_t append_u64(char *dst, size_t n, size_t cap, uint64_t v) {
  char tmp[24];
  size_t k = 0;
  do
    tmp[k++] = (char)('0' + v % 10);
  while (v /= 10);
  while (k && n + 1 < cap)
    dst[n++] = tmp[--k];
  dst[n] = 0;
  return n;
}

int rt_forked_child;

/* Expands the output pattern; returns 0 if it does not fit. A forked
 * child whose pattern has no %p writes to "<path>.<pid>" so that it never
 * replaces its parent's trace. */
static int expand_path(const char *pat, char *dst, size_t cap) {
  size_t n = 0;
  int has_pid = 0;
  dst[0] = 0;
  for (const char *p = pat; *p; ++p) {
    has_pid |= p[0] == '%' && p[1] == 'p';
    if (p[0] == '%' && p[1] == 'p') {
      n = append_u64(dst, n, cap, (uint64_t)getpid());
      ++p;
    } else if (p[0] == '%' && p[1] == '%') {
      n = append(dst, n, cap, "%");
      ++p;
    } else {
      char c[2] = {*p, 0};
      n = append(dst, n, cap, c);
    }
    if (n + 1 >= cap)
      return 0;
  }
  if (rt_forked_child && !has_pid) {
    n = append(dst, n, cap, ".");
    n = append_u64(dst, n, cap, (uint64_t)getpid());
  }
  return n + 1 < cap;
}

static void warn_dropped(uint64_t dropped) {
  if (!dropped)
    return;
  char num[24];
  append_u64(num, 0, sizeof num, dropped);
  rt_warn(num,
          " events were dropped: per-thread buffers keep the newest events "
          "(raise RUCHY_TRACE_BUFFER or sample with RUCHY_TRACE_SAMPLE)",
          "");
}

static void write_file(const char *path, uint64_t end_ticks);

/* The final trace (not a snapshot) of a streaming run reads the spill
 * files, which then hold every record. */
static int final_write;

static void emit(int fd, rt_out *o, uint64_t end_ticks) {
  rt_sink sink;
  rt_out_init(o, fd, out_buf, sizeof out_buf);
  switch (rt_cfg.format) {
  case RT_FORMAT_JSON:
    rt_json_sink(&sink, o);
    break;
  case RT_FORMAT_NDJSON:
    rt_ndjson_sink(&sink, o);
    break;
  case RT_FORMAT_CHROME:
    rt_chrome_sink(&sink, o);
    break;
  default:
    rt_text_sink(&sink, o);
  }
  uint64_t dropped = rt_merge_emit(&sink, end_ticks, final_write);
  rt_out_flush(o);
  /* A trace file says what was dropped in its stats; a line on the
   * program's stderr would change what it prints (test suites that
   * compare stderr exactly fail). With the trace on stderr anyway, say it. */
  if (fd == 2)
    warn_dropped(dropped);
  if (sink.unnamed) {
    char num[24];
    append_u64(num, 0, sizeof num, sink.unnamed);
    rt_warn(num,
            " events are shown as <unknown>: their library was unloaded "
            "and its descriptors could not be kept",
            "");
  }
}

void rt_output_write(const char *suffix) {
  /* One writer at a time: a snapshot signal or a crash arriving while a
   * trace is being written does nothing (the buffers and the output
   * buffer are in use). */
  static _Atomic int writing;
  if (atomic_exchange(&writing, 1))
    return;
  uint64_t end_ticks = rt_clock_now();
  final_write = suffix == NULL;
  if (final_write)
    rt_stream_finish(rt_in_crash);
  rt_clock_calibrate();
  if (!rt_cfg.output) {
    rt_out o;
    emit(2, &o, end_ticks);
    atomic_store(&writing, 0);
    return;
  }
  char path[4096];
  if (!expand_path(rt_cfg.output, path, sizeof path) ||
      append(path, strlen(path), sizeof path, suffix ? suffix : "") + 1 >=
          sizeof path) {
    rt_warn("RUCHY_TRACE_OUTPUT is too long; no trace written", "", "");
    atomic_store(&writing, 0);
    return;
  }
  write_file(path, end_ticks);
  atomic_store(&writing, 0);
}

static void write_file(const char *path, uint64_t end_ticks) {
  rt_out o;
  char tmp[4096 + 32];
  size_t n = append(tmp, 0, sizeof tmp, path);
  n = append(tmp, n, sizeof tmp, ".tmp.");
  append_u64(tmp, n, sizeof tmp, (uint64_t)getpid());
  int fd =
      open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    rt_warn("cannot create the trace file '", path,
            errno == ENOENT   ? "': its directory does not exist"
            : errno == EACCES ? "': permission denied"
            : errno == EEXIST ? "': a stale temporary file is in the way"
                              : "': cannot open it for writing");
    return;
  }
  emit(fd, &o, end_ticks);
  int failed = o.failed;
  if (close(fd) != 0 && !failed)
    failed = errno;
  if (failed) {
    unlink(tmp);
    rt_warn("writing the trace file '", path,
            failed == ENOSPC ? "' failed: no space left on the device; no "
                               "trace written"
                             : "' failed; no trace written");
    return;
  }
  if (rename(tmp, path) != 0) {
    unlink(tmp);
    rt_warn("cannot rename the finished trace to '", path, "'");
  }
}

void rt_output_to_fd(int fd) {
  uint64_t end_ticks = rt_clock_now();
  rt_clock_calibrate();
  rt_out o;
  final_write = 0;
  emit(fd, &o, end_ticks);
}
