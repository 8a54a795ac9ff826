/*===- rt_peer.c - one runtime per process ---------------------------------===
 *
 * A process can hold more than one copy of the runtime: an executable
 * linked with libruchytrace_rt.a that links or dlopens a traced shared
 * library, which brings libruchytrace_rt.so. Each copy would keep its own
 * images, buffers and exit handler and write its own trace to the same
 * file, one silently replacing the other. So the copies meet when they
 * initialise: the first is the process's runtime, and every later copy
 * forwards everything it is called for (registration, events, the C API)
 * to it. The process writes one trace with all its events.
 *
 * They find each other without exporting anything (an executable does not
 * export the static runtime's symbols unless a library it links refers to
 * them) and without the environment (which the program and its children
 * would see): each copy carries an ELF note, mapped by the loader with its
 * image, holding the offset of its table below. dl_iterate_phdr lists the
 * loaded objects and their notes. Constructors run one at a time (at
 * start-up, and under the loader's lock for dlopen), and a copy initialises
 * from its first constructor, so two copies never meet half-initialised.
 *
 * A copy of another RuchyTrace release (another table version) cannot be
 * forwarded to: the later one to initialise writes its own trace under
 * another name and says so once.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_control.h"
#include "rt_record.h"

#include "rt_peer.h"

#include <link.h>
#include <string.h>

static const struct rt_peer *elected;
static _Atomic uint32_t initialised;

static const struct rt_peer *active(void) {
  return __atomic_load_n(&elected, __ATOMIC_ACQUIRE);
}
static int32_t *countdown(void) { return &__ruchy_trace_countdown; }

/* Not static: the note below names it. */
__attribute__((used)) const struct rt_peer rt_peer_self = {
    RT_PEER_MAGIC,
    RT_PEER_VERSION,
    &initialised,
    active,
    countdown,
    &rt_cfg.sample,
    rt_peer_enter,
    rt_peer_enter_v,
    rt_own___ruchy_trace_exit,
    rt_own___ruchy_trace_exit_ref,
    rt_own___ruchy_trace_exit_tail,
    rt_own___ruchy_trace_register,
    rt_own___ruchy_trace_unregister,
    rt_own_ruchy_trace_declare,
    rt_own_ruchy_trace_init_sized,
    rt_own_ruchy_trace_finalize,
    rt_own_ruchy_trace_thread_stats,
    rt_own_ruchy_trace_drain,
    rt_own_ruchy_trace_format,
};

/* The note: name "RuchyTrace", and as its description the offset from the
 * description to rt_peer_self (resolved by the linker: no relocation at
 * load time, so it can sit in read-only memory). */
#define RT_NOTE_TYPE 0x52547254
#define RT_NOTE_NAME "RuchyTrace"
_Static_assert(sizeof RT_NOTE_NAME == 11, "the note's name size below");
#if defined(__arm__) || defined(__aarch64__)
#define RT_NOTE_SECTION_TYPE "%note"
#else
#define RT_NOTE_SECTION_TYPE "@note"
#endif
// clang-format off
__asm__(".pushsection .note.ruchytrace,\"a\"," RT_NOTE_SECTION_TYPE "\n"
        ".balign 4\n"
        ".long 11\n" /* sizeof RT_NOTE_NAME */
        ".long 8\n"
        ".long " RT_XSTR(RT_NOTE_TYPE) "\n"
        ".asciz \"" RT_NOTE_NAME "\"\n"
        ".balign 4\n"
        "1: .long rt_peer_self - 1b\n"
        ".long 0\n"
        ".popsection\n");
// clang-format on

/*---- finding the other copies ---------------------------------------------*/

#define RT_MAX_PEERS 16
typedef struct peers {
  const struct rt_peer *found[RT_MAX_PEERS];
  unsigned n;
} peers;

static size_t round_up(size_t n, size_t a) { return (n + a - 1) & ~(a - 1); }

static int visit(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  peers *ps = data;
  for (unsigned i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_NOTE)
      continue;
    size_t align = ph->p_align == 8 ? 8 : 4;
    const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
    const char *end = p + ph->p_memsz;
    while (p + 12 <= end) {
      uint32_t h[3];
      memcpy(h, p, sizeof h);
      const char *name = p + 12;
      const char *desc = name + round_up(h[0], align);
      const char *next = desc + round_up(h[1], align);
      if (next > end || next <= p)
        break;
      if (h[2] == RT_NOTE_TYPE && h[0] == sizeof RT_NOTE_NAME && h[1] >= 4 &&
          !memcmp(name, RT_NOTE_NAME, sizeof RT_NOTE_NAME)) {
        int32_t off;
        memcpy(&off, desc, 4);
        const struct rt_peer *t = (const void *)(desc + off);
        if (t != &rt_peer_self && t->magic == RT_PEER_MAGIC &&
            ps->n < RT_MAX_PEERS)
          ps->found[ps->n++] = t;
      }
      p = next;
    }
  }
  return 0;
}

/* Other copies already initialised but of another release. */
static unsigned strangers;

int rt_peer_join(void) {
  peers ps = {{0}, 0};
  dl_iterate_phdr(visit, &ps);
  const struct rt_peer *to = NULL;
  for (unsigned i = 0; i < ps.n; ++i) {
    const struct rt_peer *t = ps.found[i];
    if (t->version != RT_PEER_VERSION)
      strangers += atomic_load(t->initialised) != 0;
    else if (!to)
      to = t->active();
  }
  __atomic_store_n(&elected, to ? to : &rt_peer_self, __ATOMIC_RELEASE);
  rt_forward = to;
  atomic_store(&initialised, 1);
  return to != NULL;
}

/* Called once the configuration is loaded, if this copy is a runtime. */
void rt_peer_rename_output(void) {
  RT_LARGE static char path[4096 + 16];
  if (!strangers || !rt_cfg.enabled)
    return;
  if (!rt_cfg.output) {
    rt_warn("another RuchyTrace runtime, of a different release, is active "
            "in this process; each writes its own trace to stderr",
            "", "");
    return;
  }
  size_t n = strlen(rt_cfg.output);
  if (n + 16 > sizeof path)
    return;
  memcpy(path, rt_cfg.output, n);
  path[n++] = '.';
  path[n++] = (char)('1' + (strangers < 8 ? strangers : 8));
  path[n] = 0;
  rt_cfg.output = path;
  rt_warn("another RuchyTrace runtime, of a different release, is active "
          "in this process; this one writes its trace to '",
          path, "' (link every traced image with the same RuchyTrace)");
}
