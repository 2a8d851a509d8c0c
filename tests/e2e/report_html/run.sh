#!/usr/bin/env bash
# The HTML report in headless Chromium: installs Debian's chromium and playwright-core when
# missing, writes the report of the CIFAR-10 fixture, checks it renders, keeps a screenshot
# under target/e2e/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
if [ ! -x /usr/bin/chromium ]; then
  apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi
mkdir -p "$repo/target/e2e"
bin=${CONCEPTLINT:-$repo/target/debug/conceptlint}
[ -x "$bin" ] || (cd "$repo" && cargo build --quiet)
"$bin" report "$repo/tests/fixtures/eval/cifar10" --html "$repo/target/e2e/report.html" >/dev/null
node "$here/check.mjs" "$repo/target/e2e/report.html" "$repo/target/e2e/report.png"
