"""``plan``: the planner's question answered directly, as ``blanko plan`` answers it
(docs/plan.md): the cheapest value of one decision (a top-up, a lot, any scenario value) that
meets a target (a stockout probability in a window, or a KPI's mean), searched on common
random numbers and verified on fresh replications."""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping, Optional, Union

import pandas as pd

from blanko import _core
from blanko._progress import Progress, ProgressSink
from blanko.scenario import PathLike, overrides_from

PlanSource = Union[PathLike, Mapping[str, Any]]


def _estimate(e: _core.PlanEstimate) -> dict[str, Any]:
    return {"estimate": e.value, "ci_low": e.low, "ci_high": e.high, "bound": e.bound,
            "meets": e.meets, "replications": e.replications}


class PlanResult:
    """What ``plan`` found. ``recommended`` is the cheapest value that met the target (None
    when none did: then ``best`` is the closest), ``verified`` its estimate on fresh
    replications, ``baseline`` the scenario without the decision, ``proposed`` a proposed
    value's (or None); ``evaluated`` a DataFrame of the search (plan.csv's ``searched`` rows),
    ``summary`` one of the rows plan.csv starts with. ``str()`` is the CLI's table."""

    def __init__(self, raw: _core.PlanResult) -> None:
        self._raw = raw
        self.name: str = raw.plan.name
        self.decision: str = raw.plan.label
        self.target: str = raw.plan.target
        self.method: str = raw.method
        self.seed: int = raw.seed
        self.met: bool = raw.recommended is not None
        self.recommended: Optional[str] = raw.recommended.value if raw.recommended else None
        self.best: str = raw.best.value
        self.recommended_scenario: str = raw.recommended_scenario
        self.seconds: float = raw.seconds

    @property
    def verified(self) -> dict[str, Any]:
        """The recommendation's (else the best value's) estimate on fresh replications."""
        return _estimate(self._raw.best.verified)

    @property
    def baseline(self) -> dict[str, Any]:
        return _estimate(self._raw.baseline)

    @property
    def proposed(self) -> Optional[dict[str, Any]]:
        p = self._raw.proposed
        return None if p is None else {"value": p.value, **_estimate(p.verified)}

    @cached_property
    def shares(self) -> Optional[pd.DataFrame]:
        """A split's shares (``node, blanks``) of the recommendation (else the best); None for
        the other decisions."""
        if not self._raw.shares:
            return None
        return pd.DataFrame([{"node": s.node, "blanks": s.blanks} for s in self._raw.shares])

    @cached_property
    def evaluated(self) -> pd.DataFrame:
        """``value, estimate, ci_low, ci_high, bound, meets, replications``: each value the
        search evaluated, in the order of the values, on the search's replications."""
        rows = []
        for c in self._raw.evaluated:
            row = {"value": c.value, **_estimate(c.search)}
            if c.objective is not None:  # a choice: the mean of the KPI minimised
                row.update({"objective": c.objective.value, "objective_ci_low": c.objective.low,
                            "objective_ci_high": c.objective.high,
                            "objective_replications": c.objective.replications})
            rows.append(row)
        return pd.DataFrame(rows)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """plan.csv's first rows: the recommendation (or best), the proposal and the
        baseline, on fresh replications."""
        rows = [{"role": "recommended" if self.met else "best", "value": self.best, **self.verified}]
        if self.proposed is not None:
            rows.append({"role": "proposed", **self.proposed})
        rows.append({"role": "baseline", "value": None, **self.baseline})
        return pd.DataFrame(rows)

    def write(self, directory: PathLike) -> Path:
        """Writes plan.csv, plan.json, recommended.yaml and manifest.json, as ``--out``."""
        self._raw.write_outputs(Path(directory))
        return Path(directory)

    def __str__(self) -> str:
        return self._raw.table()

    def __repr__(self) -> str:
        answer = self.recommended if self.met else f"not met (best {self.best})"
        return f"<PlanResult {self.name!r}: {self.decision} = {answer}>"


def plan(source: PlanSource, *, overrides: Union[Mapping[str, Any], list[str], None] = None,
         threads: Optional[int] = None, progress: Progress = True) -> PlanResult:
    """Runs a plan: a plan file's path, or a dict in the plan file's form (its ``scenario``
    path relative to the working directory). ``overrides`` change values of the plan as
    ``blanko plan --set`` does (``{"replications": 200}``). Raises ScenarioError naming the
    key for a bad plan, as the CLI's messages."""
    sets = overrides_from(overrides)
    if isinstance(source, Mapping):
        # JSON is YAML: the dict is read by the same reader, named for its messages.
        raw_plan = _core.parse_plan(json.dumps(dict(source), default=str), "<plan dict>",
                                    Path(os.getcwd()), sets)
    else:
        raw_plan = _core.load_plan(Path(source), sets)
    with ProgressSink(progress, f"plan {raw_plan.name}") as sink:
        raw = _core.run_plan(raw_plan, threads=threads or 0, progress=sink)
    return PlanResult(raw)


__all__ = ["PlanResult", "plan"]
