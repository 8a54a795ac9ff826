// Rust parameter names, as the source writes them: `self`, a `_`
// parameter has none (rustc names no variable), `_unused` keeps its
// name, a closure that captures nothing shows no environment argument
// (one that does shows its captures: closures.rs). -O0 and -O2; JSON
// carries them as "param", and the .rtrace recording converts to the same
// text.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt RUCHY_TRACE_PARAM_NAMES=1 %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt RUCHY_TRACE_PARAM_NAMES=1 %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t2.json %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace RUCHY_TRACE_PARAM_NAMES=1 %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
pub struct Counter { pub n: i64 }
impl Counter {
    #[inline(never)] pub fn bump(&mut self, by: i64) -> i64 { self.n += by; self.n }
}
#[inline(never)] fn fibonacci(n: i64) -> i64 { if n < 2 { n } else { fibonacci(n - 1) + fibonacci(n - 2) } }
#[inline(never)] fn ignore(_: i64, _unused: i64, kept: i64) -> i64 { kept }

fn main() {
    let mut c = Counter { n: 1 };
    let triple = |x: i64| x * 3;
    println!("{} {} {} {}", fibonacci(3), c.bump(2), ignore(1, 2, 3), std::hint::black_box(triple)(2));
}
// OUT: 2 3 3 6
// CHECK: -> param_names::fibonacci(i64 n=3)
// CHECK: -> param_names::Counter::bump(&mut param_names::Counter self=0x{{[0-9a-f]+}}->{n: 1}, i64 by=2)
// CHECK: -> param_names::ignore(i64=1, i64 _unused=2, i64 kept=3)
// CHECK: -> param_names::main::{closure#0}(i64 x=2)
// JSON: "name": "param_names::fibonacci", "args": [{"type_info": {"name": "i64", "fields": null}, "value": 3, "param": "n"}]
// JSON: "name": "param_names::Counter::bump", "args": [{{.*}}"param": "self"}, {{.*}}"value": 2, "param": "by"}]
