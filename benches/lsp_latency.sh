#!/usr/bin/env bash
# Latency of the language server on generated JSON Lines manifests (no image files; image rules
# ignored by a conceptlint.toml), measured in release mode through the in-process LSP test
# harness (tests/lsp/bench.rs: real JSON-RPC framing over duplex pipes):
#   - edit -> fresh publishDiagnostics (debounce set to 0; the default adds 200 ms) and hover
#     latency (image path, concept label) on a LINES-line manifest;
#   - time from didOpen to the first publishDiagnostics of an OPEN_LINES-line manifest.
# Usage: benches/lsp_latency.sh [LINES=100000] [OPEN_LINES=1000000]   (0 skips a part)
set -euo pipefail
cd "$(dirname "$0")/.."
export LSP_BENCH_LINES=${1:-100000}
export LSP_BENCH_OPEN_LINES=${2:-1000000}
export LSP_TEST_TIMEOUT_SECS=${LSP_TEST_TIMEOUT_SECS:-300}
cargo test --release --quiet --test lsp -- --ignored --exact bench::bench_lsp_latency \
  --nocapture --test-threads 1 2>&1 | grep -E 'lines:|panicked|FAILED|error'
