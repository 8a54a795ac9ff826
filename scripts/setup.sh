#!/usr/bin/env bash
# Installs what RuchyTrace needs from Debian's packages, if missing, and
# builds everything into build/. Sourced by demo.sh and test.sh, which then
# have the build's LLVM in RUCHYTRACE_LLVM_MAJOR, RUCHYTRACE_LLVM_OLDEST and
# RUCHYTRACE_LLVM_BIN (build/llvm.env).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The packages and the compiler to configure with are named after the
# primary LLVM before any build exists to say which it is: read it from its
# one place, CMakeLists.txt.
LLVM_MAJOR=$(sed -n 's/^set(RUCHYTRACE_LLVM_PRIMARY \([0-9][0-9]*\))$/\1/p' "$ROOT/CMakeLists.txt")
if [ -z "$LLVM_MAJOR" ]; then
  echo "setup: no set(RUCHYTRACE_LLVM_PRIMARY N) line in CMakeLists.txt" >&2
  exit 1
fi

RUCHYTRACE_PACKAGES=(clang-$LLVM_MAJOR llvm-$LLVM_MAJOR-dev llvm-$LLVM_MAJOR-tools
                     libclang-rt-$LLVM_MAJOR-dev lld-$LLVM_MAJOR clang-format-$LLVM_MAJOR
                     libc++-$LLVM_MAJOR-dev libc++abi-$LLVM_MAJOR-dev # -stdlib=libc++ tests
                     libsimdjson-dev cmake ninja-build python3 util-linux
                     chromium) # headless, for the test of `ruchytrace html`

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build_all() {
  if [ ! -f "$ROOT/build/build.ninja" ]; then
    CC=clang-$LLVM_MAJOR CXX=clang++-$LLVM_MAJOR cmake -S "$ROOT" -B "$ROOT/build" -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  ninja -C "$ROOT/build" >/dev/null
}

install_missing "${RUCHYTRACE_PACKAGES[@]}"
build_all
# From here on, the LLVM is the one build/ was configured with.
unset LLVM_MAJOR
source "$ROOT/build/llvm.env"
