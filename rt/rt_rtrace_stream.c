/*===- rt_rtrace_stream.c - streaming mode straight into a .rtrace file ----===
 *
 * With RUCHY_TRACE_MODE=stream and a .rtrace output, the spiller writes
 * each thread's records into the output file as it copies them out of the
 * rings (rt_stream.c calls the sink below), with the images' chunks before
 * the records that need them and the tick rate measured so far once a
 * second. Nothing is formatted during the run or at exit: the final write
 * only adds the threads' counters and END. What is written is flushed
 * every millisecond, so a process killed at any moment leaves a file of
 * whole chunks (at most one cut short at its end) at most that far
 * behind, which the tool reads as a prefix.
 *
 * Only the spiller thread writes here until the final write, which runs
 * after it has stopped (rt_stream_finish).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_write.h"

#include <errno.h>
#include <string.h>

/* The spiller's own buffer: snapshots written meanwhile use out_buf. */
RT_LARGE static char buf[1 << 20];
static rt_out out;
/* Instances written (bit 0) and their unloading written (bit 1). */
RT_LARGE static uint8_t done[65536];
static uint64_t last_clock_ns, last_flush_ns; /* CLOCK_MONOTONIC */
/* The next CLOCK chunk is due this long after the last: 1 ms at first,
 * doubling up to a second, so that a file cut short early still has a
 * rate measured over most of its length (two samples 1 ms apart are good
 * to a few 1e-5, rt_clock.c). */
static uint64_t clock_every_ns = 1000000;

static void pass(int when) {
  if (when == 2) { /* a forked child: the file is the parent's */
    out.fd = -1;
    out.len = 0;
    return;
  }
  /* The previous passes' records, whole: every millisecond, or sooner
   * when there is much to write (a write per pass would be a system call
   * per few records when the spiller keeps up). */
  uint64_t now_ns = rt_clock_fallback();
  if (out.len >= sizeof buf / 4 || now_ns - last_flush_ns >= 1000000) {
    rt_out_flush(&out);
    last_flush_ns = now_ns;
  }
  uint32_t n = rt_images_count();
  if (n > sizeof done)
    n = sizeof done;
  for (uint32_t i = 0; i < n; ++i) {
    if (!(done[i] & 1)) {
      int r = rt_rtrace_image(&out, rt_rtrace_mem_of(1), i);
      done[i] |= r == 2 ? 3 : r == 1 ? 1 : 0;
      continue;
    }
    rt_image_view v;
    if (!(done[i] & 2) && rt_images_view(i, &v) && v.unloaded) {
      rt_rtrace_unload(&out, i, v.unreg_ticks);
      done[i] |= 2;
    }
  }
  /* The rate so far, for a file that never gets its END. */
  if (when == 0 && now_ns - last_clock_ns >= clock_every_ns) {
    rt_clock_calibrate();
    rt_rtrace_clock(&out, RT_RTRACE_CLOCK, rt_clock_now());
    last_clock_ns = now_ns;
    if (clock_every_ns < 1000000000)
      clock_every_ns *= 2;
  }
}

static int slots(rt_tbuf *b, const rt_slot *a, uint64_t na, const rt_slot *c,
                 uint64_t nc) {
  rt_rtrace_mem *m = rt_rtrace_mem_of(1);
  rt_rtrace_slots(&out, m, b->tid, a, na, c, nc);
  rt_rtrace_functions(m, a, na, c, nc);
  rt_rtrace_symbols(&out, m);
  return !out.failed;
}

static const rt_spill_sink sink = {pass, slots};

int rt_rtrace_stream_begin(int fd) {
  rt_out_init(&out, fd, buf, sizeof buf);
  rt_rtrace_header(&out, rt_rtrace_mem_of(1));
  rt_out_flush(&out);
  if (out.failed)
    return 0;
  last_clock_ns = rt_clock_fallback();
  rt_stream_set_sink(&sink);
  return 1;
}

int rt_rtrace_stream_end(uint64_t end_ticks) {
  for (rt_tbuf *b = atomic_load_explicit(&rt_buffers, memory_order_acquire); b;
       b = b->next) {
    rt_source s = {0};
    s.tid = b->tid;
    s.records = atomic_load_explicit(&b->records, memory_order_relaxed);
    s.drops = atomic_load_explicit(&b->drops, memory_order_relaxed);
    rt_rtrace_thread(&out, &s);
  }
  rt_rtrace_note(&out, rt_rtrace_mem_of(1));
  rt_rtrace_clock(&out, RT_RTRACE_END, end_ticks);
  rt_out_flush(&out);
  return out.failed;
}
