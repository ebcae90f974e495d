"""Every error type, with the place it names and the CLI's message word for word."""

from __future__ import annotations

import pytest

import blanko
from conftest import BENGKULU, run_cli

BAD_PRINTERS = """\
scenario: {name: bad, start: 2024-01-01, end: 2024-01-31}
nodes:
  - id: pusat
    kind: centre
    initial_stock: 100
  - id: "17.71"
    kind: kabkota
    population: 1000
    office:
      printers: -2
    demand: {annual_rate: 0.1}
    replenishment: {policy: base_stock, S: 100}
lanes:
  - {from: pusat, to: "17.71", lead_time: 3}
"""


def cli_message(cli, path):
    done = run_cli(cli, "validate", str(path))
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip().splitlines()[0]
    prefix = "blanko: error: "
    assert line.startswith(prefix), line
    return line[len(prefix):]


def test_a_scenario_error_names_file_line_column_and_key(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PRINTERS)
    with pytest.raises(blanko.ScenarioError) as e:
        blanko.Scenario.load(path).validate()
    err = e.value
    assert isinstance(err, ValueError) and isinstance(err, blanko.Error)
    assert err.file == str(path)
    assert err.line == 10 and err.column == 17
    assert err.key == "nodes[1].office.printers"
    assert "printers must be an integer between 1 and 100,000" in err.message
    assert str(err) == cli_message(cli, path)
    assert str(err).endswith(err.message)


def test_an_unknown_key_has_a_suggestion(cli, tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(BAD_PRINTERS.replace("printers: -2", "printerz: 2"))
    with pytest.raises(blanko.ScenarioError) as e:
        blanko.Scenario.load(path)
    assert "did you mean 'printers'" in str(e.value)
    assert str(e.value) == cli_message(cli, path)


def test_a_missing_file(cli, tmp_path):
    path = tmp_path / "missing.yaml"
    with pytest.raises(blanko.ScenarioError) as e:
        blanko.Scenario.load(path)
    assert str(path) in str(e.value)
    assert str(e.value) == cli_message(cli, path)


def test_yaml_syntax_errors_from_text():
    with pytest.raises(blanko.ScenarioError) as e:
        blanko.Scenario.from_yaml("scenario: [unclosed", name="inline.yaml")
    assert e.value.file == "inline.yaml" and e.value.line is not None


def test_errors_of_a_dict_name_the_key():
    with pytest.raises(blanko.ScenarioError) as e:
        blanko.Scenario.from_dict({"scenario": {"name": "x", "start": "2024-01-01",
                                                "end": "2024-01-31"},
                                   "nodes": [{"id": "a", "kind": "centre",
                                              "initial_stock": "lots"}]})
    assert e.value.key == "nodes[0].initial_stock"
    assert e.value.file == "<dict>"


def test_a_set_error_is_located_at_the_override(bengkulu):
    with pytest.raises(blanko.ScenarioError) as e:
        bengkulu.copy().set("scenario.seed", "abc")
    assert e.value.file == "--set"
    assert e.value.key == "scenario.seed=abc"
    assert e.value.line is None


def test_model_error_and_error_are_distinct_types():
    assert issubclass(blanko.ModelError, blanko.Error) and issubclass(blanko.ModelError, RuntimeError)
    assert issubclass(blanko.ScenarioError, ValueError)
    assert not issubclass(blanko.ScenarioError, blanko.ModelError)


def test_input_and_output_errors_are_distinct_types():
    assert issubclass(blanko.InputError, blanko.Error) and issubclass(blanko.InputError, ValueError)
    assert issubclass(blanko.OutputError, blanko.Error) and issubclass(blanko.OutputError, OSError)
    for a, b in [(blanko.InputError, blanko.OutputError), (blanko.InputError, blanko.ScenarioError),
                 (blanko.OutputError, blanko.ScenarioError), (blanko.OutputError, blanko.ModelError)]:
        assert not issubclass(a, b) and not issubclass(b, a)


def test_a_report_that_cannot_be_written_is_an_output_error(cli, bengkulu, tmp_path):
    # A parent that is a regular file: the user's to fix, and the CLI's words for it.
    (tmp_path / "plain").write_text("a file, not a directory")
    path = tmp_path / "plain" / "report.html"
    result = blanko.simulate(bengkulu, seed=1)
    with pytest.raises(blanko.OutputError) as e:
        result.report(path)
    err = e.value
    assert isinstance(err, OSError) and isinstance(err, blanko.Error)
    assert err.path == str(tmp_path / "plain")
    assert "report.html" in err.message and str(err).startswith(err.path + ": ")
    done = run_cli(cli, "run", "-q", str(BENGKULU), "--report", str(path))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == f"blanko: error: {err}"
    assert not list(tmp_path.glob("**/*.tmp"))


def test_verify_outputs_checks_a_cli_directory_against_its_manifest(cli, tmp_path):
    out = tmp_path / "study"
    done = run_cli(cli, "run", str(BENGKULU), "-n", "5", "--threads", "1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    files = blanko.verify_outputs(out)
    assert "kpis.csv" in files and "summary.json" in files
    assert "manifest.json" not in files

    kpis = out / "kpis.csv"
    kpis.write_text(kpis.read_text() + "one more line\n")
    with pytest.raises(blanko.InputError) as caught:
        blanko.verify_outputs(out)
    assert caught.value.file == str(kpis)

    (out / "manifest.json").unlink()
    with pytest.raises(blanko.InputError):
        blanko.verify_outputs(out)
