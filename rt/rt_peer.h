/*===- rt_peer.h - the table copies of the runtime forward through ---------===
 *
 * See rt_peer.c. Included by the files whose exported functions forward to
 * the process's runtime when this copy is not it.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_PEER_H
#define RUCHYTRACE_RT_PEER_H

#include "rt_base.h"

#include "ruchytrace/ruchytrace.h"

#pragma GCC visibility push(hidden)

/* The first three fields are the same in every release: they are how two
 * releases recognise each other. RT_PEER_VERSION covers the rest. */
#define RT_PEER_MAGIC 0x52545254u /* "TRTR" */
#ifndef RT_PEER_VERSION
/* 3: the countdown resets to N-1 (abi.h); 4: init takes the size of the
 * configuration. */
#define RT_PEER_VERSION 4u
#endif

/* Entries take the frame (abi.h) and the hook's call site as read by the
 * entry point the instrumented code called (rt_frames.c compares both). */
typedef uint64_t rt_enter_t(__ruchy_trace_fn *, uint64_t, uint64_t,
                            const void *, uintptr_t);
typedef uint64_t rt_enter_v_t(__ruchy_trace_fn *, const uint64_t *,
                              const void *, uintptr_t);
typedef void RUCHY_TRACE_CC rt_exit_t(__ruchy_trace_fn *, uint64_t, uint64_t);
typedef void RUCHY_TRACE_CC rt_exit_ref_t(__ruchy_trace_fn *, uint64_t,
                                          const void *);
typedef void RUCHY_TRACE_CC rt_exit_tail_t(__ruchy_trace_fn *, uint64_t);
typedef void rt_register_t(uint32_t, __ruchy_trace_fn *, __ruchy_trace_fn *);

struct rt_peer {
  uint32_t magic, version;
  _Atomic uint32_t *initialised;
  /* The runtime this copy uses (itself, or the one it forwards to); NULL
   * before it initialised. */
  const struct rt_peer *(*active)(void);
  int32_t *(*countdown)(void); /* the calling thread's sampling countdown */
  const int32_t *sample;
  rt_enter_t *enter;
  rt_enter_v_t *enter_v;
  rt_exit_t *exit;
  rt_exit_ref_t *exit_ref;
  rt_exit_tail_t *exit_tail;
  rt_register_t *reg, *unreg;
  ruchy_trace_function *(*declare)(const char *, const char *, unsigned,
                                   unsigned, unsigned, const ruchy_trace_kind *,
                                   ruchy_trace_kind);
  int (*init)(const ruchy_trace_config *, size_t);
  void (*finalize)(void);
  void (*thread_stats)(uint64_t *, uint64_t *);
  long (*drain)(FILE *, int);
  long (*format)(char *, size_t);
};

/* This copy's own definition of an exported function. Other copies call
 * these through the table: the exported name may be bound to another copy
 * (an executable's static runtime interposes the shared one's symbols when
 * a library it links refers to them). Each is an alias defined next to the
 * function (RT_OWN_ALIAS). */
#define RT_OWN_ALIAS(name)                                                     \
  __typeof__(name) rt_own_##name __attribute__((alias(#name)))
rt_enter_t rt_peer_enter;
rt_enter_v_t rt_peer_enter_v;
extern __typeof__(__ruchy_trace_exit) rt_own___ruchy_trace_exit;
extern __typeof__(__ruchy_trace_exit_ref) rt_own___ruchy_trace_exit_ref;
extern __typeof__(__ruchy_trace_exit_tail) rt_own___ruchy_trace_exit_tail;
extern __typeof__(__ruchy_trace_register) rt_own___ruchy_trace_register;
extern __typeof__(__ruchy_trace_unregister) rt_own___ruchy_trace_unregister;
extern __typeof__(ruchy_trace_declare) rt_own_ruchy_trace_declare;
extern __typeof__(ruchy_trace_init_sized) rt_own_ruchy_trace_init_sized;
extern __typeof__(ruchy_trace_finalize) rt_own_ruchy_trace_finalize;
extern __typeof__(ruchy_trace_thread_stats) rt_own_ruchy_trace_thread_stats;
extern __typeof__(ruchy_trace_drain) rt_own_ruchy_trace_drain;
extern __typeof__(ruchy_trace_format) rt_own_ruchy_trace_format;

/* The process's runtime when it is another copy (NULL: this one is). Set
 * once, when this copy initialises, before anything is forwarded. */
extern const struct rt_peer *rt_forward;

/* Finds the other copies; returns 1 if this copy forwards to one. */
int rt_peer_join(void);
/* With the configuration loaded: a second runtime of another release
 * writes its own trace under another name. */
void rt_peer_rename_output(void);

/* The entry points of a forwarding copy. */
rt_enter_t rt_forward_enter;
rt_enter_v_t rt_forward_enter_v;
rt_exit_t rt_forward_exit;
rt_exit_ref_t rt_forward_exit_ref;
rt_exit_tail_t rt_forward_exit_tail;

#pragma GCC visibility pop

#endif /* RUCHYTRACE_RT_PEER_H */
