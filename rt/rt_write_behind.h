/*===- rt_write_behind.h - a thread that writes while the caller formats ---===
 *
 * For the tool only (never the traced process's runtime, which starts no
 * threads): converting a large .rtrace spends about a third of its time in
 * write(2) copying into the page cache. A second thread writes each full
 * buffer while the converter fills the next, so on two cores a conversion
 * takes the longer of the two, not their sum.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_WRITE_BEHIND_H
#define RUCHYTRACE_RT_WRITE_BEHIND_H

#include "rt_format.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rt_write_behind rt_write_behind;

/* Takes over `o`'s flushes (its buffer becomes one of several of the same
 * size). NULL if the thread or the buffers cannot be had: `o` then writes
 * as before. Output restyled on the way (rt_out.style) stays synchronous. */
rt_write_behind *rt_write_behind_start(rt_out *o);
/* Flushes `o`, waits for every write, and gives `o` back its own buffer;
 * o->failed then holds the first write error. */
void rt_write_behind_finish(rt_write_behind *w, rt_out *o);

#ifdef __cplusplus
}
#endif

#endif
