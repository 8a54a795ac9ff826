// Rust enums and tuple structs read as the source writes them: a tuple
// variant's values in parentheses (Move(3, -4), not Move{__0: 3, __1: -4}),
// a struct variant's fields by name even when it has one (Remove{id: 9},
// not Remove(9)), a unit variant by its name; a tuple struct by its name
// and values (Wrap("dog"), Reverse("b"), Meters(2.5), Pair(1, 2), not
// {__0: "dog"}), by value, behind a reference, as a field and as a
// sequence's element. JSON keeps a payload's fields as a struct's or a
// tuple's ({"__0": 3, "__1": -4}) under the variant's name, a tuple struct
// as a variant of its name; the tool writes the same text from the JSON.
// -O0 and -O2.
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
// RUN: %ruchytrace validate %t2.json
// RUN: %ruchytrace convert --to text %t2.json -o %t2.conv.txt
// RUN: grep -o -- '-> enum_shapes::.*' %t2.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.want
// RUN: grep -o -- '-> enum_shapes::.*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.got
// RUN: diff %t2.want %t2.got
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
use std::cmp::Reverse;

pub enum Cmd { Move(i32, i32), Remove { id: u32 }, Rename { id: u32, to: String }, Quit, Say(String) }
pub struct Wrap(String);
pub struct Meters(f64);
pub struct Pair(i64, i64);
pub struct Job { pub name: Wrap, pub len: Meters }

#[inline(never)] fn run(c: Cmd) -> i64 {
    match c {
        Cmd::Move(a, b) => (a + b) as i64,
        Cmd::Remove { id } => id as i64,
        Cmd::Rename { id, to } => id as i64 + to.len() as i64,
        Cmd::Quit => 0,
        Cmd::Say(s) => s.len() as i64,
    }
}
#[inline(never)] fn peek(c: &Cmd) -> bool { matches!(c, Cmd::Quit) }
#[inline(never)] fn wrap(w: &Wrap, m: Meters, p: Pair) -> f64 { w.0.len() as f64 + m.0 + (p.0 + p.1) as f64 }
#[inline(never)] fn rev(r: Reverse<&str>, all: &[Reverse<i32>]) -> usize { r.0.len() + all.len() }
#[inline(never)] fn job(j: Job) -> usize { j.name.0.len() + j.len.0 as usize }
#[inline(never)] fn make(n: i64) -> Pair { Pair(n, -n) }

fn main() {
    let mut t = run(Cmd::Move(3, -4)) + run(Cmd::Remove { id: 9 }) + run(Cmd::Quit);
    t += run(Cmd::Rename { id: 1, to: "b".to_string() }) + run(Cmd::Say("hi".to_string()));
    let r = Cmd::Move(7, 8);
    t += peek(&r) as i64;
    t += wrap(&Wrap("dog".to_string()), Meters(2.5), Pair(1, 2)) as i64;
    t += rev(Reverse("b"), &[Reverse(5), Reverse(6)]) as i64;
    t += job(Job { name: Wrap("cat".to_string()), len: Meters(1.0) }) as i64;
    t += make(4).0;
    println!("{}", t);
}
// OUT: 31
// CHECK: -> enum_shapes::run(Cmd=Move(3, -4))
// CHECK: -> enum_shapes::run(Cmd=Remove{id: 9})
// CHECK: -> enum_shapes::run(Cmd=Quit)
// CHECK: -> enum_shapes::run(Cmd=Rename{id: 1, to: "b"})
// CHECK: -> enum_shapes::run(Cmd=Say("hi"))
// CHECK: -> enum_shapes::peek(&enum_shapes::Cmd=0x{{[0-9a-f]+}}->Move(7, 8))
// CHECK: -> enum_shapes::wrap(&enum_shapes::Wrap=0x{{[0-9a-f]+}}->Wrap("dog"), Meters=Meters(2.5), Pair=Pair(1, 2))
// CHECK: -> enum_shapes::rev(Reverse<&str>=Reverse("b"), &[Reverse<i32>]=[Reverse(5), Reverse(6)])
// CHECK: -> enum_shapes::job(Job={name: Wrap("cat"), len: Meters(1.0)})
// CHECK: <- enum_shapes::make() = Pair(4, -4)
// CHECK-NOT: __0
// JSON: enum_shapes::run(Cmd={"variant": "Move", "value": {"__0": 3, "__1": -4}})
// JSON: enum_shapes::run(Cmd={"variant": "Remove", "value": {"id": 9}})
// JSON: enum_shapes::run(Cmd={"variant": "Quit", "value": null})
// JSON: enum_shapes::run(Cmd={"variant": "Rename", "value": {"id": 1, "to": "b"}})
// JSON: enum_shapes::run(Cmd={"variant": "Say", "value": "hi"})
// JSON: enum_shapes::wrap(&enum_shapes::Wrap={"address": "0x{{[0-9a-f]+}}", "target": {"variant": "Wrap", "value": "dog"}}, Meters={"variant": "Meters", "value": 2.5}, Pair={"variant": "Pair", "value": {"__0": 1, "__1": 2}})
// JSON: enum_shapes::rev(Reverse<&str>={"variant": "Reverse", "value": "b"}, &[Reverse<i32>]=[{"variant": "Reverse", "value": 5}, {"variant": "Reverse", "value": 6}])
// JSON: enum_shapes::job(Job={"name": {"variant": "Wrap", "value": "cat"}, "len": {"variant": "Meters", "value": 1.0}})
// JSON: enum_shapes::make(i64=4) = {"variant": "Pair", "value": {"__0": 4, "__1": -4}}
