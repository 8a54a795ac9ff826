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

/*---- signals (rt_signal.c) ---------------------------------------------*/

/* Crash handlers that write the trace, and the snapshot signal. */
void rt_signals_install(void);

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
