#!/usr/bin/env bash
# Wall time and peak memory of `conceptlint report` (per-concept metrics + the suspicious-label
# check) on a generated 1,000,000 x 10 predictions CSV, beside pandas + cleanlab
# (find_label_issues) and pandas + scikit-learn (the per-concept metrics) on the same files,
# in the same run. Usage: benches/report_1m.sh [N] [K]
# Needs GNU time at /usr/bin/time and Python with numpy, pandas, scikit-learn, cleanlab 2.9
# (pip install numpy pandas scikit-learn 'cleanlab==2.9.*'). RUNS (default 3) repeats each.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
k=${2:-10}
runs=${RUNS:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 benches/gen_predictions.py "$dir" "$n" "$k"
ls -l "$dir"
cargo build --release --quiet
bin=target/release/conceptlint
measure() {
  local label=$1; shift
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/out" || true
    read -r secs kb <"$dir/time"
    printf '%-30s run %d: %6.2f s  %7.0f MiB peak   %s\n' "$label" "$run" "$secs" "$((kb / 1024))" \
      "$(grep -E '^(suspicious labels|mean ROC AUC|cleanlab|sklearn)' "$dir/out" | paste -sd ';' || true)"
  done
}
measure "conceptlint report" "$bin" report "$dir"
measure "pandas + cleanlab" python3 benches/peer_report.py cleanlab "$dir"
measure "pandas + scikit-learn" python3 benches/peer_report.py sklearn "$dir"
