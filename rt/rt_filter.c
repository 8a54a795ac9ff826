/*===- rt_filter.c - run-time function filters -----------------------------===
 *
 * RUCHY_TRACE_FILTER="important_*,-*_helper": the syntax and the matching
 * rule are rt_name_filter.h's, shared with the pass's compile-time filter.
 * The filter is applied once, when an image registers, by setting each
 * descriptor's state byte: a filtered-out function then costs exactly what
 * "tracing off" costs.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_base.h"
#include "rt_name_filter.h"

/* The process's own filter, and an attached session's (rt_attach.c):
 * switching to the session's and back leaves the process's as it was,
 * with what its patterns matched (rt_filter_report_unmatched). */
RT_LARGE static rt_name_filter filters[2];
static rt_name_filter *filter = &filters[0];

void rt_filter_select(int session) { filter = &filters[session != 0]; }

int rt_filter_parse(const char *spec) {
  return rt_name_filter_parse(filter, spec);
}

int rt_filter_match(const char *name) {
  return rt_name_filter_match(filter, name);
}

void rt_filter_report_unmatched(void) {
  /* A pattern that matches nothing is almost always a mistake (a typo, or
   * a name written differently from how the trace spells it), and its
   * only effect would be a silently empty or incomplete trace. */
  const rt_name_filter *f = &filters[0];
  for (unsigned i = 0; i < f->npatterns; ++i)
    if (!f->matched[i])
      rt_warn(f->excluded[i] ? "filter pattern '-" : "filter pattern '",
              f->patterns[i], "' matches no instrumented function");
}

const char *rt_filter_session_unmatched(int *excluded) {
  const rt_name_filter *f = &filters[1];
  for (unsigned i = 0; i < f->npatterns; ++i)
    if (!f->matched[i]) {
      *excluded = f->excluded[i];
      return f->patterns[i];
    }
  return NULL;
}
