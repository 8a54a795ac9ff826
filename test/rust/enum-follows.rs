// What a new user's interpreter returned, read right: enum variants whose
// strings, vectors and boxes overlap in memory each read their own follow.
// - Err(String) of a Result<Vec<i64>, String>: the Vec's follow (the same
//   pointer read as a sequence) was shown as the string, "\u0004".
// - Ok(Some(Ident(String))) of a Result<Option<Tok>, E>, four enums deep:
//   its string had no follow (the follows stopped three levels down) and
//   showed <unreadable>.
// - Bin{lhs: Box<Expr>, rhs: Box<Expr>} beside Var(String), rhs's pointer
//   where Var's string pointer is: rhs showed Var's string as its target
//   (<cut>, or raw bytes deeper down).
// - Ok(()) was Ok() in text converted from JSON (a one-value payload that is
//   a tuple read as a tuple variant's values).
// - A HashMap<String, Value>'s Value::Str(String) was <cut>: an element's
//   strings are looked for one level into its fields (the entry's Value),
//   and a struct holding that map and a BTreeMap<&str, u32> keeps the
//   BTreeMap's keys (RUCHY_TRACE_MAX_FOLLOWS is 12).
// - A Formatter's internals (its options, its output's vtable) filled every
//   Display::fmt line: it is shown as {}.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %ruchytrace validate %t2.json
// RUN: %ruchytrace convert --to text %t2.json -o %t2.conv.txt
// RUN: grep -o -- '[-<][->] .*' %t2.txt | sed 's/0x[0-9a-f]*/ADDR/g; s/ \[[0-9.]*ms\]//' > %t2.want
// RUN: grep -o -- '[-<][->] .*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g; s/ \[[0-9.]*ms\]//' > %t2.got
// RUN: diff %t2.want %t2.got
// OUT: done
// CHECK: <- enum_follows::rv() = Err("boom")
// CHECK: <- enum_follows::rv() = Ok([1])
// CHECK: <- enum_follows::rot() = Ok(Some(Ident("x")))
// CHECK: <- enum_follows::rot() = Ok(Some(Str{text: "s", quoted: true}))
// CHECK: <- enum_follows::bin() = Bin{op: '+', lhs: 0x{{[0-9a-f]+}}->Var("x"), rhs: 0x{{[0-9a-f]+}}->Lit(1)}
// CHECK: <- enum_follows::bin() = Bin{op: '+', lhs: 0x{{[0-9a-f]+}}->Lit(1), rhs: 0x{{[0-9a-f]+}}->Var("x")}
// CHECK: <- enum_follows::unit() = Ok(())
// CHECK: <- enum_follows::pair() = Some((1, 2))
// CHECK: <- enum_follows::mv() = Move(3, -4)
// CHECK: -> <enum_follows::Cmd as core::fmt::Display>::fmt(&enum_follows::Cmd=0x{{[0-9a-f]+}}->Move(3, -4), &mut Formatter=0x{{[0-9a-f]+}}->{})
// CHECK: -> enum_follows::env(&enum_follows::Env=0x{{[0-9a-f]+}}->{vars: {"s": Str("hello")}, counts: {"eval": 18, "exec": 6}})
// CHECK-NOT: unreadable
// CHECK-NOT: <cut>

#[derive(Debug)]
pub enum Tok { Num(i64), Ident(String), Str { text: String, quoted: bool } }
#[derive(Debug)]
pub struct E { pub pos: usize, pub msg: String }
#[derive(Debug)]
pub enum Expr { Lit(i64), Var(String), Bin { op: char, lhs: Box<Expr>, rhs: Box<Expr> } }
#[derive(Debug)]
pub enum Value { Int(i64), Str(String) }
pub struct Env { vars: std::collections::HashMap<String, Value>, counts: std::collections::BTreeMap<&'static str, u32> }
#[inline(never)]
fn env(e: &Env) -> usize { e.vars.len() + e.counts.len() }
#[derive(Debug)]
pub enum Cmd { Move(i32, i32), Stop }

#[inline(never)]
fn rv(fail: bool) -> Result<Vec<i64>, String> {
    if fail { Err("boom".to_string()) } else { Ok(vec![1]) }
}
#[inline(never)]
fn ot(k: u8) -> Option<Tok> {
    match k { 0 => Some(Tok::Ident("x".into())), 1 => Some(Tok::Num(3)), _ => Some(Tok::Str { text: "s".into(), quoted: true }) }
}
#[inline(never)]
fn rot(k: u8) -> Result<Option<Tok>, E> {
    if k > 5 { Err(E { pos: 1, msg: "no".into() }) } else { Ok(ot(k)) }
}
#[inline(never)]
fn mk(k: u8) -> Expr { if k == 0 { Expr::Var("x".into()) } else { Expr::Lit(k as i64) } }
#[inline(never)]
fn bin(a: u8, b: u8) -> Expr { Expr::Bin { op: '+', lhs: Box::new(mk(a)), rhs: Box::new(mk(b)) } }
#[inline(never)]
fn unit(n: usize) -> Result<(), String> { if n > 100 { Err("big".into()) } else { Ok(()) } }
#[inline(never)]
fn pair(a: i64) -> Option<(i64, i64)> { Some((a, a + 1)) }
#[inline(never)]
fn mv(x: i32) -> Cmd { if x > 0 { Cmd::Move(x, -x - 1) } else { Cmd::Stop } }

impl std::fmt::Display for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self { Cmd::Move(x, y) => write!(f, "move {} {}", x, y), Cmd::Stop => write!(f, "stop") }
    }
}

fn main() {
    println!("{:?} {:?}", rv(true), rv(false));
    println!("{:?} {:?}", rot(0), rot(2));
    println!("{:?} {:?}", bin(0, 1), bin(1, 0));
    println!("{:?} {:?} {:?}", unit(3), pair(1), mv(3));
    println!("{}", mv(3));
    let mut e = Env { vars: Default::default(), counts: Default::default() };
    e.vars.insert("s".to_string(), Value::Str("hello".into()));
    e.counts.insert("eval", 18);
    e.counts.insert("exec", 6);
    println!("{} {:?}", env(&e), Value::Int(1));
    println!("done");
}
