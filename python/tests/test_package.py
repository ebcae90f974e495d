"""The package as users get it: the stubs describe the compiled module, and `cmake
--install` lays out an importable package with its data."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import blanko
from blanko import _core
from conftest import BENGKULU, REPO


def stub_names() -> dict[str, set[str]]:
    """Top-level names of _core.pyi, and the members of each class it declares."""
    tree = ast.parse((REPO / "python" / "blanko" / "_core.pyi").read_text())
    names: dict[str, set[str]] = {"": set()}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[""].add(node.name)
            names[node.name] = {
                item.target.id if isinstance(item, ast.AnnAssign) else item.name
                for item in node.body
                if isinstance(item, (ast.AnnAssign, ast.FunctionDef))}
        elif isinstance(node, ast.FunctionDef):
            names[""].add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names[""].add(node.target.id)
    return names


def test_the_stubs_match_the_compiled_module():
    stubs = stub_names()
    public = {name for name in dir(_core) if not name.startswith("_")} | {"__version__"}
    assert stubs[""] - {"ProgressCallback"} == public
    for name, members in stubs.items():
        if not name or not isinstance(getattr(_core, name), type):
            continue
        cls = getattr(_core, name)
        if issubclass(cls, BaseException):
            continue
        actual = {m for m in dir(cls) if not m.startswith("_")}
        assert members - {"__init__"} == actual, name


def test_the_package_is_typed():
    assert (Path(blanko.__file__).parent / "py.typed").is_file()


def test_cmake_install_gives_an_importable_package(tmp_path):
    build = os.environ.get("BLANKO_BINARY_DIR")
    if not build:
        pytest.fail("BLANKO_BINARY_DIR must name the build tree (ctest sets it)")
    subprocess.run(["cmake", "--install", build, "--prefix", str(tmp_path), "--component", "python"],
                   check=True, capture_output=True)
    packages = list(tmp_path.glob("lib*/python3*/site-packages/blanko"))
    assert len(packages) == 1, list(tmp_path.rglob("*"))
    package = packages[0]
    assert (package / "data" / "indonesia_kabkota_boundaries_simplified.geojson").is_file()
    code = ("import blanko, sys; r = blanko.simulate(sys.argv[1], timeseries=False); "
            "print(blanko.__file__, int(r.network['demand'])); "
            "print(blanko.data_file('indonesia_kabkota_boundaries_simplified.geojson'))")
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    done = subprocess.run([sys.executable, "-c", code, str(BENGKULU)], env=env,
                          capture_output=True, text=True, check=True)
    where, demand = done.stdout.splitlines()[0].split()
    assert Path(where).is_relative_to(tmp_path)
    assert int(demand) == int(blanko.simulate(BENGKULU, timeseries=False).network["demand"])
