"""The exceptions blanko raises, the same as the CLI's messages word for word.

- ``Error``: the base of every exception blanko raises on purpose (bad options...).
- ``ScenarioError(Error, ValueError)``: bad input in a scenario, with ``file``, ``line``,
  ``column`` (None when the value did not come from a file), ``key`` (the YAML key path)
  and ``message`` (the text without the place).
- ``InputError(Error, ValueError)``: a file other than a scenario that blanko cannot use
  (missing, truncated, corrupt, or written for another run: a checkpoint, a run's
  report.json), with ``file`` and ``message``.
- ``OutputError(Error, OSError)``: an output that cannot be written (a directory under a
  regular file, a read-only directory, a full disk), with ``path`` (the file or directory)
  and ``message``.
- ``ModelError(Error, RuntimeError)``: an impossible state in the simulation (a broken
  invariant, or a policy that granted blanks it did not have).
"""

from blanko._core import Error, InputError, ModelError, OutputError, ScenarioError

__all__ = ["Error", "InputError", "ModelError", "OutputError", "ScenarioError"]
