/*===- rt_restyle.c - compact or indented JSON, as it is written -----------===
 *
 * The JSON writer lays a trace out one event per line. RUCHY_TRACE_JSON_STYLE
 * =compact or =pretty re-lays out the same bytes on their way to the file,
 * so one writer serves all three layouts (the spec's JsonFormatter::new
 * (pretty)). A small state machine carried across buffer flushes: it knows
 * whether it is inside a string, and defers the line break after an
 * opening bracket until it sees whether the container is empty.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_format.h"

static size_t newline(const rt_restyle *rs, char *out, size_t m,
                      unsigned depth) {
  (void)rs;
  out[m++] = '\n';
  /* Deeper than 16 levels stays at 16: bounds the output per input byte
   * (see RT_RESTYLE_FACTOR). */
  for (unsigned i = 0; i < depth && i < 16; ++i) {
    out[m++] = ' ';
    out[m++] = ' ';
  }
  return m;
}

size_t rt_restyle_chunk(rt_restyle *rs, enum rt_style style, const char *in,
                        size_t n, char *out) {
  size_t m = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = in[i];
    if (rs->in_string) {
      out[m++] = c;
      if (rs->escaped)
        rs->escaped = 0;
      else if (c == '\\')
        rs->escaped = 1;
      else if (c == '"')
        rs->in_string = 0;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
      continue; /* the input's own layout is dropped */
    if (style == RT_STYLE_COMPACT) {
      out[m++] = c;
      rs->in_string = c == '"';
      if (c == '{' || c == '[')
        rs->depth++;
      else if ((c == '}' || c == ']') && rs->depth && --rs->depth == 0)
        out[m++] = '\n'; /* the document ends with a newline */
      continue;
    }
    /* Pretty. */
    int closing = c == '}' || c == ']';
    if (rs->pending_open) {
      rs->pending_open = 0;
      if (!closing)
        m = newline(rs, out, m, rs->depth);
      else /* empty container: {} or [] */
        rs->depth--;
    } else if (closing) {
      rs->depth = rs->depth ? rs->depth - 1 : 0;
      m = newline(rs, out, m, rs->depth);
    }
    out[m++] = c;
    if (closing && rs->depth == 0)
      out[m++] = '\n';
    if (c == '{' || c == '[') {
      rs->depth++;
      rs->pending_open = 1;
    } else if (c == ',') {
      m = newline(rs, out, m, rs->depth);
    } else if (c == ':') {
      out[m++] = ' ';
    } else if (c == '"') {
      rs->in_string = 1;
    }
  }
  return m;
}
