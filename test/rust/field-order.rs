// RUCHY_TRACE_FOLLOW's budget counts a struct's fields in source order:
// rustc reorders fields (largest alignment first), so the first 32 bytes in
// memory held `customer` and `items` and the first field written, `id`,
// showed as <cut>. The follow now copies as far as the first fields in
// source order that the budget holds reach, wherever they lie, so `id`
// and `tag` are shown, by the runtime, in JSON and from a .rtrace.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2
// RUN: FileCheck --check-prefix=JSON --input-file=%t2.json %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace %t2
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
// A budget that ends inside the first field: that field is cut, as in C
// (the containers are copied whole whatever the budget).
// RUN: env RUCHY_TRACE_OUTPUT=%t2.one.txt RUCHY_TRACE_FOLLOW=2 %t2
// RUN: FileCheck --check-prefix=TWO --input-file=%t2.one.txt %s
// OUT: 61 12
// CHECK: -> field_order::total_of(&field_order::Order=0x{{[0-9a-f]+}}->{id: 42, customer: "bob", items: [1, 2, 3], total: 9.5, …})
// CHECK: -> field_order::norm(&field_order::Point=0x{{[0-9a-f]+}}->{tag: 7, x: 1.5, y: 2.5, z: 3.5, w: 4.5, label: 9})
// CHECK-NOT: <cut>
// JSON: "target": {"id": 42, "customer": "bob", "items": [1, 2, 3], "total": 9.5, "…": null}
// TWO: -> field_order::total_of(&field_order::Order=0x{{[0-9a-f]+}}->{id: <cut>, customer: "bob", items: [1, 2, 3], …})
// TWO: -> field_order::norm(&field_order::Point=0x{{[0-9a-f]+}}->{tag: 7, x: 1.5, y: 2.5, z: 3.5, w: 4.5, label: 9})

pub struct Order {
    id: u32,
    customer: String,
    items: Vec<u64>,
    total: f64,
    paid: bool,
}

pub struct Point {
    tag: u8,
    x: f64,
    y: f64,
    z: f64,
    w: f64,
    label: u16,
}

#[inline(never)]
fn total_of(o: &Order) -> usize {
    o.id as usize + o.customer.len() + o.items.iter().sum::<u64>() as usize + o.paid as usize
}

#[inline(never)]
fn norm(p: &Point) -> u32 {
    (p.x + p.y + p.z + p.w) as u32 / 2 + p.tag as u32 - p.label as u32 / 9 + 0
}

fn main() {
    let o = Order { id: 42, customer: "bob".to_string(), items: vec![1, 2, 3], total: 9.5, paid: true };
    let p = Point { tag: 7, x: 1.5, y: 2.5, z: 3.5, w: 4.5, label: 9 };
    let t = total_of(&o) + o.total as usize;
    println!("{} {}", t, norm(&p));
}
