"""Preset scenarios: they load against the real dataset, run, cite their facts, and move the
shares the way their names say."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.projection import Projection
from chipscope.model.scenario import ScenarioError
from chipscope.storage import load_dataset
from chipscope.storage.presets import find_preset, load_presets, preset_files, presets_dir

NAMES = ["Baseline", "Trainium breakout", "NVIDIA holds", "Custom silicon wave", "Price war"]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(paths.bundled_db_path())


@pytest.fixture(scope="module")
def runs(dataset: Dataset) -> dict[str, Projection]:
    specs = AssumptionSpecs.for_dataset(dataset)
    return {p.name: project(dataset, p.apply(specs.defaults())) for p in load_presets(specs)}


def _share_2030(run: Projection, vendors: list[str]) -> float:
    shares = run.vendor_shares("h100e")[run.year_index(2030)]
    return float(sum(shares[run.vendor_ids.index(v)] for v in vendors))


def test_every_preset_loads_validates_and_runs(dataset: Dataset,
                                               runs: dict[str, Projection]) -> None:
    specs = AssumptionSpecs.for_dataset(dataset)
    presets = load_presets(specs)
    assert [p.name for p in presets] == NAMES
    assert presets_dir() == paths.resources_dir() / "presets"
    assert len(preset_files()) == len(NAMES)
    for preset in presets:
        assert len(preset.description) > 200, f"{preset.name}: say what it encodes"
        values = preset.apply(specs.defaults())  # every key known, every value in bounds
        assert values.changed() == preset.values
        shares = runs[preset.name].vendor_shares("h100e")
        assert np.isfinite(shares).all()
        np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-9)
    assert find_preset(presets, "Baseline") is presets[0] and find_preset(presets, "x") is None


def test_baseline_is_the_defaults(dataset: Dataset) -> None:
    baseline = load_presets(AssumptionSpecs.for_dataset(dataset))[0]
    assert baseline.values == {}


def test_descriptions_state_the_current_defaults(dataset: Dataset) -> None:
    """Baseline's description quotes the defaults; if they are re-tuned it must follow."""
    specs = AssumptionSpecs.for_dataset(dataset)
    presets = {p.name: p for p in load_presets(specs)}
    text = " ".join(presets["Baseline"].description.split())
    d = specs.defaults()
    expected = [f"budgets growing {d['demand_growth_pct']:g} %/yr",
                f"prices falling {-d['vendor.nvidia.price_change_pct']:g} %/yr",
                f"(beta) {d['price_sensitivity']:g}", f"(lambda) {d['lock_in']:g}",
                f"(kappa) {d['switching_speed']:g}"]
    assert [e for e in expected if e not in text] == []
    assert all(d[f"vendor.{v}.price_change_pct"] == d["vendor.nvidia.price_change_pct"]
               for v in dataset.vendor_ids)
    holds = presets["NVIDIA holds"].values
    # The fitted lock-in sits at its bound, so NVIDIA holds makes the mix stickier by a
    # slower switch away from it, or by a stronger lock-in where there is room.
    assert (holds.get("lock_in", d["lock_in"]) > d["lock_in"]
            or holds.get("switching_speed", d["switching_speed"]) < d["switching_speed"]), \
        "NVIDIA holds must strengthen lock-in"


def test_descriptions_cite_the_facts(dataset: Dataset) -> None:
    """Each preset names the deals, dates and sources it encodes (shared/reference facts)."""
    presets = {p.name: p.description for p in load_presets(AssumptionSpecs.for_dataset(dataset))}
    cites = {
        "Trainium breakout": ["$50B", "Feb 27, 2026", "~2 GW", "Project Rainier", "Trainium2",
                              "Apple", "Dec 3, 2024", "evaluating"],
        "NVIDIA holds": ["lock-in", "Oct 23, 2025", "reported", "Sep 22, 2025"],
        "Custom silicon wave": ["TPU", "Trainium", "Maia", "MTIA", "Broadcom", "Oct 13, 2025",
                                "Jan 26, 2026"],
        "Price war": ["NVIDIA", "30 %/yr"],
        "Baseline": ["2025", "Epoch AI", "Oct 6, 2025"],
    }
    for name, words in cites.items():
        missing = [w for w in words if w not in presets[name]]
        assert not missing, f"{name} description does not mention {missing}"


def test_presets_move_shares_the_way_their_names_say(dataset: Dataset,
                                                     runs: dict[str, Projection]) -> None:
    base = runs["Baseline"]
    custom = [v for v, kind in zip(dataset.vendors["vendor_id"], dataset.vendors["kind"],
                                   strict=True) if kind == "hyperscaler custom"]
    assert {"google", "aws", "microsoft", "meta", "broadcom_openai"} <= set(custom)
    moves = {
        "Trainium breakout": (["aws"], +1),
        "NVIDIA holds": (["nvidia"], +1),
        "Custom silicon wave": (custom, +1),
        "Price war": (["nvidia"], +1),
    }
    for name, (vendors, sign) in moves.items():
        delta = _share_2030(runs[name], vendors) - _share_2030(base, vendors)
        assert sign * delta > 0.01, f"{name}: {vendors} 2030 share moved {delta:+.3f}"
    # ... and history is the same in every preset.
    for run in runs.values():
        hist = run.is_history
        np.testing.assert_array_equal(run.vendor_shares()[hist], base.vendor_shares()[hist])
    # NVIDIA holds keeps custom chips captive: outsiders buy less of them than in the baseline.
    a = base.adopter_ids.index("anthropic")
    outsider = [base.vendor_ids.index(v) for v in ("aws", "google")]
    held = runs["NVIDIA holds"].by_adopter_vendor("h100e", 2030)[a, outsider].sum()
    assert math.isfinite(held)
    assert held < base.by_adopter_vendor("h100e", 2030)[a, outsider].sum()


def test_presets_run_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "price_war.csv"
    assert main(["run", "--db", str(paths.bundled_db_path()), "--scenario",
                 str(presets_dir() / "05-price-war.toml"), "--out", str(out)]) == 0
    frame = pd.read_csv(out, comment="#")
    assert set(frame["year"]) >= {2025, 2030}


def test_a_bad_preset_is_reported_with_its_file(dataset: Dataset, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "presets").mkdir()
    (tmp_path / "presets" / "01-x.toml").write_text(
        'format_version = 1\nname = "X"\n[assumptions]\nlock_inn = 1\nlock_in = 9\n')
    for stem in ("02-y", "03-y"):
        (tmp_path / "presets" / f"{stem}.toml").write_text('format_version = 1\nname = "Y"\n')
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    with pytest.raises(ScenarioError) as info:
        load_presets(AssumptionSpecs.for_dataset(dataset))
    problems = info.value.problems
    assert any(p.startswith("01-x.toml: line 4: unknown assumption 'lock_inn'") for p in problems)
    assert any(p.startswith("01-x.toml: line 5: lock_in: 9") for p in problems)
    assert "two presets are named 'Y'" in problems and len(problems) == 3


def test_usable_presets_skip_what_a_dataset_lacks() -> None:
    from chipscope.model.synthetic import synthetic_dataset
    from chipscope.storage.presets import usable_presets

    presets, problems = usable_presets(AssumptionSpecs.for_dataset(synthetic_dataset()))
    names = [p.name for p in presets]
    assert "Baseline" in names and "Trainium breakout" not in names  # no AWS deal there
    assert any(re.match(r"02-trainium-breakout\.toml: line \d+: unknown assumption", p)
               for p in problems)
