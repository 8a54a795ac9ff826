/*===- ruchytrace/attributes.h - source annotations for RuchyTrace ---------===
 *
 * RUCHY_TRACE_ALWAYS: trace this function whenever tracing is on, whatever
 *   the compile-time and run-time filters and the sampling period say.
 * RUCHY_TRACE_NEVER: never instrument this function (works with or without
 *   ruchytrace.cfg; __attribute__((no_instrument_function)) needs the cfg).
 *
 * Both expand to nothing for compilers other than clang, so annotated code
 * still builds everywhere.
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_ATTRIBUTES_H
#define RUCHYTRACE_ATTRIBUTES_H

#if defined(__clang__)
#define RUCHY_TRACE_ALWAYS __attribute__((annotate("ruchy_trace_always")))
#define RUCHY_TRACE_NEVER __attribute__((annotate("ruchy_trace_never")))
#else
#define RUCHY_TRACE_ALWAYS
#define RUCHY_TRACE_NEVER
#endif

#endif /* RUCHYTRACE_ATTRIBUTES_H */
