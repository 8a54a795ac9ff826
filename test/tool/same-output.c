// One format, one definition: `ruchytrace convert` writes text, Chrome and
// NDJSON byte for byte as the runtime's own writers do, for one recording
// of a program with every kind of value (test/types), escapes and UTF-8,
// two threads, unwound, unfinished and tail-called frames, a variadic
// function and values cut by the record budget. The program writes the
// recording in every format at once (all_formats.c: one calibration, one
// end time); the JSON is converted from each of its layouts.
// RUN: %ruchycc -O1 -pthread -c %s -o %t.o
// RUN: %clang -O1 -c %S/../Inputs/all_formats.c -I%S/../../rt -I%S/../../include -o %t.all.o
// RUN: %clang %t.o %t.all.o %runtime -pthread -o %t
// RUN: env RUCHY_TRACE=1 %t %t.rt
// RUN: FileCheck --input-file=%t.rt.txt %s
// RUN: %ruchytrace convert --to text %t.rt.json -o %t.text
// RUN: diff %t.rt.txt %t.text
// RUN: %ruchytrace convert --to chrome %t.rt.json -o %t.chrome
// RUN: diff %t.rt.chrome.json %t.chrome
// RUN: %ruchytrace convert --to ndjson %t.rt.json -o %t.ndjson
// RUN: diff %t.rt.ndjson %t.ndjson
// RUN: %ruchytrace convert --to perfetto %t.rt.json -o %t.pftrace
// RUN: cmp %t.rt.pftrace %t.pftrace
// RUN: %ruchytrace convert --to perfetto %t.rt.ndjson -o %t.nd.pftrace
// RUN: cmp %t.rt.pftrace %t.nd.pftrace
// RUN: %ruchytrace convert --to perfetto %t.rt.pretty.json -o %t.pretty.pftrace
// RUN: cmp %t.rt.pftrace %t.pretty.pftrace
// RUN: %ruchytrace validate %t.rt.pftrace | FileCheck --check-prefix=PF-VALID %s
// RUN: %python %S/../Inputs/pftrace_dump.py %t.rt.pftrace --json %t.rt.json > %t.pf.dump
// RUN: FileCheck --check-prefix=PF --input-file=%t.pf.dump %s
// Every layout of the JSON, and the NDJSON, converts the same.
// RUN: %ruchytrace convert --to text %t.rt.pretty.json -o %t.pretty.text
// RUN: diff %t.rt.txt %t.pretty.text
// RUN: %ruchytrace convert --to chrome %t.rt.compact.json -o %t.compact.chrome
// RUN: diff %t.rt.chrome.json %t.compact.chrome
// RUN: %ruchytrace convert --to text %t.rt.ndjson -o %t.nd.text
// RUN: diff %t.rt.txt %t.nd.text
// RUN: %ruchytrace convert --to ndjson %t.rt.pretty.json -o %t.pretty.ndjson
// RUN: diff %t.rt.ndjson %t.pretty.ndjson
// Keys in another order, odd whitespace, \u escapes: the same again.
// RUN: %python %S/../Inputs/relayout.py %t.rt.json %t.relayout.json
// RUN: %ruchytrace convert --to text %t.relayout.json -o %t.re.text
// RUN: diff %t.rt.txt %t.re.text
// RUN: %ruchytrace convert --to chrome %t.relayout.json -o %t.re.chrome
// RUN: diff %t.rt.chrome.json %t.re.chrome
// RUN: %ruchytrace convert --to ndjson %t.relayout.json -o %t.re.ndjson
// RUN: diff %t.rt.ndjson %t.re.ndjson
// RUN: %ruchytrace convert --to perfetto %t.relayout.json -o %t.re.pftrace
// RUN: cmp %t.rt.pftrace %t.re.pftrace
// The .rtrace file, converted, is each of them byte for byte: the same
// replay and writers run in the tool.
// RUN: %ruchytrace convert --to json %t.rt.rtrace -o %t.rtrace.json
// RUN: diff %t.rt.json %t.rtrace.json
// RUN: %ruchytrace convert --to text %t.rt.rtrace -o %t.rtrace.text
// RUN: diff %t.rt.txt %t.rtrace.text
// RUN: %ruchytrace convert --to ndjson %t.rt.rtrace -o %t.rtrace.ndjson
// RUN: diff %t.rt.ndjson %t.rtrace.ndjson
// RUN: %ruchytrace convert --to chrome %t.rt.rtrace -o %t.rtrace.chrome
// RUN: diff %t.rt.chrome.json %t.rtrace.chrome
// RUN: %ruchytrace convert --to perfetto %t.rt.rtrace -o %t.rtrace.pftrace
// RUN: cmp %t.rt.pftrace %t.rtrace.pftrace
// And the same report from each.
// RUN: %ruchytrace report %t.rt.json > %t.report
// RUN: %ruchytrace report %t.rt.pretty.json | diff %t.report -
// RUN: %ruchytrace report %t.rt.compact.json | diff %t.report -
// RUN: %ruchytrace report %t.rt.ndjson | diff %t.report -
// RUN: %ruchytrace report %t.rt.rtrace | diff %t.report -
// RUN: %ruchytrace report %t.relayout.json | diff %t.report -
// Sampled: the period is in the metadata, the text and Chrome say it too.
// RUN: env RUCHY_TRACE=1 RUCHY_TRACE_SAMPLE=3 %t %t.s
// RUN: %ruchytrace convert --to text %t.s.json | diff %t.s.txt -
// RUN: %ruchytrace convert --to chrome %t.s.json | diff %t.s.chrome.json -
// RUN: %ruchytrace convert --to ndjson %t.s.pretty.json | diff %t.s.ndjson -
// RUN: %ruchytrace convert --to perfetto %t.s.json | cmp %t.s.pftrace -
// RUN: FileCheck --check-prefix=SAMPLED --input-file=%t.s.txt %s
// RUN: FileCheck --check-prefix=SAMPLED-JSON --input-file=%t.s.json %s
// RUN: FileCheck --check-prefix=SAMPLED-CHROME --input-file=%t.s.chrome.json %s
// RUN: %ruchytrace report %t.s.compact.json | FileCheck --check-prefix=SAMPLED-REPORT %s
// RUN: %ruchytrace report %t.rt.json | FileCheck --check-prefix=UNSAMPLED-REPORT %s
// The JSON documents are valid, and what validate checks holds.
// RUN: %ruchytrace validate %t.rt.json | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace validate %t.rt.pretty.json | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace validate %t.rt.compact.json | FileCheck --check-prefix=VALID %s
// RUN: %ruchytrace validate %t.rt.ndjson | FileCheck --check-prefix=VALID %s
// RUN: %python %S/../Inputs/chrome_check.py %t.rt.chrome.json
#define _GNU_SOURCE
#include <ctype.h>
#include <complex.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <uchar.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

struct point { int x, y; };
struct rect { struct point min, max; const char *label; };
struct big { long id; double weights[3]; char name[12]; };
union number { int i; float f; };
struct flags { unsigned ready : 1; unsigned mode : 3; int delta : 4; };
struct node { int value; struct node *next; };
enum color { RED, GREEN = 7 };

volatile long sink;

NOINLINE size_t length(const char *s) { return s ? 1 : 0; }
NOINLINE int letters(char c, unsigned char u, char32_t w) { return c + u + (int)w; }
NOINLINE double reals(float f, double d, long double l, _Complex double z) {
  return f + d + (double)l + creal(z);
}
NOINLINE long wide(__int128 v, unsigned __int128 u, bool b) { return (long)v + (long)u + b; }
NOINLINE int area(struct rect r) { return (r.max.x - r.min.x) * (r.max.y - r.min.y); }
NOINLINE long weigh(struct big b) { return b.id; }
NOINLINE int as_int(union number n) { return n.i; }
NOINLINE int mode_of(struct flags f) { return f.mode; }
NOINLINE int peek(const struct node *n) { return n != 0; }
NOINLINE struct point mid(struct point a, struct point b) {
  struct point m = {(a.x + b.x) / 2, (a.y + b.y) / 2};
  return m;
}
NOINLINE enum color pick(enum color c, int n) { return n ? c : (enum color)3; }
NOINLINE int twice(int x) { return 2 * x; }
NOINLINE int apply(int (*f)(int), int x) { return f(x); }
// A function the runtime names with dladdr (it is not instrumented): the
// .rtrace writer must keep that name for the tool.
NOINLINE int apply_libc(int (*f)(int), int x) { return f(x); }
// And inside a followed struct: in an array, and in a union beside other
// readings of its bytes (an interpreter's tagged value).
struct handler {
  int code;
  int (*fns[2])(int);
  union {
    long bits;
    int (*fallback)(int);
  } alt;
};
NOINLINE int dispatch(const struct handler *h, int x) {
  return h->fns[0](x) + h->fns[1](x) + h->code;
}
NOINLINE int vsum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}
// Six big structs by value: more than a record's 1 KiB of data, so the
// last ones are cut.
struct blob { long id; char bytes[240]; };
NOINLINE long heavy(struct blob a, struct blob b, struct blob c, struct blob d,
                    struct blob e, struct blob f) {
  return a.id + f.id;
}
NOINLINE int countdown(int n) {
  if (n == 0)
    return 0;
  __attribute__((musttail)) return countdown(n - 1);
}

static jmp_buf env;
NOINLINE void leaf(int mode) {
  if (mode)
    longjmp(env, 1);
}
NOINLINE void middle(int mode) { leaf(mode); }
NOINLINE int top(int mode) {
  if (setjmp(env))
    return 42;
  middle(mode);
  return 0;
}

static int fds[2];
NOINLINE long block(int fd) { // never returns: unfinished
  char c;
  return read(fd, &c, 1);
}
NOINLINE void *worker(void *arg) {
  sink = twice((int)(long)arg);
  sink = block(fds[0]);
  return 0;
}

void write_all_formats(const char *prefix);
NOINLINE void dump(const char *prefix) { write_all_formats(prefix); }

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  char *page = mmap(0, 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(page, "soon gone");
  sink = length(page);
  munmap(page, 4096);
  sink = length("hello, world");
  sink = length(0);
  sink = length(page);
  sink = length((const char *)0x1234);
  sink = length("tab\there \"quoted\" back\\slash\nnew line, caf\xc3\xa9 \xe2\x82\xac");
  sink = length("bad \xff\xfe utf-8");
  sink = length("a string that is longer than the sixty-four bytes the runtime keeps by default");
  sink = letters('a', 200, U'\u20ac');
  sink = letters('\'', '\n', U'\U0001F600');
  sink = letters((char)0xe9, 0, 0);
  sink = (long)reals(1.5f, NAN, 2.5L, 3.0 + 4.0 * I);
  sink = (long)reals(-0.0f, INFINITY, -INFINITY, 0);
  sink = wide((__int128)1 << 70, ~(unsigned __int128)0, true);
  struct rect r = {{1, 2}, {4, 6}, "box"};
  struct big b = {7, {1.0, 2.0, 3.0}, "gizmo"};
  union number n = {.i = 0x3f800000};
  struct flags f = {1, 5, -3};
  sink = area(r);
  sink = weigh(b);
  sink = as_int(n);
  sink = mode_of(f);
  struct node nb = {2, 0}, na = {1, &nb};
  sink = peek(&na);
  sink = peek((const struct node *)0x10);
  sink = peek(0);
  sink = mid(r.min, r.max).x;
  sink = pick(GREEN, 1) + pick(RED, 0);
  sink = apply(twice, 21);
  sink = apply_libc(abs, -3);
  struct handler hd = {7, {toupper, twice}, {0}};
  hd.alt.fallback = tolower;
  sink = dispatch(&hd, 'a');
  sink = vsum(3, 1, 2, 3) + vsum(0);
  struct blob bl = {1, "blob"};
  sink = heavy(bl, bl, bl, bl, bl, bl);
  sink = countdown(2);
  sink = top(1);
  pthread_t t;
  if (pipe(fds) || pthread_create(&t, 0, worker, (void *)5))
    return 2;
  while (sink != 10) // the worker has called twice(5)
    usleep(1000);
  usleep(20000); // and is blocked in block()
  dump(argv[1]);
  _exit(0);
}
// Text shows what the JSON had to carry for the conversion to be exact.
// CHECK: [tid [[MAIN:[0-9]+]]] [{{[0-9.]+}}] -> length(const char *="soon gone")
// CHECK: -> length(const char *=NULL)
// CHECK: -> length(const char *=<unreadable>)
// CHECK: -> length(const char *="tab\there \"quoted\" back\\slash\nnew line, café €")
// CHECK: -> length(const char *="bad �� utf-8")
// CHECK: -> length(const char *="a string that is longer than the sixty-four bytes the runtime ke…")
// CHECK: -> letters(char='a', unsigned char=200, char32_t=8364)
// CHECK: -> letters(char='\'', unsigned char=10, char32_t=128512)
// CHECK: -> letters(char='\xe9', unsigned char=0, char32_t=0)
// CHECK: -> reals(float=1.5, double=nan, long double=2.5, complex=[3.0, 4.0])
// CHECK: -> reals(float=-0.0, double=inf, long double=-inf, complex=[0.0, 0.0])
// CHECK: -> wide(__int128=1180591620717411303424, unsigned __int128=340282366920938463463374607431768211455, bool=true)
// CHECK: -> area(struct rect={min: {x: 1, y: 2}, max: {x: 4, y: 6}, label: "box"})
// CHECK: -> weigh(struct big={id: 7, weights: [1.0, 2.0, 3.0], name: "gizmo"})
// CHECK: -> as_int(union number={i: 1065353216, f: 1.0})
// CHECK: -> mode_of(struct flags={ready: 1, mode: 5, delta: -3})
// CHECK: -> peek(const struct node *=0x{{[0-9a-f]+}}->{value: 1, next: 0x{{[0-9a-f]+}}})
// CHECK: -> peek(const struct node *=0x10-><unreadable>)
// CHECK: -> peek(const struct node *={{0x0|NULL}})
// CHECK: <- mid() = {x: 2, y: 4}
// CHECK: -> pick(enum color=GREEN, int=1)
// CHECK: <- pick() = 3
// CHECK: -> apply(<function> *=0x{{[0-9a-f]+}} <twice>, int=21)
// CHECK: -> apply_libc(<function> *=0x{{[0-9a-f]+}} <abs>, int=-3)
// CHECK: -> dispatch(const struct handler *=0x{{[0-9a-f]+}}->{code: 7, fns: [0x{{[0-9a-f]+}} <toupper>, 0x{{[0-9a-f]+}} <twice>], alt: {bits: {{[0-9]+}}, fallback: 0x{{[0-9a-f]+}} <tolower>}}, int=97)
// CHECK: -> vsum(int=3, ...)
// CHECK: -> heavy(struct blob={id: 1, bytes: "blob"}, {{.*}}, struct blob=<cut>)
// CHECK: <- countdown() = <tail call>
// CHECK: <- leaf() = <unwound>
// CHECK: [tid [[WORKER:[0-9]+]]] [{{[0-9.]+}}] -> block(int={{[0-9]+}})
// CHECK: [tid [[MAIN]]] [{{[0-9.]+}}] -> dump(const char *="{{.*}}")
// CHECK: [tid [[WORKER]]] [{{[0-9.]+}}] <- block() = <unfinished>
// CHECK: [tid [[MAIN]]] [{{[0-9.]+}}] <- dump() = <unfinished>
// VALID: valid, {{[0-9]+}} events, 2 threads, 0 dropped
// SAMPLED: {{^# sampled: 1 in 3 calls of each thread recorded$}}
// SAMPLED-NEXT: {{^\[tid [0-9]+\] \[[0-9.]+\] -> length}}
// SAMPLED-JSON: {{^    "sample_rate": 3$}}
// SAMPLED-CHROME: "otherData": {"program": "{{.*}}", "start_time": "{{.*}}", "ruchy_version": "{{.*}}", "sample_rate": 3}
// SAMPLED-REPORT: (counts are sampled: 1 in 3 calls of each thread was recorded)
// UNSAMPLED-REPORT-NOT: sampled
// Perfetto: typed where JSON has a bool or a number that fits 64 bits, the
// text format's spelling otherwise; exits that did not return are marked.
// PF: clock REALTIME={{[0-9]+}} delta64={{[0-9]+}} primary=REALTIME flags=1 first
// PF: B tid=[[PFMAIN:[0-9]+]] length arg0=const char *:str(""soon gone"")
// PF: B tid=[[PFMAIN]] length arg0=const char *:str("NULL")
// PF: B tid=[[PFMAIN]] letters arg0=char:str("'a'") arg1=unsigned char:int(200) arg2=char32_t:int(8364)
// PF: B tid=[[PFMAIN]] reals arg0=float:double(1.5) arg1=double:str("nan") arg2=long double:double(2.5) arg3=complex:str("[3.0, 4.0]")
// PF: B tid=[[PFMAIN]] reals arg0=float:double(-0.0) arg1=double:str("inf") arg2=long double:str("-inf")
// PF: B tid=[[PFMAIN]] wide arg0=__int128:str("1180591620717411303424") arg1=unsigned __int128:str("340282366920938463463374607431768211455") arg2=bool:bool(true)
// PF: B tid=[[PFMAIN]] area arg0=struct rect:str("{min: {x: 1, y: 2}, max: {x: 4, y: 6}, label: "box"}")
// PF: B tid=[[PFMAIN]] pick arg0=enum color:str("GREEN") arg1=int:int(1)
// PF: E tid=[[PFMAIN]] pick return=enum color:int(3)
// PF: E tid=[[PFMAIN]] countdown tail_call=bool(true)
// PF: E tid=[[PFMAIN]] leaf unwound=bool(true)
// PF: E tid={{[0-9]+}} block unfinished=bool(true)
// PF: E tid=[[PFMAIN]] dump unfinished=bool(true)
// PF: summary packets={{[0-9]+}} slices={{[0-9]+}} threads=2 dropped=0
// PF-NEXT: same events as the JSON: {{[0-9]+}}
// PF-VALID: valid Perfetto trace, {{[0-9]+}} packets, {{[0-9]+}} slices, 2 threads{{$}}
