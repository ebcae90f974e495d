"""Policy studies over many replications: ``compare`` (configurations of one scenario on
common random numbers, paired differences) and ``sweep`` (a grid of values), with the
content of the CLI's compare.csv and sweep.csv as DataFrames."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from blanko import _core
from blanko._frames import kpi_names, typed_kpi_frame
from blanko._progress import Progress, ProgressSink
from blanko.scenario import PathLike, Scenario, as_scenario, override_text, overrides_from

Overrides = Union[Mapping[str, Any], Iterable[str], None]


class Comparison:
    """The result of ``compare``: ``kpis`` (compare.csv) and ``replications``
    (compare_replications.csv); ``configurations`` are the names in the order given."""

    def __init__(self, raw: _core.Comparison, scenario: Scenario,
                 sets: list[tuple[str, list[str]]]) -> None:
        self._raw = raw
        self._scenario = scenario
        self._sets = sets
        self.configurations: list[str] = list(raw.configurations)
        self.seed: int = raw.seed
        self.replications_run: int = raw.replications
        self.confidence: float = raw.confidence
        self.min_difference: float = raw.min_difference

    @cached_property
    def kpis(self) -> pd.DataFrame:
        """``kpi, configuration, mean, sd, diff_vs_first, diff_se, ci_low, ci_high, winner,
        winner_confidence, relative_difference, verdict``: one row per KPI and
        configuration. ``winner`` is 1 on the winner's row, 0 elsewhere, <NA> for a KPI
        without a direction; ``winner_confidence`` and ``relative_difference`` are on the
        best configuration's row only; undefined values are NaN."""
        rows = []
        for k in self._raw.kpis:
            for c, name in enumerate(self.configurations):
                d = k.vs_first[c]
                best = k.best == c
                rows.append({
                    "kpi": k.kpi, "configuration": name, "mean": k.mean[c], "sd": k.sd[c],
                    "diff_vs_first": d.mean, "diff_se": d.standard_error,
                    "ci_low": d.ci_low, "ci_high": d.ci_high,
                    "winner": pd.NA if k.better == "none" else int(k.winner == c),
                    "winner_confidence": k.winner_confidence if best else np.nan,
                    "relative_difference": k.relative_difference if best else np.nan,
                    "verdict": k.verdict,
                })
        frame = pd.DataFrame(rows)
        frame["winner"] = frame["winner"].astype("Int64")
        return frame

    @property
    def values(self) -> np.ndarray:
        """Every run's network KPIs, a read-only ``[replication, configuration, KPI]`` view."""
        return self._raw.values()

    @cached_property
    def replications(self) -> pd.DataFrame:
        """``configuration, replication`` and every network KPI, replication-major, as
        compare_replications.csv: for paired analyses of your own."""
        values = self.values
        reps, configs, kpis = values.shape
        frame = typed_kpi_frame(values.reshape(reps * configs, kpis), kpi_names())
        frame.insert(0, "replication", np.repeat(np.arange(reps, dtype=np.int64), configs))
        frame.insert(0, "configuration", np.tile(np.asarray(self.configurations, dtype=object), reps))
        return frame

    def verdicts(self) -> pd.DataFrame:
        """Per KPI: its direction, the best and the winning configuration (or None) and the
        verdict."""
        return pd.DataFrame([{
            "kpi": k.kpi, "better": k.better,
            "best": None if k.best is None else self.configurations[k.best],
            "winner": None if k.winner is None else self.configurations[k.winner],
            "verdict": k.verdict,
        } for k in self._raw.kpis]).set_index("kpi")

    def report(self, path: PathLike, lang: str = "id") -> Path:
        """Writes the planner's HTML report of this comparison (as ``blanko compare
        --report``) in ``lang`` ("id" or "en") and returns its path."""
        reference = Scenario(self._scenario.source, self._scenario.overrides + self._sets[0][1])
        data = _core.compare_report_data(reference.model(), self._raw, self._sets,
                                         "blanko (Python)")
        _core.write_html_report(Path(path), data, lang)
        return Path(path)

    def _repr_html_(self) -> str:
        return self.kpis._repr_html_()

    def __repr__(self) -> str:
        return (f"<blanko.Comparison of {', '.join(self.configurations)}: "
                f"{self.replications_run} replications, seed {self.seed}>")


def compare(scenario: Union[Scenario, PathLike], configurations: Mapping[str, Overrides], *,
            replications: int = 20, threads: Optional[int] = None, seed: Optional[int] = None,
            confidence: float = 0.95, min_difference: float = 0.01,
            progress: Progress = True) -> Comparison:
    """Runs each configuration (a name and its overrides, a dict ``{key: value}`` or
    ``"key=value"`` strings, applied after the scenario's own) on the same seed and
    replication indices, and compares them with the first. As ``blanko compare``."""
    scenario = as_scenario(scenario)
    if not isinstance(configurations, Mapping) or not configurations:
        raise TypeError("configurations must be a non-empty dict {name: overrides}")
    sets = [(str(name), overrides_from(overrides)) for name, overrides in configurations.items()]
    with ProgressSink(progress, f"compare {scenario.name}") as sink:
        raw = _core.compare(scenario.source, scenario.overrides, sets, replications,
                            threads=threads or 0, seed=seed, confidence=confidence,
                            min_difference=min_difference, progress=sink)
    return Comparison(raw, scenario, sets)


class SweepResult:
    """The result of ``sweep``: ``cells`` (sweep.csv: a column per axis, then per KPI
    ``<kpi>_mean, _ci_low, _ci_high, _p5, _p50, _p95``) and ``replications``
    (sweep_replications.csv)."""

    def __init__(self, raw: _core.Sweep, scenario: Scenario) -> None:
        self._raw = raw
        self._scenario = scenario
        self.axes: list[tuple[str, list[str]]] = list(raw.axes)
        self.seed: int = raw.seed
        self.replications_run: int = raw.replications
        self._cells = list(raw.cells)

    @cached_property
    def cells(self) -> pd.DataFrame:
        keys = [key for key, _ in self.axes]
        rows = []
        for cell in self._cells:
            row: dict[str, Any] = dict(zip(keys, cell.values))
            for name, s in zip(kpi_names(), cell.kpis):
                for stat in ("mean", "ci_low", "ci_high", "p5", "p50", "p95"):
                    row[f"{name}_{stat}"] = getattr(s, stat)
            rows.append(row)
        return pd.DataFrame(rows)

    @cached_property
    def replications(self) -> pd.DataFrame:
        """``cell``, a column per axis, ``replication`` and every network KPI, cell-major."""
        keys = [key for key, _ in self.axes]
        frames = []
        for c, cell in enumerate(self._cells):
            frame = typed_kpi_frame(cell.network_values(), kpi_names())
            frame.insert(0, "replication", np.arange(len(frame), dtype=np.int64))
            for key, value in reversed(list(zip(keys, cell.values))):
                frame.insert(0, key, value)
            frame.insert(0, "cell", c)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def report(self, path: PathLike, lang: str = "id") -> Path:
        """Writes the planner's HTML report of this sweep (as ``blanko sweep --report``) in
        ``lang`` ("id" or "en") and returns its path."""
        data = _core.sweep_report_data(self._scenario.model(), self._raw, "blanko (Python)")
        _core.write_html_report(Path(path), data, lang)
        return Path(path)

    def _repr_html_(self) -> str:
        return self.cells._repr_html_()

    def __repr__(self) -> str:
        return (f"<blanko.SweepResult: {len(self._cells)} cells x {self.replications_run} "
                f"replications, seed {self.seed}>")


def sweep(scenario: Union[Scenario, PathLike], vary: Mapping[str, Sequence[Any]], *,
          replications: int = 20, threads: Optional[int] = None, seed: Optional[int] = None,
          confidence: float = 0.95, progress: Progress = True) -> SweepResult:
    """Runs every combination of the values in ``vary`` (``{key path: [values]}``, the
    first key varying slowest) for the same seed and replications, as ``blanko sweep``."""
    scenario = as_scenario(scenario)
    if not isinstance(vary, Mapping) or not vary:
        raise TypeError("vary must be a non-empty dict {key path: [values]}")
    axes = []
    for key, values in vary.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise TypeError(f"the values of {key} must be a list, not {values!r}")
        axes.append((key, [override_text(key, v).split("=", 1)[1] for v in values]))
    with ProgressSink(progress, f"sweep {scenario.name}") as sink:
        raw = _core.sweep(scenario.source, scenario.overrides, axes, replications,
                          threads=threads or 0, seed=seed, confidence=confidence, progress=sink)
    return SweepResult(raw, scenario)


__all__ = ["Comparison", "SweepResult", "compare", "sweep"]
