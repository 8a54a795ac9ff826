// A Box<T> inside a value is followed as a reference is: an Option<Box<T>>
// is Some(0x…->{…}) (its target's own boxes not followed: one level), by
// value and as a field (behind a reference, where an Option<&T> is not
// followed either, its address). Trait objects inside
// sequences and behind references (Vec<Box<dyn Shape>>, &[&dyn Shape],
// &Box<dyn Shape>) show the type behind each, as a lone Box<dyn Shape>
// does ({pointer: 0x…, type: boxes_dyn::Sq}), bounded as other elements
// (RUCHY_TRACE_SEQ_MAX). -O0 and -O2; text, JSON, and the .rtrace
// recording converted (which names the types from the symbols it saved).
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
// RUN: env RUCHY_TRACE_OUTPUT=%t2.max.txt RUCHY_TRACE_SEQ_MAX=1 %t2 > /dev/null
// RUN: FileCheck --check-prefix=MAX1 --input-file=%t2.max.txt %s
pub trait Shape { fn area(&self) -> f64; }
pub struct Sq(pub f64);
pub struct Circle { pub r: f64 }
impl Shape for Sq { fn area(&self) -> f64 { self.0 * self.0 } }
impl Shape for Circle { fn area(&self) -> f64 { 3.0 * self.r * self.r } }
pub struct Node { pub v: i64, pub next: Option<Box<Node>> }
pub struct Holder { pub id: u8, pub node: Box<Node> }

#[inline(never)] fn head(n: Option<Box<Node>>) -> i64 { n.map_or(0, |b| b.v) }
#[inline(never)] fn peek(n: &Option<Box<Node>>) -> bool { n.is_some() }
#[inline(never)] fn hold(h: Holder) -> i64 { h.node.v + h.id as i64 }
#[inline(never)] fn total(v: &Vec<Box<dyn Shape>>) -> f64 { v.iter().map(|s| s.area()).sum() }
#[inline(never)] fn refs(s: &[&dyn Shape]) -> usize { s.len() }
#[inline(never)] fn one(b: &Box<dyn Shape>) -> f64 { b.area() }

fn main() {
    let list = Some(Box::new(Node { v: 1, next: Some(Box::new(Node { v: 2, next: None })) }));
    let mut t = peek(&list) as i64 + head(list) + head(None);
    t += hold(Holder { id: 7, node: Box::new(Node { v: 3, next: None }) });
    let v: Vec<Box<dyn Shape>> = vec![Box::new(Sq(2.0)), Box::new(Circle { r: 1.0 })];
    let (a, c) = (Sq(3.0), Circle { r: 2.0 });
    t += total(&v) as i64 + refs(&[&a, &c]) as i64 + one(&v[1]) as i64;
    println!("{}", t);
}
// OUT: 24
// CHECK: -> boxes_dyn::peek(&Option<Box<boxes_dyn::Node>>=0x{{[0-9a-f]+}}->Some(0x{{[0-9a-f]+}}))
// CHECK: -> boxes_dyn::head(Option<Box<boxes_dyn::Node>>=Some(0x{{[0-9a-f]+}}->{v: 1, next: Some(0x{{[0-9a-f]+}})}))
// CHECK: -> boxes_dyn::head(Option<Box<boxes_dyn::Node>>=None)
// CHECK: -> boxes_dyn::hold(Holder={id: 7, node: 0x{{[0-9a-f]+}}->{v: 3, next: None}})
// CHECK: -> boxes_dyn::total(&Vec<Box<dyn boxes_dyn::Shape>>=0x{{[0-9a-f]+}}->[{pointer: 0x{{[0-9a-f]+}}, type: boxes_dyn::Sq}, {pointer: 0x{{[0-9a-f]+}}, type: boxes_dyn::Circle}])
// CHECK: -> boxes_dyn::refs(&[&dyn boxes_dyn::Shape]=[{pointer: 0x{{[0-9a-f]+}}, type: boxes_dyn::Sq}, {pointer: 0x{{[0-9a-f]+}}, type: boxes_dyn::Circle}])
// CHECK: -> boxes_dyn::one(&Box<dyn boxes_dyn::Shape>=0x{{[0-9a-f]+}}->{pointer: 0x{{[0-9a-f]+}}, type: boxes_dyn::Circle})
// CHECK-NOT: <cut>
// JSON: boxes_dyn::head(Option<Box<boxes_dyn::Node>>={"variant": "Some", "value": {"address": "0x{{[0-9a-f]+}}", "target": {"v": 1, "next": {"variant": "Some", "value": "0x{{[0-9a-f]+}}"}}}}) = 1
// JSON: boxes_dyn::refs(&[&dyn boxes_dyn::Shape]=[{"pointer": "0x{{[0-9a-f]+}}", "type": "boxes_dyn::Sq"}, {"pointer": "0x{{[0-9a-f]+}}", "type": "boxes_dyn::Circle"}]) = 2
// MAX1: -> boxes_dyn::total(&Vec<Box<dyn boxes_dyn::Shape>>=0x{{[0-9a-f]+}}->[{pointer: 0x{{[0-9a-f]+}}, type: boxes_dyn::Sq}, … (2 items)])
// MAX1: -> boxes_dyn::refs(&[&dyn boxes_dyn::Shape]=[{pointer: 0x{{[0-9a-f]+}}, type: boxes_dyn::Sq}, … (2 items)])
