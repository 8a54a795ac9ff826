// Filters written as the spec writes them match Rust's crate-qualified
// names: a pattern matches the qualified name, any tail of it after a `::`
// (its last path component; `Acct::*` for a method of filter::bank::Acct,
// as gdb finds `Acct::grow`), or any of these without generic arguments. A pattern that matches no instrumented
// function is reported once, at exit.
// REQUIRES: rustc
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// The spec's command line, verbatim:
// RUN: %ruchytrace run %s --trace --trace-filter="important_*" --trace-output=%t.d/spec.json > %t.out 2> %t.err
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: count 0 < %t.err
// RUN: %check-trace json %t.d/spec.json | FileCheck --check-prefix=SPEC %s
// RUN: %rustc-trace -O %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.q.json RUCHY_TRACE_FILTER='filter::important_*' %t > %t.out
// RUN: %check-trace json %t.q.json | FileCheck --check-prefix=SPEC %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.c.json RUCHY_TRACE_FILTER='{closure#0},apply,fmt' %t > %t.out
// RUN: %check-trace json %t.c.json | FileCheck --check-prefix=FORMS %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.t.json RUCHY_TRACE_FILTER='Acct::*' %t > %t.out
// RUN: %check-trace json %t.t.json | FileCheck --check-prefix=TAIL %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.x.json RUCHY_TRACE_FILTER='*,-important_*,-helpr' %t > %t.out 2> %t.err
// RUN: %check-trace json %t.x.json | FileCheck --check-prefix=EXCL %s
// RUN: FileCheck --check-prefix=UNMATCHED --input-file=%t.err %s
use std::fmt;

struct Money(i64);
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { write!(f, "${}", self.0) }
}
fn important_calc(x: i64) -> i64 { x * 3 }
fn helper(x: i64) -> i64 { important_calc(x) + 1 }
fn apply<F: Fn(i64) -> i64>(f: F, x: i64) -> i64 { f(x) }
mod bank {
    pub struct Acct(pub i64);
    impl Acct {
        pub fn grow(&self, by: i64) -> i64 { self.0 + by }
    }
}

fn main() {
    let k = std::env::args().count() as i64;
    let r = apply(|x| helper(x) * k, 2);
    println!("{} {} {}", r, Money(r), bank::Acct(r).grow(1));
}
// OUT: {{^7 \$7 8$}}
// SPEC: summary events=2 enter=1 exit=1
// SPEC: filter::important_calc(i64=2) = 6
// FORMS: fn <filter::Money as core::fmt::Display>::fmt enter=1 exit=1
// FORMS-NEXT: fn filter::apply<filter::main::{closure_env#0}> enter=1 exit=1
// FORMS-NEXT: fn filter::main::{closure#0} enter=1 exit=1
// FORMS-NOT: fn
// TAIL: fn filter::bank::Acct::grow enter=1 exit=1
// TAIL-NOT: fn
// EXCL: fn filter::helper
// EXCL-NOT: important
// UNMATCHED: ruchytrace: filter pattern '-helpr' matches no instrumented function
// UNMATCHED-NOT: ruchytrace
