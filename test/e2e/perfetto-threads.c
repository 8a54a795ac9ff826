// Perfetto output of two threads: one process track, two thread tracks
// under it (ThreadDescriptor pid/tid, parent_uuid the process), each
// thread's slices on its own track, balanced there although the threads'
// events interleave in the file; the tids are the OS's.
// RUN: %ruchycc -O2 -pthread %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.pftrace %t > %t.tids
// RUN: %python %S/../Inputs/pftrace_dump.py %t.pftrace --fns > %t.dump
// RUN: FileCheck --input-file=%t.dump %s
// RUN: grep '^thread ' %t.dump | sed 's/.* tid=\([0-9]*\) .*/\1/' | sort > %t.seen
// RUN: sort %t.tids | diff - %t.seen
// RUN: %ruchytrace validate %t.pftrace | FileCheck --check-prefix=VALID %s
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((noinline)) long step(long k, long i) { return k * 1000 + i; }

static pthread_barrier_t both;

__attribute__((noinline)) void *worker(void *arg) {
  long k = (long)arg, s = 0;
  printf("%ld\n", (long)syscall(SYS_gettid));
  pthread_barrier_wait(&both); // the two threads' calls interleave
  for (long i = 0; i < 50; ++i)
    s += step(k, i);
  return (void *)s;
}

__attribute__((no_instrument_function)) int main(void) {
  pthread_t t[2];
  pthread_barrier_init(&both, 0, 2);
  for (long k = 0; k < 2; ++k)
    pthread_create(&t[k], 0, worker, (void *)k);
  for (int k = 0; k < 2; ++k)
    pthread_join(t[k], 0);
  return 0;
}
// CHECK: process pid=[[PID:[0-9]+]] name=
// CHECK: thread pid=[[PID]] tid=[[T1:[0-9]+]] parent=process
// CHECK-NEXT: B tid=[[T1]] worker arg0=void *:str("{{NULL|0x1}}")
// CHECK-NOT: E tid=[[T1]] worker
// CHECK: thread pid=[[PID]] tid=[[T2:[0-9]+]] parent=process
// CHECK-NEXT: B tid=[[T2]] worker arg0=void *:str("{{NULL|0x1}}")
// CHECK-DAG: B tid=[[T1]] step arg0=long:int({{[01]}}) arg1=long:int(49)
// CHECK-DAG: B tid=[[T2]] step arg0=long:int({{[01]}}) arg1=long:int(49)
// CHECK-DAG: E tid=[[T1]] worker return=void *:str("0x{{[0-9a-f]+}}")
// CHECK-DAG: E tid=[[T2]] worker return=void *:str("0x{{[0-9a-f]+}}")
// CHECK: summary packets={{[0-9]+}} slices=102 threads=2 dropped=0
// CHECK-NEXT: fn step slices=100
// CHECK-NEXT: fn worker slices=2
// VALID: valid Perfetto trace, {{[0-9]+}} packets, 102 slices, 2 threads{{$}}
