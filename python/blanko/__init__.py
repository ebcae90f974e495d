"""blanko: discrete-event simulation of blank e-KTP card supply chains, from Python.

    import blanko
    scenario = blanko.Scenario.load("scenarios/bengkulu-2024.yaml")
    result = blanko.simulate(scenario)                 # one replication
    result.kpis                                         # a DataFrame: a row per node
    mc = blanko.monte_carlo(scenario, replications=1000)
    mc.stockout_probability                             # per node

See docs/python.md for the whole API.
"""

from blanko._core import __version__, verify_outputs
from blanko._frames import kpi_table
from blanko._paths import data_file
from blanko.analysis import Comparison, SweepResult, compare, sweep
from blanko.planning import PlanResult, plan
from blanko.errors import Error, InputError, ModelError, OutputError, ScenarioError
from blanko.policies import (
    AllocationPolicy,
    OpenOrder,
    PolicyParameters,
    ReplenishmentPolicy,
    ReviewContext,
    policy_names,
    register_policy,
)
from blanko.results import SERIES, MonteCarlo, Result, monte_carlo, simulate
from blanko.scenario import Scenario

__all__ = [
    "AllocationPolicy", "Comparison", "Error", "InputError", "ModelError", "MonteCarlo",
    "OpenOrder", "OutputError", "PlanResult", "PolicyParameters", "ReplenishmentPolicy", "Result",
    "ReviewContext", "SERIES", "Scenario", "ScenarioError", "SweepResult", "__version__", "compare", "data_file", "kpi_table",
    "monte_carlo", "plan", "policy_names", "register_policy", "simulate", "sweep", "verify_outputs",
]
