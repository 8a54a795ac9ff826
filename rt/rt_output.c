/*===- rt_output.c - where the trace goes ----------------------------------===
 *
 * A trace file is written under a temporary name created with O_EXCL and
 * O_NOFOLLOW (a planted symlink cannot redirect it) and renamed over the
 * final name only when complete, so a reader never sees a partial file
 * that claims to be a trace. `%p` in the path expands to the process id
 * and `%%` to `%`, as in LLVM_PROFILE_FILE. A path that names a device, a
 * FIFO, a socket or a descriptor (rt_target.c) is a stream: it is written
 * into, never replaced, and takes every document (see write_stream_target).
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_control.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* 1 MiB of zero-initialised .bss costs nothing until a trace is written. */
RT_LARGE static char out_buf[1 << 20];

/* Writing a trace uses memory that exists once: out_buf, the restyling
 * buffer (rt_writer.c), the Chrome sink's thread table and final_write.
 * So one writer at a time, whichever path it comes from: the final write,
 * a snapshot signal, a crash, or the C API's format and drain on any
 * thread. The holder's thread id, 0 when free. */
static _Atomic long output_holder;

int rt_output_claim(unsigned wait_ms) {
  long self = (long)syscall(SYS_gettid);
  for (unsigned waited = 0;; ++waited) {
    long expected = 0;
    if (atomic_compare_exchange_strong(&output_holder, &expected, self))
      return 1;
    /* This thread is the writer, interrupted by a signal handler that
     * wants to write too: it cannot wait for itself. */
    if (expected == self || waited >= wait_ms)
      return 0;
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
}

void rt_output_release(void) { atomic_store(&output_holder, 0); }

/* Expands the output pattern; returns 0 if it does not fit. */
static int expand_path(const char *pat, char *dst, size_t cap, int *has_pid) {
  size_t n = 0;
  *has_pid = 0;
  dst[0] = 0;
  for (const char *p = pat; *p; ++p) {
    if (p[0] == '%' && p[1] == 'p') {
      *has_pid = 1;
      n = rt_append_u64(dst, n, cap, (uint64_t)getpid());
      ++p;
    } else if (p[0] == '%' && p[1] == '%') {
      n = rt_append(dst, n, cap, "%");
      ++p;
    } else {
      char c[2] = {*p, 0};
      n = rt_append(dst, n, cap, c);
    }
    if (n + 1 >= cap)
      return 0;
  }
  return n + 1 < cap;
}

static void warn_dropped(uint64_t dropped) {
  if (!dropped)
    return;
  char num[24];
  rt_append_u64(num, 0, sizeof num, dropped);
  rt_warn(num,
          " events were dropped: per-thread buffers keep the newest events "
          "(raise RUCHY_TRACE_BUFFER or sample with RUCHY_TRACE_SAMPLE)",
          "");
}

/* rt_output_window's sampling, for its window's trace. */
static int32_t window_sample;

void rt_output_info(void) {
  rt_info.program = rt_program_name();
  rt_info.version = RUCHYTRACE_VERSION;
  rt_info.pid = (uint64_t)getpid();
  rt_info.sample = (uint64_t)rt_cfg.sample;
  rt_info.json_style = rt_cfg.json_style;
  rt_info.param_names = rt_cfg.param_names;
  rt_info.name_of = rt_images_name_of;
  uint64_t mult;
  rt_clock_get(&rt_info.start_ticks, &rt_info.start_wall_ns, &mult);
  rt_info.attach_note = NULL;
  if (rt_collect_from_ticks) {
    /* An attached session's own trace: its time starts with it, and all
     * of it was recorded with its settings (nothing to note). */
    rt_info.start_ticks = rt_collect_from_ticks;
    rt_info.start_wall_ns = rt_clock_to_wall_ns(rt_collect_from_ticks);
    rt_info.sample = (uint64_t)window_sample;
  } else {
    rt_info.attach_note = rt_attach_note();
  }
}

/* The final trace (not a snapshot) of a streaming run reads the spill
 * files, which then hold every record. */
static int final_write;

/* `programs`: fd is the program's own descriptor (stderr, /dev/stdout),
 * where a binary format's bytes would mix with what the program writes:
 * the trace goes there as text. */
static void emit(int fd, rt_out *o, uint64_t end_ticks, int programs) {
  /* A reader that went away (a closed pipe or FIFO) must not kill the
   * program with SIGPIPE: block it while writing and discard the one our
   * write raised; the write fails with EPIPE instead. */
  sigset_t pipe_set, old, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  int was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
  rt_sink sink;
  rt_output_info();
  rt_out_init(o, fd, out_buf, sizeof out_buf);
  RT_LARGE static rt_dcache doubles; /* one whole-trace writer at a time */
  o->dcache = &doubles;
  enum rt_format format = rt_cfg.format;
  if (rt_format_binary(format) && programs) {
    static int said;
    if (fd != 2 && !said++) /* stderr: rt_config.c said it */
      rt_warn("RUCHY_TRACE_FORMAT is a binary file format; the program's "
              "own output gets the trace as text",
              "", "");
    format = RT_FORMAT_TEXT;
  }
  uint64_t dropped = 0;
  sink.unnamed = 0;
  if (rt_sink_for(format, &sink, o))
    dropped = rt_merge_emit(&sink, end_ticks, final_write);
  else
    dropped = rt_rtrace_write(o, end_ticks, final_write);
  rt_out_flush(o);
  if (o->failed == EPIPE && !was_pending) {
    struct timespec zero = {0, 0};
    sigtimedwait(&pipe_set, NULL, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  /* A trace file says what was dropped in its stats; a line on the
   * program's stderr would change what it prints (test suites that
   * compare stderr exactly fail). With the trace on stderr anyway, say it. */
  if (fd == 2)
    warn_dropped(dropped);
  if (sink.unnamed) {
    char num[24];
    rt_append_u64(num, 0, sizeof num, sink.unnamed);
    rt_warn(num,
            " events are shown as <unknown>: their library was unloaded "
            "and its descriptors could not be kept",
            "");
  }
}

/* One message for a failed write; a stream may hold part of the trace. */
static void warn_failed(const char *path, int err, int file) {
  char why[128];
  size_t n = rt_append(why, 0, sizeof why,
                       err == ENOSPC  ? "' failed: no space left on the device"
                       : err == EPIPE ? "' failed: its reader went away"
                                      : "' failed");
  rt_append(why, n, sizeof why,
            file ? "; no trace written" : "; the trace there is incomplete");
  rt_warn(file ? "writing the trace file '" : "writing the trace to '", path,
          why);
}

/* Creates the temporary file `path` is written under (its name in `tmp`);
 * -1 after a message (unless `quiet`). */
static int create_tmp(const char *path, char *tmp, size_t cap, int quiet) {
  size_t n = rt_append(tmp, 0, cap, path);
  n = rt_append(tmp, n, cap, ".tmp.");
  rt_append_u64(tmp, n, cap, (uint64_t)getpid());
  int fd =
      open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && !quiet)
    rt_warn("cannot create the trace file '", path,
            errno == ENOENT   ? "': its directory does not exist"
            : errno == EACCES ? "': permission denied"
            : errno == EEXIST ? "': a stale temporary file is in the way"
                              : "': cannot open it for writing");
  return fd;
}

/* Closes a finished temporary file and renames it over `path`, or removes
 * it if writing failed (errno `failed`). */
static void finish_tmp(int fd, const char *tmp, const char *path, int failed) {
  if (close(fd) != 0 && !failed)
    failed = errno;
  if (failed) {
    unlink(tmp);
    warn_failed(path, failed, 1);
    return;
  }
  /* The old trace goes first: a rename that replaces a file makes ext4
   * (auto_da_alloc) write the new one out at once, a synchronous flush
   * that was a fifth of a short traced process's added time. The old file
   * is only removed once the new one is complete, as before; a reader
   * may find no file for the instant between the two calls. */
  unlink(path);
  if (rename(tmp, path) != 0) {
    unlink(tmp);
    rt_warn("cannot rename the finished trace to '", path, "'");
  }
}

static void write_file(const char *path, uint64_t end_ticks) {
  rt_out o;
  char tmp[4096 + 32];
  int fd = create_tmp(path, tmp, sizeof tmp, 0);
  if (fd < 0)
    return;
  emit(fd, &o, end_ticks, 0);
  finish_tmp(fd, tmp, path, o.failed);
}

/* Streaming mode into a .rtrace file: the file is written during the run
 * under its temporary name (a killed process leaves it there, readable),
 * and renamed when the final write completes it. */
static struct {
  int fd;
  char tmp[4096 + 32], path[4096];
} streamed = {.fd = -1};

void rt_output_stream_open(void) {
  int has_pid;
  if (!rt_cfg.stream || rt_cfg.format != RT_FORMAT_RTRACE || !rt_cfg.output ||
      !expand_path(rt_cfg.output, streamed.path, sizeof streamed.path,
                   &has_pid))
    return;
  /* A device, FIFO or socket takes the trace at the end, as other
   * formats do (the spiller then uses files of its own meanwhile). */
  struct stat st;
  if (lstat(streamed.path, &st) == 0 && !S_ISREG(st.st_mode))
    return;
  /* Quietly: the final write tries again, and says why if it fails. */
  int fd = create_tmp(streamed.path, streamed.tmp, sizeof streamed.tmp, 1);
  if (fd < 0)
    return;
  rt_output_info();
  if (!rt_rtrace_stream_begin(fd)) {
    close(fd);
    unlink(streamed.tmp);
    return;
  }
  streamed.fd = fd;
}

/* The final write of such a stream; 0 if there is none (a forked child,
 * or the stream could not be opened). */
static int finish_stream(uint64_t end_ticks) {
  if (streamed.fd < 0 || rt_forked_child || !rt_stream_to_sink())
    return 0;
  rt_output_info(); /* the attach note of sessions since the stream began */
  int failed = rt_rtrace_stream_end(end_ticks);
  finish_tmp(streamed.fd, streamed.tmp, streamed.path, failed);
  streamed.fd = -1;
  return 1;
}

/* The stream opened for the output path stays open for the snapshots and
 * the final trace that follow, and forked children inherit it: a FIFO's
 * reader then sees one stream that ends when the program and its children
 * do, and a socket's reader one connection, as with a shell's `>`. */
static struct {
  int fd;
  dev_t dev;
  ino_t ino;
  char path[4096];
} kept = {.fd = -1};

/* The kept stream for `path`, unless the program has closed it (and
 * perhaps reused its number) since. */
static int kept_fd(const char *path) {
  struct stat st;
  if (kept.fd < 0 || strcmp(kept.path, path) || fstat(kept.fd, &st) != 0 ||
      st.st_dev != kept.dev || st.st_ino != kept.ino)
    return -1;
  return kept.fd;
}

static void keep(const char *path, int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return;
  }
  kept.fd = fd;
  kept.dev = st.st_dev;
  kept.ino = st.st_ino;
  rt_append(kept.path, 0, sizeof kept.path, path);
}

/* Documents of processes sharing a stream must not mix. A record lock
 * belongs to a process (flock belongs to the open file, which a forked
 * child shares with us), so parent and children take turns even on one
 * inherited connection. */
static void lock_stream(int fd, short type) {
  struct flock l = {.l_type = type, .l_whence = SEEK_SET};
  while (fcntl(fd, F_SETLKW, &l) != 0 && errno == EINTR)
    ;
}

/* Writes the trace to `path` if it names a stream, or reports why it is
 * refused; returns 0 if it names a file. A stream takes every document:
 * the final trace, each snapshot and each forked child's trace, one after
 * the other and each whole, so no name is made up next to it: no
 * /dev/null.snapshot-1. */
static int write_stream_target(const char *path, int keep_open,
                               uint64_t end_ticks) {
  int fd = keep_open ? kept_fd(path) : -1;
  enum rt_target_kind kind =
      fd >= 0 ? RT_TARGET_STREAM : rt_target_open(path, &fd, 0);
  if (kind == RT_TARGET_FILE)
    return 0;
  if (kind == RT_TARGET_REFUSED)
    return 1;
  /* A descriptor of the program (/dev/stdout) is written at its offset
   * like stderr; its open file and locks are the program's, not ours. */
  int ours = kind == RT_TARGET_STREAM;
  if (ours)
    lock_stream(fd, F_WRLCK);
  rt_out o;
  emit(fd, &o, end_ticks, !ours);
  if (ours)
    lock_stream(fd, F_UNLCK);
  if (o.failed)
    warn_failed(path, o.failed, 0);
  if (ours && keep_open)
    keep(path, fd);
  else if (ours)
    close(fd);
  return 1;
}

void rt_output_write(const char *suffix) {
  /* A snapshot arriving while a trace is being written is skipped; the
   * final write (at exit, or a crash) waits for a writer on another thread
   * a while, but a writer that never finishes (a thread stopped in a
   * debugger) must not hang the program's exit. */
  if (!rt_output_claim(suffix ? 0 : 10000))
    return;
  uint64_t end_ticks = rt_clock_now();
  final_write = suffix == NULL;
  if (final_write)
    rt_stream_finish(rt_in_crash);
  rt_clock_calibrate();
  char path[4096];
  int has_pid;
  if (final_write && finish_stream(end_ticks)) {
    /* written during the run */
  } else if (!rt_cfg.output) {
    rt_out o;
    emit(2, &o, end_ticks, 1);
  } else if (!expand_path(rt_cfg.output, path, sizeof path, &has_pid)) {
    rt_warn("RUCHY_TRACE_OUTPUT is too long; no trace written", "", "");
  } else if (!write_stream_target(path, 1, end_ticks)) {
    /* A file: a snapshot, and a forked child whose pattern has no %p,
     * get a name of their own ("<name>.<pid>") so that neither replaces
     * the parent's trace. That name may be a stream again. */
    size_t n0 = strlen(path), n = n0;
    if (rt_forked_child && !has_pid) {
      n = rt_append(path, n, sizeof path, ".");
      n = rt_append_u64(path, n, sizeof path, (uint64_t)getpid());
    }
    n = rt_append(path, n, sizeof path, suffix ? suffix : "");
    if (n + 1 >= sizeof path)
      rt_warn("RUCHY_TRACE_OUTPUT is too long; no trace written", "", "");
    else if (n == n0 || !write_stream_target(path, 0, end_ticks))
      write_file(path, end_ticks);
  }
  rt_output_release();
}

/* A FIFO whose reader is already there is opened at start and held until
 * the program and its forked children end: its reader then gets every
 * document and end-of-file after the last one, not after the first
 * process that writes and exits. */
void rt_output_open_early(void) {
  char path[4096];
  int has_pid, fd;
  if (!rt_cfg.output ||
      !expand_path(rt_cfg.output, path, sizeof path, &has_pid) ||
      rt_target_open(path, &fd, 1) != RT_TARGET_STREAM)
    return;
  /* Out of the way of a program that expects its first open() to return
   * 3, or that uses select() on low descriptors. */
  int high = fcntl(fd, F_DUPFD_CLOEXEC, 256);
  if (high >= 0) {
    close(fd);
    fd = high;
  }
  keep(path, fd);
}

int rt_output_to_fd(int fd) {
  if (!rt_output_claim(10000))
    return 0;
  uint64_t end_ticks = rt_clock_now();
  rt_clock_calibrate();
  rt_out o;
  final_write = 0;
  emit(fd, &o, end_ticks, fd == 2);
  rt_output_release();
  return 1;
}

int rt_output_window(int fd, enum rt_format format, uint64_t from_ticks,
                     int32_t sample, unsigned wait_ms, int *err) {
  *err = 0;
  if (!rt_output_claim(wait_ms))
    return 0;
  uint64_t end_ticks = rt_clock_now();
  rt_clock_calibrate();
  enum rt_format saved = rt_cfg.format;
  rt_cfg.format = format; /* emit's format; only writers read it */
  rt_collect_from_ticks = from_ticks;
  window_sample = sample;
  rt_out o;
  final_write = 0;
  emit(fd, &o, end_ticks, 0);
  rt_collect_from_ticks = 0;
  rt_cfg.format = saved;
  rt_output_release();
  *err = o.failed;
  return !o.failed;
}
