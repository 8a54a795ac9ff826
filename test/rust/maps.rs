// Rust maps, sets, deques and sequences of strings read as the source has
// them: HashMap and HashSet (hashbrown's table) by their entries, BTreeMap
// and BTreeSet in order (across nodes: up to a parent, down an edge), VecDeque
// in its order (head first, round the ring), Vec<String> and &[&str] by
// their strings; bounded (the first RUCHY_TRACE_SEQ_MAX, then the count).
// Text: {"a": 1} for a map with string keys, {1: "a"} for others, {1, 2}
// for a set; in JSON an object when keys are strings, else [key, value]
// pairs; a set and a deque arrays. Type names as Rust writes them, no
// hasher or allocator parameter. A table whose memory is garbage is
// <unreadable>, never a crash. (A HashMap's order is its hash's: the
// checks use maps of one entry, or count what they cannot order.)
// REQUIRES: rustc
// RUN: %rustc-trace -C opt-level=0 %s -o %t0 2> %t0.build
// The standard library's hashbrown (behind HashMap) is std's code: no
// calls of its own in the trace, and no warning about the MIR inliner.
// RUN: not grep ruchytrace %t0.build
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %rustc-trace -C opt-level=2 %s -o %t2 2> %t2.build
// RUN: not grep ruchytrace %t2.build
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: not grep hashbrown %t0.txt %t2.txt
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
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

#[inline(never)] fn prices(m: &HashMap<String, i64>) -> i64 { m.values().sum() }
#[inline(never)] fn scores(m: HashMap<u32, f64>) -> usize { m.len() }
#[inline(never)] fn ids(s: &HashSet<u64>) -> usize { s.len() }
#[inline(never)] fn queue(q: VecDeque<i32>) -> i32 { q.iter().sum() }
#[inline(never)] fn shout(v: Vec<String>) -> usize { v.len() }
#[inline(never)] fn join(v: &[&str]) -> usize { v.len() }
#[inline(never)] fn stock(m: &BTreeMap<String, i64>) -> usize { m.len() }
#[inline(never)] fn squares(m: BTreeMap<i32, i64>) -> usize { m.len() }
#[inline(never)] fn tags(s: &BTreeSet<u16>) -> usize { s.len() }
#[inline(never)] fn names(m: &BTreeMap<u8, String>) -> usize { m.len() }

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
    let mut fruit = BTreeMap::new();
    fruit.insert("pear".to_string(), 2i64);
    fruit.insert("apple".to_string(), 3);
    let mut n = BTreeMap::new();
    n.insert(2u8, "two".to_string());
    n.insert(1u8, "one".to_string());
    let mut t = BTreeSet::new();
    for i in (0..30u16).rev() { t.insert(i * 3); }
    println!("{} {} {} {} {}", stock(&fruit), squares((0..100).map(|i| (i, (i * i) as i64)).collect()),
             tags(&t), names(&n), stock(&BTreeMap::new()));
    let bad: &BTreeMap<String, i64> = unsafe { &*(junk.as_ptr() as *const BTreeMap<String, i64>) };
    stock(bad);
    registry();
}
#[inline(never)] fn prices_len(m: &HashMap<String, i64>) -> usize { m.len() }

// A Ruchy-style program: a struct holding a map, words counted.
pub struct Registry { pub name: String, pub users: HashMap<String, i64>, pub tags: Vec<String> }
#[inline(never)] fn lookup(r: &Registry, k: &str) -> i64 { *r.users.get(k).unwrap_or(&0) }
#[inline(never)] fn words(text: &str) -> Vec<String> { text.split(' ').map(|s| s.to_string()).collect() }
#[inline(never)] fn count(ws: &[String]) -> HashMap<String, i64> {
    let mut m = HashMap::new();
    for w in ws { *m.entry(w.clone()).or_insert(0) += 1; }
    m
}
#[inline(never)] fn registry() {
    let mut users = HashMap::new();
    users.insert("ada".to_string(), 36i64);
    let r = Registry { name: "main".to_string(), users, tags: vec!["x".to_string()] };
    let c = count(&words("to be or not to be"));
    println!("{} {}", lookup(&r, "ada"), c.len());
}
// OUT: 3 100 1 18 2 3
// OUT-NEXT: 0 0 0
// OUT-NEXT: 2 100 30 2 0
// OUT-NEXT: 36 4
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
// CHECK: -> maps::stock(&BTreeMap<String, i64>=0x{{[0-9a-f]+}}->{"apple": 3, "pear": 2})
// CHECK: -> maps::squares(BTreeMap<i32, i64>={0: 0, 1: 1, 2: 4, 3: 9, 4: 16, 5: 25, 6: 36, 7: 49, 8: 64, 9: 81, … (100 items)})
// CHECK: -> maps::tags(&BTreeSet<u16>=0x{{[0-9a-f]+}}->{0, 3, 6, 9, 12, 15, 18, 21, 24, 27, … (30 items)})
// CHECK: -> maps::names(&BTreeMap<u8, String>=0x{{[0-9a-f]+}}->{1: "one", 2: "two"})
// CHECK: -> maps::stock(&BTreeMap<String, i64>=0x{{[0-9a-f]+}}->{})
// CHECK: -> maps::stock(&BTreeMap<String, i64>=0x{{[0-9a-f]+}}-><unreadable>)
// CHECK: <- maps::words() = ["to", "be", "or", "not", "to", "be"]
// CHECK: -> maps::count(&[String]=["to", "be", "or", "not", "to", "be"])
// CHECK: <- maps::count() = {{[{]}}{{(("(to|be|or|not)": [12](, )?){4})}}}
// CHECK: -> maps::lookup(&maps::Registry=0x{{[0-9a-f]+}}->{name: "main", users: {"ada": 36}, tags: ["x"]}, &str="ada")
// JSON: maps::prices(&HashMap<String, i64>={"address": "0x{{[0-9a-f]+}}", "target": {"apple": 3}}) = 3
// JSON: maps::scores(HashMap<u32, f64>={{\[}}{{((\[[0-9]+, [0-9.]+\], ){10})}}"… (100 items)"]) = 100
// JSON: maps::ids(&HashSet<u64>={"address": "0x{{[0-9a-f]+}}", "target": [7]}) = 1
// JSON: maps::queue(VecDeque<i32>=[3, 4, 5, 6]) = 18
// JSON: maps::shout(Vec<String>=["to", "be"]) = 2
// JSON: maps::stock(&BTreeMap<String, i64>={"address": "0x{{[0-9a-f]+}}", "target": {"apple": 3, "pear": 2}}) = 2
// JSON: maps::tags(&BTreeSet<u16>={"address": "0x{{[0-9a-f]+}}", "target": [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, "… (30 items)"]}) = 30
// JSON: maps::names(&BTreeMap<u8, String>={"address": "0x{{[0-9a-f]+}}", "target": {{\[}}[1, "one"], [2, "two"]]}) = 2
// MAX2: -> maps::scores(HashMap<u32, f64>={{[{]}}{{(([0-9]+: [0-9.]+, ){2})}}… (100 items)})
// MAX2: -> maps::queue(VecDeque<i32>=[3, 4, … (4 items)])
// MAX2: -> maps::join(&[&str]=["a", "b", … (3 items)])
// MAX2: -> maps::stock(&BTreeMap<String, i64>=0x{{[0-9a-f]+}}->{"apple": 3, "pear": 2})
// MAX2: -> maps::squares(BTreeMap<i32, i64>={0: 0, 1: 1, … (100 items)})
