// An output path that is not a regular file is written into like a shell's
// `>`, never unlinked or renamed over (as root the old writer replaced
// /dev/null with a regular 0600 file). Private nodes only, never /dev's.
// REQUIRES: mknod
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
//
// A character device (null): the trace goes in, the node stays, and neither
// a snapshot nor the temporary file leaves a name next to it.
// RUN: mknod %t.d/null c 1 3
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/null RUCHY_TRACE_SNAPSHOT_SIGNAL=USR2 not %t snapshot > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: count 0 < %t.err
// RUN: stat -c %%F %t.d/null | FileCheck --check-prefix=CHR %s
// RUN: ls %t.d | FileCheck --check-prefix=ONLY-NULL %s
// CHR: {{^character special file$}}
// ONLY-NULL: {{^null$}}
// ONLY-NULL-NOT: {{.}}
//
// /dev/full: the one "no space" message, the node kept, exit status kept.
// RUN: mknod %t.d/full c 1 7
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/full not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=FULL --input-file=%t.err %s
// RUN: stat -c %%F %t.d/full | FileCheck --check-prefix=CHR %s
// FULL: ruchytrace: writing the trace to '{{.*}}full' failed: no space left on the device; the trace there is incomplete
// FULL-NOT: {{.}}
//
// A Unix stream socket is connected to, not replaced; a snapshot goes down
// the same connection before the final trace.
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/sock RUCHY_TRACE_SNAPSHOT_SIGNAL=USR2 %python %S/../Inputs/stream_read.py socket %t.d/sock %t.doc %t snapshot > %t.out
// RUN: FileCheck --check-prefix=SOCK --input-file=%t.out %s
// RUN: %check-trace json %t.doc.2.json | FileCheck --check-prefix=TREE %s
// RUN: stat -c %%F %t.d/sock | FileCheck --check-prefix=SOCKET %s
// SOCK: {{^result 14$}}
// SOCK-NEXT: {{^exit 3$}}
// SOCK-NEXT: {{^documents 2$}}
// SOCKET: {{^socket$}}
//
// A symlink to /proc/self/fd/1 (what /dev/stdout is) is the program's
// stdout: the trace is written at its offset, after nothing is lost.
// RUN: ln -s /proc/self/fd/1 %t.d/stdout
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/stdout RUCHY_TRACE_FORMAT=text not %t > %t.out 2> %t.err
// RUN: count 0 < %t.err
// RUN: FileCheck --check-prefix=TEXT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: stat -c %%F %t.d/stdout | FileCheck --check-prefix=LNK %s
// TEXT: -> work(int=7)
// TEXT: <- work() = 14
// LNK: {{^symbolic link$}}
//
// The same through /dev/fd-style spelling and to stderr; JSON there.
// RUN: ln -s /proc/self/fd/2 %t.d/stderr
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/stderr not %t > %t.out 2> %t.err.json
// RUN: %check-trace json %t.err.json | FileCheck --check-prefix=TREE %s
// RUN: env RUCHY_TRACE_OUTPUT=- not %t 2>&1 > %t.out | FileCheck --check-prefix=TEXT %s
// TREE: work(int=7) = 14
//
// A descriptor that is not open for writing: one message, no file.
// RUN: ln -s /proc/self/fd/0 %t.d/stdin
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/stdin not %t < %s > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=STDIN --input-file=%t.err %s
// STDIN: ruchytrace: the trace output '{{.*}}stdin' is descriptor 0, which is not open for writing; no trace written
//
// A directory and a block device (a number no driver has) are refused.
// RUN: mkdir %t.d/dir && mknod %t.d/blk b 240 77
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/dir not %t > %t.out 2> %t.err
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/blk not %t > %t.out 2>> %t.err
// RUN: FileCheck --check-prefix=REFUSED --input-file=%t.err %s
// RUN: stat -c %%F %t.d/blk | FileCheck --check-prefix=BLK %s
// RUN: ls %t.d | FileCheck --check-prefix=LS %s
// REFUSED: ruchytrace: the trace output '{{.*}}dir' is a directory; no trace written
// REFUSED: ruchytrace: the trace output '{{.*}}blk' is a block device; no trace written
// BLK: {{^block special file$}}
// LS-NOT: tmp
//
// In a world-writable sticky directory (like /tmp), a symlink or a device
// node another user put there is refused even as root; the link, the node
// and the link's target stay untouched. Our own symlink is replaced, as in
// any directory.
// RUN: rm -rf %t.s && mkdir %t.s && chmod 1777 %t.s && echo keep > %t.s/victim
// RUN: ln -s victim %t.s/t.json && chown -h 4242 %t.s/t.json
// RUN: env RUCHY_TRACE_OUTPUT=%t.s/t.json not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: FileCheck --check-prefix=PLANTED --input-file=%t.err %s
// RUN: FileCheck --check-prefix=KEEP --input-file=%t.s/victim %s
// RUN: stat -c %%F %t.s/t.json | FileCheck --check-prefix=LNK %s
// PLANTED: ruchytrace: the trace output '{{.*}}t.json' is a symlink that another user put in a world-writable sticky directory; refusing to follow it, no trace written
// PLANTED-NOT: {{.}}
// KEEP: {{^keep$}}
// RUN: mknod %t.s/null c 1 3 && chown 4242 %t.s/null
// RUN: env RUCHY_TRACE_OUTPUT=%t.s/null not %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=PLANTED-NODE --input-file=%t.err %s
// RUN: stat -c %%F %t.s/null | FileCheck --check-prefix=CHR %s
// PLANTED-NODE: ruchytrace: the trace output '{{.*}}null' is a special file that another user put in a world-writable sticky directory; refusing to write to it, no trace written
// RUN: ln -s victim %t.s/mine.json
// RUN: env RUCHY_TRACE_OUTPUT=%t.s/mine.json not %t > %t.out
// RUN: %check-trace json %t.s/mine.json | FileCheck --check-prefix=TREE %s
// RUN: FileCheck --check-prefix=KEEP --input-file=%t.s/victim %s
#include <signal.h>
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) int work(int x) { return 2 * x; }

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  printf("result %d\n", work(7));
  if (argc > 1 && !strcmp(argv[1], "snapshot"))
    raise(SIGUSR2);
  return 3;
}
// OUT: {{^result 14$}}
