// Rust &str arguments into fresh heap memory are always shown with their
// text, never <unreadable> (the heap grows under the runtime's cache of
// the mappings); a null raw pointer is NULL like in C, and Option<&T>'s
// None is its variant.
// REQUIRES: rustc
// RUN: %rustc-trace -O %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.txt RUCHY_TRACE_FORMAT=text RUCHY_TRACE_BUFFER=100000 %t > %t.want
// RUN: grep -o 'name_len(&str=[^)]*)' %t.txt > %t.got
// RUN: diff %t.want %t.got
// RUN: FileCheck --input-file=%t.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.json RUCHY_TRACE_BUFFER=100000 %t > /dev/null
// RUN: %check-trace json %t.json | FileCheck --check-prefix=JSON %s
pub struct User { pub id: i64 }

#[inline(never)] fn name_len(s: &str) -> usize { s.len() }
#[inline(never)] fn is_null(p: *const i64) -> bool { p.is_null() }
#[inline(never)] fn find(u: Option<&User>) -> i64 { u.map_or(-1, |u| u.id) }

fn main() {
    let mut names: Vec<String> = Vec::new();
    let mut total = 0;
    for i in 0..4000 {
        let mut s = String::with_capacity(100 + i % 50);
        s.push_str(&format!("user-{}", i));
        println!("name_len(&str=\"{}\")", s);
        total += name_len(&s);
        names.push(s);
    }
    total += is_null(std::ptr::null()) as usize;
    total += find(None) as usize + find(Some(&User { id: 3 })) as usize;
    eprintln!("{}", total);
}
// CHECK: -> strings::is_null(*const i64=NULL)
// CHECK: -> strings::find(Option<&strings::User>=None)
// JSON: strings::is_null(*const i64=null) = true
// JSON: strings::find(Option<&strings::User>={"variant": "None", "value": null}) = -1
