"""Where the package finds the data it ships with (the kab/kota boundaries for maps)."""

from __future__ import annotations

from pathlib import Path

_DATA_DIR = Path(__file__).parent / "data"


def data_file(name: str) -> Path:
    """The path of data file ``name`` shipped in ``blanko/data``.

    Raises FileNotFoundError naming the file and the folder when it is not there (a
    package assembled without its data).
    """
    path = _DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"blanko data file {name!r} is not in {_DATA_DIR}")
    return path
