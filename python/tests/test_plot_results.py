"""The plots on real results (test_plot.py covers their details on small inputs)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

import blanko  # noqa: E402
from blanko import plot  # noqa: E402
from conftest import SCENARIOS  # noqa: E402


@pytest.fixture(scope="module")
def mc(bengkulu):
    return blanko.monte_carlo(bengkulu, 10, progress=False, band_nodes=["17.71"])


def drawn(ax, tmp_path, name):
    """The Axes has something on it and its figure saves to a non-empty PNG."""
    assert ax.lines or ax.collections or ax.patches or ax.containers
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path)
    plt.close(ax.figure)
    assert path.stat().st_size > 5_000
    return path


def test_stock_of_a_node(bengkulu, tmp_path):
    ax = plot.stock(blanko.simulate(bengkulu), "17.71")
    assert "Kota Bengkulu" in ax.get_title()
    drawn(ax, tmp_path, "stock")


def test_fan_chart_of_the_network_and_a_province(mc, tmp_path):
    drawn(plot.fan_chart(mc), tmp_path, "fan_network")
    drawn(plot.fan_chart(mc, group="17", series="backlog"), tmp_path, "fan_17")
    ax = plot.fan_chart(mc, group="17.71")  # a node of band_nodes
    assert "Kota Bengkulu" in ax.get_title()
    drawn(ax, tmp_path, "fan_kota")


def test_stockout_bars_and_map(mc, tmp_path):
    ax = plot.stockout_bars(mc, top=5)
    assert len(ax.patches) == 5
    drawn(ax, tmp_path, "bars")
    drawn(plot.stockout_map(mc), tmp_path, "map")


def test_compare(bengkulu, tmp_path):
    sets = {name: yaml.safe_load((SCENARIOS / "policy-sets" / f"{name}.yaml").read_text())["set"]
            for name in ("s-S", "event-aware")}
    comparison = blanko.compare(bengkulu, sets, replications=5, progress=False)
    drawn(plot.compare(comparison, kpi="stockout_days"), tmp_path, "compare")
