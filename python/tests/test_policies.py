"""Policies written in Python: named in scenarios like built-in ones, the same results as
the C++ policy they copy, safe on many threads, and their exceptions reach the caller."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest

import blanko


@blanko.register_policy("py_s_S")
class PythonSS(blanko.ReplenishmentPolicy):
    """s_S written in Python: when the position is at or below s, order up to S."""

    def __init__(self, params):
        self.s = params.quantity("s")
        self.S = params.quantity("S")
        if self.s > self.S:
            params.fail("s", f"s ({self.s}) must not exceed S ({self.S})")

    def order_quantity(self, context):
        position = context.inventory_position()
        return max(0, self.S - position) if position <= self.s else 0


@blanko.register_policy("py_fcfs")
class PythonFcfs(blanko.AllocationPolicy):
    """fcfs written in Python: oldest orders first."""

    def allocate(self, available, orders):
        grants = []
        for order in orders:
            grant = min(available, order.outstanding)
            grants.append(grant)
            available -= grant
        return grants


class PolicyFailure(Exception):
    pass


@blanko.register_policy("py_raises")
class Raises(blanko.ReplenishmentPolicy):
    def order_quantity(self, context):
        if context.day > 20:
            raise PolicyFailure(f"no order on day {context.day}")
        return 0


@blanko.register_policy("py_returns_float")
class ReturnsFloat(blanko.ReplenishmentPolicy):
    def order_quantity(self, context):
        return 1.5


@blanko.register_policy("py_returns_negative")
class ReturnsNegative(blanko.ReplenishmentPolicy):
    def order_quantity(self, context):
        return -5


@blanko.register_policy("py_greedy")
class Greedy(blanko.AllocationPolicy):
    def allocate(self, available, orders):
        return [available + 1 for _ in orders]


kept_contexts = []


@blanko.register_policy("py_keeps_context")
class KeepsContext(blanko.ReplenishmentPolicy):
    def order_quantity(self, context):
        kept_contexts.append(context)
        return 0


def with_kabkota_policy(scenario, policy, **parameters):
    return scenario.copy().set("defaults.kabkota.replenishment",
                               {"policy": policy, "review_period_days": 7, **parameters})


SS = {"s": {"days_of_demand": 30}, "S": {"days_of_demand": 75}}


def test_a_python_policy_equals_the_cpp_one(bengkulu):
    cpp = blanko.simulate(with_kabkota_policy(bengkulu, "s_S", **SS)).kpis
    python = blanko.simulate(with_kabkota_policy(bengkulu, "py_s_S", **SS)).kpis
    pd.testing.assert_frame_equal(python, cpp)


def test_a_python_allocation_equals_the_cpp_one(bengkulu):
    cpp = blanko.simulate(bengkulu.copy().set("nodes.pusat.allocation", "fcfs")).kpis
    python = blanko.simulate(bengkulu.copy().set("nodes.pusat.allocation", "py_fcfs")).kpis
    pd.testing.assert_frame_equal(python, cpp)


def test_eight_threads_give_the_one_thread_results(bengkulu):
    scenario = with_kabkota_policy(bengkulu, "py_s_S", **SS).set("nodes.pusat.allocation", "py_fcfs")
    one = blanko.monte_carlo(scenario, 32, threads=1, progress=False)
    eight = blanko.monte_carlo(scenario, 32, threads=8, progress=False)
    np.testing.assert_array_equal(one.replications_array, eight.replications_array)
    pd.testing.assert_frame_equal(one.kpis, eight.kpis)
    cpp = blanko.monte_carlo(with_kabkota_policy(bengkulu, "s_S", **SS), 32, progress=False)
    np.testing.assert_array_equal(cpp.replications_array, eight.replications_array)


def test_a_policy_that_raises_gives_its_exception(bengkulu):
    scenario = with_kabkota_policy(bengkulu, "py_raises")
    with pytest.raises(PolicyFailure, match="no order on day 2"):
        blanko.simulate(scenario)
    with pytest.raises(PolicyFailure):
        blanko.monte_carlo(scenario, 16, threads=2, progress=False)
    # The process is fine afterwards.
    assert blanko.simulate(bengkulu, timeseries=False).network["demand"] > 0


def test_a_policy_must_return_an_int(bengkulu):
    with pytest.raises(TypeError, match="order_quantity.*py_returns_float.*must be an int"):
        blanko.simulate(with_kabkota_policy(bengkulu, "py_returns_float"))


def test_a_policy_must_not_order_a_negative_quantity(bengkulu):
    with pytest.raises(ValueError, match="py_returns_negative.*must not be negative, got -5"):
        blanko.simulate(with_kabkota_policy(bengkulu, "py_returns_negative"))


def test_an_allocation_that_grants_too_much_is_a_model_error(bengkulu):
    scenario = bengkulu.copy().set("nodes.pusat.allocation", "py_greedy")
    with pytest.raises(blanko.ModelError, match="pusat.*granted an impossible quantity"):
        blanko.simulate(scenario)


def test_parameters_are_checked_like_builtin_ones(bengkulu):
    with pytest.raises(blanko.ScenarioError, match="must not exceed S"):
        with_kabkota_policy(bengkulu, "py_s_S", s=100, S=50).validate()
    with pytest.raises(blanko.ScenarioError, match="no parameter 'T'") as e:
        with_kabkota_policy(bengkulu, "py_s_S", T=3, **SS).validate()
    assert e.value.key is not None
    with pytest.raises(blanko.ScenarioError, match="unknown replenishment policy|py_s_s"):
        with_kabkota_policy(bengkulu, "py_s_s", **SS).validate()


def test_a_context_kept_after_the_review_refuses_to_forecast(bengkulu):
    kept_contexts.clear()
    scenario = with_kabkota_policy(bengkulu, "py_keeps_context")
    blanko.simulate(scenario, timeseries=False)
    del scenario
    gc.collect()
    context = kept_contexts[0]
    assert context.day >= 0 and context.on_hand >= 0  # plain values stay readable
    with pytest.raises(blanko.Error, match="only during the review"):
        context.forecast(context.day + 1, 7)


def test_parameters_are_readable_only_in_the_constructor(bengkulu):
    kept = []

    @blanko.register_policy("py_keeps_params")
    class KeepsParams(blanko.ReplenishmentPolicy):
        def __init__(self, params):
            kept.append(params)

        def order_quantity(self, context):
            return 0

    with_kabkota_policy(bengkulu, "py_keeps_params").validate()
    with pytest.raises(blanko.Error, match="only while the policy is constructed"):
        kept[0].quantity("S")


def test_registration_rules():
    with pytest.raises(ValueError, match="built-in"):
        blanko.register_policy("s_S", PythonSS)
    with pytest.raises(TypeError):
        blanko.register_policy("not_a_policy", int)
    names = blanko.policy_names()
    assert "py_s_S" in names["replenishment"] and "py_fcfs" in names["allocation"]
    # Registering a name again replaces the class (a notebook cell run twice).
    blanko.register_policy("py_fcfs", PythonFcfs)
    assert names["allocation"].count("py_fcfs") == 1
