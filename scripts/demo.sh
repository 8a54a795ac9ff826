#!/usr/bin/env bash
# README command 1: install, build, and trace the example program.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/setup.sh"

cd "$ROOT/build"
"$RUCHYTRACE_LLVM_BIN/clang" --config="$ROOT/build/ruchytrace.cfg" -O2 "$ROOT/examples/fib.c" -o fib
echo "== ./fib (tracing off: the program alone)"
./fib
echo "== RUCHY_TRACE=1 ./fib (strace-style text on stderr)"
RUCHY_TRACE=1 ./fib
RUCHY_TRACE_OUTPUT="$ROOT/build/fib-trace.json" ./fib >/dev/null
echo "== RUCHY_TRACE_OUTPUT=build/fib-trace.json ./fib (the spec's JSON; first events)"
head -n 10 "$ROOT/build/fib-trace.json"
echo "   ... ($(grep -c '"type"' "$ROOT/build/fib-trace.json") events in build/fib-trace.json)"
