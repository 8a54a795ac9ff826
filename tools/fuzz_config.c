/*===- fuzz_config.c - libFuzzer target for the runtime's option parser ----===
 *
 * Bytes become the values of the RUCHY_TRACE_* variables (split at NUL);
 * whatever they are, the configuration that comes out must be sane and
 * nothing may crash or read out of bounds (built with ASan and UBSan).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every variable rt_config_load reads (the snapshot signal is rt_signal.c's,
 * which this target does not run). */
static const char *const vars[] = {
#define RT_OPTION_NAME(id, name, what, fallback) name,
    RT_OPTIONS(RT_OPTION_NAME)
#undef RT_OPTION_NAME
};
#define NVARS (sizeof vars / sizeof *vars)

/* putenv with one fixed "NAME=value" buffer per variable, not setenv:
 * glibc's setenv keeps every distinct value it was ever given (it cannot
 * know whether a caller still points at an old one), so millions of fuzz
 * inputs would grow the heap until libFuzzer's RSS limit stops the run. */
static char entries[NVARS][64 + 4096];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char buf[4096];
  if (size >= sizeof buf)
    return 0;
  memcpy(buf, data, size);
  buf[size] = 0;
  const char *p = buf;
  for (unsigned i = 0; i < NVARS; ++i) {
    if (p < buf + size) {
      snprintf(entries[i], sizeof entries[i], "%s=%s", vars[i], p);
      putenv(entries[i]);
      p += strlen(p) + 1;
    } else {
      unsetenv(vars[i]);
    }
  }
  rt_cfg = (rt_config)RT_CONFIG_DEFAULTS;
  rt_config_load();
  if (rt_cfg.sample < 1 || rt_cfg.buffer_events < 1 ||
      rt_cfg.buffer_events > RT_MAX_BUFFER || rt_cfg.max_depth < 1 ||
      rt_cfg.string_max < 1 || rt_cfg.string_max > 1000 ||
      (unsigned)rt_cfg.format >= RT_FORMAT_COUNT ||
      (rt_format_binary(rt_cfg.format) && !rt_cfg.output))
    abort();         /* binary on stderr: rt_config.c must have refused it */
  if (rt_cfg.filter) /* a filter that parsed must match without trouble */
    (void)rt_filter_match("ns::important_work");
  return 0;
}
