"""Shared fixtures: the repository, the built CLI the package is compared with, and the
bundled scenarios."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(os.environ.get("BLANKO_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCENARIOS = REPO / "scenarios"
BENGKULU = SCENARIOS / "bengkulu-2024.yaml"
INDONESIA = SCENARIOS / "indonesia-2024.yaml"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `blanko` executable of the same build (ctest passes it as BLANKO_CLI)."""
    path = os.environ.get("BLANKO_CLI", "")
    if not path or not Path(path).is_file():
        pytest.fail("BLANKO_CLI must name the built blanko executable (ctest sets it)")
    return Path(path)


def run_cli(cli: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli), *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def bengkulu():
    import blanko

    return blanko.Scenario.load(BENGKULU)


@pytest.fixture(scope="session")
def indonesia():
    import blanko

    return blanko.Scenario.load(INDONESIA)
