// Rust closures read like the source. A closure in a method is named as
// the method is (`closures::Acc::scale::{closure#0}`, not
// `<closures::Acc>::scale::{closure#0}`), so a filter `closures::Acc::*`
// selects the methods and their closures. Its environment argument is
// shown as its captures, by name and value, bounded as a struct: a
// variable borrowed (`k: 0x…->3`, a Vec's elements) or moved in (`name:
// "bob"`, `y: 10`), by reference (Fn), or by value (FnOnce: passed by
// address, or in a register when it fits one); a closure that captures
// nothing shows none. Its location is
// the column of its `|` (of two closures on one line, each its own).
// -O0 and -O2, text and JSON, and the .rtrace recording converted.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 > /dev/null
// RUN: %check-trace json %t0.json | FileCheck --check-prefix=JSON %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.f.json RUCHY_TRACE_FILTER='closures::Acc::*' %t2 > /dev/null
// RUN: %check-trace json %t2.f.json | FileCheck --check-prefix=FILTER %s
pub struct Acc { pub k: i64, pub label: String }
impl Acc {
    #[inline(never)]
    pub fn scale(&self, xs: &[i64]) -> i64 {
        let k = self.k;
        xs.iter().map(|x| x * k).sum()
    }
    #[inline(never)]
    pub fn tag(&self, words: Vec<String>) -> Vec<String> {
        let label = &self.label;
        words.into_iter().map(|w| format!("{}:{}", label, w)).collect()
    }
}
#[inline(never)] fn call<F: Fn(i32) -> i32>(f: F, x: i32) -> i32 { f(x) }
#[inline(never)] fn once<F: FnOnce() -> usize>(f: F) -> usize { f() }

fn main() {
    let a = Acc { k: 3, label: "L".to_string() };
    let mut t = a.scale(&[1, 2]);
    t += a.tag(vec!["x".to_string()]).len() as i64;
    let name = String::from("bob");
    let y = 10;
    let v = vec![1, 2, 3];
    let add = |x: i32| x + y;
    let sum = |x: i32| x + v.len() as i32;
    let greet = move |x: i32| x + name.len() as i32 + y;
    t += (call(add, 1) + call(&sum, 2) + call(&greet, 3)) as i64;
    let s = String::from("own");
    t += once(move || s.len()) as i64;
    let (p, q) = (|x: i32| x + 1, |x: i32| x * y);
    t += (call(p, 4) + call(q, 5)) as i64;
    t += [1, 2].iter().map(|x| x + 1).count() as i64;
    t += once(move || y as usize) as i64;
    println!("{}", t);
}
// OUT: 112
// CHECK: -> closures::Acc::scale::{closure#0}(captures={k: 0x{{[0-9a-f]+}}->3}, &i64=0x{{[0-9a-f]+}}->1) <{{.*}}closures.rs:32:23>
// CHECK: -> closures::Acc::tag::{closure#0}(captures={label: 0x{{[0-9a-f]+}}}, String="x") <{{.*}}closures.rs:37:31>
// CHECK: -> closures::call<closures::main::{closure_env#0}>(captures={y: 0x{{[0-9a-f]+}}->10}, i32=1)
// CHECK: -> closures::main::{closure#0}(captures={y: 0x{{[0-9a-f]+}}->10}, i32=1) <{{.*}}closures.rs:50:15>
// CHECK: -> closures::main::{closure#1}(captures={v: 0x{{[0-9a-f]+}}->[1, 2, 3]}, i32=2) <{{.*}}closures.rs:51:15>
// CHECK: -> closures::main::{closure#2}(captures={name: "bob", y: 10}, i32=3) <{{.*}}closures.rs:52:22>
// CHECK: -> closures::once<closures::main::{closure_env#3}>(captures={s: "own"})
// CHECK: -> closures::main::{closure#3}(captures={s: "own"}) <{{.*}}closures.rs:55:20>
// CHECK: -> closures::call<closures::main::{closure_env#4}>(captures={}, i32=4)
// CHECK: -> closures::main::{closure#4}(i32=4) <{{.*}}closures.rs:56:19>
// CHECK: -> closures::main::{closure#5}(captures={y: 0x{{[0-9a-f]+}}->10}, i32=5) <{{.*}}closures.rs:56:35>
// CHECK: -> closures::main::{closure#6}(&i32=0x{{[0-9a-f]+}}->1) <{{.*}}closures.rs:58:28>
// CHECK: -> closures::main::{closure#7}(captures={y: 10}) <{{.*}}closures.rs:59:20>
// CHECK-NOT: closure_env#{{[0-9]}}}=
// CHECK-NOT: _ref__
// JSON: closures::Acc::scale::{closure#0}(captures={"k": {"address": "0x{{[0-9a-f]+}}", "target": 3}}, &i64={"address": "0x{{[0-9a-f]+}}", "target": 1}) = 3
// JSON: closures::main::{closure#2}(captures={"name": "bob", "y": 10}, i32=3) = 16
// JSON: closures::main::{closure#3}(captures={"s": "own"}) = 3
// FILTER: summary events=10 enter=5 exit=5
// FILTER-NEXT: program
// FILTER-NEXT: fn closures::Acc::scale enter=1 exit=1
// FILTER-NEXT: fn closures::Acc::scale::{closure#0} enter=2 exit=2
// FILTER-NEXT: fn closures::Acc::tag enter=1 exit=1
// FILTER-NEXT: fn closures::Acc::tag::{closure#0} enter=1 exit=1
