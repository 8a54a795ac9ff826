/*===- rt_config.c - run-time options from the environment -----------------===
 *
 * Every option is an environment variable. A bad value never changes what
 * the traced program does: it gets exactly one message on stderr naming the
 * variable, and a safe default (or tracing off) is used instead. Values are
 * read with secure_getenv, so set-uid/set-gid programs ignore them.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_base.h"

#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

rt_config rt_cfg = RT_CONFIG_DEFAULTS;

static const struct {
  const char *name, *what, *fallback;
} options[] = {
#define RT_OPTION_ROW(id, name, what, fallback) {name, what, fallback},
    RT_OPTIONS(RT_OPTION_ROW)
#undef RT_OPTION_ROW
};

/* secure_getenv: set-uid and set-gid programs read none of them. */
const char *rt_option_value(enum rt_option o) {
  return secure_getenv(options[o].name);
}

void rt_option_bad(enum rt_option o, const char *value) {
  char msg[1024];
  size_t n = 0;
  n = rt_append(msg, n, sizeof msg, options[o].name);
  n = rt_append(msg, n, sizeof msg, "='");
  n = rt_append(msg, n, sizeof msg, value);
  n = rt_append(msg, n, sizeof msg, "' is not ");
  n = rt_append(msg, n, sizeof msg, options[o].what);
  n = rt_append(msg, n, sizeof msg, "; ");
  rt_append(msg, n, sizeof msg, options[o].fallback);
  rt_warn(msg, "", "");
}

/* Edit distance between the first `n` bytes of `a` and `b`, capped: a
 * typo is one or two edits away. */
static unsigned distance(const char *a, size_t n, const char *b) {
  enum { CAP = 64 };
  size_t m = strlen(b);
  if (n >= CAP || m >= CAP)
    return CAP;
  unsigned row[CAP + 1];
  for (size_t j = 0; j <= m; ++j)
    row[j] = (unsigned)j;
  for (size_t i = 1; i <= n; ++i) {
    unsigned diag = row[0];
    row[0] = (unsigned)i;
    for (size_t j = 1; j <= m; ++j) {
      unsigned up = row[j];
      unsigned best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[m];
}

/* A RUCHY_TRACE_* variable that is none of ours is a typo or an option of
 * another release: either way the user expects it to do something, so say
 * that it does nothing (as sanitizers do for unknown options), with the
 * nearest name. Not in set-uid programs, which read none of them. */
static void warn_unknown(void) {
  if (getauxval(AT_SECURE))
    return;
  static const char prefix[] = "RUCHY_TRACE";
  for (char **e = environ; e && *e; ++e) {
    const char *eq = strchr(*e, '=');
    size_t n = eq ? (size_t)(eq - *e) : strlen(*e);
    if (strncmp(*e, prefix, sizeof prefix - 1) ||
        (n > sizeof prefix - 1 && (*e)[sizeof prefix - 1] != '_'))
      continue;
    unsigned best = ~0u;
    const char *nearest = NULL;
    for (size_t i = 0; i < RT_OPT_COUNT; ++i) {
      unsigned d = distance(*e, n, options[i].name);
      if (d < best)
        best = d, nearest = options[i].name;
    }
    if (best == 0)
      continue;
    char name[128];
    size_t len = n < sizeof name - 1 ? n : sizeof name - 1;
    memcpy(name, *e, len);
    name[len] = 0;
    if (best <= 2)
      rt_warn(name,
              " is not a RuchyTrace variable and does nothing; did you "
              "mean ",
              nearest);
    else
      rt_warn(name, " is not a RuchyTrace variable and does nothing", "");
  }
}

static int parse_bool(const char *s, int *out) {
  static const char *const yes[] = {"1", "true", "yes", "on"};
  static const char *const no[] = {"0", "false", "no", "off"};
  for (size_t i = 0; i < 4; ++i) {
    if (rt_ieq(s, yes[i]))
      return *out = 1, 1;
    if (rt_ieq(s, no[i]))
      return *out = 0, 1;
  }
  return 0;
}

/* A decimal integer in [1, max], nothing else: no sign, no spaces, no
 * suffix, no overflow. */
static int parse_count(const char *s, uint64_t max, uint64_t *out) {
  uint64_t v = 0;
  if (!*s)
    return 0;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9')
      return 0;
    v = v * 10 + (uint64_t)(*s - '0');
    if (v > max)
      return 0;
  }
  if (v == 0)
    return 0;
  *out = v;
  return 1;
}

/* A duration: a whole number with an optional unit ns, us, ms or s
 * (nanoseconds without one). */
static int parse_duration(const char *s, uint64_t *out) {
  uint64_t v = 0;
  const char *p = s;
  if (*p < '0' || *p > '9')
    return 0;
  for (; *p >= '0' && *p <= '9'; ++p) {
    if (v > (UINT64_MAX - 9) / 10)
      return 0;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  uint64_t mul;
  if (!*p || !strcmp(p, "ns"))
    mul = 1;
  else if (!strcmp(p, "us"))
    mul = 1000;
  else if (!strcmp(p, "ms"))
    mul = 1000000;
  else if (!strcmp(p, "s"))
    mul = 1000000000;
  else
    return 0;
  if (v > UINT64_MAX / mul)
    return 0;
  *out = v * mul;
  return 1;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && rt_ieq(s + n - m, suffix);
}

int rt_format_named(const char *name, enum rt_format *out) {
  static const struct {
    const char *name;
    enum rt_format format;
  } formats[] = {
#define RT_FORMAT_ENTRY(name, e, binary) {name, e},
      RT_FORMATS(RT_FORMAT_ENTRY)
#undef RT_FORMAT_ENTRY
  };
  for (size_t i = 0; i < sizeof formats / sizeof *formats; ++i)
    if (rt_ieq(name, formats[i].name)) {
      *out = formats[i].format;
      return 1;
    }
  return 0;
}

enum rt_format rt_format_for_path(const char *path) {
  if (!path || ends_with(path, ".txt") || ends_with(path, ".log"))
    return RT_FORMAT_TEXT;
  if (ends_with(path, ".ndjson") || ends_with(path, ".jsonl"))
    return RT_FORMAT_NDJSON;
  if (ends_with(path, ".rtrace"))
    return RT_FORMAT_RTRACE;
  if (ends_with(path, ".pftrace"))
    return RT_FORMAT_PERFETTO;
  return RT_FORMAT_JSON;
}

void rt_config_load(void) {
  warn_unknown();
  const char *v;
  int explicit_enable = -1;
  if ((v = rt_option_value(RT_OPT_ENABLE)) != NULL) {
    int b;
    if (parse_bool(v, &b))
      explicit_enable = b;
    else {
      rt_option_bad(RT_OPT_ENABLE, v);
      explicit_enable = 0;
    }
  }
  if ((v = rt_option_value(RT_OPT_OUTPUT)) != NULL) {
    if (!*v)
      rt_warn("RUCHY_TRACE_OUTPUT is empty; the trace goes to stderr", "", "");
    else if (!strcmp(v, "-"))
      rt_cfg.output = NULL; /* explicit stderr */
    else
      rt_cfg.output = v;
    if (explicit_enable < 0)
      explicit_enable = 1; /* naming an output enables tracing */
  }
  rt_cfg.enabled = explicit_enable > 0;

  /* Default format: text on stderr; for a file, from its extension. */
  rt_cfg.format = rt_format_for_path(rt_cfg.output);
  if ((v = rt_option_value(RT_OPT_FORMAT)) != NULL &&
      !rt_format_named(v, &rt_cfg.format))
    rt_option_bad(RT_OPT_FORMAT, v);
  if (rt_format_binary(rt_cfg.format) && !rt_cfg.output && rt_cfg.enabled) {
    rt_warn("RUCHY_TRACE_FORMAT=", v,
            " is a binary file format and needs RUCHY_TRACE_OUTPUT; writing "
            "text to stderr");
    rt_cfg.format = RT_FORMAT_TEXT;
  }
  rt_cfg.json_style = RT_STYLE_AS_IS;
  if ((v = rt_option_value(RT_OPT_JSON_STYLE)) != NULL) {
    if (rt_ieq(v, "pretty"))
      rt_cfg.json_style = RT_STYLE_PRETTY;
    else if (rt_ieq(v, "compact"))
      rt_cfg.json_style = RT_STYLE_COMPACT;
    else if (!rt_ieq(v, "lines"))
      rt_option_bad(RT_OPT_JSON_STYLE, v);
  }
  rt_cfg.param_names = 0;
  if ((v = rt_option_value(RT_OPT_PARAM_NAMES)) != NULL &&
      !parse_bool(v, &rt_cfg.param_names))
    rt_option_bad(RT_OPT_PARAM_NAMES, v);

  uint64_t n;
  if ((v = rt_option_value(RT_OPT_SAMPLE)) != NULL) {
    if (parse_count(v, RT_MAX_SAMPLE, &n))
      rt_cfg.sample = (int32_t)n;
    else
      rt_option_bad(RT_OPT_SAMPLE, v);
  }
  if ((v = rt_option_value(RT_OPT_MAX_DEPTH)) != NULL) {
    if (parse_count(v, RT_MAX_DEPTH_LIMIT, &n))
      rt_cfg.max_depth = (uint32_t)n;
    else
      rt_option_bad(RT_OPT_MAX_DEPTH, v);
  }
  if ((v = rt_option_value(RT_OPT_MIN_DURATION)) != NULL) {
    if (!parse_duration(v, &rt_cfg.min_duration_ns))
      rt_option_bad(RT_OPT_MIN_DURATION, v);
  }
  if ((v = rt_option_value(RT_OPT_FILTER)) != NULL) {
    if (rt_filter_parse(v))
      rt_cfg.filter = v;
    else
      rt_option_bad(RT_OPT_FILTER, v);
  }
  if ((v = rt_option_value(RT_OPT_STRING_MAX)) != NULL) {
    if (parse_count(v, RT_MAX_STRING, &n))
      rt_cfg.string_max = (uint32_t)n;
    else
      rt_option_bad(RT_OPT_STRING_MAX, v);
  }
  if ((v = rt_option_value(RT_OPT_FOLLOW)) != NULL) {
    if (rt_ieq(v, "off"))
      rt_cfg.follow_max = 0;
    else if (rt_ieq(v, "all"))
      rt_cfg.follow_max = UINT32_MAX;
    else if (parse_count(v, RT_MAX_FOLLOW, &n))
      rt_cfg.follow_max = (uint32_t)n;
    else
      rt_option_bad(RT_OPT_FOLLOW, v);
  }
  if ((v = rt_option_value(RT_OPT_SEQ_MAX)) != NULL) {
    if (parse_count(v, RT_MAX_SEQ, &n))
      rt_cfg.seq_max = (uint32_t)n;
    else
      rt_option_bad(RT_OPT_SEQ_MAX, v);
  }
  if ((v = rt_option_value(RT_OPT_MODE)) != NULL) {
    if (rt_ieq(v, "stream"))
      rt_cfg.stream = 1;
    else if (!rt_ieq(v, "ring"))
      rt_option_bad(RT_OPT_MODE, v);
  }
  /* A stream's ring only has to absorb the spiller's latency, but the
   * larger it is the less often a thread waits: 2^20 slots (32 MiB of
   * address space, touched as used) unless RUCHY_TRACE_BUFFER says. */
  if (rt_cfg.stream && !rt_option_value(RT_OPT_BUFFER))
    rt_cfg.buffer_events = 1u << 20;
  if (rt_cfg.stream && rt_cfg.min_duration_ns) {
    rt_warn("RUCHY_TRACE_MIN_DURATION is not supported with "
            "RUCHY_TRACE_MODE=stream (records may already be on disk); "
            "keeping every call",
            "", "");
    rt_cfg.min_duration_ns = 0;
  }
  if ((v = rt_option_value(RT_OPT_BUFFER)) != NULL) {
    if (parse_count(v, RT_MAX_BUFFER, &n))
      rt_cfg.buffer_events = n;
    else
      rt_option_bad(RT_OPT_BUFFER, v);
  }
}
