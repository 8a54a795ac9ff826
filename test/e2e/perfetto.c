// Perfetto protobuf output (.pftrace), decoded by a wire-format decoder of
// the test's own (pftrace_dump.py): the clock, the process and thread
// tracks, every call a balanced slice named through interned names, with
// its source location, arguments and return value as debug annotations.
// RUN: %ruchycc -O2 %s -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// By the extension; the program's output is untouched.
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/fib.pftrace %t > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=STDOUT --input-file=%t.out %s
// RUN: count 0 < %t.err
// RUN: %python %S/../Inputs/pftrace_dump.py %t.dir/fib.pftrace --fns > %t.dump
// RUN: FileCheck --input-file=%t.dump %s
// RUN: %ruchytrace validate %t.dir/fib.pftrace | FileCheck --check-prefix=VALID %s
// By RUCHY_TRACE_FORMAT, whatever the name: the same events.
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/fib.bin RUCHY_TRACE_FORMAT=perfetto %t > %t.out
// RUN: %python %S/../Inputs/pftrace_dump.py %t.dir/fib.bin --fns | grep -c '^[BE] ' | FileCheck --check-prefix=SIXTY-TWO %s
// RUN: %ruchytrace validate %t.dir/fib.bin | FileCheck --check-prefix=VALID-BIN %s
// A ring too small: the oldest events are dropped, which the first packet
// says (previous_packet_dropped) and the metadata counts; ends whose
// beginning was dropped are legal then.
// RUN: env RUCHY_TRACE_OUTPUT=%t.dir/small.pftrace RUCHY_TRACE_BUFFER=16 %t > %t.out
// RUN: %python %S/../Inputs/pftrace_dump.py %t.dir/small.pftrace > %t.small
// RUN: FileCheck --check-prefix=DROPPED --input-file=%t.small %s
// RUN: %ruchytrace validate %t.dir/small.pftrace | FileCheck --check-prefix=VALID-DROPPED %s
// A damaged file is refused with one message.
// RUN: head -c 100 %t.dir/fib.pftrace > %t.dir/cut.pftrace
// RUN: not %ruchytrace validate %t.dir/cut.pftrace 2>&1 | FileCheck --check-prefix=CUT %s
#include <stdbool.h>
#include <stdio.h>

struct point {
  int x, y;
};

long fibonacci(long n) {
  if (n <= 1)
    return n;
  return fibonacci(n - 1) + fibonacci(n - 2);
}

__attribute__((noinline)) double describe(const char *label, double scale,
                                          bool on, struct point p,
                                          unsigned long big, char c) {
  return on ? scale * p.x + (double)big + label[0] + c : 0;
}

__attribute__((no_instrument_function)) int main(void) {
  printf("fibonacci(5) = %ld\n", fibonacci(5));
  struct point p = {3, -4};
  printf("%.1f\n", describe("box", 0.5, true, p, 18446744073709551615ul, 'x'));
  return 0;
}

// STDOUT: {{^}}fibonacci(5) = 5{{$}}

// One sequence: its first packet clears the incremental state and says
// nothing was lost before it; times are wall-clock ns (REALTIME, the
// trace's primary clock).
// CHECK: clock REALTIME=[[START:[0-9]+]] delta64=[[START]] primary=REALTIME flags=1 first
// CHECK-NEXT: process pid=[[PID:[0-9]+]] name="{{.*}}perfetto.c.tmp"
// CHECK-NEXT: I process ruchytrace program=str("{{.*}}perfetto.c.tmp") ruchy_version=str("{{[0-9.]+}}") sample_rate=int(1) total_events=int(32) dropped_events=int(0)
// CHECK-NEXT: thread pid=[[PID]] tid=[[PID]] parent=process
// CHECK-NEXT: B tid=[[PID]] fibonacci arg0=long:int(5) @perfetto.c:35
// CHECK-NEXT: B tid=[[PID]] fibonacci arg0=long:int(4) @perfetto.c:35
// CHECK-NEXT: B tid=[[PID]] fibonacci arg0=long:int(3) @perfetto.c:35
// CHECK-NEXT: B tid=[[PID]] fibonacci arg0=long:int(2) @perfetto.c:35
// CHECK-NEXT: B tid=[[PID]] fibonacci arg0=long:int(1) @perfetto.c:35
// CHECK-NEXT: E tid=[[PID]] fibonacci return=long:int(1)
// CHECK-NEXT: B tid=[[PID]] fibonacci arg0=long:int(0) @perfetto.c:35
// CHECK-NEXT: E tid=[[PID]] fibonacci return=long:int(0)
// CHECK-NEXT: E tid=[[PID]] fibonacci return=long:int(1)
// CHECK: E tid=[[PID]] fibonacci return=long:int(5)
// Typed where JSON has a bool or a number; the text format's spelling
// otherwise; above INT64_MAX a uint.
// CHECK-NEXT: B tid=[[PID]] describe arg0=const char *:str(""box"") arg1=double:double(0.5) arg2=bool:bool(true) arg3=struct point:str("{x: 3, y: -4}") arg4=unsigned long:uint(18446744073709551615) arg5=char:str("'x'") @perfetto.c:41
// CHECK-NEXT: E tid=[[PID]] describe return=double:double(1.8446744073709552e+19)
// CHECK-NEXT: summary packets=36 slices=16 threads=1 dropped=0
// CHECK-NEXT: fn describe slices=1
// CHECK-NEXT: fn fibonacci slices=15
// VALID: fib.pftrace: valid Perfetto trace, 36 packets, 16 slices, 1 threads{{$}}
// SIXTY-TWO: 32
// VALID-BIN: fib.bin: valid Perfetto trace, 36 packets, 16 slices, 1 threads{{$}}

// DROPPED: clock REALTIME={{[0-9]+}} delta64={{[0-9]+}} primary=REALTIME flags=1 dropped{{$}}
// DROPPED: I process ruchytrace {{.*}} total_events=int(16) dropped_events=int({{[0-9]+}})
// DROPPED: E tid={{[0-9]+}} ? return=long:int(
// DROPPED: E tid={{[0-9]+}} describe return=double:
// DROPPED: summary packets=20 slices={{[0-9]+}} threads=1 dropped=1
// VALID-DROPPED: small.pftrace: valid Perfetto trace, 20 packets, {{[0-9]+}} slices, 1 threads, data dropped before it
// CUT: ruchytrace: {{.*}}cut.pftrace: packet {{[0-9]+}}: a field runs past its message
