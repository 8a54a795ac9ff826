// Sequences are shown by their elements, bounded: Vec<T> by value and by
// reference, &[T], &mut [T], Box<[T]>, [T; N] and a Vec inside a struct a
// reference points to; the first RUCHY_TRACE_SEQ_MAX elements, then the
// count. An empty Vec is [], a slice whose pointer cannot be read is
// <unreadable>, never a crash. JSON has them as arrays, and the .rtrace
// recording converts to the same text (its calls' arguments: another run's
// addresses and times differ). Types read as Rust writes them (`Vec<f64>`,
// `[u8; 3]`, no allocator parameter), tuples as (3, 9) (in JSON, their
// fields), a trait method as `<T as Trait>::m`.
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt RUCHY_TRACE_FOLLOW=all %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt RUCHY_TRACE_FOLLOW=all %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.seq.txt RUCHY_TRACE_SEQ_MAX=2 %t2 > /dev/null
// RUN: FileCheck --check-prefix=MAX2 --input-file=%t2.seq.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace RUCHY_TRACE_FOLLOW=all RUCHY_TRACE_FORMAT=rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace -o %t2.conv.txt
// RUN: grep -o -- '-> containers::.*' %t2.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.want
// RUN: grep -o -- '-> containers::.*' %t2.conv.txt | sed 's/0x[0-9a-f]*/ADDR/g' > %t2.got
// RUN: diff %t2.want %t2.got
pub struct Stock { pub name: String, pub counts: Vec<u32> }
pub trait Shelf { fn space(&self) -> u32; }
impl Shelf for Stock { fn space(&self) -> u32 { 100 - self.counts.len() as u32 } }

#[inline(never)] fn total(qtys: &[i64]) -> i64 { qtys.iter().sum() }
#[inline(never)] fn mean(v: Vec<f64>) -> f64 { v.iter().fold(0.0, |a, x| a + x) / v.len().max(1) as f64 }
#[inline(never)] fn largest(v: &Vec<i32>) -> i32 { *v.iter().max().unwrap_or(&0) }
#[inline(never)] fn scale(v: &mut [i32], k: i32) { for x in v.iter_mut() { *x *= k; } }
#[inline(never)] fn checksum(b: Box<[u8]>) -> u32 { b.iter().map(|&x| x as u32).sum() }
#[inline(never)] fn brightness(rgb: [u8; 3]) -> u32 { rgb.iter().map(|&x| x as u32).sum() }
#[inline(never)] fn restock(s: &Stock) -> u32 { s.counts.iter().sum() }
#[inline(never)] fn first(v: &[i64]) -> i64 { if v.is_empty() { -1 } else { 0 } }
#[inline(never)] fn span(r: (i32, i64)) -> i64 { r.1 - r.0 as i64 }

fn main() {
    let qtys: Vec<i64> = (1..=1000).collect();
    let mut ints = vec![3, 9, 4];
    scale(&mut ints, 2);
    let stock = Stock { name: "bolts".to_string(), counts: vec![5, 7] };
    let bad: &[i64] = unsafe { std::slice::from_raw_parts(0x10 as *const i64, 5) };
    println!("{} {} {} {} {} {} {} {}",
             total(&qtys), mean(vec![1.5, 2.5]), largest(&ints),
             checksum(vec![1u8, 2, 3].into_boxed_slice()), brightness([10, 20, 30]),
             restock(&stock), mean(Vec::new()), first(bad));
    let shelf: &dyn Shelf = &stock;
    println!("{} {}", shelf.space(), span((3, 9)));
}
// OUT: 500500 2 18 6 60 12 0 0
// OUT-NEXT: 98 6
// CHECK: -> containers::scale(&mut [i32]=[3, 9, 4], i32=2)
// CHECK: -> containers::total(&[i64]=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (1000 items)])
// CHECK: -> containers::mean(Vec<f64>=[1.5, 2.5])
// CHECK: -> containers::largest(&Vec<i32>=0x{{[0-9a-f]+}}->[6, 18, 8])
// CHECK: -> containers::checksum(Box<[u8]>=[1, 2, 3])
// CHECK: -> containers::brightness([u8; 3]=[10, 20, 30])
// CHECK: -> containers::restock(&containers::Stock=0x{{[0-9a-f]+}}->{name: "bolts", counts: [5, 7]})
// CHECK: -> containers::mean(Vec<f64>=[])
// CHECK: -> containers::first(&[i64]=<unreadable>)
// CHECK: -> <containers::Stock as containers::Shelf>::space(&containers::Stock=0x{{[0-9a-f]+}}->{name: "bolts", counts: [5, 7]})
// CHECK: -> containers::span((i32, i64)=(3, 9))
// JSON: containers::total(&[i64]=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "… (1000 items)"]) = 500500
// JSON: containers::first(&[i64]="<unreadable>") = 0
// JSON: containers::span((i32, i64)={"__0": 3, "__1": 9}) = 6
// MAX2: -> containers::scale(&mut [i32]=[3, 9, … (3 items)], i32=2)
// MAX2: -> containers::total(&[i64]=[1, 2, … (1000 items)])
