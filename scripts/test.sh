#!/usr/bin/env bash
# README command 2 (and CI): install, build, run the whole test suite.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/setup.sh"
# Each stage's time, to keep the whole under CI's budget (~15 min).
stage() { echo "test: $1 took $((SECONDS - stage_start))s" >&2; stage_start=$SECONDS; }
stage_start=0
stage "installing and building"

cd "$ROOT"
# The pass also builds against the oldest LLVM it supports (Debian's
# llvm-N-dev); build it there too, into build-N/ where llvm-lit.cfg looks,
# so test/llvm-oldest.test can run it with that LLVM's opt and clang.
oldest=$RUCHYTRACE_LLVM_OLDEST
install_missing llvm-$oldest-dev clang-$oldest llvm-$oldest-tools
if [ ! -f build-$oldest/build.ninja ]; then
  CC=clang-$oldest CXX=clang++-$oldest cmake -S . -B build-$oldest -G Ninja \
    -DLLVM_DIR=/usr/lib/llvm-$oldest/lib/cmake/llvm >/dev/null
fi
ninja -C build-$oldest RuchyTrace >/dev/null
stage "building the pass for LLVM $oldest"
status=0
"$RUCHYTRACE_LLVM_BIN/lit" --config-prefix=llvm-lit -sv -j "$(nproc)" test | tee build/lit.log || status=$?
stage "lit"
# The slowest tests (lit records each test's last time).
sort -gr build/lit-out/.lit_test_times.txt 2>/dev/null | head -n 5 | awk '{printf "test:   %.0fs %s\n", $1, $2}' >&2 || true
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' build/lit.log | head -n1)
failed=0
for kind in Failed Unresolved 'Timed Out' 'Unexpectedly Passed'; do
  n=$(sed -n "s/^ *$kind *: *\([0-9]*\).*/\1/p" build/lit.log | head -n1)
  failed=$((failed + ${n:-0}))
done
if [ "${passed:-0}" -eq 0 ]; then
  echo "test: lit ran no test" >&2
  status=1
fi
# Real code bases (Debian sources, a C++ code base, a multi-file Rust crate)
# in off, sampled and full modes against their uninstrumented builds: the
# bugs users meet first never show in fixtures.
if [ "${RUCHYTRACE_SKIP_REALWORLD:-0}" != 1 ]; then
  bash test/realworld/run.sh --quick >build/realworld.log 2>&1 || status=1
  stage "the real-code stage"
  grep -E "FAILED|does not build|no source|printed nothing|^realworld: [0-9]+ passed" build/realworld.log || true
  rw_passed=$(sed -n 's/^realworld: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' build/realworld.log)
  rw_failed=$(sed -n 's/^realworld: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' build/realworld.log)
  [ -n "$rw_passed" ] || { echo "test: the real-code stage did not finish (build/realworld.log)" >&2; rw_passed=0 rw_failed=1; status=1; }
  passed=$((${passed:-0} + rw_passed))
  failed=$((failed + rw_failed))
fi
# The benchmark suite must not rot: one quick run, figures not judged.
if [ -x bench/run.sh ] && [ "${RUCHYTRACE_SKIP_BENCH:-0}" != 1 ]; then
  bash bench/run.sh --quick --no-record >/dev/null || { echo "test: bench --quick failed" >&2; failed=$((failed + 1)); status=1; }
  stage "bench --quick"
fi
echo "${passed:-0} passed, $failed failed"
exit "$status"
