"""Tests of blanko.plot.

Run with ``MPLBACKEND=Agg python3 -m pytest python/tests/test_plot.py``.

The plots take the Result, MonteCarlo and Comparison objects of the Python API. The
fixtures below are synthetic inputs of exactly their documented shapes (the attribute
names, columns and dtypes), built with pandas for Bengkulu 2024: the centre, province 17
and its 10 kab/kota (17.01-17.09 and 17.71), with the scenario's calendar. The numbers are
made up, but shaped like a run (stock drawn down and replenished, a backlog when it runs
out, bands that widen over the year).
"""

import importlib.util
import json
import sys
import types
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.container import ErrorbarContainer

REPOSITORY = Path(__file__).resolve().parents[2]
if importlib.util.find_spec("blanko") is None:
    # Running from a checkout, before the package is installed: import it from python/.
    sys.path.insert(0, str(REPOSITORY / "python"))

from blanko import plot  # noqa: E402

BOUNDARIES = REPOSITORY / "scenarios" / "data" / "indonesia_kabkota_boundaries_simplified.geojson"
# Of its 514 kab/kota, Kabupaten Sorong (96.01) has an empty MultiPolygon: 513 are drawn.
KABKOTA_DRAWN = 513

# (id, name, level, province) of the Bengkulu 2024 scenario's nodes.
BENGKULU_NODES = [
    ("pusat", "Ditjen Dukcapil (pusat)", "centre", ""),
    ("17", "Bengkulu", "province", "17"),
    ("17.01", "Kabupaten Bengkulu Selatan", "kabkota", "17"),
    ("17.02", "Kabupaten Rejang Lebong", "kabkota", "17"),
    ("17.03", "Kabupaten Bengkulu Utara", "kabkota", "17"),
    ("17.04", "Kabupaten Kaur", "kabkota", "17"),
    ("17.05", "Kabupaten Seluma", "kabkota", "17"),
    ("17.06", "Kabupaten Mukomuko", "kabkota", "17"),
    ("17.07", "Kabupaten Lebong", "kabkota", "17"),
    ("17.08", "Kabupaten Kepahiang", "kabkota", "17"),
    ("17.09", "Kabupaten Bengkulu Tengah", "kabkota", "17"),
    ("17.71", "Kota Bengkulu", "kabkota", "17"),
]
KABKOTA = [node for node, _, level, _ in BENGKULU_NODES if level == "kabkota"]
DAYS = pd.date_range("2024-01-01", "2024-12-31", freq="D")


def synthetic_nodes() -> pd.DataFrame:
    """The ``nodes`` table of a Result: node, name, level, province."""
    return pd.DataFrame(BENGKULU_NODES, columns=["node", "name", "level", "province"])


def synthetic_timeseries(seed: int = 2024) -> pd.DataFrame:
    """A Result's ``timeseries``: one row per day and node, stock drawn down and refilled."""
    rng = np.random.default_rng(seed)
    rows = []
    for node, _, level, _ in BENGKULU_NODES:
        daily_demand = {"centre": 0, "province": 0, "kabkota": rng.integers(15, 60)}[level]
        refill_to = 40 * daily_demand + 500
        on_hand, backlog = refill_to // 2, 0
        for day, date in enumerate(DAYS):
            demand = int(rng.poisson(daily_demand)) if daily_demand else 0
            if day % 45 == 44:  # a delivery every 45 days fills up to the order level
                on_hand = refill_to
            printed = min(on_hand, backlog + demand)
            on_hand -= printed
            backlog += demand - printed
            rows.append((date, node, on_hand, 0, backlog, backlog // 3, demand, printed))
    columns = ["date", "node", "on_hand", "in_transit", "backlog", "suket_outstanding",
               "demand", "printed"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({column: "int64" for column in columns[2:]})


def synthetic_events() -> pd.DataFrame:
    """A Result's ``events``: the Bengkulu 2024 calendar, and one window elsewhere."""
    windows = [
        ("Pemilu 2024", "pemilu", "2024-01-02", "2024-02-13", []),
        ("Lebaran 2024", "closure", "2024-04-08", "2024-04-15", []),
        ("Banjir Sumatera Selatan", "disruption", "2024-03-01", "2024-03-10", ["16"]),
        ("CPNS 2024 registration", "cpns", "2024-08-20", "2024-09-10", []),
        ("Pilkada 2024", "pilkada", "2024-09-15", "2024-11-26", ["17"]),
        ("Kota Bengkulu first-time voter drive", "school_drive", "2024-10-01", "2024-10-31",
         ["17.71"]),
    ]
    frame = pd.DataFrame(windows, columns=["name", "kind", "start", "end", "regions"])
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame


def synthetic_bands() -> pd.DataFrame:
    """A MonteCarlo's ``bands``: network and province 17, on_hand and backlog, widening."""
    t = np.arange(len(DAYS)) / len(DAYS)
    parts = []
    for group, scale in (("network", 1.0), ("17", 0.4)):
        curves = {
            "on_hand": scale * (60000 - 30000 * t + 8000 * np.sin(8 * np.pi * t)),
            "backlog": scale * 4000 * np.clip(np.sin(3 * np.pi * t), 0, None) ** 2,
        }
        for series, median in curves.items():
            spread = 200 + 0.25 * median * (0.3 + t)
            parts.append(pd.DataFrame({
                "date": DAYS, "group": group, "series": series, "mean": median + 0.1 * spread,
                "p5": np.clip(median - 1.6 * spread, 0, None),
                "p25": np.clip(median - 0.7 * spread, 0, None), "p50": median,
                "p75": median + 0.7 * spread, "p95": median + 1.6 * spread,
            }))
    return pd.concat(parts, ignore_index=True)


# Kaur and Seluma start 2024 with about 600 blanks: the most likely to run out.
STOCKOUT_PROBABILITY = {
    "pusat": 0.0, "17": 0.05, "17.01": 0.12, "17.02": 0.31, "17.03": 0.08, "17.04": 0.74,
    "17.05": 0.66, "17.06": 0.02, "17.07": 0.45, "17.08": 0.38, "17.09": 0.52, "17.71": 0.20,
}


def synthetic_stockout_probability() -> pd.DataFrame:
    """A MonteCarlo's ``stockout_probability``: one row per node."""
    frame = synthetic_nodes()
    frame["stockout_probability"] = frame["node"].map(STOCKOUT_PROBABILITY).astype(float)
    return frame


def synthetic_kpis() -> pd.DataFrame:
    """A MonteCarlo's ``kpis``: long, one row per node and KPI."""
    rows = []
    for node, name, level, province in BENGKULU_NODES:
        days = 100 * STOCKOUT_PROBABILITY[node]
        rows.append((node, name, level, province, "stockout_days", days, 3.0, days - 0.5,
                     days + 0.5, max(days - 5, 0), days, days + 5))
    return pd.DataFrame(rows, columns=["node", "name", "level", "province", "kpi", "mean", "sd",
                                       "ci_low", "ci_high", "p5", "p50", "p95"])


def synthetic_comparison_kpis() -> pd.DataFrame:
    """A Comparison's ``kpis``: three policy sets, s-S first (docs/policies.md's numbers)."""
    nan = float("nan")
    rows = [
        # kpi, configuration, mean, sd, diff, se, ci_low, ci_high, winner, confidence, relative
        ("stockout_days", "s-S", 40.67, 3.2, 0.0, nan, nan, nan, 0, nan, nan, "winner"),
        ("stockout_days", "event-aware", 6.67, 1.5, -34.0, 2.08, -42.96, -25.04, 1, 0.998,
         0.8361, "winner"),
        ("stockout_days", "base-stock", 35.2, 3.0, -5.47, 1.52, -12.0, 1.06, 0, nan, nan,
         "winner"),
        ("fill_rate", "s-S", 0.803, 0.01, 0.0, nan, nan, nan, 0, nan, nan,
         "no practical difference"),
        ("fill_rate", "event-aware", 0.805, 0.01, 0.001, 0.001, -0.001, 0.004, 0, 0.911,
         0.0015, "no practical difference"),
        ("fill_rate", "base-stock", 0.801, 0.01, -0.002, 0.001, -0.005, 0.001, 0, nan, nan,
         "no practical difference"),
        ("demand", "s-S", 41200.0, 150.0, 0.0, nan, nan, nan, nan, nan, nan, "no direction"),
        ("demand", "event-aware", 41200.0, 150.0, 0.0, 0.0, 0.0, 0.0, nan, nan, nan,
         "no direction"),
        ("demand", "base-stock", 41200.0, 150.0, 0.0, 0.0, 0.0, 0.0, nan, nan, nan,
         "no direction"),
    ]
    return pd.DataFrame(rows, columns=["kpi", "configuration", "mean", "sd", "diff_vs_first",
                                       "diff_se", "ci_low", "ci_high", "winner",
                                       "winner_confidence", "relative_difference", "verdict"])


@pytest.fixture(scope="module")
def result():
    """A synthetic Result (one replication)."""
    return types.SimpleNamespace(timeseries=synthetic_timeseries(), nodes=synthetic_nodes(),
                                 events=synthetic_events())


@pytest.fixture(scope="module")
def mc():
    """A synthetic MonteCarlo."""
    return types.SimpleNamespace(bands=synthetic_bands(),
                                 stockout_probability=synthetic_stockout_probability(),
                                 kpis=synthetic_kpis(), scenario_name="Bengkulu 2024")


@pytest.fixture(scope="module")
def comparison():
    """A synthetic Comparison."""
    return types.SimpleNamespace(kpis=synthetic_comparison_kpis(),
                                 configurations=["s-S", "event-aware", "base-stock"])


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test made, so none leaks into the next."""
    yield
    plt.close("all")


PLOTS = {
    "stock": lambda inputs: plot.stock(inputs.result, "17.71"),
    "fan_chart": lambda inputs: plot.fan_chart(inputs.mc, group="17", series="backlog"),
    "stockout_bars": lambda inputs: plot.stockout_bars(inputs.mc),
    "stockout_map": lambda inputs: plot.stockout_map(inputs.mc, boundaries=BOUNDARIES),
    "compare": lambda inputs: plot.compare(inputs.comparison),
}


@pytest.mark.parametrize("name", list(PLOTS))
def test_each_plot_returns_its_axes_with_artists_and_saves_a_png(name, result, mc, comparison,
                                                                 tmp_path):
    inputs = types.SimpleNamespace(result=result, mc=mc, comparison=comparison)
    ax = PLOTS[name](inputs)
    assert isinstance(ax, Axes)
    assert ax.lines or ax.collections or ax.patches
    assert ax.get_title()
    png = tmp_path / f"{name}.png"
    ax.figure.savefig(png, dpi=60)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5000


def test_every_plot_draws_on_the_axes_it_is_given(result, mc, comparison):
    _, axes = plt.subplots(1, 5)
    drawn = [
        plot.stock(result, "17.71", ax=axes[0]),
        plot.fan_chart(mc, ax=axes[1]),
        plot.stockout_bars(mc, ax=axes[2]),
        plot.stockout_map(mc, ax=axes[3], boundaries=BOUNDARIES),
        plot.compare(comparison, ax=axes[4]),
    ]
    assert all(got is given for got, given in zip(drawn, axes))


def _legend_labels(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_stock_draws_on_hand_and_backlog_of_the_node(result):
    ax = plot.stock(result, "17.71")
    days = result.timeseries.query("node == '17.71'")
    on_hand, backlog = ax.lines
    assert list(on_hand.get_ydata()) == list(days["on_hand"])
    assert list(backlog.get_ydata()) == list(days["backlog"])
    assert backlog.get_ydata().max() > 0  # the synthetic run does run out
    assert ax.get_title() == "Kota Bengkulu"


def test_stock_shades_the_windows_covering_the_node_one_legend_entry_per_kind(result):
    kota = plot.stock(result, "17.71")
    names = {text.get_text() for text in kota.texts}
    # Everywhere, the province's and the kota's own; not the disruption in province 16.
    assert names == {"Pemilu 2024", "Lebaran 2024", "CPNS 2024 registration", "Pilkada 2024",
                     "Kota Bengkulu first-time voter drive"}
    assert _legend_labels(kota)[2:] == ["pemilu", "closure", "cpns", "pilkada", "school drive"]
    assert len(kota.patches) == 5

    kabupaten = plot.stock(result, "17.01")
    assert "school drive" not in _legend_labels(kabupaten)
    assert len(kabupaten.patches) == 4


def test_stock_without_events_shades_nothing(result):
    ax = plot.stock(result, "17.71", events=False)
    assert not ax.patches and not ax.texts
    assert len(ax.lines) == 2


def test_stock_unknown_node_names_it_and_the_closest_id(result):
    with pytest.raises(ValueError, match=r"unknown node '17\.72'; did you mean '17\.71'"):
        plot.stock(result, "17.72")
    with pytest.raises(ValueError, match=r"'Kota Bengkulu'; did you mean '17\.71'"):
        plot.stock(result, "Kota Bengkulu")


def test_fan_chart_draws_two_bands_and_the_median(mc):
    ax = plot.fan_chart(mc, group="17", series="on_hand")
    assert len(ax.collections) == 2  # 5-95 and 25-75
    (median,) = ax.lines
    band = mc.bands.query("group == '17' and series == 'on_hand'")
    np.testing.assert_allclose(median.get_ydata(), band["p50"])
    assert ax.get_title() == "Bengkulu 2024: blanks on hand, Bengkulu (17)"


def test_fan_chart_unknown_group_or_series_lists_the_valid_ones(mc):
    with pytest.raises(ValueError, match=r"unknown group '18'.*expected one of: network, 17"):
        plot.fan_chart(mc, group="18")
    with pytest.raises(ValueError, match=r"unknown series 'stock'.*on_hand, backlog"):
        plot.fan_chart(mc, series="stock")


def _bars(ax):
    widths = [bar.get_width() for bar in ax.patches]
    labels = [label.get_text() for label in ax.get_yticklabels()]
    return widths, labels


def test_stockout_bars_are_sorted_highest_on_top_and_named(mc):
    ax = plot.stockout_bars(mc)
    widths, labels = _bars(ax)
    assert len(widths) == len(KABKOTA)
    assert widths == sorted(widths, reverse=True)
    assert labels[:2] == ["Kabupaten Kaur", "Kabupaten Seluma"]
    assert ax.yaxis_inverted()  # the first bar, the highest, is drawn on top
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "50%"


def test_stockout_bars_top_and_level(mc):
    ax = plot.stockout_bars(mc, top=3)
    assert ax.get_title() == "Bengkulu 2024: the 3 kab/kota most likely to run out"
    widths, labels = _bars(ax)
    assert widths == [0.74, 0.66, 0.52]
    assert labels == ["Kabupaten Kaur", "Kabupaten Seluma", "Kabupaten Bengkulu Tengah"]
    assert _bars(plot.stockout_bars(mc, level="province")) == ([0.05], ["Bengkulu"])
    with pytest.raises(ValueError, match="top must be at least 1"):
        plot.stockout_bars(mc, top=0)
    with pytest.raises(ValueError, match="unknown level 'kota'"):
        plot.stockout_bars(mc, level="kota")


def _map_collections(ax):
    """The map's (coloured, grey) collections: the coloured one has the probabilities."""
    coloured = [c for c in ax.collections if c.get_array() is not None]
    grey = [c for c in ax.collections if c.get_array() is None]
    assert len(coloured) == 1 and len(grey) == 1
    return coloured[0], grey[0]


def test_stockout_map_colours_exactly_the_kabkota_of_the_run(mc):
    ax = plot.stockout_map(mc, boundaries=BOUNDARIES)
    coloured, grey = _map_collections(ax)
    assert len(coloured.get_paths()) == len(KABKOTA)
    assert len(grey.get_paths()) == KABKOTA_DRAWN - len(KABKOTA)
    # In the file's order, which is the id order of Bengkulu's kab/kota.
    np.testing.assert_allclose(coloured.get_array(), [STOCKOUT_PROBABILITY[k] for k in KABKOTA])
    assert coloured.get_clim() == (0.0, 1.0)
    assert ax.get_aspect() == 1.0
    # Zoomed on Bengkulu (about 101-104 E, 2-5.5 S), not on all of Indonesia.
    assert 100 < ax.get_xlim()[0] < ax.get_xlim()[1] < 105
    assert -6 < ax.get_ylim()[0] < ax.get_ylim()[1] < -1.5
    colorbar = coloured.colorbar
    assert colorbar is not None and colorbar.formatter(0.25, 0) == "25%"


def test_stockout_map_reads_the_package_boundaries_by_default_once(mc, monkeypatch):
    asked = []

    def data_file(name):
        asked.append(name)
        return BOUNDARIES

    monkeypatch.setattr(plot, "data_file", data_file)
    plot.stockout_map(mc)
    hits = plot._region_outlines.cache_info().hits
    plot.stockout_map(mc)
    assert asked == [plot.BOUNDARIES_FILE] * 2
    assert plot._region_outlines.cache_info().hits == hits + 1


def _write_boundaries(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kode": kode}, "geometry": geometry}
        for kode, geometry in features
    ]}))
    return path


def test_stockout_map_draws_multipolygons_and_leaves_holes_empty(mc, tmp_path):
    square = [[102, -4], [103, -4], [103, -3], [102, -3], [102, -4]]
    # The hole runs the same way as its exterior, as in some GeoJSON files.
    hole = [[102.4, -3.6], [102.6, -3.6], [102.6, -3.4], [102.4, -3.4], [102.4, -3.6]]
    islands = [[[[104, -4], [104.5, -4], [104.5, -3.5], [104, -4]]],
               [[[104, -3], [104.5, -3], [104.5, -2.5], [104, -3]]]]
    boundaries = _write_boundaries(tmp_path / "two.geojson", [
        ("17.04", {"type": "Polygon", "coordinates": [square, hole]}),
        ("17.05", {"type": "MultiPolygon", "coordinates": islands}),
    ])
    with pytest.warns(UserWarning, match=r"8 kab/kota of the run have no boundary.*17\.71"):
        ax = plot.stockout_map(mc, boundaries=boundaries)
    coloured, _ = _map_collections(ax)
    kaur, seluma = coloured.get_paths()
    assert list(kaur.codes).count(kaur.MOVETO) == 2 and list(seluma.codes).count(seluma.MOVETO) == 2

    figure = ax.figure
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba())

    def colour_at(lon, lat):
        x, y = ax.transData.transform((lon, lat))
        return pixels[int(pixels.shape[0] - y), int(x), :3]

    assert list(colour_at(102.5, -3.5)) == [255, 255, 255]  # the hole: the background
    assert list(colour_at(102.2, -3.8)) != [255, 255, 255]  # Kaur around it: coloured


def test_stockout_map_without_any_boundary_of_the_run_is_an_error(mc, tmp_path):
    boundaries = _write_boundaries(tmp_path / "elsewhere.geojson", [
        ("31.71", {"type": "Polygon",
                   "coordinates": [[[106, -6], [107, -6], [107, -7], [106, -6]]]}),
    ])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="no kab/kota of the run has a boundary"):
            plot.stockout_map(mc, boundaries=boundaries)


def _markers(ax):
    """The lines of a compare plot that mark the mean differences."""
    return [line for line in ax.lines if line.get_marker() == "o"]


def test_compare_draws_each_paired_difference_with_its_interval(comparison):
    ax = plot.compare(comparison)
    (errorbars,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    (centre,) = _markers(ax)
    assert list(centre.get_xdata()) == [-34.0, -5.47]
    (bars,) = errorbars.lines[2]
    np.testing.assert_allclose([segment[:, 0] for segment in bars.get_segments()],
                               [[-42.96, -25.04], [-12.0, 1.06]])
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == ["event-aware - s-S", "base-stock - s-S"]
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.lines)  # the line at 0
    assert ax.get_title() == ("stockout days\nwinner event-aware "
                              "(99.8% confidence, 83.6% difference)")


def test_compare_title_says_each_verdict(comparison):
    fill_rate = plot.compare(comparison, kpi="fill_rate").get_title()
    assert fill_rate == ("fill rate\nno practical difference "
                         "(best event-aware: 91.1% confidence, 0.15% difference)")
    assert plot.compare(comparison, kpi="demand").get_title() == "demand\nno direction"


def test_compare_unknown_kpi_lists_the_valid_ones(comparison):
    with pytest.raises(ValueError, match=r"unknown KPI 'stockout'; did you mean 'stockout_days'"
                                         r".*expected one of: stockout_days, fill_rate, demand"):
        plot.compare(comparison, kpi="stockout")


def test_compare_of_one_replication_draws_the_differences_without_intervals(comparison):
    one_replication = comparison.kpis.assign(diff_se=np.nan, ci_low=np.nan, ci_high=np.nan,
                                             winner_confidence=np.nan, verdict="n/a")
    ax = plot.compare(types.SimpleNamespace(kpis=one_replication,
                                            configurations=comparison.configurations))
    assert ax.get_title() == "stockout days\nn/a"
    assert not ax.containers
    (centre,) = _markers(ax)
    assert list(centre.get_xdata()) == [-34.0, -5.47]
