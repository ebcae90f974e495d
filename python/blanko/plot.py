"""Matplotlib plots of blanko's results.

Each function draws on the Axes it is given, or on the Axes of a new figure when ``ax`` is
None, and returns that Axes, so that plots can be combined, restyled and saved::

    import blanko
    from blanko import plot

    result = blanko.simulate(...)             # one replication
    plot.stock(result, "17.71")               # Kota Bengkulu's stock and backlog

    mc = blanko.monte_carlo(...)              # N replications
    plot.fan_chart(mc, group="17", series="backlog")
    plot.stockout_bars(mc, top=10)
    plot.stockout_map(mc)

    comparison = blanko.compare(...)          # policy sets on common random numbers
    plot.compare(comparison, kpi="stockout_days")

The module chooses no backend: matplotlib's default (or ``MPLBACKEND``) applies.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as Outline
from matplotlib.ticker import PercentFormatter, StrMethodFormatter
from matplotlib.transforms import Bbox, blended_transform_factory

from blanko._paths import data_file

__all__ = ["stock", "fan_chart", "stockout_bars", "stockout_map", "compare"]

#: The kab/kota boundaries shipped with the package (see scenarios/data/README.md).
BOUNDARIES_FILE = "indonesia_kabkota_boundaries_simplified.geojson"

# The series of a node's day, in the words of docs/outputs.md, and one colour each, shared
# by stock() and fan_chart() so that a backlog looks the same in both.
_SERIES_LABELS = {"on_hand": "blanks on hand", "backlog": "print requests waiting"}
_SERIES_COLOURS = {"on_hand": "tab:blue", "backlog": "tab:red"}

# One colour per kind of calendar window, kept away from the series' blue and red. The
# scenario format calls a pemilu "election"; both spellings get the same colour.
_EVENT_COLOURS = {
    "pemilu": "tab:orange",
    "election": "tab:orange",
    "pilkada": "gold",
    "cpns": "tab:purple",
    "school_drive": "tab:green",
    "pemekaran": "tab:pink",
    "custom": "tab:cyan",
    "closure": "tab:gray",
    "disruption": "tab:brown",
}
# For kinds the table above does not know, in the order they appear.
_SPARE_EVENT_COLOURS = ("tab:olive", "darkkhaki", "rosybrown", "lightsteelblue")

_LEVEL_LABELS = {"centre": "centre", "province": "province", "kabkota": "kab/kota"}

# Kab/kota outside the run: present for context, but clearly not part of the colour scale.
_NOT_IN_RUN = "0.88"

# An unknown value's error lists the valid ones up to this many (groups: network and 38
# provinces); a node's error only suggests the closest of its hundreds of ids.
_MAX_LISTED = 40


def stock(result, node: str, *, ax: Axes | None = None, events: bool = True) -> Axes:
    """Plot one node's blanks on hand and print requests waiting, day by day.

    Parameters
    ----------
    result : Result
        One replication, from ``blanko.simulate``: its ``timeseries`` (one row per day and
        node), ``nodes`` (for the node's name) and ``events`` (the calendar windows).
    node : str
        The node's id, such as ``"17.71"``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the Axes of a new figure when None.
    events : bool, default True
        Shade the calendar windows that cover the node (a window of ``"17"`` covers
        ``"17.71"``; one without regions covers every node), one colour per kind, each
        window named at the top.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        When ``node`` is not a node of the run (the message suggests the closest id) or
        the timeseries has no day of it.
    """
    names = _node_names(result.nodes)
    _require("node", node, list(names), aliases={name: id_ for id_, name in names.items()})
    timeseries = result.timeseries
    days = timeseries.loc[timeseries["node"] == node].sort_values("date")
    if days.empty:
        raise ValueError(f"the timeseries has no day of node {node!r}")
    first, last = days["date"].iloc[0], days["date"].iloc[-1]

    ax = _new_axes(ax, figsize=(10, 4.5))
    for series in ("on_hand", "backlog"):
        ax.plot(days["date"], days[series], color=_SERIES_COLOURS[series],
                label=_SERIES_LABELS[series])
    if events:
        _shade_events(ax, result.events, node, first, last)
    ax.set_xlim(first, last)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("blanks / print requests")
    ax.set_title(names[node])
    _format_time_axes(ax)
    # Outside the plot: the windows' names already take the top of it.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def fan_chart(mc, group: str = "network", series: str = "on_hand", *,
              ax: Axes | None = None) -> Axes:
    """Plot the spread of a series over the replications: a fan chart of one group.

    The outer band holds the 5th to 95th percentile of the replications' values on each
    day, the inner band the 25th to 75th, and the line is the median.

    Parameters
    ----------
    mc : MonteCarlo
        From ``blanko.monte_carlo``: its ``bands`` (and ``stockout_probability`` for the
        group's name, ``scenario_name`` for the title).
    group : str, default "network"
        ``"network"`` or a province id such as ``"17"`` (the province and every node it
        supplies).
    series : str, default "on_hand"
        ``"on_hand"`` (blanks on hand at every node of the group) or ``"backlog"`` (print
        requests waiting at its offices).
    ax : matplotlib.axes.Axes, optional
        Where to draw; the Axes of a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        When the bands have no such group or series (the message lists the valid ones).
    """
    bands = mc.bands
    _require("group", group, list(pd.unique(bands["group"])))
    _require("series", series, list(pd.unique(bands["series"])))
    days = bands.loc[(bands["group"] == group) & (bands["series"] == series)].sort_values("date")
    if days.empty:
        raise ValueError(f"the bands have no {series!r} series for group {group!r}")

    ax = _new_axes(ax, figsize=(10, 4.5))
    colour = _SERIES_COLOURS.get(series, "tab:blue")
    ax.fill_between(days["date"], days["p5"], days["p95"], color=colour, alpha=0.15, linewidth=0,
                    label="5th-95th percentile")
    ax.fill_between(days["date"], days["p25"], days["p75"], color=colour, alpha=0.35, linewidth=0,
                    label="25th-75th percentile")
    ax.plot(days["date"], days["p50"], color=colour, label="median")
    ax.set_xlim(days["date"].iloc[0], days["date"].iloc[-1])
    ax.set_ylim(bottom=0)
    label = _SERIES_LABELS.get(series, series)
    ax.set_ylabel(label)
    ax.set_title(f"{mc.scenario_name}: {label}, {_group_label(mc, group)}")
    _format_time_axes(ax)
    # Outside the plot, as in stock(): the bands fill most of it.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
              title="over the replications", title_fontsize="small")
    return ax


def stockout_bars(mc, *, level: str = "kabkota", top: int | None = None,
                  ax: Axes | None = None) -> Axes:
    """Plot each node's stockout probability as a horizontal bar, the highest on top.

    A node's stockout probability is the share of replications in which it had at least
    one stockout day.

    Parameters
    ----------
    mc : MonteCarlo
        From ``blanko.monte_carlo``: its ``stockout_probability`` table.
    level : str, default "kabkota"
        Which nodes: ``"kabkota"``, ``"province"`` or ``"centre"``.
    top : int, optional
        Only the ``top`` most likely to run out; every node of the level when None.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the Axes of a new figure (as tall as the bars need) when None.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        When no node has that level, or ``top`` is below 1.
    """
    table = mc.stockout_probability
    _require("level", level, list(pd.unique(table["level"])))
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    # Stable, so that nodes of equal probability keep the run's (scenario) order.
    rows = table.loc[table["level"] == level].sort_values(
        "stockout_probability", ascending=False, kind="stable"
    )
    if top is not None:
        rows = rows.head(top)
    probabilities = rows["stockout_probability"].to_numpy(dtype=float)

    ax = _new_axes(ax, figsize=(7, 1.2 + 0.28 * len(rows)))
    positions = np.arange(len(rows))
    bars = ax.barh(positions, probabilities, height=0.7, color=_SERIES_COLOURS["backlog"])
    ax.bar_label(bars, labels=[f"{p:.0%}" for p in probabilities], padding=3, fontsize="small")
    ax.set_yticks(positions, labels=list(rows["name"]))
    ax.invert_yaxis()  # the highest probability on top
    ax.margins(x=0.12)  # room for the labels at the bars' ends
    ax.set_xlim(left=0)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_xlabel("stockout probability (share of replications with a stockout day)")
    nodes = _LEVEL_LABELS.get(level, level)
    if top is None:
        ax.set_title(f"{mc.scenario_name}: stockout probability by {nodes}")
    else:
        ax.set_title(f"{mc.scenario_name}: the {len(rows)} {nodes} most likely to run out")
    return ax


def stockout_map(mc, *, ax: Axes | None = None, boundaries: str | Path | None = None,
                 cmap: str = "OrRd") -> Axes:
    """Map each kab/kota's stockout probability (a choropleth).

    The kab/kota of the run are coloured on a fixed 0-100% scale, so that maps of two runs
    compare at a glance; the other kab/kota of the boundaries are drawn in light grey. The
    view is zoomed on the run's kab/kota.

    Parameters
    ----------
    mc : MonteCarlo
        From ``blanko.monte_carlo``: its ``stockout_probability`` table (rows of level
        ``"kabkota"``, matched to the boundaries by id).
    ax : matplotlib.axes.Axes, optional
        Where to draw; the Axes of a new figure when None.
    boundaries : str or pathlib.Path, optional
        A GeoJSON FeatureCollection of Polygon and MultiPolygon features in longitude and
        latitude, each with a ``kode`` property (the node id, such as ``"17.71"``). When
        None, the package's ``indonesia_kabkota_boundaries_simplified.geojson``. Each file
        is read once per session.
    cmap : str, default "OrRd"
        The matplotlib colour map of the probabilities.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        When no kab/kota of the run has a boundary in the file.
    FileNotFoundError
        When the boundaries file does not exist.

    Warns
    -----
    UserWarning
        When some kab/kota of the run have no boundary (they are left off the map).
    """
    path = Path(boundaries) if boundaries is not None else data_file(BOUNDARIES_FILE)
    outlines = _region_outlines(path.resolve())
    table = mc.stockout_probability
    kabkota = table.loc[table["level"] == "kabkota"]
    probability = dict(zip(kabkota["node"], kabkota["stockout_probability"]))
    in_run = [(kode, outline) for kode, outline in outlines if kode in probability]
    if not in_run:
        raise ValueError(f"no kab/kota of the run has a boundary in {path}")
    unmapped = sorted(set(probability) - {kode for kode, _ in outlines})
    if unmapped:
        warnings.warn(
            f"{len(unmapped)} kab/kota of the run have no boundary in {path.name} and are "
            f"not on the map: {', '.join(unmapped)}",
            stacklevel=2,
        )

    # Zoom on the run; the grey neighbours around it place it on the map.
    run = Bbox.union([outline.get_extents() for _, outline in in_run])
    margin = 0.05 * max(run.width, run.height)
    extent = Bbox.from_extents(run.x0 - margin, run.y0 - margin, run.x1 + margin, run.y1 + margin)
    # A new figure takes the map's shape (all of Indonesia is about 2.7 times as wide as
    # it is tall) plus room for the title, the labels and the colour bar.
    height = 0.8 * 9 * extent.height / extent.width + 1.2
    ax = _new_axes(ax, figsize=(9, min(max(height, 3.5), 9)))
    others = [outline for kode, outline in outlines if kode not in probability]
    ax.add_collection(PatchCollection(
        [PathPatch(outline) for outline in others],
        facecolor=_NOT_IN_RUN, edgecolor="white", linewidth=0.3, label="not in the run",
    ))
    coloured = PatchCollection(
        [PathPatch(outline) for _, outline in in_run],
        cmap=cmap, edgecolor="0.35", linewidth=0.3, label="stockout probability",
    )
    coloured.set_array(np.array([probability[kode] for kode, _ in in_run], dtype=float))
    coloured.set_clim(0.0, 1.0)
    ax.add_collection(coloured)

    ax.set_xlim(extent.x0, extent.x1)
    ax.set_ylim(extent.y0, extent.y1)
    # Indonesia lies within 11 degrees of the equator: a degree of longitude is nearly a
    # degree of latitude there, so equal aspect is a fair projection.
    ax.set_aspect("equal")
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°)")
    ax.figure.colorbar(coloured, ax=ax, format=PercentFormatter(xmax=1), shrink=0.8,
                       label="stockout probability (share of replications)")
    if others:
        ax.legend(handles=[Patch(facecolor=_NOT_IN_RUN, label="not in the run")],
                  loc="lower left", fontsize="small")
    ax.set_title(f"{mc.scenario_name}: stockout probability by kab/kota")
    return ax


def compare(comparison, kpi: str = "stockout_days", *, ax: Axes | None = None) -> Axes:
    """Plot each configuration's paired difference in a KPI against the first configuration.

    One row per configuration after the first: the mean of the replication-by-replication
    differences, with its confidence interval as an error bar. An interval clear of the
    vertical line at 0 is a difference the replications support. The title gives the KPI's
    verdict (``winner``, ``no practical difference``, ``n/a`` or ``no direction``), with the
    best configuration's confidence and relative difference when there is one.

    Parameters
    ----------
    comparison : Comparison
        From ``blanko.compare``: its ``kpis`` table and ``configurations`` (in order; the
        first is the baseline).
    kpi : str, default "stockout_days"
        The KPI, as named in ``comparison.kpis["kpi"]``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the Axes of a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        When the comparison has no such KPI (the message lists the valid ones) or fewer
        than two configurations.
    """
    table = comparison.kpis
    _require("KPI", kpi, list(pd.unique(table["kpi"])))
    configurations = list(comparison.configurations)
    if len(configurations) < 2:
        raise ValueError("a comparison plot needs at least two configurations")
    first, others = configurations[0], configurations[1:]
    rows = table.loc[table["kpi"] == kpi].set_index("configuration").reindex(configurations)
    differences = rows.loc[others]
    centre = differences["diff_vs_first"].to_numpy(dtype=float)
    low = differences["ci_low"].to_numpy(dtype=float)
    high = differences["ci_high"].to_numpy(dtype=float)
    # One replication has no interval (NaN): its difference is drawn without a bar.
    defined = np.isfinite(low) & np.isfinite(high)

    ax = _new_axes(ax, figsize=(8, 2.0 + 0.5 * len(others)))
    positions = np.arange(len(others))
    if defined.any():
        # errorbar wants the distances from the centre, below and above.
        distances = np.vstack([centre - low, high - centre])[:, defined]
        ax.errorbar(centre[defined], positions[defined], xerr=distances, fmt="none", capsize=4,
                    color="tab:blue")
    ax.plot(centre, positions, "o", color="tab:blue")
    ax.axvline(0.0, color="0.3", linewidth=1, linestyle="--")
    ax.set_yticks(positions, labels=[f"{name} - {first}" for name in others])
    ax.set_ylim(len(others) - 0.5, -0.5)  # the configurations top down, in their order
    label = kpi.replace("_", " ")
    ax.set_xlabel(f"difference in {label}, paired by replication, with its confidence interval")
    ax.set_title(f"{label}\n{_verdict(rows)}")
    return ax


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """Return ``ax``, or the Axes of a new figure of ``figsize`` inches when it is None."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _require(what: str, value, valid: Sequence, *,
             aliases: Mapping[str, object] | None = None) -> None:
    """Raise a ValueError naming ``value`` unless it is one of ``valid``.

    The message suggests the closest valid value (difflib) and lists the valid values when
    there are few. ``aliases`` maps other spellings to the valid value each stands for (a
    node's name to its id), so that ``"Kota Bengkulu"`` suggests ``"17.71"``.
    """
    if value in valid:
        return
    candidates = {str(v): v for v in valid}
    candidates.update(aliases or {})
    message = f"unknown {what} {value!r}"
    close = difflib.get_close_matches(str(value), list(candidates), n=1)
    if close:
        message += f"; did you mean {candidates[close[0]]!r}?"
    if len(valid) <= _MAX_LISTED:
        message += f" (expected one of: {', '.join(map(str, valid))})"
    raise ValueError(message)


def _node_names(table: pd.DataFrame) -> dict[str, str]:
    """Map each node id of a table with ``node`` and ``name`` columns to its name (or id)."""
    return {
        node: name if isinstance(name, str) and name else node
        for node, name in zip(table["node"], table["name"])
    }


def _group_label(mc, group: str) -> str:
    """Name a bands group: "network", or a province's name with its id."""
    name = _node_names(mc.stockout_probability).get(group)
    return f"{name} ({group})" if name and name != group else group


def _covers(regions, node: str) -> bool:
    """Whether a calendar window of ``regions`` covers ``node``.

    No region means everywhere; a region id covers itself and every id below it ("17"
    covers "17.71", but not "170").
    """
    if len(regions) == 0:
        return True
    return any(node == region or node.startswith(region + ".") for region in regions)


def _shade_events(ax: Axes, events: pd.DataFrame, node: str, first, last) -> None:
    """Shade the calendar windows that cover ``node`` and overlap ``first``..``last``.

    One colour and one legend entry per kind; each window is named at its start, at the
    top of the plot.
    """
    covering = [
        event for event in events.itertuples(index=False)
        if _covers(event.regions, node) and event.start <= last and event.end >= first
    ]
    colours = _kind_colours(event.kind for event in covering)
    # x in dates, y as a fraction of the height: the names stay at the top at any scale.
    at_top = blended_transform_factory(ax.transData, ax.transAxes)
    legend_kinds = set()
    for event in covering:
        label = "_nolegend_" if event.kind in legend_kinds else event.kind.replace("_", " ")
        legend_kinds.add(event.kind)
        # The end is inclusive: the window runs to the end of its last day.
        ax.axvspan(event.start, event.end + pd.Timedelta(days=1), color=colours[event.kind],
                   alpha=0.2, linewidth=0, label=label)
        # On a pale box, so that a name stays readable where a line crosses it.
        ax.text(max(event.start, first), 0.98, event.name, transform=at_top, rotation=90,
                ha="left", va="top", fontsize="x-small", color="0.2",
                bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1})


def _kind_colours(kinds) -> dict[str, str]:
    """Give each kind its colour: the known ones their own, others spare ones in turn."""
    colours = {}
    spare = 0
    for kind in kinds:
        if kind in colours:
            continue
        if kind in _EVENT_COLOURS:
            colours[kind] = _EVENT_COLOURS[kind]
        else:
            colours[kind] = _SPARE_EVENT_COLOURS[spare % len(_SPARE_EVENT_COLOURS)]
            spare += 1
    return colours


def _format_time_axes(ax: Axes) -> None:
    """Label dates concisely (months, with the year once) and counts with thousands commas."""
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _verdict(rows: pd.DataFrame) -> str:
    """Say a KPI's verdict as the CLI's comparison table does.

    ``rows`` are the KPI's rows indexed by configuration. The best configuration is the
    one row with a winner confidence; its confidence and relative difference are what
    decided the verdict.
    """
    verdicts = [v for v in rows["verdict"] if isinstance(v, str) and v]
    verdict = verdicts[0] if verdicts else "n/a"
    best = rows.loc[rows["winner_confidence"].notna()]
    if best.empty or verdict not in ("winner", "no practical difference"):
        return verdict
    name = best.index[0]
    numbers = ", ".join(
        f"{_percent(value)} {what}"
        for what, value in (("confidence", best["winner_confidence"].iloc[0]),
                            ("difference", best["relative_difference"].iloc[0]))
        if math.isfinite(value)
    )
    if verdict == "winner":
        return f"winner {name} ({numbers})"
    return f"no practical difference (best {name}: {numbers})"


def _percent(share: float) -> str:
    """A share in percent with three significant digits: 0.998 -> 99.8%, 0.0015 -> 0.15%."""
    return f"{100 * share:.3g}%"


@functools.lru_cache(maxsize=8)
def _region_outlines(path: Path) -> tuple[tuple[str, Outline], ...]:
    """Read a GeoJSON file of boundaries into one outline per feature: (kode, Path) pairs.

    Cached on the (resolved) path: the national file has 514 features and tens of
    thousands of vertices, and a notebook draws many maps.
    """
    with open(path, encoding="utf-8") as file:
        collection = json.load(file)
    outlines = []
    for feature in collection["features"]:
        outline = _outline(feature["geometry"])
        if outline is not None:
            outlines.append((str(feature["properties"]["kode"]), outline))
    return tuple(outlines)


def _outline(geometry: dict) -> Outline | None:
    """Turn a Polygon or MultiPolygon into one compound matplotlib Path (None when empty).

    matplotlib fills with the nonzero winding rule, so a hole (such as a kota enclosed by
    its kabupaten) stays empty only when it turns the other way from its exterior; GeoJSON
    files do not all follow RFC 7946's orientation, so each ring is oriented here.
    """
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported boundary geometry {geometry['type']!r} "
                         "(expected Polygon or MultiPolygon)")
    vertices, codes = [], []
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            ring = np.asarray(ring, dtype=float)
            if len(ring) < 3:
                continue  # simplification can leave a degenerate ring
            ring = ring[:, :2]  # longitude, latitude (drop any altitude)
            if not np.array_equal(ring[0], ring[-1]):
                ring = np.vstack([ring, ring[:1]])
            counterclockwise = _signed_area(ring) > 0
            if counterclockwise != (index == 0):  # exteriors one way, holes the other
                ring = ring[::-1]
            ring_codes = np.full(len(ring), Outline.LINETO, dtype=Outline.code_type)
            ring_codes[0], ring_codes[-1] = Outline.MOVETO, Outline.CLOSEPOLY
            vertices.append(ring)
            codes.append(ring_codes)
    if not vertices:
        return None
    return Outline(np.concatenate(vertices), np.concatenate(codes))


def _signed_area(ring: np.ndarray) -> float:
    """The shoelace area of a closed ring: positive when it runs counterclockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))
