#!/usr/bin/env python3
"""The Python package's figures: import time, the overhead of Python over the C++ API for
a national Monte Carlo, and the cost per call of a replenishment policy written in Python.

Usage: PYTHONPATH=build/test/python bench/python_bench.py [--replications N] [--cli PATH]
(the test preset builds both the package and the CLI). Run on a quiet machine; each figure
is the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"


def median_seconds(run, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def import_time(repeat):
    """Seconds for `import blanko` in a fresh interpreter (numpy and pandas included)."""
    code = "import time; t = time.perf_counter(); import blanko; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeat)]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", default=str(REPO / "build/test/cli/blanko"))
    args = parser.parse_args()

    print(f"import blanko (fresh interpreter): {import_time(args.repeat) * 1000:.0f} ms")

    import blanko

    national = SCENARIOS / "indonesia-2024.yaml"
    n = args.replications
    # The same work both ways: load, compile and n replications with bands, on every core;
    # the two alternate so that a change in the machine's load hits both alike.
    # Wall time, and CPU time of every thread (steadier when other work shares the cores).
    cli_times, python_times, cli_cpu, python_cpu = [], [], [], []
    for _ in range(args.repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cli_times.append(median_seconds(lambda: subprocess.run(
            [args.cli, "run", str(national), "-n", str(n), "-q"], check=True), 1))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cli_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        started = time.process_time()
        python_times.append(median_seconds(lambda: blanko.monte_carlo(
            blanko.Scenario.load(national), n, progress=False), 1))
        python_cpu.append(time.process_time() - started)
    for what, c, p in (("wall", cli_times, python_times), ("CPU", cli_cpu, python_cpu)):
        c, p = statistics.median(c), statistics.median(p)
        print(f"{n} national replications, {what} time: CLI (C++ API) {c:.2f} s, "
              f"Python {p:.2f} s, overhead {100 * (p / c - 1):+.1f}%")

    calls = {"count": 0}

    @blanko.register_policy("bench_py_s_S")
    class PythonSS(blanko.ReplenishmentPolicy):
        def __init__(self, params):
            self.s, self.S = params.quantity("s"), params.quantity("S")

        def order_quantity(self, context):
            position = context.inventory_position()
            return max(0, self.S - position) if position <= self.s else 0

    class Counting(PythonSS):
        def order_quantity(self, context):
            calls["count"] += 1
            return super().order_quantity(context)

    blanko.register_policy("bench_counting_s_S", Counting)

    for name in ("bengkulu-2024", "indonesia-2024"):
        def scenario(policy):
            return blanko.Scenario.load(SCENARIOS / f"{name}.yaml").set(
                "defaults.kabkota.replenishment",
                {"policy": policy, "s": {"days_of_demand": 30}, "S": {"days_of_demand": 75},
                 "review_period_days": 7})

        cpp, py, counting = scenario("s_S"), scenario("bench_py_s_S"), scenario("bench_counting_s_S")
        for s in (cpp, py, counting):
            s.validate()
        calls["count"] = 0
        blanko.simulate(counting, timeseries=False)
        per_run = calls["count"]
        reps = 200 if name.startswith("bengkulu") else 10

        def run(s):
            return lambda: [blanko.simulate(s, replication=r, timeseries=False) for r in range(reps)]

        t_cpp = median_seconds(run(cpp), args.repeat) / reps
        t_py = median_seconds(run(py), args.repeat) / reps
        print(f"{name}: {per_run} policy calls per replication; replication {t_cpp * 1e3:.3f} ms "
              f"with C++ s_S, {t_py * 1e3:.3f} ms with Python s_S ({t_py / t_cpp:.2f}x); "
              f"{(t_py - t_cpp) / per_run * 1e6:.2f} us more per call")


if __name__ == "__main__":
    main()
