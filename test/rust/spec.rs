// The spec's examples as Ruchy would transpile them to Rust, traced
// through rustc -Zllvm-plugins: the three type families in the spec's JSON
// shape (primitive, struct, enum), strings, Option, references.
// REQUIRES: rustc
// RUN: %rustc-trace -O %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.json %t | FileCheck --check-prefix=OUT %s
// RUN: %check-trace json %t.json | FileCheck %s
// RUN: %python %S/../Inputs/rust_shapes.py %t.json
// RUN: env RUCHY_TRACE=1 %t 2>&1 >/dev/null | FileCheck --check-prefix=TEXT %s
// Unoptimised too.
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json %t0 > /dev/null
// RUN: %check-trace json %t0.json | FileCheck %s
pub struct User { pub id: i64, pub name: String }
pub enum Outcome { Ok(i64), Err(String) }

#[inline(never)]
fn fibonacci(n: i64) -> i64 {
    if n <= 1 {
        return n;
    }
    fibonacci(n - 1) + fibonacci(n - 2)
}
#[inline(never)] fn greet(user: &User, greeting: &str) -> usize { user.name.len() + greeting.len() }
#[inline(never)] fn register(user: User) -> i64 { user.id + user.name.len() as i64 }
#[inline(never)] fn settle(r: Outcome) -> i64 { match r { Outcome::Ok(v) => v, Outcome::Err(e) => e.len() as i64 } }
#[inline(never)] fn maybe(o: Option<i64>) -> i64 { o.unwrap_or(-1) }
#[inline(never)] fn scale(x: f64, flag: bool, c: char) -> f64 { if flag && c == 'x' { x * 2.0 } else { x } }

fn main() {
    let u = User { id: 42, name: String::from("Alice") };
    let mut total = fibonacci(5) as i64;
    total += greet(&u, "hello") as i64;
    total += settle(Outcome::Ok(100)) + settle(Outcome::Err(String::from("bad")));
    total += maybe(Some(7)) + maybe(None);
    total += scale(1.5, true, 'x') as i64;
    total += register(u);
    println!("{}", total);
}

// OUT: {{^174$}}
// No standard-library internals, no rustc main shim:
// CHECK-NOT: fn core::
// CHECK-NOT: fn alloc::
// CHECK-NOT: fn main
// CHECK: spec::main()
// CHECK-NEXT:   spec::fibonacci(i64=5) = 5 <spec.rs:18:4>
// CHECK: spec::greet(&spec::User={"address": "0x{{[0-9a-f]+}}", "target": {"id": 42, "name": "Alice"}}, &str="hello") = 10
// CHECK: spec::settle(Outcome={"variant": "Ok", "value": 100}) = 100
// CHECK: spec::settle(Outcome={"variant": "Err", "value": "bad"}) = 3
// CHECK: spec::maybe(Option<i64>={"variant": "Some", "value": 7}) = 7
// CHECK: spec::maybe(Option<i64>={"variant": "None", "value": null}) = -1
// CHECK: spec::scale(f64=1.5, bool=true, char="x") = 3.0
// CHECK: spec::register(User={"id": 42, "name": "Alice"}) = 47
// TEXT: -> spec::fibonacci(i64=5) <{{.*}}spec.rs:18:4>
// TEXT: -> spec::settle(Outcome=Ok(100))
// TEXT: -> spec::register(User={id: 42, name: "Alice"})
