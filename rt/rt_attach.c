/*===- rt_attach.c - attaching to a running process: the process's side ----===
 *
 * `ruchytrace attach PID` turns tracing on in a process that is already
 * running, for a while, with its own filter, sampling, depth and format,
 * then puts everything back (the protocol: rt_attach_proto.h).
 *
 * Until someone attaches, the process has nothing for it but a signal
 * handler: no thread, no socket, no file. Everything happens in that
 * handler, on whichever thread the signal lands: connecting to the
 * client, checking it, changing the state bytes, and at the end writing
 * the trace into the descriptor the client sent. No thread is started
 * because none can be, safely, from a signal handler (pthread_create may
 * allocate, and the signal may have interrupted malloc); every call made
 * here is async-signal-safe, and the trace is written by the same code as
 * the snapshot signal's. Each wait is bounded (RT_ATTACH_IO_TIMEOUT_MS), so
 * a client that stalls or sends garbage gets an error, never the process
 * stuck.
 *
 * A session's trace shows only what was recorded after it began
 * (rt_collect_from_ticks), whatever the process recorded before. When the
 * session ends, the configuration and every state byte are what they were:
 * a process that was not tracing pays again only its entry checks.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_attach_proto.h"
#include "rt_control.h"
#include "rt_name_filter.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

_Static_assert(RT_ATTACH_FILTER_MAX == RT_FILTER_MAX_CHARS,
               "a request's filter is what the filter parser takes");

static int control_signal; /* 0: attaching is refused */
static struct sigaction previous;

/* The session, if any. Changed only by whoever holds `owner`. */
static struct {
  _Atomic int conn; /* the client's connection; -1: no session */
  int out;          /* where its trace goes */
  pid_t client;
  uint64_t nonce;
  uint64_t from; /* rt_collect_from_ticks of its trace */
  enum rt_format format;
  int32_t rate; /* its own sampling, 1 in `rate` */
  /* What the session changed, as it was. */
  int enabled;
  int32_t sample;
  uint32_t max_depth;
  const char *filter;
} session = {.conn = -1, .out = -1};

/* The request being served, and a session's filter (the filter parser
 * keeps pointers into it). Static: a signal handler's stack may be small. */
RT_LARGE static rt_attach_request request;
RT_LARGE static char filter_copy[RT_ATTACH_FILTER_MAX];
RT_LARGE static rt_name_filter scratch_filter;

/*---- who serves: one thread at a time -------------------------------------*/

static _Atomic long owner; /* thread id, 0 when free */

/* Waits up to `wait_ms` for the right to change the session; 0 if another
 * thread keeps it, or this one has it already (a signal interrupted it). */
static int acquire(unsigned wait_ms) {
  long self = (long)syscall(SYS_gettid);
  for (unsigned waited = 0;; ++waited) {
    long expected = 0;
    if (atomic_compare_exchange_strong(&owner, &expected, self))
      return 1;
    if (expected == self || waited >= wait_ms)
      return 0;
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
}

static void release(void) { atomic_store(&owner, 0); }

/*---- messages --------------------------------------------------------------*/

static void reply(int fd, int status, const char *a, const char *b,
                  const char *c) {
  rt_attach_reply r;
  memset(&r, 0, sizeof r);
  r.magic = RT_ATTACH_MAGIC;
  r.version = RT_ATTACH_VERSION;
  r.status = status;
  size_t n = rt_append(r.message, 0, sizeof r.message, a);
  n = rt_append(r.message, n, sizeof r.message, b);
  rt_append(r.message, n, sizeof r.message, c);
  ssize_t w = send(fd, &r, sizeof r, MSG_NOSIGNAL);
  (void)w;
}

static void set_timeouts(int fd) {
  struct timeval tv = {RT_ATTACH_IO_TIMEOUT_MS / 1000,
                       (RT_ATTACH_IO_TIMEOUT_MS % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Out of the way of a program that expects its next open() to return a
 * low number or closes descriptors it does not know. */
static int move_high(int fd) {
  int high = fcntl(fd, F_DUPFD_CLOEXEC, 256);
  if (high < 0)
    return fd;
  close(fd);
  return high;
}

/* Reads the request and the descriptor sent with it; -1 for none. Returns
 * 0 if no whole request came. Descriptors beyond the first are closed. */
static int receive(int fd, int *out) {
  *out = -1;
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(4 * sizeof(int))];
  } ctl;
  struct iovec iov = {&request, sizeof request};
  struct msghdr m = {0};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl.buf;
  m.msg_controllen = sizeof ctl.buf;
  ssize_t n = recvmsg(fd, &m, MSG_WAITALL | MSG_CMSG_CLOEXEC);
  for (struct cmsghdr *c = n >= 0 ? CMSG_FIRSTHDR(&m) : NULL; c;
       c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
      continue;
    size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < k; ++i) {
      int got;
      memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof got);
      if (*out < 0)
        *out = got;
      else
        close(got);
    }
  }
  return n == (ssize_t)sizeof request;
}

static int terminated(const char *s, size_t cap) {
  return memchr(s, 0, cap) != NULL;
}

/* What is wrong with the request, or NULL; *format is its format. */
static const char *check(const rt_attach_request *rq, int out,
                         enum rt_format *format) {
  if (rq->magic != RT_ATTACH_MAGIC || rq->version != RT_ATTACH_VERSION)
    return "a request of another version of RuchyTrace (or not one)";
  if (rq->op != RT_ATTACH_START && rq->op != RT_ATTACH_SNAPSHOT)
    return "an unknown request";
  if (!terminated(rq->format, sizeof rq->format) ||
      !terminated(rq->output_name, sizeof rq->output_name) ||
      !terminated(rq->filter, sizeof rq->filter))
    return "a request with a field that does not end";
  if (rq->format[0] ? !rt_format_named(rq->format, format)
                    : (*format = rt_format_for_path(rq->output_name), 0))
    return "an unknown format (the formats are " RT_FORMAT_NAMES ")";
  if (rq->sample < 0 || rq->sample > RT_MAX_SAMPLE)
    return "a sampling period that is not " RT_A_WHOLE_NUMBER_TO(RT_MAX_SAMPLE);
  if (rq->filter[0] && !rt_name_filter_parse(&scratch_filter, rq->filter))
    return "a filter that is not a comma-separated list of glob patterns "
           "(at most 64)";
  int fl = out >= 0 ? fcntl(out, F_GETFL) : -1;
  if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
    return "no descriptor to write the trace into";
  /* A pipe, FIFO, socket or terminal could block the write, and with it
   * the thread the handler runs on, for as long as its reader wants. */
  struct stat st;
  if (fstat(out, &st) != 0 || !S_ISREG(st.st_mode))
    return "a descriptor that is not a regular file";
  return NULL;
}

/*---- the session
 * -------------------------------------------------------------*/

static void apply_session(void *arg) {
  const rt_attach_request *rq = arg;
  session.enabled = rt_cfg.enabled;
  session.sample = rt_cfg.sample;
  session.max_depth = rt_cfg.max_depth;
  session.filter = rt_cfg.filter;
  rt_cfg.enabled = 1;
  rt_live_set(rt_cfg.sample, rq->sample ? rq->sample : 1);
  rt_live_set(rt_cfg.max_depth, rq->max_depth ? rq->max_depth : UINT32_MAX);
  rt_cfg.filter = NULL;
  rt_filter_select(1);
  if (rq->filter[0]) {
    memcpy(filter_copy, rq->filter, sizeof filter_copy);
    if (rt_filter_parse(filter_copy))
      rt_cfg.filter = filter_copy;
  }
}

/* Only a process that traces itself goes on recording (with the
 * session's settings until restore). */
static void stop_recording(void *arg) {
  (void)arg;
  rt_cfg.enabled = session.enabled;
}

static void restore(void *arg) {
  (void)arg;
  rt_cfg.enabled = session.enabled;
  rt_live_set(rt_cfg.sample, session.sample);
  rt_live_set(rt_cfg.max_depth, session.max_depth);
  rt_cfg.filter = session.filter;
  rt_filter_select(0);
}

static int write_trace(int out, enum rt_format format, uint64_t from,
                       int32_t sample, const char **why) {
  int err;
  if (rt_output_window(out, format, from, sample, RT_ATTACH_IO_TIMEOUT_MS,
                       &err))
    return 1;
  *why = err == ENOSPC ? "writing the trace failed: no space left"
         : err         ? "writing the trace failed"
                       : "the process was writing another trace; try again";
  return 0;
}

/* Closes the session's connection. It stops raising our signal, but one
 * may be pending already (the client's reading the reply and closing is
 * more input): the handler knows it by its descriptor (`closed_conn`). */
static _Atomic int closed_conn = -1;
static void hang_up(int conn) {
  fcntl(conn, F_SETFL, fcntl(conn, F_GETFL) & ~O_ASYNC);
  atomic_store(&closed_conn, conn);
  atomic_store(&session.conn, -1);
  close(conn);
}

/* Ends the session (the caller owns it): writes its trace unless the
 * client is gone or this is a forked child, restores the configuration,
 * and tells the client. */
static void finish(int write, const char *done) {
  int conn = atomic_load(&session.conn);
  const char *why = NULL;
  /* The session stops recording before the rings are copied: threads that
   * keep recording while a slower copy runs (a preempted or sanitized
   * reader) can lap it and leave nothing whole to write. Its sampling,
   * depth and filter stay until the trace is written: a thread past its
   * state byte may still read them. */
  rt_images_reconfigure(stop_recording, NULL);
  int ok = !write || write_trace(session.out, session.format, session.from,
                                 session.rate, &why);
  rt_images_reconfigure(restore, NULL);
  rt_attach_noted_end();
  if (write)
    reply(conn, !ok, ok ? done : why, "", "");
  close(session.out);
  session.out = -1;
  hang_up(conn);
}

/* The client wrote (STOP) or went away. */
static void session_input(void) {
  int conn = atomic_load(&session.conn);
  struct pollfd p = {conn, POLLIN, 0};
  if (conn < 0 || poll(&p, 1, 0) <= 0)
    return;
  rt_attach_request stop;
  size_t head = RT_ATTACH_STOP_BYTES;
  ssize_t n = recv(conn, &stop, head, MSG_WAITALL);
  int is_stop = n == (ssize_t)head && stop.magic == RT_ATTACH_MAGIC &&
                stop.version == RT_ATTACH_VERSION && stop.op == RT_ATTACH_STOP;
  /* Anything else (end of file: the client was killed) ends the session
   * without a trace: nobody would rename the file into place. */
  finish(is_stop, "trace written");
}

static void start_session(int fd, pid_t client, uint64_t nonce, int out,
                          enum rt_format format) {
  if (atomic_load(&session.conn) >= 0) {
    reply(fd, 1, "another attach session is active", "", "");
    close(out);
    close(fd);
    return;
  }
  rt_start_recording();
  session.out = move_high(out);
  session.client = client;
  session.nonce = nonce;
  session.format = format;
  session.rate = request.sample ? request.sample : 1;
  rt_images_reconfigure(apply_session, &request);
  /* A pattern that matches no function is a typo or a name spelt unlike
   * the trace spells it: the session would record nothing, or not what
   * was asked, and say nothing. Refused, the process as it was. */
  int excluded;
  const char *unmatched =
      request.filter[0] ? rt_filter_session_unmatched(&excluded) : NULL;
  if (unmatched) {
    rt_images_reconfigure(restore, NULL);
    reply(fd, 1, excluded ? "--filter pattern '-" : "--filter pattern '",
          unmatched,
          "' matches no instrumented function in the process: nothing "
          "traced, nothing changed");
    close(session.out);
    session.out = -1;
    close(fd);
    return;
  }
  /* The window starts once every state byte is the session's: a process
   * that was tracing already may have recorded with its own settings up to
   * here (calls still open then are hidden with their exits). */
  session.from = rt_collect_window_start();
  rt_attach_noted_begin(session.from, session.rate, request.max_depth,
                        request.filter);
  fd = move_high(fd);
  atomic_store(&session.conn, fd);
  /* The client's next message (or its going away) raises our signal. */
  fcntl(fd, F_SETOWN, getpid());
  fcntl(fd, F_SETSIG, control_signal);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC);
  reply(fd, 0, "tracing", "", "");
}

/* A connected client (the caller owns the session). */
static void serve(int fd, pid_t pid, uint64_t nonce) {
  set_timeouts(fd);
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
      cred.pid != pid) {
    close(fd); /* not the process that signalled */
    return;
  }
  char uid[24];
  rt_append_u64(uid, 0, sizeof uid, (uint64_t)geteuid());
  if (cred.uid != 0 && cred.uid != geteuid()) {
    reply(fd, 1, "refused: only root and the process's owner (uid ", uid,
          ") may attach");
    close(fd);
    return;
  }
  int out;
  enum rt_format format = RT_FORMAT_JSON;
  const char *bad = !receive(fd, &out) ? "an incomplete request"
                                       : check(&request, out, &format);
  if (!bad && rt_finalized())
    bad = "the process is exiting";
  /* A snapshot shows what is being recorded: the process's own trace if
   * it traces itself (with the note on sessions), else the session's that
   * is running. A process that is off records nothing, whatever earlier
   * sessions left in its rings: each of those wrote its own trace, with
   * its own sampling, and a snapshot would pass them off as the
   * process's (this is what the snapshot signal does too). */
  int own = atomic_load(&session.conn) >= 0 ? session.enabled : rt_cfg.enabled;
  if (!bad && request.op == RT_ATTACH_SNAPSHOT &&
      (!rt_clock_start_wall_ns() || (!own && atomic_load(&session.conn) < 0)))
    bad = "tracing is off in this process: nothing is being recorded to "
          "snapshot (attach without --snapshot to trace it)";
  if (bad) {
    reply(fd, 1, "refused: ", bad, "");
  } else if (request.op == RT_ATTACH_START) {
    start_session(fd, pid, nonce, out, format);
    return;
  } else {
    const char *why = NULL;
    int ok = write_trace(out, format, own ? 0 : session.from,
                         rt_live(rt_cfg.sample), &why);
    reply(fd, !ok, ok ? "snapshot written" : why, "", "");
  }
  if (out >= 0)
    close(out);
  close(fd);
}

/* A sigqueue() from a client: connect to its socket. 0 if there is none
 * (the signal was not ours). */
static int rendezvous(const siginfo_t *si) {
  uint64_t nonce = (uint64_t)(uintptr_t)si->si_value.sival_ptr;
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  size_t n = rt_append(a.sun_path + 1, 0, sizeof a.sun_path - 1,
                       RT_ATTACH_SOCKET_PREFIX);
  n = rt_append_u64(a.sun_path + 1, n, sizeof a.sun_path - 1,
                    (uint64_t)si->si_pid);
  n = rt_append(a.sun_path + 1, n, sizeof a.sun_path - 1, "-");
  static const char hex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    char c[2] = {hex[(nonce >> (i * 4)) & 15], 0};
    n = rt_append(a.sun_path + 1, n, sizeof a.sun_path - 1, c);
  }
  socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
  /* Non-blocking: a full backlog must not hold the thread. */
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return 0;
  if (connect(fd, (struct sockaddr *)&a, len) != 0) {
    close(fd);
    return 0;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (!acquire(RT_ATTACH_IO_TIMEOUT_MS)) {
    set_timeouts(fd);
    reply(fd, 1, "the process is busy with another attach request", "", "");
    close(fd);
    return 1;
  }
  serve(fd, si->si_pid, nonce);
  release();
  return 1;
}

/* The client's message may arrive while another thread serves: whoever
 * releases looks again. */
static void serve_input(void) {
  while (atomic_load(&session.conn) >= 0 && acquire(0)) {
    session_input();
    release();
    int conn = atomic_load(&session.conn);
    struct pollfd p = {conn, POLLIN, 0};
    if (conn < 0 || poll(&p, 1, 0) <= 0)
      return;
  }
}

/*---- the signal
 * --------------------------------------------------------------*/

/* Lets the signal do what it did before us. */
static void chain(int sig, siginfo_t *si, void *ctx) {
  if (previous.sa_flags & SA_SIGINFO) {
    if (previous.sa_sigaction)
      previous.sa_sigaction(sig, si, ctx);
    return;
  }
  if (previous.sa_handler == SIG_IGN)
    return;
  if (previous.sa_handler != SIG_DFL) {
    previous.sa_handler(sig);
    return;
  }
  /* Default action: nothing for these; otherwise as if we were not here
   * (the signal stays blocked until we return, then acts). */
  if (sig == SIGURG || sig == SIGWINCH || sig == SIGCHLD || sig == SIGCONT)
    return;
  signal(sig, SIG_DFL);
  raise(sig);
}

static void on_signal(int sig, siginfo_t *si, void *ctx) {
  int saved = errno;
  int ours = 0;
  int conn = atomic_load(&session.conn);
  if (si->si_code == SI_QUEUE && si->si_pid > 0) {
    /* The client of the session nudging us, or a new client. */
    if (conn >= 0 && si->si_pid == session.client &&
        (uint64_t)(uintptr_t)si->si_value.sival_ptr == session.nonce) {
      ours = 1;
      serve_input();
    } else {
      ours = rendezvous(si);
    }
  } else if (si->si_code >= POLL_IN && si->si_code <= POLL_HUP &&
             si->si_fd >= 0 &&
             (si->si_fd == conn || si->si_fd == atomic_load(&closed_conn))) {
    ours = 1;
    serve_input();
  }
  if (!ours)
    chain(sig, si, ctx);
  errno = saved;
}

static void at_exit(void) { rt_attach_end(RT_ATTACH_END_EXIT); }

void rt_attach_install(void) {
  /* Set-uid and set-gid programs refuse control: their owner is not
   * who runs them. */
  if (getauxval(AT_SECURE))
    return;
  const char *v = rt_option_value(RT_OPT_CONTROL);
  int sig = RT_ATTACH_DEFAULT_SIGNAL;
  if (v && (!strcmp(v, "0") || rt_ieq(v, "off") || rt_ieq(v, "no") ||
            rt_ieq(v, "false")))
    return;
  if (v && strcmp(v, "1") && !rt_ieq(v, "on") && !rt_ieq(v, "yes") &&
      !rt_ieq(v, "true") && !(sig = rt_signal_parse(v))) {
    rt_option_bad(RT_OPT_CONTROL, v);
    return;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, &previous) != 0)
    return;
  control_signal = sig;
  /* Registered now, not when someone attaches: neither is safe in a
   * signal handler, and neither does anything until then. */
  atexit(at_exit);
  rt_fork_install();
}

void rt_attach_end(enum rt_attach_end_why why) {
  if (why == RT_ATTACH_END_FORK)
    atomic_store(&owner, 0); /* its holder, if any, is not in the child */
  if (atomic_load(&session.conn) < 0)
    return;
  if (why == RT_ATTACH_END_FORK) {
    /* The child has one thread and the parent's session: leave it to the
     * parent, and trace nothing of its own for it. */
    close(session.out);
    session.out = -1;
    hang_up(atomic_load(&session.conn));
    rt_images_reconfigure(restore, NULL);
    rt_attach_noted_end();
    return;
  }
  /* A handler serving on another thread finishes first (its waits are
   * bounded); a crash inside our own handler writes no session trace. */
  if (!acquire(rt_in_crash ? 100 : 10 * RT_ATTACH_IO_TIMEOUT_MS))
    return;
  if (atomic_load(&session.conn) >= 0)
    finish(1, rt_in_crash ? "the process crashed; trace written"
                          : "the process exited; trace written");
  release();
}
