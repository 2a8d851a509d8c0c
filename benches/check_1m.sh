#!/usr/bin/env bash
# Wall time and peak memory of `conceptlint check` on a generated 1,000,000-line JSONL manifest
# with no image files. Usage: benches/check_1m.sh [N]   (needs GNU time at /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 benches/gen_jsonl.py "$dir" "$n" 10
cargo build --release --quiet
bin=target/release/conceptlint
measure() {
  local label=$1; shift
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$dir/time" "$bin" check "$dir" --no-cache --color never "$@" >/dev/null || true
    read -r secs kb < <(tail -n 1 "$dir/time")
    printf '%-34s run %d: %6.2f s  %7.0f MiB peak\n' "$label" "$run" "$secs" "$((kb / 1024))"
  done
}
measure "all rules (1M image-not-found)"
measure "no image rules" --ignore image-not-found,small-image,unreadable-image,path-outside-root
