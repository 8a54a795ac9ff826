// convert --to text on Rust values: enums with no, one and several payload
// fields (nested too), Option, &str, String, char beyond ASCII, NaN. The
// JSON and the text come from two runs of the same program, so times,
// addresses and thread ids are masked; everything else is byte for byte.
// REQUIRES: rustc
// RUN: %rustc-trace -O %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.txt %t
// RUN: %ruchytrace convert --to text %t.json -o %t.conv.txt
// RUN: sed -E -e 's/[0-9]+\.[0-9]{6}\]/T]/; s/\[[0-9]+\.[0-9]{3}ms\]/[D]/; s/0x[0-9a-f]+/0xA/g' %t.txt > %t.a
// RUN: sed -E -e 's/[0-9]+\.[0-9]{6}\]/T]/; s/\[[0-9]+\.[0-9]{3}ms\]/[D]/; s/0x[0-9a-f]+/0xA/g' %t.conv.txt > %t.b
// RUN: diff %t.a %t.b
// RUN: FileCheck --input-file=%t.conv.txt %s
// RUN: %ruchytrace validate %t.json | FileCheck --check-prefix=VALID %s
pub enum Shape { Empty, Circle(f64), Rect { w: i64, h: i64 } }
pub struct Tagged { pub tag: char, pub shape: Shape, pub note: Option<&'static str> }

#[inline(never)] fn area(s: &Shape) -> f64 {
    match s { Shape::Empty => 0.0, Shape::Circle(r) => 3.0 * r * r, Shape::Rect { w, h } => (w * h) as f64 }
}
#[inline(never)] fn by_value(s: Shape) -> i64 { area(&s) as i64 }
#[inline(never)] fn tagged(t: Tagged) -> usize { t.note.map_or(0, |n| n.len()) + t.tag.len_utf8() }
#[inline(never)] fn pick(o: Option<&str>, r: Result<u8, String>) -> usize {
    o.map_or(0, |s| s.len()) + r.map_or_else(|e| e.len(), |v| v as usize)
}
#[inline(never)] fn chars(a: char, b: char, x: f64) -> f64 { (a as u32 + b as u32) as f64 + x }

fn main() {
    let mut t = 0.0;
    t += by_value(Shape::Empty) as f64;
    t += by_value(Shape::Circle(2.0)) as f64;
    t += by_value(Shape::Rect { w: 3, h: 4 }) as f64;
    t += tagged(Tagged { tag: 'é', shape: Shape::Rect { w: 1, h: 2 }, note: Some("say \"hi\"\n") }) as f64;
    t += tagged(Tagged { tag: 'x', shape: Shape::Empty, note: None }) as f64;
    t += pick(Some("abc"), Ok(7)) as f64 + pick(None, Err(String::from("bad"))) as f64;
    t += chars('€', '\'', f64::NAN);
    println!("{}", t.is_nan());
}
// CHECK: -> rust_text::by_value(Shape=Empty)
// CHECK: -> rust_text::area(&rust_text::Shape=0x{{[0-9a-f]+}}->Empty)
// CHECK: -> rust_text::by_value(Shape=Circle(2.0))
// CHECK: -> rust_text::by_value(Shape=Rect{w: 3, h: 4})
// CHECK: -> rust_text::tagged(Tagged={tag: 'é', shape: Rect{w: 1, h: 2}, note: Some("say \"hi\"\n")})
// CHECK: -> rust_text::tagged(Tagged={tag: 'x', shape: Empty, note: None})
// CHECK: -> rust_text::pick(Option<&str>=None, Result<u8, String>=Err("bad"))
// CHECK: -> rust_text::chars(char='€', char='\'', f64=nan)
// VALID: valid
