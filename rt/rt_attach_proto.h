/*===- rt_attach_proto.h - `ruchytrace attach` and the runtime: one protocol =
 *
 * What the attach command (tools/Attach.cpp) and the runtime's control
 * side (rt/rt_attach.c) say to each other, written once: plain C that is
 * also valid C++, included by both.
 *
 * The rendezvous. A process starts with nothing open for attaching: no
 * thread, socket or file, only a signal handler. The client listens on an
 * abstract Unix socket named after its own pid and a random nonce, then
 * sends the process the rendezvous signal with sigqueue(), the nonce as
 * its value. The handler connects to that name (the kernel vouches for
 * the sender's pid, the nonce for the name), and each side checks the
 * other's credentials (SO_PEERCRED): the target only talks to its own uid
 * or root, the client only to the pid it signalled. The client then sends
 * one request, with the descriptor the trace is written into (SCM_RIGHTS:
 * the target never opens a path), and the target answers.
 *
 * A session (RT_ATTACH_START) lasts until the client sends RT_ATTACH_STOP
 * or goes away, or the process exits or crashes: the trace of the session
 * is written into the descriptor, the final reply says how it went, and
 * the previous state is restored. The target notices the client's
 * messages without a thread: the connection raises the same signal when
 * it becomes readable (O_ASYNC, F_SETSIG), and the client also sends the
 * signal again with the session's nonce.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_ATTACH_PROTO_H
#define RUCHYTRACE_RT_ATTACH_PROTO_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RT_ATTACH_MAGIC 0x54415452u /* "RTAT" */
#define RT_ATTACH_VERSION 1u

/* SIGURG's default action is to ignore it: a process that does not take
 * attaching (not instrumented, RUCHY_TRACE_CONTROL=off) loses nothing if
 * it is sent by mistake, and programs rarely use it (out-of-band socket
 * data). RUCHY_TRACE_CONTROL=SIGNAL moves the rendezvous elsewhere. */
#define RT_ATTACH_DEFAULT_SIGNAL SIGURG
#define RT_ATTACH_DEFAULT_SIGNAL_NAME "URG"

/* The client's listening socket, in the abstract namespace (no file):
 * '\0' then this prefix, the client's pid and the nonce in hex. */
#define RT_ATTACH_SOCKET_PREFIX "ruchytrace-attach-"

/* Each side waits this long for the other's next message during the
 * rendezvous, so that a client that stalls cannot stall the target. */
#define RT_ATTACH_IO_TIMEOUT_MS 1000

enum rt_attach_op {
  RT_ATTACH_START = 1,    /* trace with these settings until STOP */
  RT_ATTACH_SNAPSHOT = 2, /* write what the rings hold now, change nothing */
  RT_ATTACH_STOP = 3      /* end the session: write, restore, reply */
};

#define RT_ATTACH_FILTER_MAX 4096 /* with its NUL: RT_FILTER_MAX_CHARS */

typedef struct rt_attach_request {
  uint32_t magic, version, op;
  int32_t sample;     /* 1 in N calls per thread; 0: as the process has it */
  uint32_t max_depth; /* 0: no limit */
  uint32_t reserved;
  char format[16];       /* a format name, or empty: from output_name */
  char output_name[256]; /* the client's output path: its extension only */
  char filter[RT_ATTACH_FILTER_MAX]; /* empty: every function */
} rt_attach_request;

/* RT_ATTACH_STOP is the request's first fields only. */
#define RT_ATTACH_STOP_BYTES offsetof(rt_attach_request, sample)

/* status: 0 success, otherwise `message` says what went wrong. */
typedef struct rt_attach_reply {
  uint32_t magic, version;
  int32_t status;
  uint32_t reserved;
  char message[512];
} rt_attach_reply;

/* Signal names the runtime's variables take (RUCHY_TRACE_CONTROL,
 * RUCHY_TRACE_SNAPSHOT_SIGNAL) and the client reads back, with or without
 * "SIG"; numbers are taken too. */
#define RT_SIGNAL_NAMES(X)                                                     \
  X("USR1", SIGUSR1)                                                           \
  X("USR2", SIGUSR2)                                                           \
  X("HUP", SIGHUP)                                                             \
  X("PROF", SIGPROF)                                                           \
  X("WINCH", SIGWINCH)                                                         \
  X("URG", SIGURG)

/* The signal `s` names, 0 if none (or beyond 64). */
static inline int rt_signal_by_name(const char *s) {
  if (!strncmp(s, "SIG", 3))
    s += 3;
#define RT_SIGNAL_ROW(name, sig)                                               \
  if (!strcmp(s, name))                                                        \
    return sig;
  RT_SIGNAL_NAMES(RT_SIGNAL_ROW)
#undef RT_SIGNAL_ROW
  int v = 0;
  if (!*s)
    return 0;
  for (const char *p = s; *p; ++p) {
    if (*p < '0' || *p > '9' || v > 64)
      return 0;
    v = v * 10 + (*p - '0');
  }
  return v;
}

#endif /* RUCHYTRACE_RT_ATTACH_PROTO_H */
