"""compare() and sweep(): the content of the CLI's compare.csv and sweep.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

import blanko
from conftest import BENGKULU, SCENARIOS, run_cli

SETS = ["s-S", "event-aware"]
REPLICATIONS = 12


def policy_set(name):
    return yaml.safe_load((SCENARIOS / "policy-sets" / f"{name}.yaml").read_text())["set"]


def read_csv(path):
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False, na_values=[""])


def assert_same(got, expected):
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in expected.columns:
        a, b = got[column], expected[column]
        if b.dtype.kind == "f" or a.dtype.kind == "f":
            np.testing.assert_array_equal(a.to_numpy(dtype=float, na_value=np.nan),
                                          b.to_numpy(dtype=float, na_value=np.nan), err_msg=column)
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist(), column


@pytest.fixture(scope="module")
def comparison(bengkulu):
    return blanko.compare(bengkulu, {name: policy_set(name) for name in SETS},
                          replications=REPLICATIONS, progress=False)


def test_compare_equals_the_cli(cli, tmp_path, comparison):
    args = ["compare", str(BENGKULU), "-n", str(REPLICATIONS), "-q", "--out", str(tmp_path)]
    for name in SETS:
        args += ["--policy-set", str(SCENARIOS / "policy-sets" / f"{name}.yaml")]
    done = run_cli(cli, *args)
    assert done.returncode == 0, done.stderr
    expected = read_csv(tmp_path / "compare.csv")
    got = comparison.kpis.copy()
    got["winner"] = got["winner"].astype("Float64")
    assert_same(got, expected)
    assert_same(comparison.replications, read_csv(tmp_path / "compare_replications.csv"))


def test_compare_shapes(comparison):
    assert comparison.configurations == SETS
    assert comparison.values.shape == (REPLICATIONS, 2, len(blanko.kpi_table()))
    verdicts = comparison.verdicts()
    assert verdicts.loc["demand", "verdict"] == "no direction"
    first = comparison.kpis[comparison.kpis["configuration"] == "s-S"]
    assert (first["diff_vs_first"] == 0).all()


def test_compare_takes_override_strings_and_common_overrides(bengkulu):
    base = bengkulu.copy().set("defaults.kabkota.office.printers", 1)
    c = blanko.compare(base, {"one": [], "three": ["defaults.kabkota.office.printers=3"]},
                       replications=3, progress=False)
    printed = c.kpis[c.kpis["kpi"] == "printed"].set_index("configuration")["mean"]
    assert printed["three"] > printed["one"]


def test_compare_rejects_bad_input(bengkulu):
    with pytest.raises(TypeError):
        blanko.compare(bengkulu, {}, replications=2)
    with pytest.raises(blanko.ScenarioError):
        blanko.compare(bengkulu, {"a": {}, "b": {"defaults.kabkota.office.printerz": 2}},
                       replications=2, progress=False)


@pytest.fixture(scope="module")
def swept(bengkulu):
    return blanko.sweep(bengkulu, {"defaults.kabkota.office.printers": [1, 2],
                                   "defaults.kabkota.replenishment.review_period_days": [7, 14]},
                        replications=5, progress=False)


def test_sweep_equals_the_cli(cli, tmp_path, swept):
    done = run_cli(cli, "sweep", str(BENGKULU), "-n", "5", "-q", "--out", str(tmp_path),
                   "--vary", "defaults.kabkota.office.printers=1,2",
                   "--vary", "defaults.kabkota.replenishment.review_period_days=7,14")
    assert done.returncode == 0, done.stderr
    expected = read_csv(tmp_path / "sweep.csv")
    got = swept.cells.copy()
    for key, _ in swept.axes:
        got[key] = got[key].astype(np.int64)
    assert_same(got, expected)
    reps = swept.replications.copy()
    for key, _ in swept.axes:
        reps[key] = reps[key].astype(np.int64)
    assert_same(reps, read_csv(tmp_path / "sweep_replications.csv"))


def test_sweep_shapes(swept):
    assert len(swept.cells) == 4
    assert swept.axes[0] == ("defaults.kabkota.office.printers", ["1", "2"])
    assert len(swept.replications) == 20


def test_sweep_rejects_bad_input(bengkulu):
    with pytest.raises(TypeError):
        blanko.sweep(bengkulu, {"defaults.kabkota.office.printers": 3}, replications=2)
    with pytest.raises(blanko.ScenarioError) as e:
        blanko.sweep(bengkulu, {"defaults.kabkota.office.printers": ["x"]}, replications=2,
                     progress=False)
    assert e.value.file == "--vary"


def test_reports_of_a_comparison_and_a_sweep(comparison, swept, tmp_path):
    page = comparison.report(tmp_path / "compare.html", lang="en").read_text()
    assert '"kind":"compare"' in page and '"policy_sets"' in page and "BLANKO:" not in page
    page = swept.report(tmp_path / "sweep.html").read_text()
    assert '"kind":"sweep"' in page
