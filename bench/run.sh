#!/usr/bin/env bash
# The benchmark suite: `bash bench/run.sh [--quick] [--no-record]`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -f "$ROOT/build/llvm.env" ] || source "$ROOT/scripts/setup.sh"
# The peers and the plot: uftrace, GNU time, Debian's matplotlib. XRay
# comes with the LLVM's libclang-rt-N-dev (scripts/setup.sh).
missing=()
for p in uftrace time python3-matplotlib; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec python3 "$ROOT/bench/run.py" "$@"
