"""Scenarios from files, YAML text and dicts; set() on nested and list paths; the node and
calendar tables."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import yaml

import blanko
from conftest import BENGKULU, SCENARIOS


def test_load_reads_the_file(bengkulu):
    assert bengkulu.name == "Bengkulu 2024"
    assert bengkulu.start == dt.date(2024, 1, 1)
    assert bengkulu.end == dt.date(2024, 12, 31)
    assert bengkulu.horizon_days == 366
    assert bengkulu.seed == 20240214
    assert len(bengkulu.sha256) == 64


def test_nodes_table(bengkulu):
    nodes = bengkulu.nodes
    assert list(nodes.columns) == ["node", "name", "level", "province", "parent", "population",
                                   "initial_stock", "office"]
    assert len(nodes) == 12
    kota = nodes.set_index("node").loc["17.71"]
    assert kota["name"] == "Kota Bengkulu"
    assert kota["level"] == "kabkota"
    assert kota["parent"] == "17"
    assert kota["initial_stock"] == 10500
    assert kota["office"]
    assert nodes.set_index("node").loc["pusat", "parent"] == ""
    # Kab/kota rows of the population table sum to the province's.
    kabkota = nodes[nodes["level"] == "kabkota"]
    assert kabkota["population"].sum() == nodes.set_index("node").loc["17", "population"]


def test_events_table(bengkulu):
    events = bengkulu.events
    assert {"name", "kind", "start", "end", "regions", "share"} <= set(events.columns)
    pilkada = events[events["kind"] == "pilkada"].iloc[0]
    assert pilkada["end"] == pd.Timestamp("2024-11-26")
    assert "closure" in set(events["kind"])


def test_dict_and_yaml_round_trip_give_the_same_run(bengkulu):
    text = BENGKULU.read_text()
    from_yaml = blanko.Scenario.from_yaml(text, name=str(BENGKULU), base_dir=SCENARIOS)
    from_dict = blanko.Scenario.from_dict(yaml.safe_load(text), base_dir=SCENARIOS)
    expected = blanko.simulate(bengkulu, timeseries=False).kpis
    for other in (from_yaml, from_dict):
        pd.testing.assert_frame_equal(blanko.simulate(other, timeseries=False).kpis, expected)
    assert from_yaml.sha256 == bengkulu.sha256


def test_set_nested_list_and_id_paths(bengkulu):
    s = bengkulu.copy()
    s.set("defaults.kabkota.office.printers", 3)
    s.set("nodes.1.overrides.17.71.initial_stock", 12345)
    s.set("procurement.lots.1.quantity", 1000)
    s.set("procurement.lots.0.date", dt.date(2024, 5, 1))
    s.set("lanes.0.lot", {"min": 2000, "multiple": 1000})
    assert s.overrides == [
        "defaults.kabkota.office.printers=3", "nodes.1.overrides.17.71.initial_stock=12345",
        "procurement.lots.1.quantity=1000", "procurement.lots.0.date=2024-05-01",
        'lanes.0.lot={"min": 2000, "multiple": 1000}']
    assert s.nodes.set_index("node").loc["17.71", "initial_stock"] == 12345
    # The copy changed, the original did not; and the change shows in the results.
    assert bengkulu.nodes.set_index("node").loc["17.71", "initial_stock"] == 10500
    a = blanko.simulate(bengkulu, timeseries=False).network
    b = blanko.simulate(s, timeseries=False).network
    assert a["received"] != b["received"]


def test_set_matches_the_cli_overrides(bengkulu):
    by_set = bengkulu.copy().set("scenario.seed", 7).set("defaults.kabkota.office.printers", 1)
    loaded = blanko.Scenario.load(BENGKULU, {"scenario.seed": 7,
                                             "defaults.kabkota.office.printers": 1})
    assert by_set.seed == loaded.seed == 7
    pd.testing.assert_frame_equal(blanko.simulate(by_set, timeseries=False).kpis,
                                  blanko.simulate(loaded, timeseries=False).kpis)


def test_a_bad_set_raises_and_leaves_the_scenario_as_it_was(bengkulu):
    s = bengkulu.copy()
    with pytest.raises(blanko.ScenarioError) as e:
        s.set("defaults.kabkota.office.printerz", 3)
    assert e.value.key is not None and "printerz" in e.value.key
    with pytest.raises(blanko.ScenarioError):
        s.set("defaults.kabkota.office.printers", "many")
    assert s.overrides == []
    s.validate()


def test_set_refuses_values_it_cannot_write(bengkulu):
    with pytest.raises(TypeError):
        bengkulu.copy().set("scenario.seed", object())
    with pytest.raises(TypeError):
        bengkulu.copy().set("", 1)


def test_numpy_values_are_written_as_numbers(bengkulu):
    s = bengkulu.copy().set("defaults.kabkota.office.printers", np.int64(3))
    assert s.overrides == ["defaults.kabkota.office.printers=3"]


def test_from_dict_refuses_a_non_mapping():
    with pytest.raises(TypeError):
        blanko.Scenario.from_dict(["not", "a", "dict"])


def test_lanes_table(bengkulu):
    lanes = bengkulu.lanes
    assert len(lanes) == 11  # pusat -> 17, and 17 -> each of its ten kab/kota
    first = lanes.iloc[0]
    assert (first["from"], first["to"], first["mode"]) == ("pusat", "17", "pickup")
    assert first["lead_time"] == "triangular"
    assert 13 < first["lead_time_mean_days"] < 15  # triangular(7, 14, 21)
    assert (first["min_lot"], first["lot_multiple"]) == (1000, 500)
    kab = lanes.iloc[1:]
    assert set(kab["from"]) == {"17"} and (kab["max_lot"] == 10000).all()


def test_to_yaml_and_to_dict_carry_the_overrides(bengkulu):
    changed = bengkulu.copy().set("defaults.kabkota.office.printers", 3).set("scenario.seed", 9)
    data = changed.to_dict()
    assert data["defaults"]["kabkota"]["office"]["printers"] == 3
    again = blanko.Scenario.from_dict(data, base_dir=SCENARIOS)
    assert again.seed == 9
    pd.testing.assert_frame_equal(blanko.simulate(again, timeseries=False).kpis,
                                  blanko.simulate(changed, timeseries=False).kpis)
    text_again = blanko.Scenario.from_yaml(changed.to_yaml(), base_dir=SCENARIOS)
    assert text_again.seed == 9
