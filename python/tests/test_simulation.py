"""One replication: the same KPIs and series as the CLI bit for bit, and numpy views that
stay valid after the Result is gone."""

from __future__ import annotations

import gc
import json

import numpy as np
import pandas as pd
import pytest

import blanko
from conftest import BENGKULU, run_cli


@pytest.fixture(scope="module")
def cli_run(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    done = run_cli(cli, "run", str(BENGKULU), "--seed", "7", "-q", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def read_csv(path):
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False,
                       dtype={"node": str, "province": str})


def test_kpis_equal_the_cli_bit_for_bit(bengkulu, cli_run):
    result = blanko.simulate(bengkulu, seed=7)
    expected = read_csv(cli_run / "kpis.csv")
    got = result.kpis[expected.columns]
    for column in expected.columns:
        assert got[column].tolist() == expected[column].tolist(), column
    # The network-only KPIs are in summary.json.
    summary = json.loads((cli_run / "summary.json").read_text())
    network = summary["network"]
    for name in ("tender_failures", "offices_with_stockout"):
        assert result.network[name] == network[name]


def test_timeseries_equal_the_cli(bengkulu, cli_run):
    result = blanko.simulate(bengkulu, seed=7)
    expected = pd.read_csv(cli_run / "timeseries.csv", parse_dates=["date"], dtype={"node": str})
    got = result.timeseries
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_kpis_frame_shape(bengkulu):
    kpis = blanko.simulate(bengkulu, timeseries=False).kpis
    table = blanko.kpi_table()
    assert list(kpis.columns) == ["node", "name", "level", "province", *table["kpi"]]
    assert len(kpis) == 13 and kpis.iloc[-1]["node"] == "network"
    assert kpis["demand"].dtype == np.int64
    assert kpis["fill_rate"].dtype == np.float64
    # Network-only KPIs exist on the network row only.
    assert kpis["tender_failures"].iloc[:-1].isna().all()
    assert not pd.isna(kpis["tender_failures"].iloc[-1])


def test_timeseries_array_is_a_view_that_outlives_the_result(bengkulu):
    result = blanko.simulate(bengkulu)
    block = result.timeseries_array
    assert block.shape == (len(blanko.SERIES), 366, 12) and block.dtype == np.int64
    assert not block.flags.writeable
    assert np.shares_memory(block, result.timeseries_array)  # no copy per access
    expected = block.copy()
    del result
    gc.collect()
    _ = [np.ones(100_000) for _ in range(20)]  # reuse freed memory if it were freed
    np.testing.assert_array_equal(block, expected)
    with pytest.raises(ValueError):
        block[0, 0, 0] = 1


def test_no_timeseries_when_not_asked(bengkulu):
    result = blanko.simulate(bengkulu, timeseries=False)
    assert result.timeseries_array is None
    with pytest.raises(ValueError):
        result.timeseries


def test_replications_differ_and_repeat(bengkulu):
    a = blanko.simulate(bengkulu, replication=1, timeseries=False).network
    b = blanko.simulate(bengkulu, replication=1, timeseries=False).network
    c = blanko.simulate(bengkulu, replication=2, timeseries=False).network
    pd.testing.assert_series_equal(a, b)
    assert not a.equals(c)


def test_simulate_takes_a_path():
    result = blanko.simulate(str(BENGKULU), timeseries=False)
    assert result.scenario.name == "Bengkulu 2024"
    assert result.events.shape[0] > 0


def test_report_of_one_replication(bengkulu, tmp_path):
    path = blanko.simulate(bengkulu, seed=7).report(tmp_path / "run.html", lang="en")
    page = path.read_text()
    assert '<html' in page and "Bengkulu 2024" in page and "BLANKO:" not in page
    with pytest.raises(ValueError, match="lang"):
        blanko.simulate(bengkulu).report(tmp_path / "x.html", lang="fr")
