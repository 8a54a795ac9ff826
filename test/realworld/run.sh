#!/usr/bin/env bash
# Real code bases: unmodified Debian sources (zlib, jansson, libyaml) built
# uninstrumented and with RuchyTrace at -O0 and -O2; each project's own test
# suite runs uninstrumented, with tracing off, sampled and fully on. The
# results must be identical and every trace written must validate.
#
#   bash test/realworld/run.sh [WORKDIR]       (needs build/; ~5 minutes)
#
# Not part of .ci/run: it downloads sources and takes minutes.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${1:-/tmp/ruchytrace-realworld}
CFG="$ROOT/build/ruchytrace.cfg"
TOOL="$ROOT/build/ruchytrace"
PACKAGES=(zlib jansson libyaml)
mkdir -p "$WORK/apt/lists/partial" "$WORK/src"
# autotools for the projects whose source tarballs ship no configure.
need=()
for p in autoconf automake libtool make; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A private deb-src list: the machine's own apt configuration is untouched.
echo "deb-src http://deb.debian.org/debian bookworm main" > "$WORK/apt/sources.list"
APT=(-o Dir::Etc::SourceList="$WORK/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists="$WORK/apt/lists")
apt-get update -qq "${APT[@]}" || { echo "realworld: apt-get update failed"; exit 1; }

configure_and_build() { # PKG DIR CC CFLAGS
  local pkg=$1 dir=$2 cc=$3 cflags=$4
  cd "$dir" || return 1
  case $pkg in
    zlib) CC="$cc" CFLAGS="$cflags" ./configure >/dev/null && make -j2 >/dev/null ;;
    *) [ -x configure ] || autoreconf -fi >/dev/null 2>&1
       CC="$cc" CFLAGS="$cflags" ./configure --disable-shared >/dev/null && make -j2 >/dev/null ;;
  esac
}

run_tests() { # PKG DIR -> prints a normalised outcome
  local pkg=$1 dir=$2
  cd "$dir" || return 1
  case $pkg in
    zlib) make test 2>&1 | grep -E "test OK|FAILED" | sort -u ;;
    *) make check >/dev/null 2>&1; echo "status $?"
       grep -hE "^# (PASS|FAIL|ERROR|XFAIL|SKIP)" test-suite.log tests/test-suite.log 2>/dev/null | sort -u ;;
  esac
}

fail=0
report=()
for pkg in "${PACKAGES[@]}"; do
  cd "$WORK/src" && rm -rf "$pkg"-* && apt-get source -qq "${APT[@]}" "$pkg" >/dev/null 2>&1
  src=$(find "$WORK/src" -maxdepth 1 -type d -name "$pkg*" | head -n1)
  [ -n "$src" ] || { echo "realworld: no source for $pkg"; fail=1; continue; }
  for variant in plain O0 O2; do
    dir="$WORK/$pkg-$variant"; rm -rf "$dir"; cp -r "$src" "$dir"
    case $variant in
      plain) configure_and_build "$pkg" "$dir" clang-22 "-O2 -g" ;;
      O0) configure_and_build "$pkg" "$dir" "clang-22 --config=$CFG" "-O0" ;;
      O2) configure_and_build "$pkg" "$dir" "clang-22 --config=$CFG" "-O2" ;;
    esac || { echo "realworld: $pkg $variant does not build"; fail=1; continue 2; }
  done
  want=$(run_tests "$pkg" "$WORK/$pkg-plain")
  for variant in O0 O2; do
    dir="$WORK/$pkg-$variant"
    for mode in off sampled full; do
      traces="$WORK/traces-$pkg-$variant-$mode"; rm -rf "$traces"; mkdir -p "$traces"
      case $mode in
        off) got=$(run_tests "$pkg" "$dir") ;;
        sampled) got=$(RUCHY_TRACE_SAMPLE=100 RUCHY_TRACE_OUTPUT="$traces/t-%p.json" run_tests "$pkg" "$dir") ;;
        full) got=$(RUCHY_TRACE_OUTPUT="$traces/t-%p.json" run_tests "$pkg" "$dir") ;;
      esac
      ntr=$(ls "$traces" | wc -l); bad=0
      for t in "$traces"/*.json; do
        [ -e "$t" ] || continue
        "$TOOL" validate "$t" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "invalid: $t"; }
      done
      verdict=ok
      [ "$got" == "$want" ] || { verdict="DIFFERENT RESULTS"; fail=1; }
      [ $bad -eq 0 ] || { verdict="$verdict, $bad invalid traces"; fail=1; }
      line="$pkg $variant $mode: $verdict ($ntr traces)"
      echo "$line"; report+=("$line")
    done
  done
done
echo
printf '%s\n' "${report[@]}"
exit $fail
