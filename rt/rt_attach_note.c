/*===- rt_attach_note.c - the note on attach sessions in a process's trace -===
 *
 * A process that traces itself records with an attached session's
 * settings while the session lasts (rt_attach.c). Its own trace says so,
 * session by session, in one line (the JSON `attach_note`, the .rtrace
 * NOTE chunk), so that those calls are not passed off as recorded with its
 * own sampling, depth and filter.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_control.h"

#include <string.h>

/* The sessions so far, for the note in the process's own traces
 * (rt_attach_note): a process that traces itself records with a session's
 * settings while it lasts, and its trace must not pass those calls off as
 * recorded with its own sampling and filter. The first RT_ATTACH_NOTED
 * are kept (static: no malloc in a signal handler), the rest counted. */
#define RT_ATTACH_NOTED 8
static struct {
  uint64_t from, to; /* ticks; to 0 while the session lasts */
  int32_t sample;
  uint32_t max_depth;
  char filter[48]; /* cut with "..." */
} history[RT_ATTACH_NOTED];
static unsigned sessions; /* ever started, kept or not */

void rt_attach_noted_begin(uint64_t from, int32_t sample, uint32_t max_depth,
                           const char *filter) {
  if (sessions < RT_ATTACH_NOTED) {
    history[sessions].from = from;
    history[sessions].to = 0;
    history[sessions].sample = sample;
    history[sessions].max_depth = max_depth;
    size_t n = sizeof history[sessions].filter;
    memcpy(history[sessions].filter, filter, n - 1);
    history[sessions].filter[n - 1] = 0;
    if (strlen(filter) >= n - 1)
      memcpy(history[sessions].filter + n - 4, "...", 4);
  }
  sessions++;
}

void rt_attach_noted_end(void) {
  if (sessions && sessions <= RT_ATTACH_NOTED)
    history[sessions - 1].to = rt_clock_now();
}

/* "+S.UUUUUU s": `ticks` after the clock's start (the trace's
 * start_time). */
static size_t offset(char *dst, size_t n, size_t cap, uint64_t ticks) {
  uint64_t start, wall, mult;
  rt_clock_get(&start, &wall, &mult);
  uint64_t us = rt_clock_ticks_to_ns(ticks > start ? ticks - start : 0) / 1000;
  char frac[8] = ".000000";
  for (int i = 6; i >= 1; --i, us /= 10)
    frac[i] = (char)('0' + us % 10);
  n = rt_append(dst, n, cap, "+");
  n = rt_append_u64(dst, n, cap, us); /* what is left: whole seconds */
  n = rt_append(dst, n, cap, frac);
  return rt_append(dst, n, cap, " s");
}

const char *rt_attach_note(void) {
  static char note[1024];
  if (!sessions)
    return NULL;
  size_t n = rt_append(note, 0, sizeof note,
                       "calls recorded while ruchytrace attach sessions ran "
                       "follow the session's settings, not this trace's: ");
  for (unsigned i = 0; i < sessions && i < RT_ATTACH_NOTED; ++i) {
    n = rt_append(note, n, sizeof note, i ? "; from " : "from ");
    n = offset(note, n, sizeof note, history[i].from);
    n = rt_append(note, n, sizeof note, " to ");
    if (history[i].to)
      n = offset(note, n, sizeof note, history[i].to);
    else
      n = rt_append(note, n, sizeof note, "the end");
    n = rt_append(note, n, sizeof note, " after start_time: sample_rate ");
    n = rt_append_u64(note, n, sizeof note, (uint64_t)history[i].sample);
    if (history[i].max_depth) {
      n = rt_append(note, n, sizeof note, ", max_depth ");
      n = rt_append_u64(note, n, sizeof note, history[i].max_depth);
    }
    if (history[i].filter[0]) {
      n = rt_append(note, n, sizeof note, ", filter '");
      n = rt_append(note, n, sizeof note, history[i].filter);
      n = rt_append(note, n, sizeof note, "'");
    }
  }
  if (sessions > RT_ATTACH_NOTED) {
    n = rt_append(note, n, sizeof note, "; and ");
    n = rt_append_u64(note, n, sizeof note, sessions - RT_ATTACH_NOTED);
    n = rt_append(note, n, sizeof note, " more sessions");
  }
  return note;
}
