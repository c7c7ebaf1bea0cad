#!/usr/bin/env bash
# Regenerates the README's screenshots of `adrift site` (docs/site-home.png,
# docs/site-dashboard.png) with headless Chromium (Debian: apt-get install
# chromium): the home page of adrift's own records and the dashboard of the
# bundled example, whose rule finds two drifts.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin="$PWD/target/debug/adrift"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" site -o "$work/own" >/dev/null
(cd examples/platform && "$bin" site -o "$work/example" >/dev/null)
shot() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile" --window-size=1100,760 \
    --screenshot="$2" "file://$1" >/dev/null 2>&1
}
shot "$work/own/index.html" docs/site-home.png
shot "$work/example/dashboard.html" docs/site-dashboard.png
echo "wrote docs/site-home.png and docs/site-dashboard.png"
