"""Monte Carlo: the CLI's numbers, any thread count, progress, and Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

import blanko
from conftest import BENGKULU, run_cli

REPLICATIONS = 40


@pytest.fixture(scope="module")
def cli_mc(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("mc")
    done = run_cli(cli, "run", str(BENGKULU), "-n", str(REPLICATIONS), "-j", "2", "-q",
                   "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def mc(bengkulu):
    return blanko.monte_carlo(bengkulu, REPLICATIONS, threads=2, progress=False)


def read_csv(path, **kw):
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False,
                       na_values=[""], dtype={"node": str, "province": str, "group": str}, **kw)


def assert_same(got: pd.DataFrame, expected: pd.DataFrame):
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in expected.columns:
        a, b = got[column].to_numpy(), expected[column].to_numpy()
        if a.dtype.kind == "f" or b.dtype.kind == "f":
            np.testing.assert_array_equal(a.astype(float), b.astype(float), err_msg=column)
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist(), column


def test_kpis_equal_the_cli(mc, cli_mc):
    expected = read_csv(cli_mc / "kpis.csv")
    got = mc.kpis.copy()
    got["province"] = got["province"].replace("", np.nan)
    expected["province"] = expected["province"].replace("", np.nan)
    assert_same(got, expected)


def test_replications_equal_the_cli(mc, cli_mc):
    assert_same(mc.replications, read_csv(cli_mc / "replications.csv"))


def test_bands_equal_the_cli(mc, cli_mc):
    expected = read_csv(cli_mc / "bands.csv", parse_dates=["date"])
    assert_same(mc.bands, expected)


def test_stockout_probability_per_node(mc):
    p = mc.stockout_probability
    assert list(p.columns) == ["node", "name", "level", "province", "stockout_probability"]
    assert len(p) == 12
    assert p["stockout_probability"].between(0, 1).all()
    # A node's share of replications with a stockout day agrees with its per-replication
    # stockout days: p > 0 exactly when the mean is > 0.
    kpis = mc.kpis
    days = kpis[kpis["kpi"] == "stockout_days"].set_index("node")["mean"]
    for _, row in p.iterrows():
        assert (row["stockout_probability"] > 0) == (days[row["node"]] > 0)


def test_results_do_not_depend_on_the_thread_count(bengkulu, mc):
    one = blanko.monte_carlo(bengkulu, REPLICATIONS, threads=1, progress=False)
    np.testing.assert_array_equal(one.replications_array, mc.replications_array)
    pd.testing.assert_frame_equal(one.kpis, mc.kpis)
    pd.testing.assert_frame_equal(one.bands, mc.bands)


def test_replications_array_is_a_view(mc):
    a = mc.replications_array
    assert a.shape == (REPLICATIONS, len(blanko.kpi_table()))
    assert np.shares_memory(a, mc.replications_array)
    assert not a.flags.writeable


def test_network_summary(mc):
    network = mc.network
    fill = network.loc["fill_rate"]
    assert fill["ci_low"] <= fill["mean"] <= fill["ci_high"]
    assert network.loc["stockout_days", "mean"] == pytest.approx(
        mc.replications["stockout_days"].mean())


def test_progress_callback_sees_every_replication(bengkulu):
    seen = []
    blanko.monte_carlo(bengkulu, 30, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (30, 30)
    assert all(t == 30 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_progress_is_a_plain_line_without_tqdm(bengkulu, capsys, monkeypatch):
    for module in ("tqdm", "tqdm.std", "tqdm.auto"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails
    blanko.monte_carlo(bengkulu, 5, progress=True)
    assert "Bengkulu 2024: 5/5 replications" in capsys.readouterr().err


def test_progress_bar_with_tqdm(bengkulu, capsys):
    blanko.monte_carlo(bengkulu, 5, progress=True)
    assert "Bengkulu 2024" in capsys.readouterr().err  # the bar, drawn at its start


def test_no_progress_when_turned_off(bengkulu, capsys):
    blanko.monte_carlo(bengkulu, 5, progress=False)
    assert capsys.readouterr().err == ""


def test_a_progress_callback_that_raises_stops_the_run(bengkulu):
    class Stop(Exception):
        pass

    def progress(done, total):
        raise Stop

    with pytest.raises(Stop):
        blanko.monte_carlo(bengkulu, 100_000, progress=progress)


def test_no_bands_when_not_asked(bengkulu):
    mc = blanko.monte_carlo(bengkulu, 3, bands=False, progress=False)
    with pytest.raises(ValueError):
        mc.bands


def test_bad_options_raise_blanko_error(bengkulu):
    with pytest.raises(blanko.Error, match="replications must be at least 1"):
        blanko.monte_carlo(bengkulu, 0, progress=False)
    with pytest.raises(blanko.Error, match="confidence"):
        blanko.monte_carlo(bengkulu, 3, confidence=1.5, progress=False)


def test_ctrl_c_stops_a_run_cleanly(indonesia):
    """SIGINT during a long national run raises KeyboardInterrupt promptly; the process
    goes on and the next run works."""
    timer = threading.Timer(1.0, os.kill, args=(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            blanko.monte_carlo(indonesia, 100_000, progress=False)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 30
    again = blanko.monte_carlo(indonesia, 2, progress=False)
    assert again.replications_run == 2


def test_report_of_a_study(mc, tmp_path):
    page = mc.report(tmp_path / "mc.html").read_text()
    assert 'id="blanko-data"' in page and "BLANKO:" not in page
