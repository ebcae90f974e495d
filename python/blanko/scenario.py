"""Scenarios: load one from a file, YAML text or a dict in the YAML's shape, change values
with ``set`` (the CLI's ``--set``), and look at its nodes and calendar as DataFrames."""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import pandas as pd

from blanko import _core

PathLike = Union[str, "os.PathLike[str]"]


def _json_default(value: Any) -> Any:
    """What json.dumps cannot write itself: dates (as YAML reads them) and numpy scalars."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} into a scenario: {value!r}")


def override_text(key: str, value: Any) -> str:
    """``key=value`` as ``--set`` takes it: scalars as YAML scalars, dicts and lists as flow
    YAML (JSON is YAML), dates as ISO dates."""
    if not isinstance(key, str) or not key:
        raise TypeError("a scenario key path must be a non-empty string such as 'scenario.seed'")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, (_dt.date, _dt.datetime)):
        text = value.isoformat()[:10]
    elif isinstance(value, (Mapping, list, tuple)):
        text = json.dumps(value, default=_json_default)
    elif hasattr(value, "item"):
        text = json.dumps(value.item())
    elif isinstance(value, (int, float)):
        text = json.dumps(value)
    else:
        raise TypeError(f"cannot set {key} to a {type(value).__name__}: {value!r}")
    return f"{key}={text}"


def overrides_from(overrides: Union[Mapping[str, Any], Iterable[str], None]) -> list[str]:
    """A dict ``{key: value}`` or strings ``"key=value"`` as the list ``--set`` takes."""
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):
        return [override_text(k, v) for k, v in overrides.items()]
    if isinstance(overrides, str):
        return [overrides]
    return [str(o) for o in overrides]


class Scenario:
    """A scenario: its YAML text (read once) and the overrides applied to it.

    Build one with ``Scenario.load(path)``, ``Scenario.from_yaml(text)`` or
    ``Scenario.from_dict(d)``. ``set(key, value)`` changes a value as ``--set`` does and
    checks it at once; the model is compiled when first needed (``validate()`` compiles it
    now). Bad input raises ``blanko.ScenarioError`` naming the file, line, column and key.
    """

    def __init__(self, source: _core.ScenarioSource, overrides: Sequence[str] = ()) -> None:
        self._source = source
        self._overrides = list(overrides)
        self._loaded: Optional[_core.Scenario] = None
        self._model: Optional[_core.Model] = None
        self._loaded = self._load()

    # --- making one -------------------------------------------------------------------
    @classmethod
    def load(cls, path: PathLike,
             overrides: Union[Mapping[str, Any], Iterable[str], None] = None) -> "Scenario":
        """Reads a scenario file; CSV node tables resolve against its folder."""
        return cls(_core.ScenarioSource.read(Path(path)), overrides_from(overrides))

    @classmethod
    def from_yaml(cls, text: str, *, name: str = "<yaml>", base_dir: PathLike = ".") -> "Scenario":
        """A scenario from YAML text; ``name`` stands for the file in messages and CSV paths
        resolve against ``base_dir``."""
        return cls(_core.ScenarioSource(text, name, Path(base_dir)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, name: str = "<dict>",
                  base_dir: PathLike = ".") -> "Scenario":
        """A scenario from a dict in the YAML's shape (as ``yaml.safe_load`` gives it);
        dates may be ``datetime.date`` or ISO strings."""
        if not isinstance(data, Mapping):
            raise TypeError(f"a scenario dict must be a mapping, not {type(data).__name__}")
        text = json.dumps(data, default=_json_default, indent=1)
        return cls(_core.ScenarioSource(text, name, Path(base_dir)))

    def copy(self) -> "Scenario":
        """An independent copy (same text, same overrides)."""
        return Scenario(self._source, self._overrides)

    # --- changing one -----------------------------------------------------------------
    def set(self, key: str, value: Any) -> "Scenario":
        """Sets ``key`` (a ``--set`` key path: ``defaults.kabkota.office.printers``,
        ``lanes.0.lot.min``, ``nodes.pusat.initial_stock``, a table row
        ``nodes.1.overrides.17.71.initial_stock``) to ``value`` and returns the
        scenario. A bad key or value raises ScenarioError and leaves the scenario as it was."""
        overrides = self._overrides + [override_text(key, value)]
        loaded = self._source.load(overrides)
        self._overrides, self._loaded, self._model = overrides, loaded, None
        return self

    def validate(self) -> "Scenario":
        """Compiles the scenario, raising ScenarioError on the first bad value."""
        self.model()
        return self

    # --- what it is -------------------------------------------------------------------
    def _load(self) -> _core.Scenario:
        return self._source.load(self._overrides)

    def model(self) -> _core.Model:
        """The compiled model (compiled once, then shared by every run of this scenario)."""
        if self._model is None:
            self._model = _core.Model(self._loaded)
        return self._model

    @property
    def source(self) -> _core.ScenarioSource:
        return self._source

    @property
    def overrides(self) -> list[str]:
        """The ``key=value`` overrides applied to the text, in order."""
        return list(self._overrides)

    @property
    def name(self) -> str:
        return self._loaded.name

    @property
    def start(self) -> _dt.date:
        return _dt.date.fromisoformat(self._loaded.start)

    @property
    def horizon_days(self) -> int:
        return self._loaded.horizon_days

    @property
    def end(self) -> _dt.date:
        """The last day of the run."""
        return self.start + _dt.timedelta(days=self.horizon_days - 1)

    @property
    def seed(self) -> int:
        return self._loaded.seed

    @property
    def sha256(self) -> str:
        """SHA-256 of the scenario text (before overrides), as outputs' ``meta`` records it."""
        return self._loaded.source_sha256

    @property
    def nodes(self) -> pd.DataFrame:
        """One row per node: ``node`` (id), ``name``, ``level``, ``province``, ``parent``
        (the primary supplier's id; "" for a source), ``population``, ``initial_stock``
        (blanks, resolved) and ``office`` (records and prints)."""
        return pd.DataFrame(self.model().node_table())

    @property
    def lanes(self) -> pd.DataFrame:
        """One row per lane, in scenario order (the rules such as ``from: parent``
        expanded): ``from``, ``to``, ``mode`` (pickup or delivery), ``lead_time`` (the
        distribution's kind), ``lead_time_mean_days`` (of whole days as drawn), ``min_lot``,
        ``max_lot`` (0: none), ``lot_multiple``, ``priority``, ``trip_cost`` (Rp),
        ``max_trips_per_month`` (0: no limit) and ``closures`` (how many)."""
        return pd.DataFrame(self.model().lane_table())

    def to_yaml(self) -> str:
        """The scenario's YAML with every override applied (comments are not kept): save it
        to reproduce this scenario with the CLI."""
        return self._source.text_with(self._overrides)

    def to_dict(self) -> dict:
        """The scenario as a dict in the YAML's shape, overrides applied (needs PyYAML);
        ``Scenario.from_dict`` reads it back."""
        try:
            import yaml
        except ImportError as error:  # PyYAML is not a dependency of the package
            raise ImportError("Scenario.to_dict() needs PyYAML (Debian: python3-yaml)") from error
        return yaml.safe_load(self.to_yaml())

    @property
    def events(self) -> pd.DataFrame:
        """The calendar's windows: events (Pemilu, Pilkada, CPNS, drives...), closures and
        disruptions, with ``name``, ``kind``, ``start``, ``end`` (inclusive), ``regions``
        (region ids; empty: everywhere) and ``share`` (of the covered offices)."""
        return events_frame(self._loaded.calendar_windows())

    def __repr__(self) -> str:
        extra = f", {len(self._overrides)} overrides" if self._overrides else ""
        return (f"<blanko.Scenario {self.name!r} from {self._source.name}: {self.start} + "
                f"{self.horizon_days} days{extra}>")


def events_frame(columns: Mapping[str, list]) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def as_scenario(scenario: Union[Scenario, PathLike]) -> Scenario:
    """A Scenario, or one loaded from a path."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        return Scenario.load(scenario)
    raise TypeError(f"expected a blanko.Scenario or a path, not {type(scenario).__name__}")
