// The program's small functions and its closures are traced at every
// optimisation level (closures named like `crate::main::{closure#0}`, tuple
// struct constructors like `crate::Meters::{constructor#0}`); only
// #[inline] and #[inline(always)] opt out, at every level.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %rustc-trace -C opt-level=1 %s -o %t1
// RUN: env RUCHY_TRACE_OUTPUT=%t1.json %t1 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t1.json | FileCheck %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %rustc-trace -C opt-level=3 %s -o %t3
// RUN: env RUCHY_TRACE_OUTPUT=%t3.json %t3 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t3.json | FileCheck %s
// The command line: `ruchytrace run prog.rs --trace` (-O).
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: %ruchytrace run %s --trace --trace-output=%t.d/run.json > %t.out
// RUN: %check-trace json %t.d/run.json | FileCheck %s
// Plain rustc -O without -Zinline-mir=no: rustc's MIR inliner folds the
// small functions away before the pass sees them, and the pass says so.
// RUN: env RUSTC_BOOTSTRAP=1 rustc -Zllvm-plugins=%plugin -g -O %s -o %t.mir \
// RUN:   -C link-args=-Wl,-rpath,%build -C link-args=-L%build -C link-args=-lruchytrace_rt 2> %t.mir.err
// RUN: FileCheck --check-prefix=MIR --input-file=%t.mir.err %s
fn important_calc(x: i64) -> i64 { x * 3 }
fn helper(x: i64) -> i64 { important_calc(x) + 1 }
#[inline] fn hinted(x: i64) -> i64 { x - 1 }
#[inline(always)] fn forced(x: i64) -> i64 { x - 2 }
struct Meters(i64);

fn main() {
    let n = std::env::args().count() as i64;
    let add = |y: i64| helper(y) + n;
    let v: Vec<i64> = (0..3).map(|i| important_calc(i)).collect();
    let m: Vec<Meters> = v.iter().copied().map(Meters).collect();
    let total: i64 = m.iter().map(|x| x.0).sum();
    println!("{} {} {} {:?} {}", helper(n), add(2), hinted(5) + forced(6), v, total);
}
// OUT: {{^4 8 8 \[0, 3, 6\] 9$}}
// CHECK: summary events=36 enter=18 exit=18
// CHECK-NEXT: program
// CHECK-NEXT: fn inline_policy::Meters::{constructor#0} enter=3 exit=3
// CHECK-NEXT: fn inline_policy::helper enter=2 exit=2
// CHECK-NEXT: fn inline_policy::important_calc enter=5 exit=5
// CHECK-NEXT: fn inline_policy::main enter=1 exit=1
// CHECK-NEXT: fn inline_policy::main::{closure#0} enter=1 exit=1
// CHECK-NEXT: fn inline_policy::main::{closure#1} enter=3 exit=3
// CHECK-NEXT: fn inline_policy::main::{closure#2} enter=3 exit=3
// CHECK-NEXT: inline_policy::main()
// CHECK:        inline_policy::main::{closure#1}(i64=2) = 6
// CHECK-NEXT:     inline_policy::important_calc(i64=2) = 6
// CHECK:        inline_policy::helper(i64=1) = 4
// CHECK-NEXT:     inline_policy::important_calc(i64=1) = 3
// CHECK-NEXT:   inline_policy::main::{closure#0}({{.*}}, i64=2) = 8
// CHECK-NEXT:     inline_policy::helper(i64=2) = 7
// CHECK-NEXT:       inline_policy::important_calc(i64=2) = 6
// CHECK-NOT: hinted
// CHECK-NOT: forced
// MIR: ruchytrace: rustc's MIR inliner inlined inline_policy::{{.*}} before instrumentation, so their calls are not traced; build with -Zinline-mir=no
