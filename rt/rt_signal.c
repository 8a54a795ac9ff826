/*===- rt_signal.c - the flight recorder: traces from crashes and signals --===
 *
 * On SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT the runtime writes the
 * trace of what led up to the crash, then lets the signal do what it would
 * have done without us: the program's own handler runs if it had one,
 * otherwise the default action (the same exit status, the same core dump).
 * RUCHY_TRACE_SNAPSHOT_SIGNAL names a signal that writes a snapshot of the
 * trace so far (to "<output>.snapshot-N") without stopping the program.
 *
 * The output path is built for this: no malloc, no stdio, no locks taken
 * by the program; buffers are read with the same tolerant snapshot as at
 * exit, so a thread interrupted mid-record cannot tear what is written.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_attach_proto.h"
#include "rt_control.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
#define NCRASH (sizeof crash_signals / sizeof *crash_signals)
static struct sigaction previous[NCRASH];
static struct sigaction previous_snapshot;
static int snapshot_signal;

static int crash_index(int sig) {
  for (unsigned i = 0; i < NCRASH; ++i)
    if (crash_signals[i] == sig)
      return (int)i;
  return -1;
}

static void on_crash(int sig, siginfo_t *info, void *ctx) {
  /* A fault while following a pointer the program passed: recover there
   * (does not return). */
  if (sig == SIGSEGV || sig == SIGBUS)
    rt_safe_fault();
  int i = crash_index(sig);
  /* Only the first crash writes (a crash inside the writer, or on a second
   * thread, goes straight to the previous disposition). */
  if (i >= 0 && rt_finalize_claim()) {
    rt_images_stop();
    rt_in_crash = 1;
    rt_exiting = 1;
    rt_attach_end(RT_ATTACH_END_EXIT); /* an attached session's trace */
    if (rt_cfg.enabled)
      rt_output_write(NULL);
  }
  if (i < 0)
    return;
  /* Put back what was there before us and let it act. */
  sigaction(sig, &previous[i], NULL);
  const struct sigaction *old = &previous[i];
  if (old->sa_handler == SIG_IGN)
    return;
  if (old->sa_flags & SA_SIGINFO) {
    if (old->sa_sigaction)
      old->sa_sigaction(sig, info, ctx);
    return;
  }
  if (old->sa_handler != SIG_DFL) {
    old->sa_handler(sig);
    return;
  }
  /* Default action. A fault raised by an instruction happens again when
   * we return, now with the default disposition; a signal sent by kill()
   * or abort() must be raised again (it stays blocked until we return). */
  if (info->si_code <= 0 || sig == SIGABRT)
    raise(sig);
}

static void on_snapshot(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  (void)info;
  (void)ctx;
  static unsigned n;
  char suffix[32] = ".snapshot-";
  rt_append_u64(suffix, strlen(suffix), sizeof suffix, ++n);
  rt_output_write(suffix);
}

/* Signal names or numbers: "USR2", "SIGUSR2", "12" (rt_attach_proto.h);
 * not one that cannot be caught or that the crash handlers own. */
int rt_signal_parse(const char *s) {
  int v = rt_signal_by_name(s);
  if (v == SIGKILL || v == SIGSTOP || crash_index(v) >= 0 || v > SIGRTMAX)
    return 0;
  return v;
}

void rt_signals_install(void) {
  /* An alternate stack for the thread that initialises (the main thread),
   * so a stack overflow there can still write its trace. */
  size_t alt = 64 * 1024;
  void *stack = mmap(NULL, alt, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  stack_t ss, old_ss;
  if (stack != MAP_FAILED && sigaltstack(NULL, &old_ss) == 0 &&
      (old_ss.ss_flags & SS_DISABLE)) {
    ss.ss_sp = stack;
    ss.ss_size = alt;
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_crash;
  /* SA_NODEFER: after recovering from a fault in rt_safe_copy with
   * siglongjmp the signal must not stay blocked. */
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  for (unsigned i = 0; i < NCRASH; ++i)
    sigaction(crash_signals[i], &sa, &previous[i]);
  rt_safe_faults_come_through(on_crash);

  const char *v = rt_option_value(RT_OPT_SNAPSHOT_SIGNAL);
  if (!v)
    return;
  snapshot_signal = rt_signal_parse(v);
  if (!snapshot_signal) {
    rt_option_bad(RT_OPT_SNAPSHOT_SIGNAL, v);
    return;
  }
  sa.sa_sigaction = on_snapshot;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(snapshot_signal, &sa, &previous_snapshot);
}
