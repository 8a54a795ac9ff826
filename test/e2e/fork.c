// fork: the child starts with an empty trace and writes its own file (%p
// in the name, or "<name>.<pid>" without it); the parent's is unaffected.
// Exits of frames entered before the fork belong to the parent's trace.
// RUN: %ruchycc -O1 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env RUCHY_TRACE_OUTPUT=%t.d/trace-%%p.json %t > %t.pids
// RUN: ls %t.d | count 2
// RUN: %python %S/../Inputs/fork_check.py %t.d %t.pids trace-{pid}.json
// RUN: rm -rf %t.e && mkdir %t.e
// RUN: env RUCHY_TRACE_OUTPUT=%t.e/trace.json %t > %t.pids
// RUN: %python %S/../Inputs/fork_check.py %t.e %t.pids trace.json trace.json.{child}
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
NOINLINE int in_child(int x) { return x + 1; }
NOINLINE int in_parent(int x) { return x + 2; }
NOINLINE int spawn(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    in_child(1);
    return 0; // the child leaves spawn(), entered before the fork
  }
  printf("parent %d child %d\n", (int)getpid(), (int)pid);
  int status;
  waitpid(pid, &status, 0);
  in_parent(2);
  return 1;
}

__attribute__((no_instrument_function)) int main(void) {
  spawn();
  return 0;
}
