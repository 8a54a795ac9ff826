/*===- all_formats.c - one recording written in every format ---------------===
 *
 * Linked (with the runtime's static archive) into a traced test program:
 * writes what has been recorded so far as <prefix>.json (and .pretty.json,
 * .compact.json), .txt, .ndjson, .chrome.json, .rtrace and .pftrace, with one clock
 * calibration and one end time, so the files are the same events to the
 * nanosecond. The tool's convert must reproduce the runtime's writers
 * byte for byte from the JSON and from the .rtrace file
 * (test/tool/same-output.c).
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static char buf[1 << 16];

static void write_one(const char *prefix, const char *ext, enum rt_format f,
                      enum rt_style style, uint64_t end) {
  char path[4096];
  snprintf(path, sizeof path, "%s%s", prefix, ext);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    perror(path);
    _exit(2);
  }
  rt_out o;
  rt_out_init(&o, fd, buf, sizeof buf);
  rt_sink s;
  rt_output_info();
  rt_info.json_style = style;
  if (!rt_sink_for(f, &s, &o)) { /* rtrace */
    rt_rtrace_write(&o, end, 0);
    rt_out_flush(&o);
    close(fd);
    return;
  }
  rt_merge_emit(&s, end, 0);
  rt_out_flush(&o);
  close(fd);
}

__attribute__((no_instrument_function)) void
write_all_formats(const char *prefix) {
  rt_clock_calibrate();
  uint64_t end = rt_clock_now();
  write_one(prefix, ".json", RT_FORMAT_JSON, RT_STYLE_AS_IS, end);
  write_one(prefix, ".pretty.json", RT_FORMAT_JSON, RT_STYLE_PRETTY, end);
  write_one(prefix, ".compact.json", RT_FORMAT_JSON, RT_STYLE_COMPACT, end);
  write_one(prefix, ".txt", RT_FORMAT_TEXT, RT_STYLE_AS_IS, end);
  write_one(prefix, ".ndjson", RT_FORMAT_NDJSON, RT_STYLE_AS_IS, end);
  write_one(prefix, ".chrome.json", RT_FORMAT_CHROME, RT_STYLE_AS_IS, end);
  write_one(prefix, ".rtrace", RT_FORMAT_RTRACE, RT_STYLE_AS_IS, end);
  write_one(prefix, ".pftrace", RT_FORMAT_PERFETTO, RT_STYLE_AS_IS, end);
}
