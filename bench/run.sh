#!/usr/bin/env bash
# The benchmark suite: `bash bench/run.sh [--quick] [--no-record]`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -f "$ROOT/build/ruchytrace.cfg" ] || source "$ROOT/scripts/setup.sh"
exec python3 "$ROOT/bench/run.py" "$@"
