// rustc copies a small function into every codegen unit that calls it (at
// -O, one unit per module here). The copies share one descriptor: the
// function registers once and the trace names it once.
// REQUIRES: rustc
// RUN: %rustc-trace -O -C codegen-units=16 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: %python %S/../Inputs/descriptors.py %t | FileCheck --check-prefix=DESC %s
fn leaf(x: i64) -> i64 { x * 3 }
#[inline(never)]
fn apply<F: Fn(i64) -> i64>(f: F, x: i64) -> i64 { f(x) }
mod a {
    #[inline(never)]
    pub fn fa(x: i64) -> i64 { super::leaf(x) + super::apply(|y| super::leaf(y), x) }
}
mod b {
    #[inline(never)]
    pub fn fb(x: i64) -> i64 { super::leaf(x) - 1 }
}
mod c {
    #[inline(never)]
    pub fn fc(x: i64) -> i64 { super::leaf(x) + 7 }
}
fn main() {
    let n = std::env::args().count() as i64;
    println!("{}", a::fa(n) + b::fb(n) + c::fc(n));
}
// OUT: {{^18$}}
// CHECK: summary events=20 enter=10 exit=10
// CHECK: fn codegen_units::leaf enter=4 exit=4
// DESC: descriptors=7 functions=7
// DESC-NEXT: codegen_units::a::fa
// DESC-NEXT: codegen_units::a::fa::{closure#0}
// DESC-NEXT: codegen_units::apply<codegen_units::a::fa::{closure_env#0}>
// DESC-NEXT: codegen_units::b::fb
// DESC-NEXT: codegen_units::c::fc
// DESC-NEXT: codegen_units::leaf{{$}}
// DESC-NEXT: codegen_units::main
