// A Mutex, RwLock, RefCell or Cell is shown as the value it holds, with its
// name, as rust-gdb's providers show them: Mutex([3, 4]), RefCell(5). Their
// futex, poison flag and borrow count are the library's, and filled the
// line ({inner: {futex: {v: {value: 0}}}, poison: …, data: {value: [3, 4]}});
// a RwLock<String>'s string lay past RUCHY_TRACE_FOLLOW's 32 bytes and was
// <cut>: the budget counts the value shown. -O0 and -O2, text and JSON.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t2.json %s
// RUN: %ruchytrace convert --to text %t2.json | FileCheck %s
// OUT: 7 2 5 9
// CHECK: -> cells::total(&Arc<Mutex<Vec<i64>>>=0x{{[0-9a-f]+}}->0x{{[0-9a-f]+}}->Mutex([3, 4]))
// CHECK: -> cells::rw(&RwLock<String>=0x{{[0-9a-f]+}}->RwLock("hi"))
// CHECK: -> cells::cell(&RefCell<i32>=0x{{[0-9a-f]+}}->RefCell(5))
// CHECK: -> cells::plain(&Cell<u8>=0x{{[0-9a-f]+}}->Cell(9))
// JSON: "target": {"variant": "Mutex", "value": [3, 4]}
use std::cell::{Cell, RefCell};
use std::sync::{Arc, Mutex, RwLock};

#[inline(never)]
fn total(m: &Arc<Mutex<Vec<i64>>>) -> i64 { m.lock().unwrap().iter().sum() }
#[inline(never)]
fn rw(m: &RwLock<String>) -> usize { m.read().unwrap().len() }
#[inline(never)]
fn cell(c: &RefCell<i32>) -> i32 { *c.borrow() }
#[inline(never)]
fn plain(c: &Cell<u8>) -> u8 { c.get() }

fn main() {
    let m = Arc::new(Mutex::new(vec![3, 4]));
    let r = RwLock::new("hi".to_string());
    let c = RefCell::new(5);
    let p = Cell::new(9u8);
    println!("{} {} {} {}", total(&m), rw(&r), cell(&c), plain(&p));
}
