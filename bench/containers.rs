// The Rust side of bench/containers.cpp: a trivial never-inlined function
// taking an i64, a &Vec<i32> (10 and 1000 elements), a &[i32] and a
// &String, a &HashMap<u32, u32> and a &HashMap<String, i64> of 100
// entries, timed in interleaved rounds; run traced and untraced.
//   RUSTC_BOOTSTRAP=1 rustc -O -g -Zllvm-plugins=build/RuchyTrace.so \
//     -C link-args=-Lbuild -C link-args=-Wl,-rpath,build \
//     -C link-args=-lruchytrace_rt bench/containers.rs
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

#[inline(never)] fn scalar(n: i64) -> i64 { n + 1 }
#[inline(never)] fn vec(v: &Vec<i32>) -> i64 { v.len() as i64 }
#[inline(never)] fn slice(v: &[i32]) -> i64 { v.len() as i64 }
#[inline(never)] fn string(s: &String) -> i64 { s.len() as i64 }
#[inline(never)] fn imap(m: &HashMap<u32, u32>) -> i64 { m.len() as i64 }
#[inline(never)] fn smap(m: &HashMap<String, i64>) -> i64 { m.len() as i64 }

fn main() {
    let n: i64 = 200_000;
    let small = vec![7; 10];
    let big = vec![7; 1000];
    let s = String::from("a string long enough to live on the heap, 48 bytes");
    let im: HashMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
    let sm: HashMap<String, i64> = (0..100).map(|i| (format!("key number {}", i), i)).collect();
    let names = ["i64", "&Vec<i32>(10)", "&Vec<i32>(1000)", "&[i32](10)", "&String",
                 "&HashMap<u32,u32>", "&HashMap<String,i64>"];
    let mut best = [f64::MAX; 7];
    let mut sink = 0i64;
    for _ in 0..7 {
        let mut t = [0f64; 7];
        let t0 = Instant::now();
        for i in 0..n { sink += scalar(black_box(i)); }
        t[0] = t0.elapsed().as_nanos() as f64 / n as f64;
        let t0 = Instant::now();
        for _ in 0..n { sink += vec(black_box(&small)); }
        t[1] = t0.elapsed().as_nanos() as f64 / n as f64;
        let t0 = Instant::now();
        for _ in 0..n { sink += vec(black_box(&big)); }
        t[2] = t0.elapsed().as_nanos() as f64 / n as f64;
        let t0 = Instant::now();
        for _ in 0..n { sink += slice(black_box(&small[..])); }
        t[3] = t0.elapsed().as_nanos() as f64 / n as f64;
        let t0 = Instant::now();
        for _ in 0..n { sink += string(black_box(&s)); }
        t[4] = t0.elapsed().as_nanos() as f64 / n as f64;
        let t0 = Instant::now();
        for _ in 0..n { sink += imap(black_box(&im)); }
        t[5] = t0.elapsed().as_nanos() as f64 / n as f64;
        let t0 = Instant::now();
        for _ in 0..n { sink += smap(black_box(&sm)); }
        t[6] = t0.elapsed().as_nanos() as f64 / n as f64;
        for k in 0..7 { if t[k] < best[k] { best[k] = t[k]; } }
    }
    for k in 0..7 { println!("{:<18} {:7.1} ns/call", names[k], best[k]); }
    eprintln!("{}", sink);
}
