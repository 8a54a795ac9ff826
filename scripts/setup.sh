#!/usr/bin/env bash
# Installs what RuchyTrace needs from Debian's packages, if missing, and
# builds everything into build/. Sourced by demo.sh and test.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

RUCHYTRACE_PACKAGES=(clang-22 llvm-22-dev llvm-22-tools libclang-rt-22-dev lld-22
                     libsimdjson-dev cmake ninja-build python3 util-linux clang-format-22)

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
    CC=clang-22 CXX=clang++-22 cmake -S "$ROOT" -B "$ROOT/build" -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  ninja -C "$ROOT/build" >/dev/null
}

install_missing "${RUCHYTRACE_PACKAGES[@]}"
build_all
