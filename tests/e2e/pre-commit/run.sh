#!/usr/bin/env bash
# pre-commit (PyPI) runs this repository's hook (.pre-commit-hooks.yaml, `language: rust`) on a
# sample repository holding a copy of examples/clean:
#   1. a misspelled label in the manifest: the hook fails with conceptlint's message;
#   2. the manifest as shipped: the hook passes.
# `pre-commit try-repo` builds the hook with `cargo install --path .` from this repository's HEAD
# (plus uncommitted changes to tracked files), in a store of its own on every call; both calls
# share one cargo target folder, so only the first one compiles.
#
# Environment: PRE_COMMIT (default: pre-commit on PATH); CONCEPTLINT_E2E_CARGO_TARGET (default:
# target/e2e/pre-commit-target, kept between runs); E2E_VERBOSE=1 shows pre-commit's output.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
pre_commit="$(command -v "${PRE_COMMIT:-pre-commit}")" || { echo "pre-commit not found" >&2; exit 1; }
case "$pre_commit" in /*) ;; *) pre_commit="$PWD/$pre_commit" ;; esac
export CARGO_TARGET_DIR="${CONCEPTLINT_E2E_CARGO_TARGET:-$repo/target/e2e/pre-commit-target}"
export CARGO_TERM_COLOR=never
# cargo install builds the release profile; this test checks the hook, not the optimizer, so it
# builds unoptimized without debug info (measured: 3.5 minutes from scratch on 2 shared cores).
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-0}"
export CARGO_PROFILE_RELEASE_DEBUG="${CARGO_PROFILE_RELEASE_DEBUG:-false}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
sample="$work/sample"
mkdir -p "$sample"
cp -r "$repo/examples/clean" "$sample/flowers"
rm -rf "$sample/flowers/.conceptlint_cache"
printf '.conceptlint_cache/\n' >"$sample/.gitignore"
git_sample() { git -C "$sample" -c user.name=e2e -c user.email=e2e@example.invalid "$@"; }
git_sample init -q
git_sample add -A
git_sample commit -q -m "sample dataset"

passed=0
failed=0
report() { # report NAME OK DETAIL
  if [ "$2" = 1 ]; then passed=$((passed + 1)); echo "ok - $1"; else failed=$((failed + 1)); echo "not ok - $1${3:+: $3}"; fi
}
try_repo() { # try_repo LOG -> exit status of pre-commit
  local start=$SECONDS rc=0
  (cd "$sample" && "$pre_commit" try-repo "$repo" conceptlint --all-files --color never) >"$1" 2>&1 || rc=$?
  echo "# pre-commit try-repo: exit $rc after $((SECONDS - start)) s"
  return "$rc"
}

# 1. A misspelled concept: the hook fails and says what is wrong.
sed -i '3s/"label": "tulip"/"label": "tulpi"/' "$sample/flowers/metadata.jsonl"
grep -q '"tulpi"' "$sample/flowers/metadata.jsonl"
git_sample commit -q -am "misspell a label"
rc=0
try_repo "$work/bad.log" || rc=$?
report "bad manifest: pre-commit fails" "$([ "$rc" = 1 ] && echo 1 || echo 0)" "exit $rc"
report "bad manifest: the hook is reported as failed" \
  "$(grep -Eq '^conceptlint\.+Failed' "$work/bad.log" && echo 1 || echo 0)"
report "bad manifest: conceptlint's message is shown" \
  "$(grep -q "'tulpi' is not a declared concept; did you mean 'tulip'?" "$work/bad.log" && echo 1 || echo 0)"
report "bad manifest: it points at the line" \
  "$(grep -q 'flowers/metadata.jsonl:3' "$work/bad.log" && echo 1 || echo 0)"
[ "$failed" = 0 ] && [ -z "${E2E_VERBOSE:-}" ] || cat "$work/bad.log"

# 2. The manifest as shipped: the hook passes.
git_sample revert --no-edit HEAD >/dev/null
rc=0
try_repo "$work/good.log" || rc=$?
report "good manifest: pre-commit passes" "$([ "$rc" = 0 ] && echo 1 || echo 0)" "exit $rc"
report "good manifest: the hook is reported as passed" \
  "$(grep -Eq '^conceptlint\.+Passed' "$work/good.log" && echo 1 || echo 0)"
[ "$rc" = 0 ] || cat "$work/good.log"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
