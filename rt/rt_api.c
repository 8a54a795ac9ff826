/*===- rt_api.c - the C API (include/ruchytrace/ruchytrace.h) ---------------===
 *
 * Hand-declared functions become descriptors like the pass's, registered
 * as images of their own, so filters, sampling, the writers and finalize
 * treat them exactly like compiled code.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_control.h"
#include "rt_peer.h"

#include "ruchytrace/ruchytrace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

/* Value types of hand-declared functions, named as Ruchy (Rust) does. */
static const __ruchy_trace_follow follow_cstring[] = {
    {0, 0, 0, RUCHY_TRACE_FOLLOW_CSTRING, 0, NULL}};
static const __ruchy_trace_type api_types[] = {
    [RUCHY_TRACE_VOID] = {.kind = RUCHY_TRACE_K_VOID, .name = "void"},
    [RUCHY_TRACE_I64] = {.kind = RUCHY_TRACE_K_SINT, .size = 8, .name = "i64"},
    [RUCHY_TRACE_U64] = {.kind = RUCHY_TRACE_K_UINT, .size = 8, .name = "u64"},
    [RUCHY_TRACE_F64] = {.kind = RUCHY_TRACE_K_DOUBLE,
                         .size = 8,
                         .name = "f64"},
    [RUCHY_TRACE_BOOL] = {.kind = RUCHY_TRACE_K_BOOL,
                          .size = 1,
                          .name = "bool"},
    [RUCHY_TRACE_STR] = {.kind = RUCHY_TRACE_K_CSTRING,
                         .size = 8,
                         .nfollows = 1,
                         .name = "&str",
                         .follows = follow_cstring},
    [RUCHY_TRACE_PTR] = {.kind = RUCHY_TRACE_K_PTR, .size = 8, .name = "ptr"},
};

static int valid_kind(ruchy_trace_kind k) {
  return (unsigned)k <= RUCHY_TRACE_PTR;
}

RT_API ruchy_trace_function *
ruchy_trace_declare(const char *name, const char *file, unsigned line,
                    unsigned column, unsigned nparams,
                    const ruchy_trace_kind *params, ruchy_trace_kind ret) {
  rt_init();
  if (rt_forward) /* another copy is the process's runtime (rt_peer.c) */
    return rt_forward->declare(name, file, line, column, nparams, params, ret);
  if (!name || nparams > RT_MAX_ARGS || (nparams && !params) ||
      !valid_kind(ret))
    return NULL;
  for (unsigned i = 0; i < nparams; ++i)
    if (!valid_kind(params[i]) || params[i] == RUCHY_TRACE_VOID)
      return NULL;
  __ruchy_trace_fn *fn = calloc(1, sizeof *fn);
  const __ruchy_trace_type **args =
      nparams ? calloc(nparams, sizeof *args) : NULL;
  char *n = strdup(name), *f = file ? strdup(file) : NULL;
  if (!fn || (nparams && !args) || !n || (file && !f)) {
    free(fn), free(args), free(n), free(f);
    return NULL;
  }
  int data = 0;
  for (unsigned i = 0; i < nparams; ++i) {
    args[i] = &api_types[params[i]];
    data |= params[i] == RUCHY_TRACE_STR;
  }
  fn->name = n;
  fn->file = f;
  fn->line = line;
  fn->column = column;
  fn->nargs = (uint16_t)nparams;
  fn->args = args;
  fn->ret = ret == RUCHY_TRACE_VOID ? NULL : &api_types[ret];
  fn->flags = (uint8_t)((file ? RUCHY_TRACE_F_LOCATION : 0) |
                        (data ? RUCHY_TRACE_F_ARG_DATA : 0) |
                        (ret == RUCHY_TRACE_STR ? RUCHY_TRACE_F_RET_DATA : 0));
  rt_images_register(fn, fn + 1, rt_cfg.enabled && !rt_finalized());
  return fn;
}

RT_API uint64_t ruchy_trace_enter_event(ruchy_trace_function *fn,
                                        const ruchy_trace_value *args) {
  /* What the pass inlines: the state byte, then the sampling countdown. */
  if (!fn || !__atomic_load_n(&fn->state, __ATOMIC_RELAXED))
    return 0;
  if (!(fn->flags & RUCHY_TRACE_F_ALWAYS) && --__ruchy_trace_countdown >= 0)
    return 0;
  uint64_t payloads[RT_MAX_ARGS];
  for (unsigned i = 0; i < fn->nargs; ++i)
    payloads[i] = args ? args[i].bits : 0;
  return __ruchy_trace_enter_v(fn, payloads, NULL);
}

RT_API void ruchy_trace_exit_event(ruchy_trace_function *fn, uint64_t token,
                                   const ruchy_trace_value *ret) {
  if (fn && token)
    __ruchy_trace_exit(fn, token, ret ? ret->bits : 0);
}

RT_LARGE static char output_copy[4096], filter_copy[4096];

/* The first release's configuration: the fields up to `filter`. */
#define RT_CONFIG_FIRST_SIZE                                                   \
  (offsetof(ruchy_trace_config, filter) + sizeof(const char *))
_Static_assert(RT_CONFIG_FIRST_SIZE <= sizeof(ruchy_trace_config),
               "fields are only added at the end");

/* A caller's configuration as this runtime's struct: fields it does not
 * have are zero (keep), fields this runtime does not know must be zero,
 * since ignoring one would silently trace something else than asked. */
static int take_config(const ruchy_trace_config *c, size_t size,
                       ruchy_trace_config *out) {
  memset(out, 0, sizeof *out);
  if (size < RT_CONFIG_FIRST_SIZE) {
    rt_warn("ruchy_trace_init: the configuration is smaller than any "
            "release's (pass sizeof(ruchy_trace_config))",
            "", "");
    return 0;
  }
  const unsigned char *bytes = (const unsigned char *)c;
  for (size_t i = sizeof *out; i < size; ++i)
    if (bytes[i]) {
      rt_warn("ruchy_trace_init: the configuration sets options this "
              "runtime does not know; link the program with the "
              "libruchytrace_rt of the header it was built with",
              "", "");
      return 0;
    }
  memcpy(out, c, size < sizeof *out ? size : sizeof *out);
  return 1;
}

RT_API int ruchy_trace_init_sized(const ruchy_trace_config *config,
                                  size_t size) {
  rt_init();
  if (rt_forward)
    return rt_forward->init(config, size);
  ruchy_trace_config taken, *c = &taken;
  if (!config || !take_config(config, size, &taken))
    return -1;
  int bad = 0;
  if (c->format && !rt_format_named(c->format, &rt_cfg.format))
    rt_warn("ruchy_trace_init: format '", c->format,
            "' is not " RT_FORMAT_NAMES),
        bad = 1;
  if (c->output) {
    if (strlen(c->output) < sizeof output_copy) {
      strcpy(output_copy, c->output);
      rt_cfg.output = output_copy;
      if (!c->format) /* as for RUCHY_TRACE_OUTPUT: from the extension */
        rt_cfg.format = rt_format_for_path(output_copy);
    } else {
      rt_warn("ruchy_trace_init: the output path is too long", "", "");
      bad = 1;
    }
  }
  if (c->sample < 0)
    rt_warn("ruchy_trace_init: sample must be positive", "", ""), bad = 1;
  else if (c->sample > 0)
    rt_cfg.sample = c->sample;
  if (c->buffer_events > RT_MAX_BUFFER) /* as RUCHY_TRACE_BUFFER */
    rt_warn(
        "ruchy_trace_init: buffer_events is more than " RT_XSTR(RT_MAX_BUFFER),
        "", ""),
        bad = 1;
  else if (c->buffer_events) /* threads that have not recorded yet */
    rt_cfg.buffer_events = c->buffer_events;
  if (c->filter) {
    if (strlen(c->filter) < sizeof filter_copy && rt_filter_parse(c->filter)) {
      strcpy(filter_copy, c->filter);
      rt_cfg.filter = filter_copy;
    } else {
      rt_warn("ruchy_trace_init: filter '", c->filter,
              "' is not a comma-separated list of glob patterns");
      rt_filter_parse(rt_cfg.filter ? rt_cfg.filter : "*");
      bad = 1;
    }
  }
  if (c->enabled && !rt_cfg.enabled) {
    rt_cfg.enabled = 1;
    rt_start();
  }
  rt_images_restate();
  return bad ? -1 : 0;
}

RT_API int(ruchy_trace_init)(const ruchy_trace_config *c) {
  return ruchy_trace_init_sized(c, RT_CONFIG_FIRST_SIZE);
}

RT_API void ruchy_trace_finalize(void) {
  rt_init();
  if (rt_forward)
    rt_forward->finalize();
  else
    rt_finalize_now();
}

/* A sink that counts the recorded events of a buffer without writing. */
typedef struct counter {
  rt_sink s;
  uint64_t events;
} counter;
static void count_begin(rt_sink *s, const rt_trace_stats *st) {
  (void)s, (void)st;
}
static void count_event(rt_sink *s, const rt_event *e) {
  if (e->kind != RT_EV_EXIT_UNFINISHED) /* not synthesized by the writer */
    ((counter *)s)->events++;
}
static void count_end(rt_sink *s, const rt_trace_stats *st) {
  (void)s, (void)st;
}

RT_API void ruchy_trace_thread_stats(uint64_t *count, uint64_t *dropped) {
  rt_init();
  if (rt_forward) {
    rt_forward->thread_stats(count, dropped);
    return;
  }
  rt_tbuf *b = rt_thread_buffer();
  counter c = {{count_begin, count_event, count_end, NULL, 0, 0, 0}, 0};
  uint64_t d = b ? rt_merge_emit_one(&c.s, rt_clock_now(), b) : 0;
  if (count)
    *count = c.events;
  if (dropped)
    *dropped = d;
}

RT_API long ruchy_trace_drain(FILE *out, int json) {
  rt_init();
  if (rt_forward)
    return rt_forward->drain(out, json);
  rt_tbuf *b = rt_thread_buffer();
  if (!out)
    return -1;
  if (fflush(out) != 0 || !rt_output_claim(10000))
    return -1;
  RT_LARGE static char buf[1 << 16]; /* under the output claim */
  rt_out o;
  rt_output_info();
  rt_out_init(&o, fileno(out), buf, sizeof buf);
  rt_sink sink;
  if (json)
    rt_json_array_sink(&sink, &o);
  else
    rt_text_sink(&sink, &o);
  if (!b) { /* nothing recorded on this thread */
    if (json)
      rt_out_cstr(&o, "[]\n");
    rt_out_flush(&o);
    rt_output_release();
    return o.failed ? -1 : 0;
  }
  rt_clock_calibrate();
  rt_merge_emit_one(&sink, rt_clock_now(), b);
  rt_out_flush(&o);
  rt_thread_reset();
  rt_output_release();
  return o.failed ? -1 : (long)sink.count;
}

RT_API long ruchy_trace_format(char *buf, size_t cap) {
  rt_init();
  if (rt_forward)
    return rt_forward->format(buf, cap);
  int fd = memfd_create("ruchytrace", MFD_CLOEXEC);
  if (fd < 0)
    return -1;
  off_t size = rt_output_to_fd(fd) ? lseek(fd, 0, SEEK_END) : -1;
  long n = size < 0 ? -1 : (long)size;
  if (n >= 0 && (size_t)n <= cap && pread(fd, buf, (size_t)n, 0) != n)
    n = -1;
  close(fd);
  return n;
}

/* What other copies of the runtime call when they forward here. */
RT_OWN_ALIAS(ruchy_trace_declare);
RT_OWN_ALIAS(ruchy_trace_init_sized);
RT_OWN_ALIAS(ruchy_trace_finalize);
RT_OWN_ALIAS(ruchy_trace_thread_stats);
RT_OWN_ALIAS(ruchy_trace_drain);
RT_OWN_ALIAS(ruchy_trace_format);
