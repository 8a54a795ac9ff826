/*===- rt_options.h - every RUCHY_TRACE_* variable, written once -----------===
 *
 * X(id, variable, what a value must be, what a bad value leaves), in the
 * order the README's table lists them. Read by rt_config.c (each
 * variable's message when its value is bad, and the warning for a
 * RUCHY_TRACE_* variable that is none of these), rt_signal.c, the option
 * fuzzer (tools/fuzz_config.c) and test/e2e/options.c, which checks that
 * the README documents exactly these. The bounds in the messages are the
 * parser's own (RT_XSTR of the same constants).
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_OPTIONS_H
#define RUCHYTRACE_RT_OPTIONS_H

#include "rt_format.h"

#define RT_STR(x) #x
#define RT_XSTR(x) RT_STR(x)

/* Bounds of the numeric variables. */
#define RT_MAX_SAMPLE 2147483647
/* RUCHY_TRACE_BUFFER is 1 to 2^26 events (2 GiB per thread when each takes
 * one 32-byte slot): beyond that a typo is likelier than a need, and
 * NORESERVE mappings would only fail later. Any count from 1 works: rings
 * grow to hold their newest N records whatever their size (rt_ring.c). */
#define RT_MAX_BUFFER 67108864
#define RT_MAX_STRING 1000
/* RUCHY_TRACE_FOLLOW's byte budget: at most what the pass asks for. The
 * default shows a struct's first few fields (4 pointers' worth: the header
 * of an interpreter's objects); bench/RESULTS.md has Lua's line lengths
 * and the cost per call for each setting. */
#define RT_MAX_FOLLOW 256
#define RT_DEFAULT_FOLLOW 32
#define RT_MAX_DEPTH_LIMIT 4294967295
/* RUCHY_TRACE_SEQ_MAX: elements of a sequence kept (a Vec, a vector). A
 * record's data budget (RT_DATA_BUDGET) bounds the bytes in any case. */
#define RT_MAX_SEQ 1000
#define RT_DEFAULT_SEQ 10

#define RT_A_WHOLE_NUMBER_TO(max) "a whole number from 1 to " RT_XSTR(max)

#define RT_OPTIONS(X)                                                          \
  X(ENABLE, "RUCHY_TRACE", "one of 1/0/true/false/yes/no/on/off",              \
    "tracing is off")                                                          \
  X(OUTPUT, "RUCHY_TRACE_OUTPUT", "a path, or - for stderr",                   \
    "the trace goes to stderr")                                                \
  X(FORMAT, "RUCHY_TRACE_FORMAT", RT_FORMAT_NAMES,                             \
    "keeping the default for the output")                                      \
  X(JSON_STYLE, "RUCHY_TRACE_JSON_STYLE", "lines, pretty or compact",          \
    "using lines (one event per line)")                                        \
  X(PARAM_NAMES, "RUCHY_TRACE_PARAM_NAMES",                                    \
    "one of 1/0/true/false/yes/no/on/off", "text without parameter names")     \
  X(SAMPLE, "RUCHY_TRACE_SAMPLE", RT_A_WHOLE_NUMBER_TO(RT_MAX_SAMPLE),         \
    "recording every call")                                                    \
  X(BUFFER, "RUCHY_TRACE_BUFFER",                                              \
    "a whole number of events from 1 to " RT_XSTR(RT_MAX_BUFFER),              \
    "using 10000")                                                             \
  X(MODE, "RUCHY_TRACE_MODE", "ring or stream",                                \
    "using ring (oldest events dropped when a buffer is full)")                \
  X(STRING_MAX, "RUCHY_TRACE_STRING_MAX", RT_A_WHOLE_NUMBER_TO(RT_MAX_STRING), \
    "keeping 64 bytes of each string")                                         \
  X(FOLLOW, "RUCHY_TRACE_FOLLOW",                                              \
    "off, all or a number of bytes from 1 to " RT_XSTR(RT_MAX_FOLLOW),         \
    "following pointers to structs for " RT_XSTR(RT_DEFAULT_FOLLOW) " bytes")  \
  X(SEQ_MAX, "RUCHY_TRACE_SEQ_MAX", RT_A_WHOLE_NUMBER_TO(RT_MAX_SEQ),          \
    "keeping " RT_XSTR(RT_DEFAULT_SEQ) " elements of each sequence")           \
  X(SNAPSHOT_SIGNAL, "RUCHY_TRACE_SNAPSHOT_SIGNAL",                            \
    "a signal name (USR1, USR2, ...) or number that can be caught and is "     \
    "not a crash signal",                                                      \
    "no snapshots")                                                            \
  X(FILTER, "RUCHY_TRACE_FILTER",                                              \
    "a comma-separated list of glob patterns (a leading - excludes)",          \
    "tracing every function")                                                  \
  X(MAX_DEPTH, "RUCHY_TRACE_MAX_DEPTH",                                        \
    RT_A_WHOLE_NUMBER_TO(RT_MAX_DEPTH_LIMIT), "no depth limit")                \
  X(MIN_DURATION, "RUCHY_TRACE_MIN_DURATION",                                  \
    "a duration like 500ns, 20us, 1ms or 2s", "keeping every call")            \
  X(CONTROL, "RUCHY_TRACE_CONTROL",                                            \
    "on, off, or the signal ruchytrace attach sends (URG, USR1, ... or a "     \
    "number) that can be caught and is not a crash signal",                    \
    "refusing ruchytrace attach")

enum rt_option {
#define RT_OPTION_ENUM(id, name, what, fallback) RT_OPT_##id,
  RT_OPTIONS(RT_OPTION_ENUM)
#undef RT_OPTION_ENUM
      RT_OPT_COUNT
};

/* The variable's value, NULL when unset (or in a set-uid program). */
const char *rt_option_value(enum rt_option o);
/* One line on stderr: the variable, its bad value, what it should be and
 * what is done instead. */
void rt_option_bad(enum rt_option o, const char *value);

#endif /* RUCHYTRACE_RT_OPTIONS_H */
