// Rust maps, sets, deques and sequences of strings read as the source has
// them: HashMap and HashSet (hashbrown's table) by their entries, VecDeque
// in its order (head first, round the ring), Vec<String> and &[&str] by
// their strings; bounded (the first RUCHY_TRACE_SEQ_MAX, then the count).
// Text: {"a": 1} for a map with string keys, {1: "a"} for others, {1, 2}
// for a set; in JSON an object when keys are strings, else [key, value]
// pairs; a set and a deque arrays. Type names as Rust writes them, no
// hasher or allocator parameter. A table whose memory is garbage is
// <unreadable>, never a crash. (A HashMap's order is its hash's: the
// checks use maps of one entry, or count what they cannot order.)
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %s
// RUN: %ruchytrace validate %t2.json
// Each run hashes differently: a HashMap's order is compared as a shape.
// RUN: %ruchytrace convert --to text %t2.json -o %t2.conv.txt
// RUN: grep -o -- '-> maps::.*' %t2.txt | sed -E 's/0x[0-9a-f]*/ADDR/g; /scores/s/[0-9]+(\.[0-9]+)?/N/g' > %t2.want
// RUN: grep -o -- '-> maps::.*' %t2.conv.txt | sed -E 's/0x[0-9a-f]*/ADDR/g; /scores/s/[0-9]+(\.[0-9]+)?/N/g' > %t2.got
// RUN: diff %t2.want %t2.got
// RUN: env RUCHY_TRACE_OUTPUT=%t2.rtrace RUCHY_TRACE_FORMAT=rtrace %t2 > /dev/null
// RUN: %ruchytrace convert --to text %t2.rtrace -o %t2.rconv.txt
// RUN: grep -o -- '-> maps::.*' %t2.rconv.txt | sed -E 's/0x[0-9a-f]*/ADDR/g; /scores/s/[0-9]+(\.[0-9]+)?/N/g' > %t2.rgot
// RUN: diff %t2.want %t2.rgot
// RUN: env RUCHY_TRACE_OUTPUT=%t2.max.txt RUCHY_TRACE_SEQ_MAX=2 %t2 > /dev/null
// RUN: FileCheck --check-prefix=MAX2 --input-file=%t2.max.txt %s
use std::collections::{HashMap, HashSet, VecDeque};

#[inline(never)] fn prices(m: &HashMap<String, i64>) -> i64 { m.values().sum() }
#[inline(never)] fn scores(m: HashMap<u32, f64>) -> usize { m.len() }
#[inline(never)] fn ids(s: &HashSet<u64>) -> usize { s.len() }
#[inline(never)] fn queue(q: VecDeque<i32>) -> i32 { q.iter().sum() }
#[inline(never)] fn shout(v: Vec<String>) -> usize { v.len() }
#[inline(never)] fn join(v: &[&str]) -> usize { v.len() }

fn main() {
    let mut one = HashMap::new();
    one.insert("apple".to_string(), 3i64);
    let mut many = HashMap::new();
    for i in 0..100u32 { many.insert(i, i as f64 / 2.0); }
    let mut set = HashSet::new();
    set.insert(7u64);
    let mut q = VecDeque::with_capacity(4);
    q.push_back(2); q.push_back(3); q.push_back(4);
    q.pop_front(); q.push_back(5); q.push_back(6); // wraps round the ring
    let junk = [0x10usize; 8];
    let garbage: &HashMap<String, i64> = unsafe { &*(junk.as_ptr() as *const HashMap<String, i64>) };
    println!("{} {} {} {} {} {}", prices(&one), scores(many), ids(&set), queue(q),
             shout(vec!["to".to_string(), "be".to_string()]), join(&["a", "b", "c"]));
    println!("{} {} {}", prices(&HashMap::new()), queue(VecDeque::new()), ids(&HashSet::new()));
    std::hint::black_box(garbage.len());
    prices_len(garbage);
}
#[inline(never)] fn prices_len(m: &HashMap<String, i64>) -> usize { m.len() }
// OUT: 3 100 1 18 2 3
// OUT-NEXT: 0 0 0
// CHECK: -> maps::prices(&HashMap<String, i64>=0x{{[0-9a-f]+}}->{"apple": 3})
// CHECK: -> maps::scores(HashMap<u32, f64>={{[{]}}{{(([0-9]+: [0-9.]+, ){10})}}… (100 items)})
// CHECK: -> maps::ids(&HashSet<u64>=0x{{[0-9a-f]+}}->{7})
// CHECK: -> maps::queue(VecDeque<i32>=[3, 4, 5, 6])
// CHECK: -> maps::shout(Vec<String>=["to", "be"])
// CHECK: -> maps::join(&[&str]=["a", "b", "c"])
// CHECK: -> maps::prices(&HashMap<String, i64>=0x{{[0-9a-f]+}}->{})
// CHECK: -> maps::queue(VecDeque<i32>=[])
// CHECK: -> maps::ids(&HashSet<u64>=0x{{[0-9a-f]+}}->{})
// CHECK: -> maps::prices_len(&HashMap<String, i64>=0x{{[0-9a-f]+}}-><unreadable>)
// JSON: maps::prices(&HashMap<String, i64>={"address": "0x{{[0-9a-f]+}}", "target": {"apple": 3}}) = 3
// JSON: maps::scores(HashMap<u32, f64>={{\[}}{{((\[[0-9]+, [0-9.]+\], ){10})}}"… (100 items)"]) = 100
// JSON: maps::ids(&HashSet<u64>={"address": "0x{{[0-9a-f]+}}", "target": [7]}) = 1
// JSON: maps::queue(VecDeque<i32>=[3, 4, 5, 6]) = 18
// JSON: maps::shout(Vec<String>=["to", "be"]) = 2
// MAX2: -> maps::scores(HashMap<u32, f64>={{[{]}}{{(([0-9]+: [0-9.]+, ){2})}}… (100 items)})
// MAX2: -> maps::queue(VecDeque<i32>=[3, 4, … (4 items)])
// MAX2: -> maps::join(&[&str]=["a", "b", … (3 items)])
