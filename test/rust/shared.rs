// Rc<T> and Arc<T> shown as the value they hold (RcInner's `value`,
// ArcInner's `data`, after the counts): `0x…->41`, by value, through a
// reference (`0x…->0x…->"abc"`) and as a field; an Rc whose pointer is
// garbage is <unreadable>, never a crash. The unit type reads `()`. -O0
// and -O2; JSON has the pointer and its target; the .rtrace recording
// converts to the same text.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace -o %t2.conv.txt
// RUN: grep -o -- '-> shared::.*' %t2.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.want
// RUN: grep -o -- '-> shared::.*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.got
// RUN: diff %t2.want %t2.got
use std::rc::Rc;
use std::sync::Arc;

pub struct Node { pub id: u32, pub name: Rc<String> }

#[inline(never)] fn count(r: Rc<i64>) -> i64 { *r + 1 }
#[inline(never)] fn length(r: &Rc<String>) -> usize { r.len() }
#[inline(never)] fn total(a: Arc<(i32, f64)>) -> f64 { a.0 as f64 + a.1 }
#[inline(never)] fn label(n: &Node) -> usize { n.name.len() + n.id as usize }
#[inline(never)] fn unit(u: ()) -> u8 { let () = u; 1 }
#[inline(never)] fn keep(r: Rc<i64>) -> u8 { std::mem::forget(r); 2 }

fn main() {
    let n = Node { id: 7, name: Rc::new(String::from("leaf")) };
    let s = Rc::new(String::from("abc"));
    // A pointer no allocation has: shown unreadable, never followed.
    let bad: Rc<i64> = unsafe { std::mem::transmute(8usize) };
    println!("{} {} {} {} {} {}", count(Rc::new(41)), length(&s), total(Arc::new((2, 0.5))),
             label(&n), unit(()), keep(bad));
}
// OUT: 42 3 2.5 11 1 2
// CHECK: -> shared::count(Rc<i64>=0x{{[0-9a-f]+}}->41)
// CHECK: <- shared::count() = 42
// CHECK: -> shared::length(&Rc<String>=0x{{[0-9a-f]+}}->0x{{[0-9a-f]+}}->"abc")
// CHECK: -> shared::total(Arc<(i32, f64)>=0x{{[0-9a-f]+}}->(2, 0.5))
// CHECK: -> shared::label(&shared::Node=0x{{[0-9a-f]+}}->{id: 7, name: 0x{{[0-9a-f]+}}->"leaf"})
// CHECK: -> shared::unit(()=())
// CHECK: -> shared::keep(Rc<i64>=0x8-><unreadable>)
// JSON: shared::count(Rc<i64>={"address": "0x{{[0-9a-f]+}}", "target": 41}) = 42
// JSON: shared::unit(()={}) = 1
// JSON: shared::keep(Rc<i64>={"address": "0x8", "target": "<unreadable>"}) = 2
