"""blanko.plan: the shipped plan as the CLI answers it, a plan given as a dict, errors."""

from __future__ import annotations

import pytest

import blanko
from conftest import REPO, run_cli

KOTA_BENGKULU = REPO / "scenarios" / "plans" / "kota-bengkulu-pilkada-2024.yaml"
SMALL = {"replications": 100, "verify_replications": 200}


def test_the_shipped_plan_gives_the_cli_answer(cli, tmp_path):
    result = blanko.plan(KOTA_BENGKULU, overrides=SMALL, threads=2, progress=False)
    assert result.met and result.recommended is not None
    assert result.verified["meets"] and result.verified["replications"] == 200
    assert result.baseline["estimate"] == 1.0
    assert result.proposed is not None and result.proposed["value"] == "10000"
    assert list(result.evaluated.columns) == ["value", "estimate", "ci_low", "ci_high", "bound",
                                              "meets", "replications"]
    assert result.evaluated["meets"].iloc[-1]
    assert list(result.summary["role"]) == ["recommended", "proposed", "baseline"]
    assert "Recommended: " + result.recommended in str(result)

    done = run_cli(cli, "plan", str(KOTA_BENGKULU), "--set", "replications=100", "--set",
                   "verify_replications=200", "--threads", "2", "--out", str(tmp_path / "cli"))
    assert done.returncode == 0, done.stderr
    result.write(tmp_path / "py")
    cli_csv = (tmp_path / "cli" / "plan.csv").read_text()
    assert (tmp_path / "py" / "plan.csv").read_text() == cli_csv
    assert blanko.verify_outputs(tmp_path / "py") == ["plan.csv", "plan.json", "recommended.yaml"]


def test_a_plan_as_a_dict_with_progress(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO / "scenarios")
    seen = []
    result = blanko.plan({
        "scenario": "bengkulu-2024.yaml",
        "decision": {"set": "nodes.1.overrides.17.71.initial_stock", "values": [0, 5000, 20000],
                     "blanks": True},
        "target": {"kpi": "fill_rate", "node": "17.71", "at_least": 0.5},
        "replications": 20, "verify_replications": 20,
    }, progress=lambda done, total: seen.append((done, total)))
    assert result.decision == "nodes.1.overrides.17.71.initial_stock"
    assert result.met
    assert seen and seen[-1][0] <= seen[-1][1]
    assert repr(result) == f"<PlanResult '<plan dict>': {result.decision} = {result.recommended}>"


def test_a_bad_plan_names_its_key():
    with pytest.raises(blanko.ScenarioError) as caught:
        blanko.plan(KOTA_BENGKULU, overrides={"confidence": 2}, progress=False)
    # A value an override wrote is located at the override, as `blanko plan --set` says it.
    assert caught.value.file == "--set" and caught.value.key == "confidence=2"
    assert "confidence must be" in caught.value.message
    with pytest.raises(blanko.ScenarioError) as caught:
        blanko.plan({"scenario": "x.yaml", "decision": {"top_up": {"node": "a", "date": "2024-01-01"},
                                                        "values": [1]},
                     "target": {"kpi": "fill_rate", "at_least": 0.9}, "replicatons": 3},
                    progress=False)
    assert caught.value.file == "<plan dict>" and caught.value.key == "replicatons"
    assert "did you mean 'replications'" in caught.value.message


def test_a_split_gives_its_shares(monkeypatch):
    monkeypatch.chdir(REPO / "scenarios")
    result = blanko.plan({
        "scenario": "bengkulu-2024.yaml",
        "set": {"lanes.1.closures": [{"start": "2024-09-01", "end": "2024-11-27"}]},
        "decision": {"split": {"budget": 4000, "step": 2000, "date": "2024-09-01",
                               "among": ["17.71", "17.06"]}},
        "target": {"kpi": "suket_issued", "at_most": 1e9},
        "replications": 10, "verify_replications": 10,
    }, progress=False)
    shares = result.shares
    assert list(shares["node"]) == ["17.71", "17.06"]
    assert shares["blanks"].sum() == 4000
    assert len(result.evaluated) == 3  # no split, then two steps
    assert result.evaluated["estimate"].is_monotonic_decreasing


def test_a_choice_gives_the_objective_of_each_alternative():
    plan = REPO / "scenarios" / "plans" / "bengkulu-2024-policy.yaml"
    result = blanko.plan(plan, overrides={"replications": 10, "verify_replications": 20}, progress=False)
    frame = result.evaluated
    assert len(frame) == 9
    assert {"objective", "objective_ci_low", "objective_ci_high", "objective_replications"} <= set(frame.columns)
    assert (frame["objective_replications"] >= 10).all()
    assert result.decision == ("choice of defaults.kabkota.replenishment.s, "
                               "defaults.kabkota.replenishment.S")
