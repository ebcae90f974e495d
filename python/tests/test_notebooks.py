"""The example notebooks (examples/notebooks/*.ipynb) run from top to bottom.

Each notebook is executed with nbclient in a fresh python3 kernel, with few replications
(BLANKO_NOTEBOOK_REPLICATIONS) and the repository's scenarios (BLANKO_SCENARIOS). A cell
that raises fails the test with nbclient's CellExecutionError, which shows the cell and
its traceback. The kernel imports the same blanko package as this test: its folder is put
first on the kernel's PYTHONPATH.

Run with ``PYTHONPATH=build/test/python MPLBACKEND=Agg python3 -m pytest
python/tests/test_notebooks.py`` (ctest runs it as python_test_notebooks).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Imported, not skipped when missing: scripts/setup.sh installs them, and a suite that
# silently skips its notebooks would pass without running them.
import ipykernel  # noqa: F401
import nbclient
import nbformat

import blanko

REPOSITORY = Path(os.environ.get("BLANKO_SOURCE_DIR") or Path(__file__).parents[2]).resolve()
NOTEBOOKS = REPOSITORY / "examples" / "notebooks"

# Replications per notebook: enough for every cell to have something to show, few enough
# for the three to run in well under a minute (Bengkulu: under a millisecond per
# replication; Indonesia: about 13 ms).
REPLICATIONS = {
    "01_planner_bengkulu.ipynb": 20,
    "02_researcher_indonesia.ipynb": 50,
    "03_custom_policy.ipynb": 20,
}


def test_every_notebook_is_tested():
    assert sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")) == sorted(REPLICATIONS)


@pytest.mark.parametrize("name", sorted(REPLICATIONS))
def test_notebook_is_committed_clean(name):
    """Committed without outputs, for the python3 kernel, opening with its question."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# ")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{name}: a code cell has outputs; clear them before committing")
    code = "".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "BLANKO_NOTEBOOK_REPLICATIONS" in code and "BLANKO_SCENARIOS" in code


@pytest.fixture
def kernel_environment(monkeypatch):
    """The environment the kernel inherits: this test's blanko first on PYTHONPATH, the
    repository's scenarios, a non-interactive matplotlib backend."""
    package_root = str(Path(blanko.__file__).resolve().parent.parent)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([package_root] + paths))
    monkeypatch.setenv("BLANKO_SCENARIOS", str(REPOSITORY / "scenarios"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet the debugger's warning


@pytest.mark.parametrize("name", sorted(REPLICATIONS))
def test_notebook_runs(name, kernel_environment, monkeypatch):
    monkeypatch.setenv("BLANKO_NOTEBOOK_REPLICATIONS", str(REPLICATIONS[name]))
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError on the first cell that fails
    # The notebook ran with the replications asked for, from the scenarios given.
    printed = "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                      for output in cell.outputs if output.output_type == "stream")
    assert f"{REPLICATIONS[name]} replications" in printed
    assert str(REPOSITORY / "scenarios") in printed
