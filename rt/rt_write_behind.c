/*===- rt_write_behind.c - a thread that writes while the caller formats ---===
 *
 * A queue of RT_WB_BUFFERS buffers between the converter (rt_out's
 * handoff) and one writing thread, under one mutex: a handoff happens once
 * per megabyte, so the lock is nowhere near a hot path. Buffers go out in
 * the order they were handed off; after the first failed write the rest
 * are dropped (rt_out's rule: nothing more is written).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_write_behind.h"

#include <pthread.h>
#include <stdlib.h>

/* Three: one being filled, one being written, one queued, so that neither
 * side waits while the other is a little slow. */
#define RT_WB_BUFFERS 3

struct rt_write_behind {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int fd;
  char *own; /* the rt_out's buffer, given back at the end */
  char *spare[RT_WB_BUFFERS];
  /* The queue of full buffers, in order: queue[head .. head + queued). */
  char *queue[RT_WB_BUFFERS];
  size_t len[RT_WB_BUFFERS];
  unsigned head, queued;
  unsigned nfree; /* free buffers: spare[0 .. nfree) */
  int failed;     /* errno of the first failed write */
  int done;
};

static void *writer(void *arg) {
  rt_write_behind *w = arg;
  pthread_mutex_lock(&w->mu);
  for (;;) {
    while (!w->queued && !w->done)
      pthread_cond_wait(&w->cv, &w->mu);
    if (!w->queued)
      break;
    char *buf = w->queue[w->head];
    size_t n = w->len[w->head];
    int failed = w->failed;
    pthread_mutex_unlock(&w->mu);
    int err = failed ? 0 : rt_write_all(w->fd, buf, n);
    pthread_mutex_lock(&w->mu);
    if (err && !w->failed)
      w->failed = err;
    w->head = (w->head + 1) % RT_WB_BUFFERS;
    w->queued--;
    w->spare[w->nfree++] = buf;
    pthread_cond_broadcast(&w->cv);
  }
  pthread_mutex_unlock(&w->mu);
  return NULL;
}

/* rt_out's flush: queues the full buffer, returns a free one. */
static char *handoff(void *ctx, char *full, size_t n, int *failed) {
  rt_write_behind *w = ctx;
  pthread_mutex_lock(&w->mu);
  if (n) {
    w->queue[(w->head + w->queued) % RT_WB_BUFFERS] = full;
    w->len[(w->head + w->queued) % RT_WB_BUFFERS] = n;
    w->queued++;
    pthread_cond_broadcast(&w->cv);
    while (!w->nfree)
      pthread_cond_wait(&w->cv, &w->mu);
    full = w->spare[--w->nfree];
  }
  if (w->failed && !*failed)
    *failed = w->failed;
  pthread_mutex_unlock(&w->mu);
  return full;
}

rt_write_behind *rt_write_behind_start(rt_out *o) {
  if (o->style != RT_STYLE_AS_IS || o->handoff)
    return NULL;
  rt_write_behind *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->fd = o->fd;
  w->own = o->buf;
  /* The queue holds at most RT_WB_BUFFERS - 1 while one is being filled:
   * RT_WB_BUFFERS buffers in all, the rt_out's own among them. */
  for (; w->nfree < RT_WB_BUFFERS - 1; w->nfree++)
    if (!(w->spare[w->nfree] = malloc(o->cap)))
      break;
  if (w->nfree < RT_WB_BUFFERS - 1 || pthread_mutex_init(&w->mu, NULL)) {
    while (w->nfree)
      free(w->spare[--w->nfree]);
    free(w);
    return NULL;
  }
  pthread_cond_init(&w->cv, NULL);
  if (pthread_create(&w->thread, NULL, writer, w)) {
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    while (w->nfree)
      free(w->spare[--w->nfree]);
    free(w);
    return NULL;
  }
  o->handoff = handoff;
  o->handoff_ctx = w;
  return w;
}

void rt_write_behind_finish(rt_write_behind *w, rt_out *o) {
  rt_out_flush(o);
  pthread_mutex_lock(&w->mu);
  w->done = 1;
  pthread_cond_broadcast(&w->cv);
  pthread_mutex_unlock(&w->mu);
  pthread_join(w->thread, NULL);
  if (w->failed && !o->failed)
    o->failed = w->failed;
  /* Every buffer is free now; the one `o` holds may be any of them. */
  w->spare[w->nfree++] = o->buf;
  for (unsigned i = 0; i < w->nfree; ++i)
    if (w->spare[i] != w->own)
      free(w->spare[i]);
  o->buf = w->own;
  o->handoff = NULL;
  o->handoff_ctx = NULL;
  pthread_cond_destroy(&w->cv);
  pthread_mutex_destroy(&w->mu);
  free(w);
}
