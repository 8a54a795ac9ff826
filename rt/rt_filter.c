/*===- rt_filter.c - run-time function filters -----------------------------===
 *
 * RUCHY_TRACE_FILTER="important_*,-*_helper" : glob patterns (fnmatch
 * syntax: *, ?, [...]) on the function's qualified name. A function is
 * traced if it matches an include pattern (or there are none) and no
 * exclude pattern. The filter is applied once, when an image registers, by
 * setting each descriptor's state byte: a filtered-out function then costs
 * exactly what "tracing off" costs.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <fnmatch.h>
#include <string.h>

#define RT_MAX_PATTERNS 64

static char storage[4096];
static const char *patterns[RT_MAX_PATTERNS];
static unsigned char excluded[RT_MAX_PATTERNS];
static unsigned npatterns, nincludes;

int rt_filter_parse(const char *spec) {
  size_t len = strlen(spec);
  npatterns = nincludes = 0;
  if (len == 0 || len >= sizeof storage)
    return 0;
  memcpy(storage, spec, len + 1);
  for (char *p = storage;;) {
    char *comma = strchr(p, ',');
    if (comma)
      *comma = 0;
    int ex = *p == '-';
    if (ex)
      ++p;
    if (!*p || npatterns == RT_MAX_PATTERNS) {
      npatterns = nincludes = 0;
      return 0; /* empty pattern (",," or a lone "-") or too many */
    }
    patterns[npatterns] = p;
    excluded[npatterns++] = (unsigned char)ex;
    nincludes += !ex;
    if (!comma)
      break;
    p = comma + 1;
  }
  return 1;
}

int rt_filter_match(const char *name) {
  int included = nincludes == 0;
  for (unsigned i = 0; i < npatterns; ++i) {
    if (fnmatch(patterns[i], name, 0) != 0)
      continue;
    if (excluded[i])
      return 0;
    included = 1;
  }
  return included;
}
