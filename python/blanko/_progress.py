"""Progress of long runs: a tqdm bar where tqdm is installed (in notebooks too), otherwise a
plain line on stderr rewritten in place. The compiled runs call it from the caller's thread
about ten times a second."""

from __future__ import annotations

import sys
import time
from typing import Callable, Optional, Union

ProgressCallback = Callable[[int, int], None]
Progress = Union[bool, ProgressCallback, None]


class _PlainLine:
    """``done/total replications`` on one line of stderr, at most twice a second."""

    def __init__(self, description: str) -> None:
        self._description = description
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.5:
            return
        self._last = now
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{self._description}: {done}/{total} replications{end}")
        sys.stderr.flush()

    def close(self) -> None:
        pass


def _tqdm_class():
    """tqdm's notebook widget where ipywidgets can draw it, its text bar otherwise (rather
    than tqdm.auto's warning in a notebook without ipywidgets)."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm.std import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm


class _TqdmBar:
    def __init__(self, description: str) -> None:
        self._bar = _tqdm_class()(desc=description, unit="rep", leave=False)

    def __call__(self, done: int, total: int) -> None:
        if self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        self._bar.close()


class ProgressSink:
    """A context manager giving the callable the compiled run reports to (or None)."""

    def __init__(self, progress: Progress, description: str) -> None:
        self._progress = progress
        self._description = description
        self._sink: Optional[object] = None

    def __enter__(self) -> Optional[ProgressCallback]:
        if self._progress is None or self._progress is False:
            return None
        if callable(self._progress) and self._progress is not True:
            return self._progress
        try:
            self._sink = _TqdmBar(self._description)
        except ImportError:
            self._sink = _PlainLine(self._description)
        return self._sink  # type: ignore[return-value]

    def __exit__(self, *exc: object) -> None:
        if self._sink is not None:
            self._sink.close()  # type: ignore[attr-defined]
