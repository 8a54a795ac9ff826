// The shape of the instrumentation in one body (-ruchy-trace-split=false,
// what coroutines and functions above -ruchy-trace-split-max get; split.c
// shows the default): fast path at entry after the static
// allocas, the token phi, one guarded exit per return, the descriptors and
// the image's registration constructor.
// RUN: %clang -O0 -g -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -ruchy-trace-split=false -passes='ruchy-trace,verify' -S %t.ll -o - | FileCheck %s

// CHECK-DAG: @__ruchy_trace_countdown = external thread_local(initialexec) global i32
// CHECK-DAG: @[[ADDNAME:ruchy_trace.str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"add\00"
// CHECK-DAG: @[[FILE:ruchy_trace.str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"{{.*}}entry-exit.c\00"
// CHECK-DAG: @[[LONG:ruchy_trace.type[.0-9]*]] = private constant %ruchy_trace.type { i8 1, i8 0, i16 0, i32 8, i32 0, i32 0, ptr @{{.*}}, ptr null, ptr null }
// Descriptor: state 0, flags LOCATION, 2 args, line 25, column 6.
// CHECK-DAG: @ruchy_trace.fn.add = private global %ruchy_trace.fn { i8 0, i8 1, i16 2, i32 25, i32 6, i32 0, ptr @[[ADDNAME]], ptr @[[FILE]], ptr @[[LONG]], ptr @{{.*}}, ptr @add, ptr @[[ADDPARAMS:ruchy_trace.params[.0-9]*]] }, section "ruchy_trace_fn", align 8
// The parameters' names, once per function, from the debug info.
// CHECK-DAG: @[[ADDPARAMS]] = private constant [2 x ptr] [ptr @[[PA:ruchy_trace.str[.0-9]*]], ptr @[[PB:ruchy_trace.str[.0-9]*]]]
// CHECK-DAG: @[[PA]] = private unnamed_addr constant [2 x i8] c"a\00"
// CHECK-DAG: @[[PB]] = private unnamed_addr constant [2 x i8] c"b\00"
// A void function has a null return type.
// CHECK-DAG: @ruchy_trace.fn.nothing = private global %ruchy_trace.fn { i8 0, i8 1, i16 1, i32 59, i32 6, i32 0, ptr @{{.*}}, ptr @[[FILE]], ptr null, ptr @{{.*}}, ptr @nothing, ptr @{{.*}} }, section "ruchy_trace_fn"
// CHECK-DAG: @__start_ruchy_trace_fn = external hidden global i8
// CHECK-DAG: @__stop_ruchy_trace_fn = external hidden global i8
// CHECK-DAG: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 1, ptr @ruchy_trace.module_ctor, ptr @ruchy_trace.module_ctor }]

long add(long a, long b) { return a + b; }
// CHECK-LABEL: define dso_local i64 @add(i64 noundef %0, i64 noundef %1)
// CHECK-NEXT:    alloca i64
// CHECK-NEXT:    alloca i64
// The arguments' spills stay first: the entry is recorded after them, so
// a parameter's storage already holds its value.
// CHECK-NEXT:    store i64 %0
// CHECK-NEXT:    #dbg_declare
// CHECK-NEXT:    store i64 %1
// CHECK-NEXT:    #dbg_declare
// CHECK-NEXT:    %ruchy.state = load atomic i8, ptr @ruchy_trace.fn.add monotonic, align 8
// CHECK-NEXT:    [[ON:%.*]] = icmp ne i8 %ruchy.state, 0
// CHECK-NEXT:    br i1 [[ON]], label %ruchy.sample, label %ruchy.body, {{.*}}!prof
// CHECK:       ruchy.sample:
// CHECK-NEXT:    [[TLS:%.*]] = call ptr @llvm.threadlocal.address.p0(ptr @__ruchy_trace_countdown)
// CHECK-NEXT:    [[C:%.*]] = load i32, ptr [[TLS]]
// CHECK-NEXT:    [[N:%.*]] = sub i32 [[C]], 1
// CHECK-NEXT:    store i32 [[N]], ptr [[TLS]]
// CHECK-NEXT:    [[HIT:%.*]] = icmp slt i32 [[N]], 0
// CHECK-NEXT:    br i1 [[HIT]], label %ruchy.record, label %ruchy.body
// CHECK:       ruchy.record:
// CHECK-NEXT:    [[FR:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    [[TOK:%.*]] = call preserve_mostcc i64 @__ruchy_trace_enter(ptr @ruchy_trace.fn.add, i64 %0, i64 %1, ptr [[FR]])
// CHECK-NEXT:    br label %ruchy.body
// CHECK:       ruchy.body:
// CHECK-NEXT:    %ruchy.token = phi i64 [ 0, %2 ], [ 0, %ruchy.sample ], [ [[TOK]], %ruchy.record ]
// CHECK:         [[SUM:%.*]] = add nsw i64
// CHECK-NEXT:    [[HAS:%.*]] = icmp ne i64 %ruchy.token, 0
// CHECK-NEXT:    br i1 [[HAS]], label %[[EXIT:[0-9a-z.]+]], label %[[RET:[0-9a-z.]+]], {{.*}}!prof
// CHECK:       [[EXIT]]:
// CHECK-NEXT:    call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.add, i64 %ruchy.token, i64 [[SUM]])
// CHECK:       [[RET]]:
// CHECK-NEXT:    ret i64 [[SUM]]

void nothing(int *p) {
  if (p)
    *p = 1;
}
// CHECK-LABEL: define dso_local void @nothing(
// CHECK:         [[P:%.*]] = ptrtoint ptr %0 to i64
// CHECK-NEXT:    [[FR:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    call preserve_mostcc i64 @__ruchy_trace_enter(ptr @ruchy_trace.fn.nothing, i64 [[P]], i64 0, ptr [[FR]])
// CHECK:         call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.nothing, i64 %ruchy.token, i64 0)
// CHECK-NEXT:    br
// CHECK:         ret void

// Three arguments go through a stack array. (clang -O0 merges returns into
// one block; several returns are tested in returns.ll.)
int pick(int c, int a, int b) {
  if (c)
    return a;
  return b;
}
// CHECK-LABEL: define dso_local i32 @pick(
// CHECK-NEXT:    %ruchy.args = alloca [3 x i64], align 8
// CHECK:         call preserve_mostcc i64 @__ruchy_trace_enter_v(ptr @ruchy_trace.fn.pick, ptr %ruchy.args, ptr {{%.*}})
// CHECK-COUNT-1: call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.pick
// CHECK-NOT:     call preserve_mostcc void @__ruchy_trace_exit(ptr @ruchy_trace.fn.pick
// CHECK-LABEL: define weak_odr hidden void @ruchy_trace.module_ctor() {{.*}} comdat
// CHECK-NEXT:    call void @__ruchy_trace_register(i32 9, ptr @__start_ruchy_trace_fn, ptr @__stop_ruchy_trace_fn)
// CHECK-NEXT:    ret void
