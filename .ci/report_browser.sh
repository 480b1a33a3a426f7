#!/usr/bin/env bash
# Headless-browser check of report.html: renders OUTPUT/report.html in Chromium, saves a
# screenshot as OUTPUT/report.png and checks the rendered DOM holds the highlighted facts (one
# <mark class="fact"> per fact of the shown documents, as many as the HTML file has).
#
#   .ci/report_browser.sh [OUTPUT_DIR]        (default processed/)
#
# report.html is made with `minsheng report --output OUTPUT_DIR` when it is missing (MINSHENG_BIN
# names the binary; default target/debug/minsheng). Installs Debian's chromium when it is
# missing (needs root and the Debian mirror; takes a few minutes). No network is used by the
# browser itself: background networking, component updates and sync are off, and the page
# loads nothing from outside.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-processed}"
out="$(cd "$out" && pwd)"
report="$out/report.html"
shot="$out/report.png"

if [ ! -f "$report" ]; then
  bin="${MINSHENG_BIN:-${CARGO_TARGET_DIR:-target}/debug/minsheng}"
  echo "== $report missing: $bin report --output $out"
  "$bin" report --output "$out"
fi

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
  echo "== installing chromium (Debian)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing and this is not root: install it (apt-get install chromium)" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk
  browser=chromium
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage
  --user-data-dir="$profile")

echo "== $browser: screenshot of $report"
rm -f "$shot"
timeout 120 "$browser" "${flags[@]}" --screenshot="$shot" --window-size=1200,1600 \
  "file://$report" >/dev/null 2>&1 || true
if [ ! -s "$shot" ]; then
  echo "no screenshot written to $shot" >&2
  exit 1
fi
echo "screenshot: $shot"

echo "== $browser: rendered DOM"
dom="$(mktemp)"
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$report" >"$dom" 2>/dev/null || true
in_file=$(grep -o '<mark class="fact"' "$report" | wc -l)
in_dom=$(grep -o '<mark class="fact"' "$dom" | wc -l)
sections=$(grep -o '<section class="doc"' "$dom" | wc -l)
rm -f "$dom"
echo "report.html: $in_file marked facts; rendered DOM: $in_dom marked facts in $sections documents"
if [ "$sections" -eq 0 ]; then
  echo "the rendered page has no documents" >&2
  exit 1
fi
if [ "$in_dom" -ne "$in_file" ]; then
  echo "the browser rendered $in_dom marked facts, the file has $in_file" >&2
  exit 1
fi
if [ -f "$out/facts.parquet" ] && [ "$in_file" -eq 0 ]; then
  echo "(no facts marked: facts.parquet may be empty until the extractor lands)"
fi
echo "== report browser check ok"
