"""Running scenarios: one replication (``simulate``) or many (``monte_carlo``), with results
as pandas DataFrames and numpy arrays."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Optional, Sequence, Union

import numpy as np
import pandas as pd

from blanko import _core
from blanko._frames import dates, kpi_names, kpi_table, labelled, typed_kpi_frame
from blanko._progress import Progress, ProgressSink
from blanko.scenario import PathLike, Scenario, as_scenario

SERIES = tuple(_core.series_names())


class Result:
    """One replication: ``kpis`` (a row per node and one for the network, a column per
    KPI), ``timeseries`` (daily values per node) and the scenario's calendar ``events``."""

    def __init__(self, scenario: Scenario, raw: _core.RunResult) -> None:
        self.scenario = scenario
        self._raw = raw
        self.seed: int = raw.seed
        self.replication: int = raw.replication
        self.engine_events: int = raw.engine_events

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """``node``, ``name``, ``level``, ``province`` of every node, in node order."""
        return pd.DataFrame(self.scenario.model().labels())

    @cached_property
    def kpis(self) -> pd.DataFrame:
        """Every KPI of the KPI table: one row per node (node order) and a last row
        ``network``. Counts are int64; the network-only KPIs are <NA> on node rows."""
        labels = self.scenario.model().labels()
        rows = np.arange(len(labels["node"]) + 1)
        frame = pd.DataFrame(labelled(labels, rows))
        columns = self._raw.kpi_columns()
        table = kpi_table().set_index("kpi")
        for name, values in columns.items():
            if table.at[name, "type"] == "count" and not table.at[name, "per_node"]:
                values = pd.array(np.where(np.isnan(values), 0, values).astype(np.int64),
                                  dtype="Int64")
                values[:-1] = pd.NA
            frame[name] = values
        return frame

    @property
    def network(self) -> pd.Series:
        """The network's KPIs (the last row of ``kpis``), indexed by KPI name."""
        return self.kpis.iloc[-1][kpi_names()]

    @property
    def timeseries_array(self) -> Optional[np.ndarray]:
        """The daily series as a read-only int64 array ``[series, day, node]`` (series in
        the order of ``blanko.SERIES``), a view of the simulation's memory without a copy;
        None when the run did not record them."""
        return self._raw.timeseries_array()

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """A long DataFrame: ``date``, ``node``, then one int64 column per series, a row per
        day and node (as timeseries.csv)."""
        block = self.timeseries_array
        if block is None:
            raise ValueError("this run did not record timeseries (simulate(..., timeseries=True))")
        _, days, nodes = block.shape
        ids = np.asarray(self.scenario.model().labels()["node"], dtype=object)
        frame = pd.DataFrame({
            "date": np.repeat(dates(self.scenario.model().start, np.arange(days)), nodes),
            "node": np.tile(ids, days),
        })
        for s, name in enumerate(SERIES):
            frame[name] = block[s].reshape(-1)
        return frame

    @property
    def events(self) -> pd.DataFrame:
        """The scenario's calendar windows (see ``Scenario.events``)."""
        return self.scenario.events

    def report(self, path: PathLike, lang: str = "id") -> Path:
        """Writes the planner's HTML report of this replication (as ``blanko run --report``;
        it needs the timeseries) in ``lang`` ("id" or "en") and returns its path."""
        data = _core.run_report_data(self.scenario.model(), self._raw, "blanko (Python)")
        _core.write_html_report(Path(path), data, lang)
        return Path(path)

    def __repr__(self) -> str:
        return (f"<blanko.Result {self.scenario.name!r} seed={self.seed} "
                f"replication={self.replication}>")


def simulate(scenario: Union[Scenario, PathLike], seed: Optional[int] = None,
             replication: int = 0, timeseries: bool = True) -> Result:
    """Runs one replication (the scenario's seed unless ``seed`` is given); the same
    scenario, seed and replication give the CLI's ``blanko run`` results bit for bit."""
    scenario = as_scenario(scenario)
    raw = _core.simulate(scenario.model(), seed=seed, replication=replication,
                         timeseries=timeseries)
    return Result(scenario, raw)


class MonteCarlo:
    """A Monte Carlo run's statistics, as the CLI's files hold them: ``kpis`` (kpis.csv),
    ``replications`` (replications.csv), ``bands`` (bands.csv) and the per-node
    ``stockout_probability``."""

    def __init__(self, scenario: Scenario, raw: _core.MonteCarloResult) -> None:
        self.scenario = scenario
        self._raw = raw
        self.scenario_name: str = raw.scenario
        self.seed: int = raw.seed
        self.replications_run: int = raw.replications
        self.confidence: float = raw.confidence
        self.threads: int = raw.threads
        self.seconds: float = raw.seconds

    @cached_property
    def _labels(self) -> dict:
        return self._raw.labels()

    @cached_property
    def kpis(self) -> pd.DataFrame:
        """``node, name, level, province, kpi, mean, sd, ci_low, ci_high, p5, p50, p95``:
        each node's per-node KPIs, then the network's every KPI (node ``network``, exact
        quantiles; a node's are sketched, within 2 x range / 256)."""
        columns = self._raw.kpi_columns()
        frame = pd.DataFrame(labelled(self._labels, columns.pop("node_index")))
        frame["kpi"] = np.asarray(kpi_names(), dtype=object)[columns.pop("kpi_index")]
        for name in ("mean", "sd", "ci_low", "ci_high", "p5", "p50", "p95"):
            frame[name] = columns[name]
        return frame

    @property
    def network(self) -> pd.DataFrame:
        """The network's KPI summaries, indexed by KPI name."""
        frame = self.kpis
        return frame[frame["node"] == "network"].set_index("kpi").drop(
            columns=["node", "name", "level", "province"])

    @property
    def replications_array(self) -> np.ndarray:
        """Every replication's network KPIs, a read-only float64 ``[replication, KPI]`` view
        (KPIs in ``blanko.kpi_table()`` order) without a copy."""
        return self._raw.network_values()

    @cached_property
    def replications(self) -> pd.DataFrame:
        """``replication, seed`` and every network KPI, one row per replication (counts as
        int64), as replications.csv."""
        values = self.replications_array
        frame = typed_kpi_frame(values, kpi_names())
        frame.insert(0, "seed", np.full(len(frame), self.seed, dtype=np.uint64))
        frame.insert(0, "replication", np.arange(len(frame), dtype=np.int64))
        return frame

    @cached_property
    def bands(self) -> pd.DataFrame:
        """Daily fan-chart data: ``date, group, series, mean, p5, p25, p50, p75, p95``, for
        the network and each province, of blanks on hand and requests waiting (backlog)."""
        columns = self._raw.band_columns()
        if len(columns["day"]) == 0 and not self._raw.group_names():
            raise ValueError("this run kept no bands (monte_carlo(..., bands=True))")
        groups = np.asarray(self._raw.group_names(), dtype=object)
        frame = pd.DataFrame({
            "date": dates(self._raw.start, columns.pop("day")),
            "group": groups[columns.pop("group_index")],
            "series": np.asarray(["on_hand", "backlog"], dtype=object)[columns.pop("series_index")],
        })
        for name, values in columns.items():
            frame[name] = values
        return frame

    @cached_property
    def stockout_probability(self) -> pd.DataFrame:
        """Per node, the share of replications with at least one stockout day:
        ``node, name, level, province, stockout_probability``."""
        frame = pd.DataFrame(self._labels)
        frame["stockout_probability"] = self._raw.stockout_probability()
        return frame

    def report(self, path: PathLike, lang: str = "id") -> Path:
        """Writes the planner's HTML report of this study (as ``blanko run --replications N
        --report``; it needs the bands) in ``lang`` ("id" or "en") and returns its path."""
        data = _core.monte_carlo_report_data(self.scenario.model(), self._raw, "blanko (Python)")
        _core.write_html_report(Path(path), data, lang)
        return Path(path)

    @property
    def stockout_days_histogram(self) -> np.ndarray:
        """Office-replications with exactly d stockout days, d = 0 .. horizon."""
        return self._raw.office_stockout_days_histogram()

    def __repr__(self) -> str:
        return (f"<blanko.MonteCarlo {self.scenario_name!r}: {self.replications_run} "
                f"replications, seed {self.seed}, {self.seconds:.2f} s on {self.threads} threads>")


def monte_carlo(scenario: Union[Scenario, PathLike], replications: int = 100,
                threads: Optional[int] = None, seed: Optional[int] = None, bands: bool = True,
                progress: Progress = True, confidence: float = 0.95,
                band_nodes: Sequence[str] = ()) -> MonteCarlo:
    """Runs ``replications`` replications on ``threads`` threads (None: every core) with
    the GIL released; the results are bit-identical for any thread count. Ctrl-C stops the
    run and raises KeyboardInterrupt. ``progress``: True for a bar (tqdm where installed,
    else a line on stderr), False for none, or a callable ``(done, total)``. ``bands``
    keeps daily fan-chart data of the network and each province, and of each node of
    ``band_nodes`` (ids) as a group of its own."""
    scenario = as_scenario(scenario)
    model = scenario.model()
    with ProgressSink(progress, scenario.name) as sink:
        raw = _core.monte_carlo(model, replications, threads=threads or 0, seed=seed,
                                bands=bands, confidence=confidence,
                                band_nodes=list(band_nodes), progress=sink)
    return MonteCarlo(scenario, raw)
