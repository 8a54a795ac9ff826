// A BTreeMap or BTreeSet that is not its struct's first field (rustc
// reorders fields: here after a HashMap, a Vec or a VecDeque) is read at its
// own offset: its walk's height is in the container's bytes and moves with
// it. It was read from the other field's bytes and shown <unreadable>.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// OUT: 3 2 4 3
// CHECK: -> map_fields::a_ref(&map_fields::A=0x{{[0-9a-f]+}}->{b: {1: 10, 2: 20}, h: {3: 30}})
// CHECK: -> map_fields::c_ref(&map_fields::C=0x{{[0-9a-f]+}}->{b: {1: 10}, v: [5]})
// CHECK: -> map_fields::d_ref(&map_fields::D=0x{{[0-9a-f]+}}->{b: {1, 2}, d: [7, 8]})
// CHECK: -> map_fields::a_val(A={b: {1: 10, 2: 20}, h: {3: 30}})
// CHECK-NOT: unreadable
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

pub struct A { b: BTreeMap<u32, u32>, h: HashMap<u32, u32> }
pub struct C { b: BTreeMap<u32, u32>, v: Vec<u32> }
pub struct D { b: BTreeSet<u32>, d: VecDeque<u32> }

#[inline(never)] fn a_ref(x: &A) -> usize { x.b.len() + x.h.len() }
#[inline(never)] fn a_val(x: A) -> usize { x.b.len() + x.h.len() }
#[inline(never)] fn c_ref(x: &C) -> usize { x.b.len() + x.v.len() }
#[inline(never)] fn d_ref(x: &D) -> usize { x.b.len() + x.d.len() }

fn main() {
    let a = A { b: vec![(1, 10), (2, 20)].into_iter().collect(), h: vec![(3, 30)].into_iter().collect() };
    let r = a_ref(&a);
    let c = C { b: vec![(1, 10)].into_iter().collect(), v: vec![5] };
    let d = D { b: vec![1, 2].into_iter().collect(), d: vec![7, 8].into_iter().collect() };
    println!("{} {} {} {}", r, c_ref(&c), d_ref(&d), a_val(a));
}
