#!/usr/bin/env bash
# Builds and runs every fuzz target for a bounded time, on the stable toolchain.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 10 s each, every target)
#
# cargo-fuzz wants nightly for its -Z flags; on stable, RUSTC_BOOTSTRAP=1 lets rustc accept
# them, and `-s none` leaves out the sanitizer (whose runtime needs `-Zbuild-std` on some
# setups): safe Rust does not need AddressSanitizer to find panics, and the targets assert
# invariants themselves. Debug assertions and overflow checks stay on (`-a`).
#
# The build is optimized (cargo fuzz's --release, 16 codegen units): measured here, it costs no
# more CPU time than an opt-level 1 build (about 7 CPU minutes, the instrumentation dominates)
# and runs several times faster. FUZZ_PROFILE=dev builds the dev profile instead.
#
# Each target's corpus starts from tests/fixtures and examples (copied and truncated into
# fuzz/corpus/, which is not committed) plus fuzz/seeds/<target>/. A crash fails the script; the
# input is in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
fuzz_dir=$(pwd)
root=$(cd .. && pwd)
seconds=${1:-10}
shift || true

CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

export RUSTC_BOOTSTRAP=1
profile=${FUZZ_PROFILE:-release}
flags=(-s none -a --codegen-units 16)
if [ "$profile" = release ]; then flags+=(-O); else flags+=(-D); fi

all_targets=(detect csv json_lines json_document lst labels predictions config analyze reparse
  documents positions images)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

echo "== building the fuzz targets ($profile)"
start=$(date +%s)
cargo fuzz build "${flags[@]}" >/dev/null
echo "built in $(($(date +%s) - start)) s"

# seed TARGET SELECTOR_BYTE FILE [PREFIX_BYTES_HEX]: one corpus entry, the selector byte (and
# prefix bytes), then the file's first 8000 bytes.
seed() {
  local target=$1 byte=$2 file=$3 prefix=${4:-}
  local dir="$fuzz_dir/corpus/$target"
  mkdir -p "$dir"
  local name
  name=$(printf '%s' "$file" | tr '/' '_')
  { printf "\\x$(printf %02x "$byte")"; printf '%b' "$prefix"; head -c 8000 "$file"; } \
    >"$dir/seed-$byte-$name"
}

fixtures() {
  cd "$root"
  find tests/fixtures/formats tests/fixtures/eval tests/fixtures/bad examples -type f \
    \( -name '*.csv' -o -name '*.tsv' -o -name '*.lst' -o -name '*.json' -o -name '*.jsonl' \
       -o -name '*.manifest' -o -name '*.txt' -o -name '*.toml' \) | sort
}

# Four edits: offsets spread over the first lines, short deletions, assorted insertions.
edits4='\x04\x03\x00\x02\x10\x00\x00\x28\x00\x00\x01\x00\x00\x40\x00\x05\x05\x00\x00\x11\x00\x00\xe0\x10\x20'
edits8='\x08\x00\x01\x00\x03\x01\x00\x01\x00\x01\x05\x06\x00\x02\x03\x02\x00\x02\x00\x03\x00\x02\x00\x07\x00\x00\x05\x00\x01\x08\x00\x04\x01\x00\x00\x00\x01\x00\x00\x00\x02\x00\x05\x00\x01\x00\x09\x00\x03\x00'

prepare_corpus() {
  rm -rf "$fuzz_dir/corpus"
  local f base
  while read -r f; do
    base=$(basename "$f")
    case "$base" in
      metadata.jsonl) seed detect 0 "$root/$f"; seed json_lines 0 "$root/$f"; seed reparse 0 "$root/$f" "$edits4" ;;
      metadata.csv) seed detect 1 "$root/$f"; seed csv 0 "$root/$f"; seed reparse 1 "$root/$f" "$edits4" ;;
      labels.txt) seed detect 2 "$root/$f"; seed labels 0 "$root/$f" ;;
      classes.txt) seed detect 3 "$root/$f"; seed labels 1 "$root/$f" ;;
      concepts.json) seed detect 4 "$root/$f"; seed labels 2 "$root/$f"; seed json_document 1 "$root/$f" ;;
      predictions.csv | scores.csv | val_outputs.csv) seed predictions 0 "$root/$f"; seed csv 1 "$root/$f" ;;
      predictions.jsonl) seed predictions 2 "$root/$f"; seed json_lines 1 "$root/$f" ;;
      *.toml) seed config 0 "$root/$f" ;;
      *.csv) seed detect 5 "$root/$f"; seed csv 1 "$root/$f"; seed reparse 5 "$root/$f" "$edits4" ;;
      *.tsv) seed detect 6 "$root/$f"; seed csv 2 "$root/$f"; seed reparse 2 "$root/$f" "$edits4" ;;
      *.lst) seed detect 7 "$root/$f"; seed lst 0 "$root/$f" ;;
      *class_index*.json) seed labels 3 "$root/$f"; seed json_document 3 "$root/$f" ;;
      *.json) seed detect 8 "$root/$f"; seed json_document 0 "$root/$f"; seed predictions 3 "$root/$f" ;;
      *.jsonl) seed detect 9 "$root/$f"; seed json_lines 1 "$root/$f"; seed reparse 4 "$root/$f" "$edits4" ;;
      *.manifest) seed detect 11 "$root/$f"; seed json_lines 3 "$root/$f"; seed reparse 3 "$root/$f" "$edits4" ;;
      *.txt) seed detect 12 "$root/$f" ;;
    esac
    case "$base" in
      *.csv | *.jsonl | *.txt)
        seed documents 1 "$root/$f" "$edits8"
        seed positions 1 "$root/$f" ;;
    esac
  done < <(fixtures)
  # Whole datasets for `analyze`: manifest \0\0 labels \0\0 predictions \0\0 config.
  local d dir="$fuzz_dir/corpus/analyze"
  mkdir -p "$dir"
  for d in examples/pets examples/clean examples/broken/manifest examples/broken/config \
    tests/fixtures/eval/cifar10; do
    local m sel=0
    [ -f "$root/$d/metadata.jsonl" ] && { m="$root/$d/metadata.jsonl"; sel=1; } || m="$root/$d/metadata.csv"
    {
      printf "\\x$(printf %02x $sel)"; head -c 6000 "$m"; printf '\0\0'
      [ -f "$root/$d/labels.txt" ] && cat "$root/$d/labels.txt"; printf '\0\0'
      [ -f "$root/$d/predictions.csv" ] && head -c 6000 "$root/$d/predictions.csv"; printf '\0\0'
      [ -f "$root/$d/conceptlint.toml" ] && cat "$root/$d/conceptlint.toml"
    } >"$dir/seed-$(printf '%s' "$d" | tr '/' '_')"
  done
  # Images: the bad ones of the fixtures and a few real ones (their first 8000 bytes).
  mkdir -p "$fuzz_dir/corpus/images"
  for f in "$root"/tests/fixtures/bad/images/images/* $(ls "$root"/examples/clean/images/*.png | head -n 4); do
    head -c 8000 "$f" >"$fuzz_dir/corpus/images/seed-$(basename "$f")"
  done
  # Hand-written seeds (small, committed).
  for d in "$fuzz_dir"/seeds/*/; do
    mkdir -p "$fuzz_dir/corpus/$(basename "$d")"
    cp "$d"* "$fuzz_dir/corpus/$(basename "$d")/"
  done
}

[ -n "${FUZZ_KEEP_CORPUS:-}" ] && [ -d "$fuzz_dir/corpus" ] || prepare_corpus

summary=()
for t in "${targets[@]}"; do
  mkdir -p "$fuzz_dir/corpus/$t" "$fuzz_dir/artifacts/$t"
  log="$fuzz_dir/artifacts/$t.log"
  echo "== fuzzing $t for $seconds s"
  if ! cargo fuzz run "${flags[@]}" "$t" -- -max_total_time="$seconds" -max_len=8192 \
      -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz target $t failed: crash input in fuzz/artifacts/$t/"
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  summary+=("$t: $runs executions in $seconds s")
done
printf '%s\n' "== fuzz summary" "${summary[@]}"
