#!/usr/bin/env bash
# Headless Neovim through editors/neovim on a copy of examples/pets.
# Usage: run.sh NVIM MODE...   (MODE: setup, legacy, enable; see pets.lua)
# Needs `conceptlint` on PATH. Each run gets its own dataset copy and XDG folders.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
nvim="$1"
shift
status=0
for mode in "$@"; do
  work="$(mktemp -d)"
  cp -r "$repo/examples/pets" "$work/pets"
  rm -rf "$work/pets/.conceptlint_cache"
  mkdir -p "$work/state" "$work/cache" "$work/config" "$work/data"
  set +e
  XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" \
    XDG_DATA_HOME="$work/data" CONCEPTLINT_E2E_RTP="$repo/editors/neovim" \
    CONCEPTLINT_E2E_DATASET="$work/pets" CONCEPTLINT_E2E_MODE="$mode" \
    timeout 120 "$nvim" --headless -u NONE -i NONE -n -c "luafile $here/pets.lua" </dev/null
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    echo "FAILED: $nvim ($mode) exited with $rc; Neovim's LSP log:"
    find "$work/state" "$work/cache" -name 'lsp.log' -exec tail -n 40 {} \; || true
    status=1
  fi
  rm -rf "$work"
done
exit "$status"
