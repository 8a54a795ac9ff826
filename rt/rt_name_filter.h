/*===- rt_name_filter.h - function-name filters, shared with the pass ------===
 *
 * One filter syntax and one matching rule for the run-time filter
 * (RUCHY_TRACE_FILTER, rt_filter.c) and the compile-time one
 * (-ruchy-trace-filter, pass/FunctionPolicy.cpp), which includes this header:
 * static inline C that is also valid C++, so that each side gets its own
 * copy and neither exports a symbol the other could collide with.
 *
 * A filter is a comma-separated list of glob patterns (fnmatch: *, ?,
 * [...]); a leading '-' excludes. A function is traced if some include
 * pattern matches it (or there is none) and no exclude pattern does.
 *
 * Names are qualified (`prog::important_calc`, `ns::Class::method`,
 * `twice<int>`, `<prog::P as core::fmt::Display>::fmt`,
 * `prog::main::{closure#0}`), while users write the name they see in the
 * source. So a pattern matches a function when it matches any of:
 *   - the qualified name;
 *   - its last path component, the text after the last `::` that is not
 *     inside <>, (), [] or {} (`important_calc`, `method`, `fmt`,
 *     `{closure#0}`);
 *   - for a pattern with a `::` of its own, any tail of the name after
 *     such a `::` (`Env::*` for `interp::eval::Env::new` and its
 *     closures, as gdb's `break Env::new` finds it; `main::*` for
 *     `prog::main::{closure#0}`);
 *   - any of these without a trailing generic argument list (`twice` for
 *     `twice<int>`, `ns::twice` for `ns::twice<int>`).
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_NAME_FILTER_H
#define RUCHYTRACE_RT_NAME_FILTER_H

#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#define RT_FILTER_MAX_PATTERNS 64
#define RT_FILTER_MAX_CHARS 4096

typedef struct rt_name_filter {
  char storage[RT_FILTER_MAX_CHARS];
  const char *patterns[RT_FILTER_MAX_PATTERNS];
  unsigned char excluded[RT_FILTER_MAX_PATTERNS];
  /* Set when a pattern matched a name: "matches no function" reports. */
  unsigned char matched[RT_FILTER_MAX_PATTERNS];
  unsigned npatterns, nincludes;
} rt_name_filter;

/* Parses `spec` into `f`. Returns 0, leaving `f` empty, if the list is
 * malformed: empty, an empty pattern (",," or a lone "-"), more than
 * RT_FILTER_MAX_PATTERNS patterns or RT_FILTER_MAX_CHARS characters. */
static inline int rt_name_filter_parse(rt_name_filter *f, const char *spec) {
  size_t len = strlen(spec);
  f->npatterns = f->nincludes = 0;
  if (len == 0 || len >= sizeof f->storage)
    return 0;
  memcpy(f->storage, spec, len + 1);
  for (char *p = f->storage;;) {
    char *comma = strchr(p, ',');
    if (comma)
      *comma = 0;
    int ex = *p == '-';
    if (ex)
      ++p;
    if (!*p || f->npatterns == RT_FILTER_MAX_PATTERNS) {
      f->npatterns = f->nincludes = 0;
      return 0;
    }
    f->patterns[f->npatterns] = p;
    f->excluded[f->npatterns] = (unsigned char)ex;
    f->matched[f->npatterns++] = 0;
    f->nincludes += !ex;
    if (!comma)
      break;
    p = comma + 1;
  }
  return 1;
}

/* `->` in a Rust fn type (`fn(i64) -> T`) closes no bracket. */
static inline int rt_name_closes(const char *name, size_t i) {
  return name[i] == '>' ? i == 0 || name[i - 1] != '-'
                        : name[i] == ')' || name[i] == ']' || name[i] == '}';
}

/* The start of the tail of `name` after its next top-level `::`, or
 * NULL. */
static inline const char *rt_name_next_component(const char *name) {
  int depth = 0;
  for (size_t i = 0; name[i]; ++i) {
    char c = name[i];
    if (c == '<' || c == '(' || c == '[' || c == '{')
      ++depth;
    else if (rt_name_closes(name, i))
      depth -= depth > 0;
    else if (c == ':' && name[i + 1] == ':' && depth == 0)
      return name + i + 2;
  }
  return NULL;
}
/* The length of `name` (n bytes) without a trailing generic argument list,
 * or n. `operator<=>` and `operator<` keep their '<'. */
static inline size_t rt_name_without_generics(const char *name, size_t n) {
  if (n == 0 || !rt_name_closes(name, n - 1) || name[n - 1] != '>')
    return n;
  int depth = 0;
  for (size_t i = n; i-- > 0;) {
    if (name[i] == '>' && rt_name_closes(name, i))
      ++depth;
    else if (name[i] == '<' && --depth == 0) {
      if (i >= 8 && strncmp(name + i - 8, "operator", 8) == 0 &&
          (i == 8 || name[i - 9] == ':'))
        return n; /* the '<' belongs to the operator's name */
      return i;
    }
  }
  return n;
}

/* Whether `pattern` matches `form` or `form` without its trailing
 * generic argument list. */
static inline int rt_name_form_matches(const char *pattern, const char *form) {
  if (fnmatch(pattern, form, 0) == 0)
    return 1;
  size_t n = strlen(form);
  size_t cut = rt_name_without_generics(form, n);
  char buf[1024];
  if (cut < n && cut < sizeof buf) {
    memcpy(buf, form, cut);
    buf[cut] = 0;
    if (fnmatch(pattern, buf, 0) == 0)
      return 1;
  }
  return 0;
}

/* Whether `pattern` matches any of the forms of `name` described above. */
static inline int rt_name_pattern_matches(const char *pattern,
                                          const char *name) {
  /* A pattern of one component matches a last one only: `important_*`
   * names functions, not the namespace `important_ns::`. */
  int path = strstr(pattern, "::") != NULL;
  for (const char *form = name, *next; form; form = next) {
    next = rt_name_next_component(form);
    if ((path || !next || form == name) && rt_name_form_matches(pattern, form))
      return 1;
  }
  return 0;
}

/* Whether a function named `name` is traced under `f`; records which
 * patterns matched. */
static inline int rt_name_filter_match(rt_name_filter *f, const char *name) {
  int included = f->nincludes == 0, excluded = 0;
  for (unsigned i = 0; i < f->npatterns; ++i) {
    if (!rt_name_pattern_matches(f->patterns[i], name))
      continue;
    f->matched[i] = 1;
    if (f->excluded[i])
      excluded = 1;
    else
      included = 1;
  }
  return included && !excluded;
}

#endif /* RUCHYTRACE_RT_NAME_FILTER_H */
