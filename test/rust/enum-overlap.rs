// A Rust enum whose variants keep a String and a Vec at overlapping
// offsets (rustc puts Add's Vec at 8 and Rename's String at 0, its
// discriminant in the String's niche): each variant's own follow is the
// one shown. Rename's String was shown through Add's follow, which read
// the String's length as a pointer: <unreadable>, or NULL for "".
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// The same from a .rtrace, through the tool.
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace | FileCheck %s
// OUT: 11 11 3 2
// CHECK: -> enum_overlap::apply_ref(&enum_overlap::Command=0x{{[0-9a-f]+}}->Rename(5, "direct"))
// CHECK: -> enum_overlap::apply(Command=Rename(5, "direct"))
// CHECK: -> enum_overlap::apply(Command=Add([1, 2, 3]))
// CHECK: -> enum_overlap::apply(Command=Rename(2, ""))
// CHECK-NOT: unreadable
pub enum Command { Add(Vec<u8>), Rename(u32, String) }

#[inline(never)] fn apply(c: Command) -> usize {
    match c { Command::Rename(i, s) => i as usize + s.len(), Command::Add(v) => v.len() }
}
#[inline(never)] fn apply_ref(c: &Command) -> usize {
    match c { Command::Rename(i, s) => *i as usize + s.len(), Command::Add(v) => v.len() }
}

fn main() {
    let c = Command::Rename(5, "direct".to_string());
    let r = apply_ref(&c);
    let a = apply(c);
    let b = apply(Command::Add(vec![1, 2, 3]));
    println!("{} {} {} {}", r, a, b, apply(Command::Rename(2, String::new())));
}
