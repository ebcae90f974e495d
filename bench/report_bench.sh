#!/usr/bin/env bash
# The HTML report's figures: size and time to draw in headless Chromium of a national
# 1,000-replication report (targets: under 5 MB, under 3 s), and of a Bengkulu one.
# Usage: bench/report_bench.sh [BUILD_DIR]   (default: build/test; needs scripts/setup.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/test}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for case in "indonesia-2024 1000 514" "bengkulu-2024 1000 10"; do
  read -r scenario replications regions <<<"$case"
  start=$(date +%s.%N)
  "$build/cli/blanko" run "$here/scenarios/$scenario.yaml" -n "$replications" -q \
    --report "$out/$scenario.html"
  made=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  size=$(stat -c %s "$out/$scenario.html")
  echo "$scenario, $replications replications: report made with the run in ${made} s, $(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1048576 }') MiB"
  for run in 1 2 3; do
    node "$here/report/test/check_report.mjs" "$out/$scenario.html" --kind monte_carlo --lang id \
      --map-regions "$regions" | grep -i "ready" || true
  done
done
