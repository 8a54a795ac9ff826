// The default shape (pass/Dispatch.cpp): the function keeps its own body
// behind the entry check and dispatches to a traced copy, which records
// unconditionally and exits if its entry was recorded. After tail-recursion
// elimination (pass/TailRecursion.cpp) the loop's back edge skips the check.
// RUN: %clang -O0 -g -Xclang -disable-O0-optnone -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace,verify' -S %t.ll -o - | FileCheck %s
// RUN: %opt -load-pass-plugin=%plugin -passes='ruchy-trace,function(sroa,instcombine,simplifycfg,ruchy-trace-tail-recursion),verify' -S %t.ll -o - | FileCheck --check-prefix=TRE %s
// A leaf function's untraced path at -O2: the check, then its own code;
// no stack adjustment, no register moves, the traced copy reached by a jump.
// RUN: %ruchycc -O2 -g0 -fno-asynchronous-unwind-tables -S %s -o - | FileCheck --check-prefix=ASM %s

// Descriptors of split functions say their hooks run in a frame of their
// own (RUCHY_TRACE_F_OWN_FRAME = 64, with LOCATION = 1).
// CHECK-DAG: @ruchy_trace.fn.fib = private global %ruchy_trace.fn { i8 0, i8 65,

struct pt {
  long x, y;
};
long leaf(long a, struct pt p) { return a + p.x * p.y; }
// CHECK-LABEL: define dso_local i64 @leaf(i64 noundef %0, i64 %1, i64 %2)
// CHECK-NEXT:    alloca %struct.pt
// CHECK-NEXT:    alloca i64
// CHECK-NEXT:    %ruchy.state = load atomic i8, ptr @ruchy_trace.fn.leaf monotonic, align 8
// CHECK-NEXT:    [[ON:%.*]] = icmp ne i8 %ruchy.state, 0
// CHECK-NEXT:    br i1 [[ON]], label %ruchy.sample, label %ruchy.body, {{.*}}!prof {{.*}}!ruchy.trace.gate
// CHECK:       ruchy.sample:
// CHECK:         call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
// CHECK:         br i1 {{%.*}}, label %ruchy.traced, label %ruchy.body
// CHECK:       ruchy.traced:
// CHECK-NEXT:    [[R:%.*]] = tail call i64 @leaf.traced(i64 noundef %0, i64 %1, i64 %2)
// CHECK-NEXT:    ret i64 [[R]]
// CHECK:       ruchy.body:
// CHECK-NOT:     __ruchy_trace
// CHECK:         ret i64

long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

long tiny(long x) { return x * 3 + 1; }
// CHECK-LABEL: define dso_local i64 @fib(
// CHECK-NOT:     __ruchy_trace_enter
// CHECK:         tail call i64 @fib.traced(i64 noundef %0)
// CHECK-NOT:     __ruchy_trace_enter
// CHECK:         call i64 @fib(
// CHECK-NOT:     __ruchy_trace
// CHECK:       {{^}$}}

// The copies: internal, never inlined, cold; the entry recorded after the
// argument spills without a check; the exit guarded by the token.
// CHECK-LABEL: define internal i64 @leaf.traced(i64 noundef %0, i64 %1, i64 %2)
// CHECK-SAME:    unnamed_addr [[ATTR:#[0-9]+]]
// CHECK:         [[TOK:%.*]] = call preserve_mostcc i64 @__ruchy_trace_enter_v(ptr @ruchy_trace.fn.leaf,
// CHECK:         [[HAS:%.*]] = icmp ne i64 [[TOK]], 0
// CHECK-NEXT:    br i1 [[HAS]]
// CHECK:         call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.leaf, i64 [[TOK]],
// CHECK-LABEL: define internal i64 @fib.traced(
// CHECK:         call preserve_mostcc i64 @__ruchy_trace_enter(ptr @ruchy_trace.fn.fib,
// Recursive calls go to the function, where each meets its check.
// CHECK:         call i64 @fib(
// CHECK:         call i64 @fib(
// CHECK:         call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.fib,
// CHECK:       attributes [[ATTR]] = { cold {{.*}}minsize {{.*}}noinline {{.*}}optsize

// TRE-LABEL: define dso_local i64 @fib(
// TRE:         [[HDR:[a-z.]+]]:
// TRE:         %ruchy.state = load atomic i8, ptr @ruchy_trace.fn.fib monotonic
// TRE:         tail call i64 @fib.traced(
// TRE:       ruchy.body:
// The loop comes back here, past the check: the phis take the next
// iteration's values from the latch.
// TRE-NEXT:    %{{.*}}.body = phi i64 {{.*}}[ [[NEXT:%[0-9]+]], %[[LATCH:[0-9]+]] ]
// TRE:       [[LATCH]]:
// TRE:         call i64 @fib(
// TRE:         [[NEXT]] = add nsw i64 %{{.*}}.body, -2
// TRE:         br label %ruchy.body

// ASM-LABEL: tiny:
// ASM-NEXT:  # %bb.0:
// The entry check in one branch (pass/EntryGate.cpp): the state byte
// counts the thread's sampling countdown down.
// ASM-NEXT:    movq __ruchy_trace_countdown@GOTTPOFF(%rip), %rax
// ASM-NEXT:    movzbl .Lruchy_trace.fn.tiny(%rip), %ecx
// ASM-NEXT:    subl %ecx, %fs:(%rax)
// ASM-NEXT:    js tiny.traced # TAILCALL
// ASM-NEXT:  # %bb.1:
// ASM-NEXT:    leaq (%rdi,%rdi,2), %rax
// ASM-NEXT:    incq %rax
// ASM-NEXT:    retq
