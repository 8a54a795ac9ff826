// `ruchytrace run` on Rust, the spec's CLI verbatim apart from the file.
// REQUIRES: rustc
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: %ruchytrace run %s --trace --trace-sample=1 --trace-filter='driver::important_*' --trace-output=%t.d/trace.json > %t.out
// RUN: FileCheck --check-prefix=OUT --input-file=%t.out %s
// RUN: %check-trace json %t.d/trace.json | FileCheck %s
#[inline(never)]
fn important_fibonacci(n: i64) -> i64 {
    if n <= 1 { return n; }
    important_fibonacci(n - 1) + important_fibonacci(n - 2)
}
#[inline(never)]
fn helper(x: i64) -> i64 { x * 2 }
fn main() {
    println!("{} {}", important_fibonacci(3), helper(2));
}
// OUT: {{^2 4$}}
// CHECK: summary events=10 enter=5 exit=5
// CHECK: driver::important_fibonacci(i64=3) = 2
// CHECK-NOT: helper
