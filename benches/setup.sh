#!/usr/bin/env bash
# Installs the benchmark peers, pinned, into target/bench/ (skipped when already there):
#   - Python: a venv at target/bench/venv from benches/requirements.txt (pandas, numpy, Pillow,
#     cleanvision, cleanlab, scikit-learn and what they pull in);
#   - Node: vscode-langservers-extracted (vscode-json-languageserver) into target/bench/npm from
#     benches/npm/package.json + package-lock.json (`npm ci`).
# Needs python3 (3.11) with venv/pip, node and npm, and the PyPI and npm registries.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

want=$(stamp benches/requirements.txt)
if [ "$(cat "$out/venv/.stamp" 2>/dev/null)" != "$want" ]; then
  echo "bench setup: Python peers into $out/venv" >&2
  rm -rf "$out/venv"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install -q --disable-pip-version-check -r benches/requirements.txt
  echo "$want" >"$out/venv/.stamp"
fi

want=$(stamp benches/npm/package.json benches/npm/package-lock.json)
if [ "$(cat "$out/npm/.stamp" 2>/dev/null)" != "$want" ]; then
  echo "bench setup: vscode-json-languageserver into $out/npm" >&2
  rm -rf "$out/npm"
  mkdir -p "$out/npm"
  cp benches/npm/package.json benches/npm/package-lock.json "$out/npm/"
  (cd "$out/npm" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
  echo "$want" >"$out/npm/.stamp"
fi
