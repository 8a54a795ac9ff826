// Small Rust aggregates passed and returned by value, at every opt level:
// rustc passes [u8; 3] and Rgb as one i24, (u8, u16) and Point as two
// scalars, [i32; 4] and Option<(i32, i32)> behind a pointer, and copies an
// i24 into the variable only after the entry hook; extern "C" passes a
// 12-byte struct as one { i64, i32 } IR argument. Each is passed twice
// with different values; the entry shows this call's, never the previous
// contents of the stack slot. A parameter the function assigns to shows
// the value it arrived with.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t0.json | FileCheck %s
// RUN: %rustc-trace -C opt-level=1 %s -o %t1
// RUN: env RUCHY_TRACE_OUTPUT=%t1.json %t1 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t1.json | FileCheck %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t2.json | FileCheck %s
// RUN: %rustc-trace -C opt-level=3 %s -o %t3
// RUN: env RUCHY_TRACE_OUTPUT=%t3.json %t3 | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t3.json | FileCheck %s
#![allow(dead_code, unused_assignments)]
#[derive(Clone, Copy)]
pub struct Rgb { r: u8, g: u8, b: u8 }
#[derive(Clone, Copy)]
pub struct Point { x: f32, y: f32 }
#[derive(Clone, Copy)]
pub struct Pair { x: f64, y: f64 }
#[derive(Clone, Copy)]
pub enum Shape { Circle(f32), Rect(i32, i32), Empty }

// take_N reads its argument; give_N(k) returns the first value (k == 0)
// or the second.
macro_rules! shapes {
    ($($name:ident / $give:ident : $t:ty = $a:expr, $b:expr;)*) => {
        $(
            #[inline(never)]
            fn $name(v: $t) -> usize { std::hint::black_box(&v); std::mem::size_of::<$t>() }
            #[inline(never)]
            fn $give(k: u32) -> $t { if k == 0 { $a } else { $b } }
        )*
        fn run() -> usize {
            let mut n = 0;
            $(
                n += $name($a) + $name($b);
                n += std::hint::black_box(&[$give(0), $give(1)]).len();
            )*
            n
        }
    };
}

shapes! {
    arr4 / give_arr4: [i32; 4] = [1, 2, 3, 4], [5, 6, 7, 8];
    arr3 / give_arr3: [u8; 3] = [1, 2, 3], [7, 8, 9];
    bytes4 / give_bytes4: [u8; 4] = [10, 20, 30, 40], [50, 60, 70, 80];
    halves / give_halves: [u16; 2] = [1000, 2000], [3000, 4000];
    tup3 / give_tup3: (i32, i32, i32) = (1, 2, 3), (4, 5, 6);
    tup2 / give_tup2: (u8, u16) = (7, 300), (9, 65535);
    rgb / give_rgb: Rgb = Rgb { r: 10, g: 20, b: 30 }, Rgb { r: 40, g: 50, b: 60 };
    point / give_point: Point = Point { x: 1.5, y: 2.5 }, Point { x: -3.0, y: 4.25 };
    pair / give_pair: Pair = Pair { x: 1.25, y: 2.75 }, Pair { x: -8.5, y: 16.0 };
    shape / give_shape: Shape = Shape::Circle(2.0), Shape::Rect(3, 4);
    opt / give_opt: Option<(i32, i32)> = Some((5, 6)), None;
    opt8 / give_opt8: Option<u8> = Some(200), None;
}

// The C ABI of the same shapes: { i64, i32 } and { double, float } as one
// first-class aggregate IR argument (and return value).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CTriple { a: i32, b: i32, c: i32 }
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CFloats { x: f32, y: f32, z: f32 }
#[inline(never)]
extern "C" fn c_triple(v: CTriple) -> i32 { v.a + v.b + v.c }
#[inline(never)]
extern "C" fn c_floats(v: CFloats) -> f32 { v.x + v.y + v.z }
#[inline(never)]
extern "C" fn c_make(k: i32) -> CTriple { CTriple { a: k, b: -k, c: k * 2 } }

// Assignments to the parameter come after the entry: not what it arrived
// with.
#[inline(never)]
fn repaint(mut c: Rgb, r: u8) -> u8 { c.r = r; std::hint::black_box(&c); c.g }
#[inline(never)]
fn adopt(a: Rgb, mut b: Rgb) -> u8 { b = a; std::hint::black_box(&b); b.r }

fn main() {
    let n = run() + repaint(Rgb { r: 1, g: 2, b: 3 }, 9) as usize
        + adopt(Rgb { r: 4, g: 5, b: 6 }, Rgb { r: 7, g: 8, b: 9 }) as usize
        + (c_triple(CTriple { a: 1, b: 2, c: 3 }) + c_triple(CTriple { a: 4, b: 5, c: 6 })) as usize
        + (c_floats(CFloats { x: 0.5, y: 1.5, z: 2.0 }) + c_floats(CFloats { x: -1.0, y: 2.0, z: 3.0 })) as usize
        + (c_make(3).c + c_make(5).c) as usize;
    println!("{}", n);
}

// OUT: {{^267$}}
// CHECK: by_value::arr4([i32; 4]=[1, 2, 3, 4]) = 16
// CHECK: by_value::arr4([i32; 4]=[5, 6, 7, 8]) = 16
// CHECK: by_value::give_arr4(u32=0) = [1, 2, 3, 4]
// CHECK: by_value::give_arr4(u32=1) = [5, 6, 7, 8]
// CHECK: by_value::arr3([u8; 3]=[1, 2, 3]) = 3
// CHECK: by_value::arr3([u8; 3]=[7, 8, 9]) = 3
// CHECK: by_value::give_arr3(u32=0) = [1, 2, 3]
// CHECK: by_value::give_arr3(u32=1) = [7, 8, 9]
// CHECK: by_value::bytes4([u8; 4]=[10, 20, 30, 40]) = 4
// CHECK: by_value::bytes4([u8; 4]=[50, 60, 70, 80]) = 4
// CHECK: by_value::give_bytes4(u32=0) = [10, 20, 30, 40]
// CHECK: by_value::give_bytes4(u32=1) = [50, 60, 70, 80]
// CHECK: by_value::halves([u16; 2]=[1000, 2000]) = 4
// CHECK: by_value::halves([u16; 2]=[3000, 4000]) = 4
// CHECK: by_value::give_halves(u32=0) = [1000, 2000]
// CHECK: by_value::give_halves(u32=1) = [3000, 4000]
// CHECK: by_value::tup3((i32, i32, i32)={"__0": 1, "__1": 2, "__2": 3}) = 12
// CHECK: by_value::tup3((i32, i32, i32)={"__0": 4, "__1": 5, "__2": 6}) = 12
// CHECK: by_value::give_tup3(u32=0) = {"__0": 1, "__1": 2, "__2": 3}
// CHECK: by_value::give_tup3(u32=1) = {"__0": 4, "__1": 5, "__2": 6}
// CHECK: by_value::tup2((u8, u16)={"__0": 7, "__1": 300}) = 4
// CHECK: by_value::tup2((u8, u16)={"__0": 9, "__1": 65535}) = 4
// CHECK: by_value::give_tup2(u32=0) = {"__0": 7, "__1": 300}
// CHECK: by_value::give_tup2(u32=1) = {"__0": 9, "__1": 65535}
// CHECK: by_value::rgb(Rgb={"r": 10, "g": 20, "b": 30}) = 3
// CHECK: by_value::rgb(Rgb={"r": 40, "g": 50, "b": 60}) = 3
// CHECK: by_value::give_rgb(u32=0) = {"r": 10, "g": 20, "b": 30}
// CHECK: by_value::give_rgb(u32=1) = {"r": 40, "g": 50, "b": 60}
// CHECK: by_value::point(Point={"x": 1.5, "y": 2.5}) = 8
// CHECK: by_value::point(Point={"x": -3.0, "y": 4.25}) = 8
// CHECK: by_value::give_point(u32=0) = {"x": 1.5, "y": 2.5}
// CHECK: by_value::give_point(u32=1) = {"x": -3.0, "y": 4.25}
// CHECK: by_value::pair(Pair={"x": 1.25, "y": 2.75}) = 16
// CHECK: by_value::pair(Pair={"x": -8.5, "y": 16.0}) = 16
// CHECK: by_value::give_pair(u32=0) = {"x": 1.25, "y": 2.75}
// CHECK: by_value::give_pair(u32=1) = {"x": -8.5, "y": 16.0}
// CHECK: by_value::shape(Shape={"variant": "Circle", "value": 2.0}) = 12
// CHECK: by_value::shape(Shape={"variant": "Rect", "value": {"__0": 3, "__1": 4}}) = 12
// CHECK: by_value::give_shape(u32=0) = {"variant": "Circle", "value": 2.0}
// CHECK: by_value::give_shape(u32=1) = {"variant": "Rect", "value": {"__0": 3, "__1": 4}}
// CHECK: by_value::opt(Option<(i32, i32)>={"variant": "Some", "value": {"__0": 5, "__1": 6}}) = 12
// CHECK: by_value::opt(Option<(i32, i32)>={"variant": "None", "value": null}) = 12
// CHECK: by_value::give_opt(u32=0) = {"variant": "Some", "value": {"__0": 5, "__1": 6}}
// CHECK: by_value::give_opt(u32=1) = {"variant": "None", "value": null}
// CHECK: by_value::opt8(Option<u8>={"variant": "Some", "value": 200}) = 2
// CHECK: by_value::opt8(Option<u8>={"variant": "None", "value": null}) = 2
// CHECK: by_value::give_opt8(u32=0) = {"variant": "Some", "value": 200}
// CHECK: by_value::give_opt8(u32=1) = {"variant": "None", "value": null}
// CHECK: by_value::repaint(Rgb={"r": 1, "g": 2, "b": 3}, u8=9) = 2
// CHECK: by_value::adopt(Rgb={"r": 4, "g": 5, "b": 6}, Rgb={"r": 7, "g": 8, "b": 9}) = 4
// CHECK: by_value::c_triple(CTriple={"a": 1, "b": 2, "c": 3}) = 6
// CHECK: by_value::c_triple(CTriple={"a": 4, "b": 5, "c": 6}) = 15
// CHECK: by_value::c_floats(CFloats={"x": 0.5, "y": 1.5, "z": 2.0}) = 4.0
// CHECK: by_value::c_floats(CFloats={"x": -1.0, "y": 2.0, "z": 3.0}) = 4.0
// CHECK: by_value::c_make(i32=3) = {"a": 3, "b": -3, "c": 6}
// CHECK: by_value::c_make(i32=5) = {"a": 5, "b": -5, "c": 10}
