/*===- rt_forward.c - entries bound to a copy that is not the process's ----===
 *
 * When another copy of the runtime was elected (rt_peer.c), this copy's
 * entry points send every event to it through its table. Images bound to
 * this copy run the inlined fast path against this copy's state bytes (set
 * by the runtime they registered with) and sampling countdown: reset it as
 * the runtime resets its own, and leave the runtime's countdown as it was,
 * since a forwarded call is not one of the calls its countdown counts.
 *
 * This is part of recording (the entry points call it), below the election
 * that sets rt_forward.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_record.h"

#include "rt_peer.h"

const struct rt_peer *rt_forward;

/* This copy's countdown is reset first, as the runtime's own entry does
 * (rt_sample_entry), with the elected runtime's period. */
static int forwarded(const __ruchy_trace_fn *fn) {
  return rt_sample_entry(fn, *rt_forward->sample);
}

uint64_t rt_forward_enter(__ruchy_trace_fn *fn, uint64_t a0, uint64_t a1,
                          const void *frame, uintptr_t pc) {
  if (!forwarded(fn))
    return 0;
  int32_t *theirs = rt_forward->countdown(), saved = *theirs;
  uint64_t token = rt_forward->enter(fn, a0, a1, frame, pc);
  *theirs = saved;
  return token;
}

uint64_t rt_forward_enter_v(__ruchy_trace_fn *fn, const uint64_t *args,
                            const void *frame, uintptr_t pc) {
  if (!forwarded(fn))
    return 0;
  int32_t *theirs = rt_forward->countdown(), saved = *theirs;
  uint64_t token = rt_forward->enter_v(fn, args, frame, pc);
  *theirs = saved;
  return token;
}

RUCHY_TRACE_CC void rt_forward_exit(__ruchy_trace_fn *fn, uint64_t token,
                                    uint64_t ret) {
  rt_forward->exit(fn, token, ret);
}

RUCHY_TRACE_CC void rt_forward_exit_ref(__ruchy_trace_fn *fn, uint64_t token,
                                        const void *value) {
  rt_forward->exit_ref(fn, token, value);
}

RUCHY_TRACE_CC void rt_forward_exit_tail(__ruchy_trace_fn *fn, uint64_t token) {
  rt_forward->exit_tail(fn, token);
}
