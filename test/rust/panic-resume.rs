// A Rust panic caught by catch_unwind in an untraced frame (main and its
// closures, filtered
// out), which then goes on calling traced functions: the frames the panic
// left are closed as unwound at main's next traced call, stamped with the
// last event known inside them, so the calls that follow are not nested in
// them (there is no enclosing traced frame whose exit would repair them).
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json 'RUCHY_TRACE_FILTER=-panic_resume::main,-panic_resume::main::*' %t0 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %python %S/../Inputs/timeline.py %t0.json | FileCheck --check-prefix=TIME %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json 'RUCHY_TRACE_FILTER=-panic_resume::main,-panic_resume::main::*' %t2 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %python %S/../Inputs/timeline.py %t2.json | FileCheck --check-prefix=TIME %s
use std::panic;
#[inline(never)]
fn check(x: i64) -> i64 {
    if x < 0 {
        panic!("negative");
    }
    x
}
#[inline(never)]
fn validate(x: i64) -> i64 {
    check(x) + 1
}
#[inline(never)]
fn after(x: i64) -> i64 {
    x * 3
}
fn main() {
    panic::set_hook(Box::new(|_| {}));
    let mut sum = 0;
    for x in [1i64, -2, 3, -4] {
        sum += panic::catch_unwind(|| validate(x)).unwrap_or(-1);
        sum += after(x);
    }
    println!("{}", sum);
}
// OUT: {{^-2$}}
// CHECK: summary events=24 enter=12 exit=12 threads=1 dropped=0
// CHECK:      panic_resume::validate(i64=1) = 2
// CHECK-NEXT:   panic_resume::check(i64=1) = 1
// CHECK-NEXT: panic_resume::after(i64=1) = 3
// CHECK-NEXT: panic_resume::validate(i64=-2) = <unwound>
// CHECK-NEXT:   panic_resume::check(i64=-2) = <unwound>
// CHECK-NEXT: panic_resume::after(i64=-2) = -6
// CHECK-NEXT: panic_resume::validate(i64=3) = 4
// CHECK-NEXT:   panic_resume::check(i64=3) = 3
// CHECK-NEXT: panic_resume::after(i64=3) = 9
// CHECK-NEXT: panic_resume::validate(i64=-4) = <unwound>
// CHECK-NEXT:   panic_resume::check(i64=-4) = <unwound>
// CHECK-NEXT: panic_resume::after(i64=-4) = -12

// TIME:      T0 +panic_resume::after
// TIME:      T0 +panic_resume::check
// TIME-NEXT: T0 -panic_resume::check unwound @last
// TIME-NEXT: T0 -panic_resume::validate unwound @last
// TIME-NEXT: T0 +panic_resume::after
