#!/usr/bin/env bash
# Prints blanko's headline speed figures from the Google Benchmark programs.
# Usage: bench/headline.sh [BUILD_DIR]   (default: build/bench, made with `cmake --workflow --preset bench`)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/bench}
if [ ! -x "$build/bench/simulation_bench" ]; then
  echo "building benchmarks in $build ..." >&2
  (cd "$here" && cmake --workflow --preset bench >/dev/null)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$build/bench/simulation_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$out/simulation.json" 2>/dev/null
"$build/bench/engine_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$out/engine.json" 2>/dev/null
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def medians(name):
    data = json.load(open(f"{out}/{name}.json"))
    return {b["run_name"]: b for b in data["benchmarks"] if b.get("aggregate_name") == "median"}, data["context"]
sim, ctx = medians("simulation")
eng, _ = medians("engine")
def ms(b):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    return b["real_time"] * scale
print(f"machine: {ctx.get('num_cpus')} cpus @ {ctx.get('mhz_per_cpu')} MHz (median of 5 runs)")
n = sim["BM_NationalReplicationYear"]
print(f"national replication-year (553 nodes, 514 offices, 366 days), 1 core: {ms(n):.2f} ms  (target < 20 ms)")
print(f"  with daily timeseries recorded:            {ms(sim['BM_NationalReplicationYearWithTimeseries']):.2f} ms")
print(f"  engine events per second in that run:       {n['events_per_s']/1e6:.2f} M")
print(f"bengkulu replication-year (12 nodes), 1 core: {ms(sim['BM_BengkuluReplicationYear'])*1000:.0f} us")
print(f"compile the national model (from a loaded scenario): {ms(sim['BM_CompileNationalModel']):.2f} ms")
for name, b in sorted(eng.items(), key=lambda item: int(item[0].split('/')[-1])):
    print(f"engine alone, {name.split('/')[-1]:>5} events in flight: {b['events_per_s']/1e6:.1f} M events/s")
PY
