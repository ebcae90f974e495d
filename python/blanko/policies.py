"""Policies written in Python, named in scenarios like the built-in ones.

Subclass ``ReplenishmentPolicy`` (how many blanks a node orders at a review) or
``AllocationPolicy`` (how a short supplier splits its stock among open orders) and register
the class by name::

    @blanko.register_policy("order_up_to_forecast")
    class OrderUpToForecast(blanko.ReplenishmentPolicy):
        def __init__(self, params):
            self.days = params.non_negative_number("days")

        def order_quantity(self, context):
            need = context.forecast(context.day + 1, int(self.days))
            return max(0, round(need) - context.inventory_position())

Each node gets its own instance, built with a ``PolicyParameters`` readable only in the
constructor (quantities such as ``{days_of_demand: 30}`` come resolved; a parameter never
read is reported as unknown). Instances must not change after construction: one serves
every replication, on several threads at once (each call takes the GIL). An exception
raised in a policy reaches the caller of ``simulate``/``monte_carlo`` as itself.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence, TypeVar, Union

from blanko import _core

ReviewContext = _core.ReviewContext
OpenOrder = _core.OpenOrder
PolicyParameters = _core.PolicyParameters

# Names the library brings; a Python policy may not take them over (a scenario naming
# `s_S` must mean the documented s_S).
_BUILT_IN = {
    "replenishment": frozenset(_core.replenishment_names()),
    "allocation": frozenset(_core.allocation_names()),
}


class ReplenishmentPolicy:
    """Base of replenishment policies written in Python."""

    def __init__(self, params: PolicyParameters) -> None:  # noqa: D107 - no parameters
        pass

    def order_quantity(self, context: ReviewContext) -> int:
        """Blanks to order now (an int >= 0; 0 for none). The lane's lot rules are applied
        afterwards."""
        raise NotImplementedError


class AllocationPolicy:
    """Base of allocation policies written in Python."""

    def __init__(self, params: PolicyParameters) -> None:
        pass

    def allocate(self, available: int, orders: Sequence[OpenOrder]) -> Sequence[int]:
        """One grant per order (oldest first): how many blanks each gets. The sum must not
        exceed ``available`` nor a grant its order's ``outstanding`` (else ModelError)."""
        raise NotImplementedError


PolicyClass = TypeVar("PolicyClass", bound=type)


def register_policy(name: str, cls: Optional[type] = None, *, description: str = ""
                    ) -> Union[type, Callable[[PolicyClass], PolicyClass]]:
    """Registers ``cls`` (a ReplenishmentPolicy or AllocationPolicy subclass) as ``name``;
    usable as a decorator, ``@register_policy("name")``. Registering a name again replaces
    the earlier class (a notebook cell run twice); a built-in name is refused."""

    def register(policy: PolicyClass) -> PolicyClass:
        if not isinstance(name, str) or not name:
            raise ValueError("a policy name must be a non-empty string")
        if isinstance(policy, type) and issubclass(policy, ReplenishmentPolicy):
            kind, add = "replenishment", _core.register_replenishment
        elif isinstance(policy, type) and issubclass(policy, AllocationPolicy):
            kind, add = "allocation", _core.register_allocation
        else:
            raise TypeError(f"{policy!r} is neither a blanko.ReplenishmentPolicy nor a "
                            "blanko.AllocationPolicy subclass")
        if name in _BUILT_IN[kind]:
            raise ValueError(f"'{name}' is a built-in {kind} policy; choose another name")
        add(name, description or (policy.__doc__ or "").strip().split("\n")[0], policy)
        return policy

    return register if cls is None else register(cls)


def policy_names() -> dict[str, list[str]]:
    """The policies a scenario can name, built-in and registered, by kind."""
    return {"replenishment": _core.replenishment_names(), "allocation": _core.allocation_names()}
