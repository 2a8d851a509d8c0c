#!/usr/bin/env bash
# The benchmark suite, in one command: builds conceptlint (release), installs the pinned peers
# (benches/setup.sh, skipped when present), then runs benches/suite.py with their Python.
#
#   benches/run.sh                 # full size: 1,000,000 inputs, 100,000 images, 3 runs each
#   benches/run.sh --size small    # CI size: 20,000 inputs, 2,000 images, 3 runs each
#   benches/run.sh --size small --ci   # ... and exit 1 on a large regression
#   benches/run.sh --runs 3 --only check,lsp
#
# Results: the table on stdout, target/bench/results.md (for BENCHMARKS.md), results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bash benches/setup.sh
PYTHONDONTWRITEBYTECODE=1 exec target/bench/venv/bin/python benches/suite.py "$@"
