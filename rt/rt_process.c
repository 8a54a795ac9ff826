/*===- rt_process.c - facts about the traced process, set once, read anywhere =
 *
 * Whether the process is finishing, crashing or a forked child, and its
 * name. The layers above the base (recording, images, writers, output)
 * read these; only the control layer (rt_init.c, rt_signal.c, fork
 * handling) sets them. Keeping them here, below everything that reads
 * them, is what keeps those readers from depending on the control layer.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_base.h"

static _Atomic int finalized;
static const char *program_name;
int rt_in_crash;
int rt_forked_child;
int rt_exiting;

int rt_finalize_claim(void) {
  int expected = 0;
  return atomic_compare_exchange_strong(&finalized, &expected, 1);
}

int rt_finalized(void) { return atomic_load(&finalized); }

void rt_set_program_name(const char *name) { program_name = name; }

const char *rt_program_name(void) {
  return program_name ? program_name : "<unknown>";
}
