#!/usr/bin/env bash
# Real code bases, unmodified: C (zlib, jansson, libyaml) and C++ (tinyxml2)
# from Debian sources, and a multi-file Rust crate with its own tests
# (semver, from Debian's librust-semver-dev). Each is built uninstrumented
# and with RuchyTrace at several -O levels; its own test suite runs on the
# uninstrumented build and, on each traced build, with tracing off, sampled
# (1 in 100) and fully on (at -O2 in stream mode into a compact .rtrace
# file, converted to JSON for the checks). A project passes when
#   - every traced build gives the uninstrumented build's test results,
#   - every trace written validates (`ruchytrace validate`), and
#   - no argument or return value is `<unreadable>` (unreadable.py): these
#     test suites pass only pointers to memory they own, so such a value
#     is our bug. Pointers inside a followed struct are only counted: an
#     initialiser is legitimately passed a struct whose fields are garbage.
#
#   bash test/realworld/run.sh [--quick] [--only NAME] [WORKDIR]
#
# --quick (what scripts/test.sh and so CI run): -O0 and -O2. Without it,
# -O0 to -O3. Sources are downloaded once into WORKDIR (default
# build/realworld) through a private deb-src list; later runs reuse them.
# The last line is "realworld: N passed, M failed" (one per project, level
# and mode); the exit status is 0 only if nothing failed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUICK=0
ONLY=
while (($#)); do
  case $1 in
    --quick) QUICK=1 ;;
    --only) ONLY=$2; shift ;;
    -*) echo "realworld: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
WORK=$(mkdir -p "${1:-$ROOT/build/realworld}" && cd "${1:-$ROOT/build/realworld}" && pwd)
BUILD=${RUCHYTRACE_BUILD:-$ROOT/build}
CFG="$BUILD/ruchytrace.cfg"
# The clang of the build's LLVM (RUCHYTRACE_LLVM_BIN), for the uninstrumented
# builds too: both sides of each comparison come from the same compiler.
source "$BUILD/llvm.env" || exit 1
CLANG="$RUCHYTRACE_LLVM_BIN/clang"
TOOL="$BUILD/ruchytrace"
PROJECTS=(zlib jansson libyaml tinyxml2 semver)
if ((QUICK)); then LEVELS=(O0 O2); else LEVELS=(O0 O1 O2 O3); fi
MODES=(off sampled full)
log() { echo "realworld: $*"; }

# ---- getting the sources --------------------------------------------------
need=()
for p in autoconf automake libtool make; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A private deb-src list: the machine's own apt configuration is untouched.
mkdir -p "$WORK/apt/lists/partial" "$WORK/src"
echo "deb-src http://deb.debian.org/debian bookworm main" >"$WORK/apt/sources.list"
APT=(-o Dir::Etc::SourceList="$WORK/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists="$WORK/apt/lists" -o Dir::Cache::archives="$WORK/apt")
apt_ready=0
apt_lists() {
  ((apt_ready)) && return 0
  apt-get update -qq "${APT[@]}" || return 1
  apt_ready=1
}

fetch() { # NAME -> prints the pristine source directory
  local name=$1 dir="$WORK/src/$1"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir" "$WORK/src/tmp" && mkdir -p "$WORK/src/tmp"
    case $name in
      semver) # Debian ships crates' sources in binary packages.
        (cd "$WORK/src/tmp" && apt-get download -qq librust-semver-dev >/dev/null 2>&1 &&
          dpkg-deb -x librust-semver-dev_*.deb x) || return 1
        mv "$WORK/src/tmp"/x/usr/share/cargo/registry/semver-* "$dir" || return 1
        # The optional serde dependency is not enabled, but cargo must
        # resolve it and cannot offline: drop its declaration.
        python3 - "$dir/Cargo.toml" <<'EOF' || return 1
import re, sys
p = sys.argv[1]
t = open(p).read()
open(p, "w").write(re.sub(r"\[dependencies\.serde\]\n(?:[^\[\n].*\n)*", "", t))
EOF
        ;;
      *)
        apt_lists || return 1
        (cd "$WORK/src/tmp" && apt-get source -qq "${APT[@]}" "$name" >/dev/null 2>&1) || return 1
        mv "$(find "$WORK/src/tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)" "$dir" || return 1
        # Once here rather than in each build's copy: autoreconf and
        # configure took as long as the build itself, three times per
        # project. Each build points the Makefiles at its own compiler
        # and flags (retarget).
        case $name in
          jansson | libyaml)
            (cd "$dir" && autoreconf -fi >/dev/null 2>&1 &&
              CC="$CLANG" CFLAGS="-O2 -g" ./configure --disable-shared >/dev/null 2>&1) || return 1 ;;
        esac
        ;;
    esac
    rm -rf "$WORK/src/tmp"
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# ---- building and testing each project -------------------------------------
# retarget CC CFLAGS: a configured autotools tree's Makefiles now use this
# compiler and these flags (make check builds its tests with them too).
# Configure's findings hold for both: the same clang, with or without the
# pass and the runtime (which --config adds to every compile and link).
retarget() {
  find . -name Makefile -exec sed -i -e "s|^CC = .*|CC = $1|" -e "s|^CFLAGS = .*|CFLAGS = $2|" {} +
}

# build NAME DIR LEVEL: LEVEL is "plain" (uninstrumented, -O2) or O0..O3.
build() {
  local name=$1 dir=$2 level=$3 cc cxx opt
  if [ "$level" = plain ]; then
    cc=$CLANG cxx=$CLANG++ opt=-O2
  else
    cc="$CLANG --config=$CFG" cxx="$CLANG++ --config=$CFG" opt=-$level
  fi
  cd "$dir" || return 1
  case $name in
    zlib) CC="$cc" CFLAGS="$opt -g" ./configure --static >/dev/null && make -j2 >/dev/null ;;
    jansson | libyaml)
      if [ -f Makefile ]; then
        retarget "$cc" "$opt -g"
      else # a source fetched before configure ran once in it
        [ -x configure ] || autoreconf -fi >/dev/null 2>&1
        CC="$cc" CFLAGS="$opt -g" ./configure --disable-shared >/dev/null
      fi && make -j2 >/dev/null ;;
    tinyxml2) make -j2 CXX="$cxx" CXXFLAGS="$opt -g -fPIC" xmltest >/dev/null ;;
    semver)
      local rf="-g -C opt-level=${opt#-O} -C debug-assertions=off"
      [ "$level" = plain ] || rf="$rf -Zllvm-plugins=$BUILD/RuchyTrace.so -C link-args=-Wl,-rpath,$BUILD -C link-args=-L$BUILD -C link-args=-lruchytrace_rt"
      RUSTC_BOOTSTRAP=1 RUSTFLAGS="$rf" CARGO_TARGET_DIR="$dir/target" \
        cargo test --offline -q --tests --no-run >/dev/null 2>&1 ;;
  esac
}

# run_tests NAME DIR: the project's own test suite; prints what must not
# change (results without timings).
run_tests() {
  local name=$1 dir=$2
  cd "$dir" || return 1
  case $name in
    zlib) make test 2>&1 | grep -E "test OK|FAILED" | sort -u ;;
    jansson | libyaml)
      make check >/dev/null 2>&1; echo "status $?"
      grep -hE "^# (TOTAL|PASS|FAIL|ERROR|XFAIL|SKIP)" test-suite.log tests/test-suite.log 2>/dev/null | sort -u ;;
    tinyxml2) ./xmltest 2>&1 | grep -E "^(Pass|Fail|\[fail\])" ; echo "status ${PIPESTATUS[0]}" ;;
    semver)
      local t
      for t in target/*/deps/*; do
        [ -f "$t" ] && [ -x "$t" ] || continue
        echo "${t##*/}" | sed 's/-[0-9a-f]*$//'
        "$t" --test-threads=2 2>&1 | grep -E "^test |^test result" | sed 's/; finished in.*//' | sort
      done ;;
  esac
}

# ---- the runs --------------------------------------------------------------
# run_level NAME LEVEL WANT: the three modes of one traced build; prints
# its log and a "VERDICT <1|0> <line>" per mode (levels run in parallel:
# each test suite runs one process at a time, and CI has two cores).
run_level() {
  local name=$1 level=$2 want=$3 dir="$WORK/$1-$2" mode traces started got
  local rbad big ok notes ntr bad unreadable nested how t
  for mode in "${MODES[@]}"; do
    traces="$WORK/traces/$name-$level-$mode" started=$SECONDS
    rm -rf "$traces" && mkdir -p "$traces"
    case $mode in
      off) got=$(run_tests "$name" "$dir") ;;
      sampled) got=$(RUCHY_TRACE_SAMPLE=100 RUCHY_TRACE_OUTPUT="$traces/t-%p.json" run_tests "$name" "$dir") ;;
      full) if [ "$level" = O2 ]; then
              got=$(RUCHY_TRACE_MODE=stream RUCHY_TRACE_OUTPUT="$traces/t-%p.rtrace" run_tests "$name" "$dir")
            else
              got=$(RUCHY_TRACE_OUTPUT="$traces/t-%p.json" run_tests "$name" "$dir")
            fi ;;
    esac
    # A .rtrace file must validate, and convert to a JSON trace that
    # passes the same checks as one the runtime wrote. Stream mode keeps
    # every event (tinyxml2's suite: 27M, a 640 MB .rtrace, 10 GB of
    # JSON): a file over 64 MB is validated only (and then deleted).
    rbad=0 big=0
    for t in "$traces"/*.rtrace; do
      [ -e "$t" ] || continue
      "$TOOL" validate "$t" >/dev/null 2>&1 || { rbad=$((rbad + 1)); log "invalid trace: $t"; }
      if [ "$(stat -c %s "$t")" -gt $((64 << 20)) ]; then
        big=$((big + 1))
        rm -f "$t"
        continue
      fi
      "$TOOL" convert --to json "$t" -o "${t%.rtrace}.json" 2>/dev/null ||
        { log "cannot convert: $t"; : >"${t%.rtrace}.json"; }
    done
    ok=1 notes=""
    [ "$got" == "$want" ] || { ok=0; notes="$notes, DIFFERENT TEST RESULTS"; diff <(echo "$want") <(echo "$got") | head -n 20; }
    ntr=$big bad=$rbad
    for t in "$traces"/*.json; do
      [ -e "$t" ] || continue
      ntr=$((ntr + 1))
      "$TOOL" validate "$t" >/dev/null 2>&1 || { bad=$((bad + 1)); log "invalid trace: $t"; }
    done
    unreadable=0 nested=0
    [ $ntr -eq $big ] || read -r unreadable nested < <(python3 "$ROOT/test/realworld/unreadable.py" "$traces"/*.json 2>/dev/null || echo "? ?")
    [ "$mode" = off ] || [ $ntr -gt 0 ] || { ok=0; notes="$notes, NO TRACE WRITTEN"; }
    [ "$mode" != off ] || [ $ntr -eq 0 ] || { ok=0; notes="$notes, traces written with tracing off"; }
    [ $bad -eq 0 ] || { ok=0; notes="$notes, $bad INVALID TRACES"; }
    [ "$unreadable" = 0 ] || { ok=0; notes="$notes, $unreadable <unreadable> ARGUMENTS OR RETURN VALUES"; }
    [ "$nested" = 0 ] || notes="$notes, $nested unreadable pointers inside followed structs"
    how=$mode
    [ "$mode" != full ] || [ "$level" != O2 ] || how="full (stream, .rtrace)"
    [ $big -eq 0 ] || notes="$notes, $big over 64 MB validated only"
    echo "VERDICT $ok $name $level $how: $([ $ok = 1 ] && echo ok || echo FAILED)$notes ($ntr traces, $((SECONDS - started))s)"
  done
}

passed=0 failed=0
report=()
verdict() { # LINE OK
  report+=("$1")
  if [ "$2" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  log "$1"
}

for name in "${PROJECTS[@]}"; do
  [ -z "$ONLY" ] || [ "$ONLY" = "$name" ] || continue
  ((SECONDS > 0)) && log "(${SECONDS}s so far)"
  src=$(fetch "$name") || { verdict "$name: no source (download failed)" 0; continue; }
  for level in plain "${LEVELS[@]}"; do
    dir="$WORK/$name-$level"
    # -a: timestamps too, or make would run autotools again.
    rm -rf "$dir" && cp -a "$src" "$dir"
    started=$SECONDS
    if build "$name" "$dir" "$level" >"$WORK/build-$name-$level.log" 2>&1; then
      log "$name $level: built ($((SECONDS - started))s)"
    else
      grep -m 5 -iE "error|undefined" "$WORK/build-$name-$level.log"
      verdict "$name $level: does not build (see $WORK/build-$name-$level.log)" 0
      rm -rf "$dir"
    fi
  done
  [ -d "$WORK/$name-plain" ] || continue
  want=$(run_tests "$name" "$WORK/$name-plain")
  [ -n "$want" ] || { verdict "$name: the uninstrumented test suite printed nothing" 0; continue; }
  for level in "${LEVELS[@]}"; do
    [ -d "$WORK/$name-$level" ] || continue
    run_level "$name" "$level" "$want" >"$WORK/out-$name-$level" 2>&1 &
  done
  wait
  for level in "${LEVELS[@]}"; do
    [ -f "$WORK/out-$name-$level" ] || continue
    while IFS= read -r line; do
      case $line in
        "VERDICT "[01]" "*) verdict "${line#VERDICT ? }" "${line:8:1}" ;;
        *) echo "$line" ;;
      esac
    done <"$WORK/out-$name-$level"
    rm -f "$WORK/out-$name-$level"
  done
done
echo
printf '%s\n' "${report[@]}"
echo "realworld: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
