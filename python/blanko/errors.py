"""The exceptions blanko raises, the same as the CLI's messages word for word.

- ``Error``: the base of every exception blanko raises on purpose (bad options, an
  unusable checkpoint...).
- ``ScenarioError(Error, ValueError)``: bad input in a scenario, with ``file``, ``line``,
  ``column`` (None when the value did not come from a file), ``key`` (the YAML key path)
  and ``message`` (the text without the place).
- ``ModelError(Error, RuntimeError)``: an impossible state in the simulation (a broken
  invariant, or a policy that granted blanks it did not have).
"""

from blanko._core import Error, ModelError, ScenarioError

__all__ = ["Error", "ModelError", "ScenarioError"]
