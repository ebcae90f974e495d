#!/usr/bin/python3
"""Runs blanko and its SimPy peer (blanko_peer.py) on bench/peers/peer-network.yaml, checks
that their network fill rates agree within sampling error and prints the speed ratio.

Usage: run_peer.py [BUILD_DIR] [REPLICATIONS] [SEED]   (or bench/peers/run_peer.sh)
Exit status: 0 when |mean_blanko - mean_simpy| <= 3 sqrt(se_blanko^2 + se_simpy^2),
1 when the fill rates disagree, 2 on a usage or run error.
"""

import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "peer-network.yaml")
PEER = os.path.join(HERE, "blanko_peer.py")
PYTHON = "/usr/bin/python3"  # Debian's python3-simpy3 and python3-yaml live here
TOLERANCE_SE = 3.0


def supports_replications(blanko):
    help_text = subprocess.run([blanko, "run", "--help"], capture_output=True, text=True).stdout
    return "--replications" in help_text


def run_blanko(blanko, replications, seed, out):
    """R replications of blanko; returns (network fill rate per replication or None,
    mean, sd, wall seconds, how it ran).

    The code path is `blanko run --replications R`, which writes summary.json with the
    network fill rate's mean and sd over the replications. Fallback, only while `blanko run
    --help` does not list --replications (the Monte Carlo mode is not merged yet): one
    `blanko run` per seed seed, seed + 1, ..., reading the TOTAL row of each kpis.csv; its
    time then includes a process start and a model build per replication."""
    if supports_replications(blanko):
        t0 = time.perf_counter()
        subprocess.run([blanko, "run", SCENARIO, "--replications", str(replications),
                        "--threads", "1", "--seed", str(seed), "--out", out, "-q"], check=True)
        seconds = time.perf_counter() - t0
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            fill = json.load(f)["network"]["fill_rate"]
        return None, fill["mean"], fill["sd"], seconds, "blanko run --replications"
    rates = []
    t0 = time.perf_counter()
    for r in range(replications):
        subprocess.run([blanko, "run", SCENARIO, "--seed", str(seed + r), "--out", out,
                        "--no-timeseries", "-q"], check=True)
        with open(os.path.join(out, "kpis.csv"), encoding="utf-8", newline="") as f:
            rates += [float(row["fill_rate"]) for row in csv.DictReader(f)
                      if row["node"] == "TOTAL"]
    seconds = time.perf_counter() - t0
    mean, sd = mean_sd(rates)
    return rates, mean, sd, seconds, "one blanko run per seed (fallback)"


def run_simpy(replications, seed):
    t0 = time.perf_counter()
    out = subprocess.run([PYTHON, PEER, SCENARIO, "--replications", str(replications),
                          "--seed", str(seed)], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    rates = json.loads(out.stdout)["fill_rate"]
    mean, sd = mean_sd(rates)
    return rates, mean, sd, seconds


def mean_sd(values):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return mean, sd


def main(argv):
    root = os.path.dirname(os.path.dirname(HERE))
    build = argv[1] if len(argv) > 1 else os.path.join(root, "build", "bench")
    replications = int(argv[2]) if len(argv) > 2 else 200
    seed = int(argv[3]) if len(argv) > 3 else 20250101
    if replications < 2:
        print("run_peer: at least 2 replications are needed for a standard error", file=sys.stderr)
        return 2
    blanko = os.path.join(build, "cli", "blanko")
    if not os.access(blanko, os.X_OK):
        print(f"run_peer: no blanko executable at {blanko}; build it with\n"
              f"  cmake -S {root} -B {build} -DCMAKE_BUILD_TYPE=Release && "
              f"cmake --build {build} --target blanko_cli", file=sys.stderr)
        return 2

    out = tempfile.mkdtemp(prefix="blanko-peer-")
    try:
        _, b_mean, b_sd, b_seconds, how = run_blanko(blanko, replications, seed, out)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    _, s_mean, s_sd, s_seconds = run_simpy(replications, seed)

    b_se, s_se = b_sd / math.sqrt(replications), s_sd / math.sqrt(replications)
    diff, se_diff = b_mean - s_mean, math.hypot(b_se, s_se)
    agree = abs(diff) <= TOLERANCE_SE * se_diff
    b_per, s_per = b_seconds / replications, s_seconds / replications

    print(f"peer comparison: {os.path.relpath(SCENARIO, root)}, {replications} replications each, seed {seed}")
    print(f"blanko: {how}; SimPy {simpy_version()}: one python3 process")
    print(f"{'model':<8} {'network fill rate':>20} {'95% CI':>21} {'sd':>8} {'ms/replication':>15}")
    for name, mean, sd, se, per in (("blanko", b_mean, b_sd, b_se, b_per),
                                    ("SimPy", s_mean, s_sd, s_se, s_per)):
        print(f"{name:<8} {mean:>12.5f} ± {1.96 * se:.5f} "
              f"[{mean - 1.96 * se:.5f}, {mean + 1.96 * se:.5f}] {sd:>8.5f} {per * 1e3:>15.2f}")
    print(f"difference blanko - SimPy: {diff:+.5f} (se {se_diff:.5f}, {abs(diff) / se_diff:.2f} se;"
          f" allowed {TOLERANCE_SE:.0f} se): {'agree' if agree else 'DISAGREE'}")
    print(f"speed ratio (SimPy time / blanko time, wall, whole processes): {s_seconds / b_seconds:.1f}x")
    if "fallback" in how:
        print("  (fallback: blanko's time includes a process start and a model build per "
              "replication, so the ratio understates blanko)")
    return 0 if agree else 1


def simpy_version():
    out = subprocess.run([PYTHON, "-c", "import simpy; print(simpy.__version__)"],
                         capture_output=True, text=True)
    return out.stdout.strip() or "?"


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except subprocess.CalledProcessError as e:
        print(f"run_peer: {' '.join(e.cmd[:3])} ... failed with status {e.returncode}\n"
              f"{e.stderr or ''}", file=sys.stderr)
        sys.exit(2)
