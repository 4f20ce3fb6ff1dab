"""Scenario files: export to TOML, import into another user's database, identical results."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.projection import MEASURES
from chipscope.model.scenario import Scenario, ScenarioError
from chipscope.storage import (
    StorageError,
    list_scenarios,
    load_scenario,
    open_user_database,
    save_scenario,
)
from chipscope.storage.scenario_files import (
    free_name,
    import_scenario_file,
    read_scenario_file,
    write_scenario_file,
)


def _odd_values(specs: AssumptionSpecs, seed: int) -> dict[str, float]:
    """Awkward floats (many digits), "none", booleans: anything lossy would show."""
    rng = random.Random(seed)
    values: dict[str, float] = {"price_sensitivity": 1.0 / 3.0, "lock_in": 0.1 + 0.2,
                                "switching_speed": math.pi / 10, "horizon_year": 2033}
    for key, spec in specs.items():
        if key.endswith(".price_change_pct"):
            values[key] = rng.uniform(-40, 10)
        elif key.endswith((".affinity.aws", ".affinity.google")):
            values[key] = rng.uniform(-2, 2)
        elif key.endswith(".enabled") and rng.random() < 0.3:
            values[key] = 0.0
        elif key.endswith(".supply_cap_h100e") and rng.random() < 0.3:
            values[key] = rng.uniform(1e5, 1e7)
        elif spec.optional and key.endswith(".demand_growth_pct") and rng.random() < 0.3:
            values[key] = rng.uniform(0, 80)
    return values


def test_export_import_into_another_home_gives_identical_arrays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "alice"))
    dataset, alice = open_user_database()
    specs = AssumptionSpecs.for_dataset(dataset)
    values = specs.defaults().replace(_odd_values(specs, 7))
    save_scenario(alice, "Odd", "awkward numbers\nand a second line", values.changed())
    record = load_scenario(alice, "Odd")
    file = tmp_path / "odd.toml"
    write_scenario_file(file, record.scenario, specs)

    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "bob"))
    dataset_b, bob = open_user_database()
    assert bob != alice and list_scenarios(bob) == []
    specs_b = AssumptionSpecs.for_dataset(dataset_b)
    imported = import_scenario_file(bob, file, specs_b)
    assert imported == record.scenario
    again = load_scenario(bob, "Odd").scenario.apply(specs_b.defaults())
    assert again == values

    first, second = project(dataset, values), project(dataset_b, again)
    np.testing.assert_array_equal(first.years, second.years)
    for measure in MEASURES:
        np.testing.assert_array_equal(first.measure(measure), second.measure(measure))
    np.testing.assert_array_equal(first.unmet_h100e, second.unmet_h100e)


def test_import_never_overwrites_unless_asked(db: Path, tmp_path: Path) -> None:
    from chipscope.storage import load_dataset

    specs = AssumptionSpecs.for_dataset(load_dataset(db))
    save_scenario(db, "Mine", "", {"lock_in": 2.0})
    file = tmp_path / "mine.toml"
    write_scenario_file(file, Scenario("Mine", "from a file", {"lock_in": 1.0}), specs)
    assert import_scenario_file(db, file, specs).name == "Mine (2)"
    assert import_scenario_file(db, file, specs).name == "Mine (3)"
    assert load_scenario(db, "Mine").values == {"lock_in": 2.0}
    import_scenario_file(db, file, specs, overwrite=True)
    assert load_scenario(db, "Mine").values == {"lock_in": 1.0}


def test_bad_file_names_every_key_and_saves_nothing(db: Path, tmp_path: Path) -> None:
    from chipscope.storage import load_dataset

    specs = AssumptionSpecs.for_dataset(load_dataset(db))
    bad = tmp_path / "bad.toml"
    bad.write_text('format_version = 1\nname = "Bad"\n[assumptions]\nlock_in = 9\n'
                   'lock_inn = 1\nswitching_speed = "x"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        import_scenario_file(db, bad, specs)
    assert len(info.value.problems) == 3
    assert any("lock_inn" in p for p in info.value.problems)
    assert list_scenarios(db) == []
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(StorageError, match="not UTF-8"):
        read_scenario_file(binary, specs)
    with pytest.raises(StorageError, match="Cannot read"):
        read_scenario_file(tmp_path / "missing.toml", specs)


def test_export_never_overwrites_a_foreign_file(db: Path, tmp_path: Path) -> None:
    from chipscope.storage import load_dataset

    specs = AssumptionSpecs.for_dataset(load_dataset(db))
    notes = tmp_path / "notes.toml"
    notes.write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    with pytest.raises(StorageError, match="not a ChipScope scenario"):
        write_scenario_file(notes, Scenario("S", "", {"lock_in": 1.0}), specs)
    assert notes.read_text(encoding="utf-8") == "[tool.other]\nx = 1\n"
    target = tmp_path / "s.toml"
    write_scenario_file(target, Scenario("S", "", {"lock_in": 1.0}), specs)
    write_scenario_file(target, Scenario("S", "", {"lock_in": 2.0}), specs)  # ours: replaced
    assert read_scenario_file(target, specs).values == {"lock_in": 2.0}
    assert sorted(p.name for p in tmp_path.glob("*.toml*")) == ["notes.toml", "s.toml"]
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_free_name() -> None:
    assert free_name([], "A") == "A"
    assert free_name(["A", "A (2)"], "A") == "A (3)"
    assert free_name(["Scenario"], "  ") == "Scenario (2)"
