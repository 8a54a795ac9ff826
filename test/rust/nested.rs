// Values inside values read as the source has them: sequences of
// sequences (Vec<Vec<i64>>, &[Vec<T>]) row by row, the strings inside
// enum elements (Vec<Option<String>>, Vec<Result<String, String>>), and
// the references a value holds itself (a tuple's &Point, an
// Option<&Point>, a struct's &T) with what they point to, as a reference
// argument is. A trait object (Box<dyn T>, &dyn T) is its data pointer
// and the type its vtable's first method names (inside a sequence too,
// each element's vtable read); a JoinHandle<T> is {}, none of the
// thread's bookkeeping read. Bounded: the first RUCHY_TRACE_SEQ_MAX rows and the first
// RUCHY_TRACE_SEQ_MAX elements of each, then the count; a row, a string or
// a target whose memory is garbage is <unreadable>, never a crash. JSON
// has rows as arrays; the tool's text from JSON and from .rtrace is the
// direct writer's (compared sorted: a spawned thread's call interleaves).
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 > /dev/null
// RUN: %check-trace json %t0.json | FileCheck --check-prefix=JSON %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: %ruchytrace validate %t2.json
// RUN: %ruchytrace convert --to text %t2.json -o %t2.conv.txt
// RUN: grep -o -- '-> nested::.*' %t2.txt | sed 's/0x[0-9a-f]*/ADDR/g' | sort > %t2.want
// RUN: grep -o -- '-> nested::.*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g' | sort > %t2.got
// RUN: diff %t2.want %t2.got
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace RUCHY_TRACE_FORMAT=rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace -o %t2.rconv.txt
// RUN: grep -o -- '-> nested::.*' %t2.rconv.txt | sed 's/0x[0-9a-f]*/ADDR/g' | sort > %t2.rgot
// RUN: diff %t2.want %t2.rgot
// RUN: %ruchytrace convert --to json %t2.rtrace -o %t2.rconv.json
// RUN: %check-trace json %t2.rconv.json | FileCheck --check-prefix=JSON %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.max.txt RUCHY_TRACE_SEQ_MAX=2 %t2 > /dev/null
// RUN: FileCheck --check-prefix=MAX2 --input-file=%t2.max.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.max.json RUCHY_TRACE_SEQ_MAX=2 %t2 > /dev/null
// RUN: %check-trace json %t2.max.json | FileCheck --check-prefix=JMAX2 %s
pub struct Point { pub x: i32, pub y: i32 }
pub trait Area { fn area(&self) -> i64; }
impl Area for Point { fn area(&self) -> i64 { (self.x * self.y) as i64 } }
pub struct View<'a> { pub at: &'a Point, pub zoom: u8 }

#[inline(never)] fn grid(g: Vec<Vec<i64>>) -> usize { g.len() }
#[inline(never)] fn rows(g: &[Vec<i64>]) -> usize { g.len() }
#[inline(never)] fn sheet(g: &Vec<Vec<u8>>) -> usize { g.len() }
#[inline(never)] fn maybe(v: Vec<Option<String>>) -> usize { v.len() }
#[inline(never)] fn parsed(v: &[Result<String, String>]) -> usize { v.len() }
#[inline(never)] fn opts(v: &[Option<String>]) -> usize { v.len() }
#[inline(never)] fn near(o: Option<&Point>) -> i32 { o.map_or(0, |p| p.x) }
#[inline(never)] fn tagged(t: (&Point, u8)) -> u8 { t.1 }
#[inline(never)] fn labelled(t: (&str, i64)) -> i64 { t.1 }
#[inline(never)] fn view(v: View) -> u8 { v.zoom }
#[inline(never)] fn shape(b: Box<dyn Area>) -> i64 { b.area() }
#[inline(never)] fn outline(b: &dyn Area) -> i64 { b.area() }
#[inline(never)] fn shapes(v: &[Box<dyn Area>]) -> usize { v.len() }
#[inline(never)] fn addr(b: &dyn Area) -> usize { b as *const dyn Area as *const () as usize }
#[inline(never)] fn wait(h: std::thread::JoinHandle<i64>) -> i64 { h.join().unwrap() }

fn main() {
    let p = Point { x: 1, y: -2 };
    println!("{} {} {}", grid(vec![vec![1, 2], vec![3], vec![]]),
             rows(&[vec![4, 5, 6], vec![7]]),
             sheet(&vec![vec![9; 12], vec![8]]));
    println!("{} {}", maybe(vec![Some("x".to_string()), None, Some(String::new())]),
             parsed(&[Ok("12".to_string()), Err("no".to_string())]));
    println!("{} {} {} {} {}", near(Some(&p)), near(None), tagged((&p, 3)),
             labelled(("key", 7)), view(View { at: &p, zoom: 2 }));
    println!("{} {} {}", shape(Box::new(Point { x: 2, y: 3 })), outline(&p),
             wait(std::thread::spawn(|| 42)));
    println!("{}", shapes(&[Box::new(Point { x: 0, y: 0 })]));
    // Garbage: rows, strings and a reference whose memory is unmapped.
    let junk = [0x10usize; 6];
    let bad_rows: &[Vec<i64>] = unsafe { std::slice::from_raw_parts(junk.as_ptr() as *const Vec<i64>, 2) };
    let bad_strs: &[Option<String>] = unsafe { std::slice::from_raw_parts(junk.as_ptr() as *const Option<String>, 2) };
    let bad_ref: &Point = unsafe { &*(0x10 as *const Point) };
    println!("{} {} {}", rows(bad_rows), opts(bad_strs), tagged((bad_ref, 4)));
    // A vtable pointer that leads nowhere (its method is never called).
    let bad_dyn: &dyn Area = unsafe { std::mem::transmute::<[usize; 2], &dyn Area>([&p as *const Point as usize, 0x10]) };
    println!("{}", addr(bad_dyn) == &p as *const Point as usize);
}
// OUT: 3 2 2
// OUT-NEXT: 3 2
// OUT-NEXT: 1 0 3 7 2
// OUT-NEXT: 6 -2 42
// OUT-NEXT: 1
// OUT-NEXT: 2 2 4
// OUT-NEXT: true
// CHECK: -> nested::grid(Vec<Vec<i64>>={{\[\[}}1, 2], [3], []])
// CHECK: -> nested::rows(&[Vec<i64>]={{\[\[}}4, 5, 6], [7]])
// CHECK: -> nested::sheet(&Vec<Vec<u8>>=0x{{[0-9a-f]+}}->{{\[\[}}9, 9, 9, 9, 9, 9, 9, 9, 9, 9, … (12 items)], [8]])
// CHECK: -> nested::maybe(Vec<Option<String>>=[Some("x"), None, Some("")])
// CHECK: -> nested::parsed(&[Result<String, String>]=[Ok("12"), Err("no")])
// CHECK: -> nested::near(Option<&nested::Point>=Some(0x{{[0-9a-f]+}}->{x: 1, y: -2}))
// CHECK: -> nested::near(Option<&nested::Point>=None)
// CHECK: -> nested::tagged((&nested::Point, u8)=(0x{{[0-9a-f]+}}->{x: 1, y: -2}, 3))
// CHECK: -> nested::labelled((&str, i64)=("key", 7))
// CHECK: -> nested::view(View={at: 0x{{[0-9a-f]+}}->{x: 1, y: -2}, zoom: 2})
// CHECK: -> nested::shape(Box<dyn nested::Area>={pointer: 0x{{[0-9a-f]+}}, type: nested::Point})
// CHECK: -> nested::outline(&dyn nested::Area={pointer: 0x{{[0-9a-f]+}}, type: nested::Point})
// CHECK: -> nested::wait(JoinHandle<i64>={})
// CHECK: -> nested::shapes(&[Box<dyn nested::Area>]=[{pointer: 0x{{[0-9a-f]+}}, type: nested::Point}])
// CHECK: -> nested::rows(&[Vec<i64>]=[<unreadable>, <unreadable>])
// CHECK: -> nested::opts(&[Option<String>]=[Some(<unreadable>), Some(<unreadable>)])
// CHECK: -> nested::tagged((&nested::Point, u8)=(0x10-><unreadable>, 4))
// CHECK: -> nested::addr(&dyn nested::Area={pointer: 0x{{[0-9a-f]+}}, type: <unreadable>})
// JSON: nested::grid(Vec<Vec<i64>>={{\[\[}}1, 2], [3], []]) = 3
// JSON: nested::rows(&[Vec<i64>]={{\[\[}}4, 5, 6], [7]]) = 2
// JSON: nested::sheet(&Vec<Vec<u8>>={"address": "0x{{[0-9a-f]+}}", "target": {{\[\[}}9, 9, 9, 9, 9, 9, 9, 9, 9, 9, "… (12 items)"], [8]]}) = 2
// JSON: nested::maybe(Vec<Option<String>>=[{"variant": "Some", "value": "x"}, {"variant": "None", "value": null}, {"variant": "Some", "value": ""}]) = 3
// JSON: nested::parsed(&[Result<String, String>]=[{"variant": "Ok", "value": "12"}, {"variant": "Err", "value": "no"}]) = 2
// JSON: nested::near(Option<&nested::Point>={"variant": "Some", "value": {"address": "0x{{[0-9a-f]+}}", "target": {"x": 1, "y": -2}}}) = 1
// JSON: nested::tagged((&nested::Point, u8)={"__0": {"address": "0x{{[0-9a-f]+}}", "target": {"x": 1, "y": -2}}, "__1": 3}) = 3
// JSON: nested::view(View={"at": {"address": "0x{{[0-9a-f]+}}", "target": {"x": 1, "y": -2}}, "zoom": 2}) = 2
// JSON: nested::shape(Box<dyn nested::Area>={"pointer": "0x{{[0-9a-f]+}}", "type": "nested::Point"}) = 6
// JSON: nested::outline(&dyn nested::Area={"pointer": "0x{{[0-9a-f]+}}", "type": "nested::Point"}) = -2
// JSON: nested::wait(JoinHandle<i64>={}) = 42
// JSON: nested::shapes(&[Box<dyn nested::Area>]=[{"pointer": "0x{{[0-9a-f]+}}", "type": "nested::Point"}]) = 1
// JSON: nested::rows(&[Vec<i64>]=["<unreadable>", "<unreadable>"]) = 2
// JSON: nested::tagged((&nested::Point, u8)={"__0": {"address": "0x10", "target": "<unreadable>"}, "__1": 4}) = 4
// JSON: nested::addr(&dyn nested::Area={"pointer": "0x{{[0-9a-f]+}}", "type": "<unreadable>"})
// MAX2: -> nested::grid(Vec<Vec<i64>>={{\[\[}}1, 2], [3], … (3 items)])
// MAX2: -> nested::rows(&[Vec<i64>]={{\[\[}}4, 5, … (3 items)], [7]])
// MAX2: -> nested::maybe(Vec<Option<String>>=[Some("x"), None, … (3 items)])
// JMAX2: nested::grid(Vec<Vec<i64>>={{\[\[}}1, 2], [3], "… (3 items)"]) = 3
// JMAX2: nested::rows(&[Vec<i64>]={{\[\[}}4, 5, "… (3 items)"], [7]]) = 2
