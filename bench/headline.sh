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
"$build/bench/monte_carlo_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$out/monte_carlo.json" 2>/dev/null
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def medians(name):
    data = json.load(open(f"{out}/{name}.json"))
    return {b["run_name"]: b for b in data["benchmarks"] if b.get("aggregate_name") == "median"}, data["context"]
sim, ctx = medians("simulation")
eng, _ = medians("engine")
mc, _ = medians("monte_carlo")
def ms(b):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    return b["real_time"] * scale
print(f"machine: {ctx.get('num_cpus')} cpus @ {ctx.get('mhz_per_cpu')} MHz (median of 5 runs)")
n = sim["BM_NationalReplicationYear"]
print(f"national replication-year (553 nodes, 514 offices, 366 days), 1 core: {ms(n):.2f} ms  (target <= 10 ms)")
print(f"  with daily timeseries recorded:            {ms(sim['BM_NationalReplicationYearWithTimeseries']):.2f} ms")
print(f"  engine events per second in that run:       {n['events_per_s']/1e6:.2f} M")
print(f"bengkulu replication-year (12 nodes), 1 core: {ms(sim['BM_BengkuluReplicationYear'])*1000:.0f} us")
print(f"compile the national model (from a loaded scenario): {ms(sim['BM_CompileNationalModel']):.2f} ms")
for name, b in sorted(eng.items(), key=lambda item: int(item[0].split('/')[-1])):
    print(f"engine alone, {name.split('/')[-1]:>5} events in flight: {b['events_per_s']/1e6:.1f} M events/s")
one = mc["BM_MonteCarloNational/1/real_time"]
every = mc["BM_MonteCarloNational/0/real_time"]
rate = every["replications_per_s"]
print(f"Monte Carlo, national, with bands, runs of 96: {one['replications_per_s']:.1f} replications/s on 1 core, "
      f"{rate:.1f}/s on {int(every['threads'])} cores")
print(f"  folding one national replication into the statistics (serial): {ms(mc['BM_FoldNationalReplication'])*1000:.0f} us")
PY

# Whole `blanko run` processes on every core: wall time (10,000 national replications:
# target < 60 s) and peak memory (flat in the number of replications).
for n in ${BLANKO_MEMORY_REPLICATIONS:-100 10000}; do
  /usr/bin/python3 - "$build/cli/blanko" "$here/scenarios/indonesia-2024.yaml" "$n" <<'PY'
import resource, subprocess, sys, time
blanko, scenario, n = sys.argv[1:]
start = time.monotonic()
subprocess.run([blanko, "run", scenario, "--replications", n, "-q"], check=True)
seconds = time.monotonic() - start
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"peak memory, blanko run indonesia-2024 --replications {int(n):>6}: {peak_mib:6.1f} MiB  ({seconds:.1f} s wall)")
PY
done

# The SimPy peer: same model in both, fill rates within sampling error, speed ratio.
"$here/bench/peers/run_peer.sh" "$build" 200
