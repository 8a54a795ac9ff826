// A Rust reference to a scalar (`&i64`, `&mut u32`, `&bool`, `&f64`,
// `&char`) is shown as its address and then the value it refers to
// (0x…->5), as a reference to a struct is (0x…->{x: 1}); a reference
// in a tuple too. A raw pointer (`*const i64`) stays an address. -O0 and
// -O2, text and JSON.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t2.json %s
#[inline(never)] fn add(a: &i64, b: &mut u32, on: &bool) -> i64 {
    if *on { *b += 1; }
    *a + i64::from(*b)
}
#[inline(never)] fn half(x: &f64, c: &char) -> f64 { if *c == 'h' { *x / 2.0 } else { *x } }
#[inline(never)] fn raw(p: *const i64) -> i64 { unsafe { *p } }
#[inline(never)] fn pair(t: (&i64, &i64)) -> i64 { *t.0 + *t.1 }

fn main() {
    let a = 5i64;
    let mut b = 7u32;
    let on = true;
    let s = add(&a, &mut b, &on);
    let h = half(&3.0, &'h');
    let r = raw(&a);
    let p = pair((&a, &s));
    println!("{} {} {} {} {}", s, b, h, r, p);
}
// OUT: 13 8 1.5 5 18
// CHECK: -> scalar_refs::add(&i64=0x{{[0-9a-f]+}}->5, &mut u32=0x{{[0-9a-f]+}}->7, &bool=0x{{[0-9a-f]+}}->true)
// CHECK: -> scalar_refs::half(&f64=0x{{[0-9a-f]+}}->3.0, &char=0x{{[0-9a-f]+}}->'h')
// CHECK: -> scalar_refs::raw(*const i64=0x{{[0-9a-f]+}})
// CHECK: -> scalar_refs::pair((&i64, &i64)=(0x{{[0-9a-f]+}}->5, 0x{{[0-9a-f]+}}->13))
// JSON: "name": "scalar_refs::add", "args": [{"type_info": {"name": "&i64", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": 5}
