# Types of the compiled module blanko._core (python/src/bind_*.cpp). Users reach it through
# the blanko package; these stubs are for type checkers and editors.
from os import PathLike
from typing import Callable, Optional, Sequence

import numpy as np
import numpy.typing as npt

__version__: str

class Error(Exception): ...

class ScenarioError(Error, ValueError):
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    key: Optional[str]
    message: str

class InputError(Error, ValueError):
    file: Optional[str]
    message: str

class OutputError(Error, OSError):
    path: Optional[str]
    message: str

class ModelError(Error, RuntimeError): ...

class Scenario:
    name: str
    start: str
    horizon_days: int
    seed: int
    source_file: str
    source_sha256: str
    overrides: list[str]
    node_count: int
    def calendar_windows(self) -> dict[str, list]: ...

class ScenarioSource:
    text: str
    name: str
    base_dir: PathLike[str]
    def __init__(self, text: str, name: str, base_dir: str | PathLike[str]) -> None: ...
    @staticmethod
    def read(path: str | PathLike[str]) -> ScenarioSource: ...
    def load(self, overrides: Sequence[str] = ...) -> Scenario: ...
    def text_with(self, overrides: Sequence[str]) -> str: ...

class Model:
    start: str
    horizon_days: int
    office_count: int
    node_count: int
    scenario: Scenario
    def __init__(self, scenario: Scenario) -> None: ...
    def labels(self) -> dict[str, list[str]]: ...
    def node_table(self) -> dict[str, list]: ...
    def lane_table(self) -> dict[str, list]: ...

class RunResult:
    seed: int
    replication: int
    engine_events: int
    tender_failures: int
    offices_with_stockout: int
    has_timeseries: bool
    def kpi_columns(self) -> dict[str, npt.NDArray[np.float64] | npt.NDArray[np.int64]]: ...
    def timeseries_array(self) -> Optional[npt.NDArray[np.int64]]: ...

def kpi_definitions() -> list[dict[str, object]]: ...
def series_names() -> list[str]: ...
def simulate(model: Model, seed: Optional[int] = None, replication: int = 0,
             timeseries: bool = True) -> RunResult: ...

class MonteCarloResult:
    scenario: str
    start: str
    seed: int
    replications: int
    confidence: float
    threads: int
    seconds: float
    days: int
    def labels(self) -> dict[str, list[str]]: ...
    def group_names(self) -> list[str]: ...
    def kpi_columns(self) -> dict[str, np.ndarray]: ...
    def band_columns(self) -> dict[str, np.ndarray]: ...
    def stockout_probability(self) -> npt.NDArray[np.float64]: ...
    def office_stockout_days_histogram(self) -> npt.NDArray[np.uint64]: ...
    def network_values(self) -> npt.NDArray[np.float64]: ...

ProgressCallback = Optional[Callable[[int, int], None]]

def monte_carlo(model: Model, replications: int, threads: int = 0, seed: Optional[int] = None,
                bands: bool = True, confidence: float = 0.95, band_nodes: Sequence[str] = ...,
                progress: ProgressCallback = None) -> MonteCarloResult: ...

class KpiSummary:
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    p5: float
    p50: float
    p95: float
    min: float
    max: float

class PairedDifference:
    mean: float
    standard_error: float
    ci_low: float
    ci_high: float

class KpiComparison:
    kpi: str
    better: str
    mean: list[float]
    sd: list[float]
    vs_first: list[PairedDifference]
    best: Optional[int]
    winner: Optional[int]
    winner_confidence: float
    relative_difference: float
    verdict: str

class Comparison:
    scenario: str
    configurations: list[str]
    seed: int
    replications: int
    confidence: float
    min_difference: float
    kpis: list[KpiComparison]
    def values(self) -> npt.NDArray[np.float64]: ...

class SweepCell:
    values: list[str]
    kpis: list[KpiSummary]
    def network_values(self) -> npt.NDArray[np.float64]: ...

class Sweep:
    scenario: str
    seed: int
    replications: int
    confidence: float
    axes: list[tuple[str, list[str]]]
    cells: list[SweepCell]

def compare(source: ScenarioSource, common_overrides: Sequence[str],
            sets: Sequence[tuple[str, Sequence[str]]], replications: int, threads: int = 0,
            seed: Optional[int] = None, confidence: float = 0.95, min_difference: float = 0.01,
            progress: ProgressCallback = None) -> Comparison: ...
def sweep(source: ScenarioSource, common_overrides: Sequence[str],
          axes: Sequence[tuple[str, Sequence[str]]], replications: int, threads: int = 0,
          seed: Optional[int] = None, confidence: float = 0.95,
          progress: ProgressCallback = None) -> Sweep: ...

class PolicyParameters:
    mean_daily_demand: float
    lead_time_days: float
    review_period_days: int
    policy: str
    def quantity(self, key: str) -> int: ...
    def quantity_or(self, key: str, fallback: int) -> int: ...
    def number(self, key: str) -> float: ...
    def non_negative_number(self, key: str) -> float: ...
    def has(self, key: str) -> bool: ...
    def fail(self, key: str, message: str) -> None: ...

class ReviewContext:
    day: int
    on_hand: int
    in_transit: int
    on_order: int
    backlog: int
    owed: int
    mean_daily_demand: float
    lead_time_days: float
    review_period_days: int
    def inventory_position(self) -> int: ...
    def forecast(self, start: int, days: int) -> float: ...

class OpenOrder:
    customer: int
    placed: int
    outstanding: int
    lane: int
    customer_population: int
    customer_mean_daily_demand: float
    customer_forecast: float
    customer_position: int
    days_to_next_election: Optional[int]

def run_report_data(model: Model, result: RunResult, command: str = "") -> str: ...
def monte_carlo_report_data(model: Model, result: MonteCarloResult, command: str = "") -> str: ...
def compare_report_data(reference: Model, comparison: Comparison,
                        sets: Sequence[tuple[str, Sequence[str]]], command: str = "") -> str: ...
def sweep_report_data(base: Model, sweep: Sweep, command: str = "") -> str: ...
def write_html_report(file: str | PathLike[str], data: str, lang: str = "id") -> None: ...
def report_answer(data: str, lang: str = "id") -> list[str]: ...
def verify_outputs(dir: str | PathLike[str]) -> list[str]: ...

class PlanEstimate:
    value: float
    low: float
    high: float
    bound: float
    replications: int
    meets: bool

class PlanCandidate:
    value: str
    search: PlanEstimate
    verified: Optional[PlanEstimate]
    objective: Optional[PlanEstimate]
    verified_objective: Optional[PlanEstimate]

class PlanShare:
    node: str
    blanks: int

class Plan:
    name: str
    source_file: str
    scenario_file: str
    label: str
    target: str
    values: list[str]
    proposed: Optional[str]
    values_are_blanks: bool
    is_probability: bool
    replications: int
    verify_replications: int
    confidence: float

class PlanResult:
    plan: Plan
    scenario: str
    seed: int
    method: str
    evaluated: list[PlanCandidate]
    recommended: Optional[PlanCandidate]
    best: PlanCandidate
    proposed: Optional[PlanCandidate]
    baseline: PlanEstimate
    shares: list[PlanShare]
    recommended_scenario: str
    verify_first: int
    seconds: float
    def table(self) -> str: ...
    def write_outputs(self, dir: str | PathLike[str]) -> None: ...

def load_plan(file: str | PathLike[str], overrides: Sequence[str] = ...) -> Plan: ...
def parse_plan(text: str, name: str, base_dir: str | PathLike[str],
               overrides: Sequence[str] = ...) -> Plan: ...
def run_plan(plan: Plan, threads: int = 0,
             progress: Optional[Callable[[int, int], None]] = None) -> PlanResult: ...

def register_replenishment(name: str, description: str, cls: type) -> None: ...
def register_allocation(name: str, description: str, cls: type) -> None: ...
def replenishment_names() -> list[str]: ...
def allocation_names() -> list[str]: ...
