// Pointers the program passes are shown with what they point to whenever
// that memory is readable, however new it is: fresh heap blocks, a struct
// in a 4 MiB malloc, an mmap'ed page, structs on the stacks of 8 new
// threads. Only truly bad pointers (garbage, munmap'ed, PROT_NONE) are
// <unreadable>; a string the record's data budget cut is <cut>; a NULL
// pointer of any type is NULL (null in JSON). The same when the program
// has its own SIGSEGV handler, which the runtime must not rely on.
// RUN: %ruchycc -O1 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.txt RUCHY_TRACE_FORMAT=text %t > %t.want
// RUN: grep -o 'name_len(const char \*=[^)]*)' %t.txt > %t.got
// RUN: diff %t.want %t.got
// RUN: FileCheck --input-file=%t.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t > /dev/null
// RUN: %check-trace json %t.json | FileCheck --check-prefix=JSON %s
// The program's own SIGSEGV handler would exit 99 on a fault.
// RUN: env RUCHY_TRACE_OUTPUT=%t.own.txt RUCHY_TRACE_FORMAT=text %t own-handler > %t.own.want
// RUN: grep -o 'name_len(const char \*=[^)]*)' %t.own.txt > %t.own.got
// RUN: diff %t.own.want %t.own.got
// RUN: FileCheck --input-file=%t.own.txt %s
// Where a sandbox denies process_vm_readv, reads outside the runtime's
// cache of the mappings go through its fault net instead.
// RUN: env RUCHY_TRACE_OUTPUT=%t.box.txt RUCHY_TRACE_FORMAT=text %t sandboxed > %t.box.want
// RUN: grep -o 'name_len(const char \*=[^)]*)' %t.box.txt > %t.box.got
// RUN: diff %t.box.want %t.box.got
// RUN: FileCheck --input-file=%t.box.txt %s
// A forked child reads its own memory, not its parent's.
// RUN: rm -rf %t.fork && mkdir %t.fork
// RUN: env RUCHY_TRACE_OUTPUT=%t.fork/trace.txt RUCHY_TRACE_FORMAT=text %t fork
// RUN: cat %t.fork/trace.txt.* | FileCheck --check-prefix=FORK %s
// A string cut by the 1 KiB per-record budget is cut, not unreadable.
// RUN: env RUCHY_TRACE_OUTPUT=%t.cut.txt RUCHY_TRACE_FORMAT=text RUCHY_TRACE_STRING_MAX=1000 %t > /dev/null
// RUN: FileCheck --check-prefix=CUT --input-file=%t.cut.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.cut.json RUCHY_TRACE_STRING_MAX=1000 %t > /dev/null
// RUN: %check-trace json %t.cut.json | FileCheck --check-prefix=CUTJSON %s
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
struct record {
  int id;
  const char *name;
  double score;
};
struct point {
  int x, y;
};
struct node {
  int value;
  struct node *next;
};

NOINLINE size_t name_len(const char *s) { return s ? strlen(s) : 0; }
NOINLINE double score_of(const struct record *r) { return r ? r->score : 0; }
NOINLINE int norm(const struct point *p) { return p->x + p->y; }
NOINLINE int peek(const struct point *p) { return p != 0; } // never reads p
NOINLINE int check(const char *s) { return s != 0; }        // never reads s
NOINLINE int nulls(void *v, int *i, struct record *r, int (*f)(int),
                   struct node n) {
  return !v + !i + !r + !f + !n.next;
}
NOINLINE int follow_node(const struct node *n) { return n->value; }
NOINLINE size_t joined(const char *a, const char *b, const char *c) {
  return strlen(a) + strlen(b) + strlen(c);
}

static size_t t_global;

static void *worker(void *arg) {
  int id = (int)(long)arg;
  struct point p = {id, 100 * id}; // on this thread's fresh stack
  return (void *)(long)norm(&p);
}

static void on_segv(int sig) {
  (void)sig;
  _exit(99);
}

// A sandbox like Docker's older default seccomp profile: process_vm_readv
// fails with EPERM.
static void deny_process_vm_readv(void) {
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_process_vm_readv, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1 /* EPERM */),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {sizeof code / sizeof *code, code};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
      prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
    perror("seccomp");
}

static char *fresh_page(void) {
  return mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
              -1, 0);
}

// A forked child reads its own memory, not its parent's: a page it maps
// after the fork is not in the parent at all.
static int in_child(void) {
  t_global += check("fills the cache");
  char *mine = fresh_page(); // then a precise read, before the fork
  strcpy(mine, "parent text");
  t_global += check(mine);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char *page = fresh_page();
    strcpy(page, "child text");
    exit(check(page) == 1 ? 0 : 1); // exit, not _exit: writes its trace
  }
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "own-handler"))
    signal(SIGSEGV, on_segv);
  if (argc > 1 && !strcmp(argv[1], "sandboxed"))
    deny_process_vm_readv();
  if (argc > 1 && !strcmp(argv[1], "fork"))
    return in_child();
  // Mapped before the runtime first reads the mappings: in its cache.
  char *gone = fresh_page(), *locked = fresh_page();
  size_t t = 0;
  // The loop: every block is new heap memory.
  for (int i = 0; i < 2000; i++) {
    char *s = malloc(100 + i % 50);
    snprintf(s, 100, "user-%d", i);
    printf("name_len(const char *=\"%s\")\n", s);
    t += name_len(s);
  }
  // A struct at the start of a 4 MiB block (its own mmap).
  struct record *big = malloc(4 << 20);
  big->id = 7;
  big->name = "big";
  big->score = 2.5;
  t += (size_t)score_of(big);
  // A string in a page mapped just now.
  char *page = fresh_page();
  strcpy(page, "mapped text");
  printf("name_len(const char *=\"%s\")\n", page);
  t += name_len(page);
  // Structs on the stacks of 8 threads.
  pthread_t th[8];
  for (long k = 0; k < 8; ++k)
    pthread_create(&th[k], 0, worker, (void *)(k + 1));
  for (int k = 0; k < 8; ++k)
    pthread_join(th[k], 0);
  // Truly bad: garbage, a page unmapped since it was read, PROT_NONE pages
  // (one readable when the runtime first looked at the mappings).
  t += (size_t)check((const char *)1);
  strcpy(gone, "soon gone");
  t += (size_t)check(gone);
  munmap(gone, 4096);
  t += (size_t)check(gone) + (size_t)peek((const struct point *)gone);
  char *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  t += (size_t)check(none) + (size_t)peek((const struct point *)none);
  strcpy(locked, "locked");
  t += (size_t)check(locked);
  mprotect(locked, 4096, PROT_NONE);
  t += (size_t)check(locked) + (size_t)peek((const struct point *)locked);
  // NULL of every pointer type.
  struct node tail = {2, 0}, head = {1, 0};
  t += (size_t)nulls(0, 0, 0, 0, head) + (size_t)follow_node(&tail);
  t += (size_t)score_of(0);
  // Two long strings fill the record's data; the third is cut.
  char a[901], b[901];
  memset(a, 'a', 900);
  memset(b, 'b', 900);
  a[900] = b[900] = 0;
  t += joined(a, b, "short");
  fprintf(stderr, "%zu\n", t);
  return 0;
}
// CHECK: -> score_of(const struct record *=0x{{[0-9a-f]+}}->{id: 7, name: "big", score: 2.5})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 1, y: 100})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 2, y: 200})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 3, y: 300})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 4, y: 400})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 5, y: 500})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 6, y: 600})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 7, y: 700})
// CHECK-DAG: -> norm(const struct point *=0x{{[0-9a-f]+}}->{x: 8, y: 800})
// CHECK: -> check(const char *=<unreadable>)
// CHECK: -> check(const char *="soon gone")
// CHECK: -> check(const char *=<unreadable>)
// CHECK: -> peek(const struct point *=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: -> check(const char *=<unreadable>)
// CHECK: -> peek(const struct point *=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: -> check(const char *="locked")
// CHECK: -> check(const char *=<unreadable>)
// CHECK: -> peek(const struct point *=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: -> nulls(void *=NULL, int *=NULL, struct record *=NULL, <function> *=NULL, struct node={value: 1, next: NULL})
// CHECK: -> follow_node(const struct node *=0x{{[0-9a-f]+}}->{value: 2, next: NULL})
// CHECK: -> score_of(const struct record *=NULL)
// JSON: score_of(const struct record *={"address": "0x{{[0-9a-f]+}}", "target": {"id": 7, "name": "big", "score": 2.5}}) = 2.5
// JSON: check(const char *="<unreadable>") = 1
// JSON: peek(const struct point *={"address": "0x{{[0-9a-f]+}}", "target": "<unreadable>"}) = 1
// JSON: nulls(void *=null, int *=null, struct record *=null, <function> *=null, struct node={"value": 1, "next": null}) = 5
// JSON: follow_node(const struct node *={"address": "0x{{[0-9a-f]+}}", "target": {"value": 2, "next": null}}) = 2
// JSON: score_of(const struct record *=null) = 0.0
// CUT: -> joined(const char *="aaaaaaaaaa{{a+}}", const char *="bbbbbbbbbb{{b+}}…", const char *=<cut>)
// CUTJSON: joined(const char *="aaaaaaaaaa{{a+}}", const char *="bbbbbbbbbb{{b+}}…", const char *="<cut>") = 1805
// FORK-NOT: unreadable
// FORK: -> check(const char *="child text")
