/*===- rt_control.h - start, stop, signals, output --------------------------===
 *
 * The top layer: initialisation and the final write, signal handlers,
 * where the output goes, and the C API. The only cycle among the runtime's
 * files is in this layer (rt_api.c, rt_init.c, rt_peer.c).
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_CONTROL_H
#define RUCHYTRACE_RT_CONTROL_H

#include "rt_write.h"

#pragma GCC visibility push(hidden)

/*---- registration and lifetime (rt_init.c) ------------------------------*/

void rt_init(void);
/* Writes the final trace now and stops tracing (atexit, C API). */
void rt_finalize_now(void);
/* Turns tracing on: clock, exit hook, fork and signal handlers, spiller. */
void rt_start(void);
/* What recording needs, without any output of the process's own (no exit
 * hook, no output opened, no spiller): the clock, the thread-end hook,
 * the crash handlers. Async-signal-safe; once (rt_start includes it). */
void rt_start_recording(void);
/* The pthread_atfork handlers (once). */
void rt_fork_install(void);

/*---- signals (rt_signal.c) ---------------------------------------------*/

/* Crash handlers that write the trace, and the snapshot signal. */
void rt_signals_install(void);
/* The signal a name or number (rt_attach_proto.h) means, if it can be
 * caught and is not a crash signal; 0 otherwise. */
int rt_signal_parse(const char *s);

/*---- attaching to a running process (rt_attach.c) ----------------------*/

/* At start: the rendezvous signal's handler, unless RUCHY_TRACE_CONTROL
 * is off or the program is set-uid. Nothing else until someone attaches. */
void rt_attach_install(void);
enum rt_attach_end_why {
  RT_ATTACH_END_EXIT, /* exit or crash: write the session's trace */
  RT_ATTACH_END_FORK  /* in a forked child: the session is the parent's */
};
/* Ends an attached session, if there is one (see rt_attach.c). */
void rt_attach_end(enum rt_attach_end_why why);

/*---- the note on attach sessions (rt_attach_note.c) ---------------------*/

/* A session began at `from` (ticks) with these settings (`filter` is
 * copied, cut if long); it ended now. The session's owner calls them. */
void rt_attach_noted_begin(uint64_t from, int32_t sample, uint32_t max_depth,
                           const char *filter);
void rt_attach_noted_end(void);
/* For the process's own traces (not a session's): one line on the attach
 * sessions that recorded into its rings with their own settings while it
 * was tracing itself, or NULL if there were none. For the one writer
 * (rt_output_claim): a static buffer. */
const char *rt_attach_note(void);

/*---- output (rt_output.c) ---------------------------------------------*/

/* Writes every thread's events so far, as configured, to `fd`; 0 if
 * another writer kept the output busy (see rt_output_claim). */
int rt_output_to_fd(int fd);
/* Takes the one right to write a trace (the output buffers exist once),
 * waiting up to `wait_ms` for a writer on another thread; 0 if it stays
 * busy or this thread already holds it (a signal handler interrupted
 * it). rt_output_release gives it back. */
int rt_output_claim(unsigned wait_ms);
void rt_output_release(void);

/* Fills rt_info, what the writers say of the process, from the runtime's
 * state: before every write. */
void rt_output_info(void);

/* Writes the whole trace where the configuration says (rt_output.c), or,
 * for a snapshot, to `path_suffix` appended to the output path (a stream
 * output takes snapshots too, see rt_output.c). */
void rt_output_write(const char *path_suffix);
/* At start, in streaming mode with a .rtrace output file: creates the file
 * the spiller writes into during the run. */
void rt_output_stream_open(void);
/* At start: opens an output that is a stream (device, FIFO, socket) now
 * and keeps it open, as a shell's `>` would. */
void rt_output_open_early(void);

/* Writes the events recorded since `from_ticks` (all with 0) in `format`
 * to `fd`, waiting up to `wait_ms` for another writer; 0 if it could not
 * write (busy, or a write error: *err). A window's events were sampled 1
 * in `sample`, which need not be the live setting any more: a session
 * stops recording before its trace is written. */
int rt_output_window(int fd, enum rt_format format, uint64_t from_ticks,
                     int32_t sample, unsigned wait_ms, int *err);

/*---- what the output path names (rt_target.c) ---------------------------*/

enum rt_target_kind {
  RT_TARGET_FILE,       /* missing or a regular file: write a new file */
  RT_TARGET_STREAM,     /* a device, FIFO or socket we opened: write in it */
  RT_TARGET_DESCRIPTOR, /* one of the program's descriptors (/dev/stdout) */
  RT_TARGET_REFUSED     /* a message was printed; write nothing */
};
/* Decides how a trace reaches `path`; for a stream or descriptor, *fd is
 * where to write. Never creates, unlinks or renames anything. `at_start`:
 * quietly, without waiting for a FIFO's reader. */
enum rt_target_kind rt_target_open(const char *path, int *fd, int at_start);

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_CONTROL_H */
