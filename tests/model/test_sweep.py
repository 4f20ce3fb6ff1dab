"""Sweep specs: parsing with located errors, the scenario table, and the runs."""

from __future__ import annotations

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.sweep import (
    MAX_SCENARIOS,
    SpecError,
    expand_metrics,
    parse_sweep_spec,
    run_scenarios,
    scenario_table,
    unit_sample,
)
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)
BASE = SPECS.defaults()
SAMPLE = ('metrics = ["share:v1:2028"]\n[sample]\nn = 16\nseed = 3\n'
          '[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 3\n'
          '[ranges.vendor.v0.price_change_pct]\ndist = "normal"\nlow = -20\nhigh = 0\n')


def test_a_grid_is_the_cartesian_product_in_order() -> None:
    spec = parse_sweep_spec('[grid]\nlock_in = [1, 2, 3]\n"deal.d0.enabled" = [true, false]\n',
                            SPECS, "g.toml")
    keys, table = scenario_table(spec, DATASET, BASE)
    assert keys == ("lock_in", "deal.d0.enabled")
    assert table.tolist() == [[1, 1], [1, 0], [2, 1], [2, 0], [3, 1], [3, 0]]


def test_a_sample_is_reproducible_by_seed_and_stays_in_its_ranges() -> None:
    spec = parse_sweep_spec(SAMPLE, SPECS, "s.toml")
    keys, a = scenario_table(spec, DATASET, BASE)
    _, b = scenario_table(spec, DATASET, BASE)
    assert keys == ("lock_in", "vendor.v0.price_change_pct") and a.shape == (16, 2)
    np.testing.assert_array_equal(a, b)
    assert a[:, 0].min() >= 1 and a[:, 0].max() <= 3
    # a Latin hypercube puts one draw in each 16th of the range
    assert sorted(np.floor((a[:, 0] - 1) / 2 * 16).astype(int).tolist()) == list(range(16))
    other = parse_sweep_spec(SAMPLE.replace("seed = 3", "seed = 4"), SPECS, "s.toml")
    assert not np.array_equal(scenario_table(other, DATASET, BASE)[1], a)


@pytest.mark.parametrize("method", ["lhs", "sobol", "random"])
def test_unit_samples_are_inside_the_unit_cube(method: str) -> None:
    u = unit_sample(3, 50, 0, method)
    assert u.shape == (50, 3) and u.min() >= 0 and u.max() < 1


def test_default_ranges_can_be_sampled() -> None:
    spec = parse_sweep_spec("[sample]\nn = 4\ndefaults = true\n", SPECS, "d.toml")
    keys, table = scenario_table(spec, DATASET, BASE)
    assert "lock_in" in keys and table.shape == (4, len(keys))


def test_runs_match_single_projections() -> None:
    metrics = expand_metrics(["share", "spend:v2:2027"], DATASET, BASE)
    assert len(metrics) == 4 * len(range(2026, 2031)) + 1
    rows = np.array([[1.0], [4.0]])
    out = run_scenarios(DATASET, BASE, ("lock_in",), rows, metrics, first_id=10)
    assert {r[0] for r in out} == {10, 11}
    proj = project(DATASET, BASE.replace({"lock_in": 4.0}))
    got = next(r for r in out if r[0] == 11 and r[1] == "spend")
    assert got[4] == pytest.approx(proj.by_vendor("spend_usd")[5, 2])


@pytest.mark.parametrize(("text", "message"), [
    ("[grid]\nlock_in = [1, 9]\n", "s.toml: line 2: grid: lock_in: 9 is out of range"),
    ("[grid]\nlock_inn = [1]\n", "s.toml: line 2: grid: unknown assumption 'lock_inn'"),
    ("[grid]\nlock_in = 1\n", "s.toml: line 2: grid: lock_in must be a list of values"),
    ("[grid]\nbase_year = [2024]\n", "grid: base_year cannot be swept"),
    ("[grid]\nlock_in = [1]\n[sample]\nn = 2\n", "give either [grid] or [sample], not both"),
    ("metrics = []\n", "give [grid]"),
    ("colour = 1\n[grid]\nlock_in = [1]\n", "s.toml: line 1: unknown key 'colour'"),
    ("[sample]\nn = 0\n", "s.toml: line 2: sample: n must be a whole number from 1"),
    ("[sample]\nn = 2\nmethod = \"halton\"\n", "line 3: sample: method must be one of"),
    ("[sample]\nn = 2\n", "a sample needs ranges"),
    ('[sample]\nn = 2\n[ranges.lock_in]\ndist = "uniform"\nlow = 3\nhigh = 1\n',
     "s.toml: line 3: lock_in: range low 3 is above its high 1"),
    ("[grid\n", "s.toml: not valid TOML"),
    ("metrics = \"share\"\n[grid]\nlock_in = [1]\n", "line 1: metrics must be a list"),
    ('scenario = "x.toml"\n[sample]\nn = -1\n', "s.toml: line 3: sample: n must be"),
    ('[grid]\nlock_in = [1]\n[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 2\n',
     "s.toml: line 3: [ranges] are what a [sample] draws from"),
    # the scenario files' TOML limits hold for sweep specs too (pass 10 re-check, C11)
    ("[grid]\nlock_in = " + "[" * 500 + "1" + "]" * 500 + "\n",
     "s.toml: nested too deeply (more than 16 levels of tables or lists; a sweep spec"),
    ("[grid]\nlock_in = " + "[" * 17 + "1" + "]" * 17 + "\n", "s.toml: nested too deeply"),
    ("[grid]\nlock_in = [" + "9" * 5000 + "]\n", "s.toml: line 2: a whole number of more than "
     "4,300 digits, too long for any value; shorten it"),
    ("[sample]\nn = 2\nseed = 1" + "0" * 30 + "\n",
     "line 3: sample: seed must be a whole number 0 or more, of at most 30 digits"),
    ("[grid]\n" + "a." * 1200 + "b = [1]\n", "the most a line of a sweep spec may"),
    # pass 11, D4: read as the spec's folder ("Cannot read the scenario file .: it is a folder")
    ('scenario = ""\n[grid]\nlock_in = [1]\n', "s.toml: line 1: scenario is empty; give the "
     "base scenario file's name, or remove the key to start from the defaults"),
    ('metrics = ["share"]\nscenario = "  "\n[grid]\nlock_in = [1]\n',
     "s.toml: line 2: scenario is empty"),
    # pass 11, D1: one key in two TOML spellings; the later one silently won
    ('[grid]\n"vendor.v0.price_change_pct" = [-10]\nvendor.v0.price_change_pct = [-40, -30]\n',
     "s.toml: line 2: grid: vendor.v0.price_change_pct: given twice (once as a dotted key, "
     "once in a table)"),
    ('[grid]\nvendor.v0.price_change_pct = [-40, -30]\n"vendor.v0.price_change_pct" = [-10]\n',
     "grid: vendor.v0.price_change_pct: given twice"),
    ('[sample]\nn = 3\n[ranges."vendor.v0.price_change_pct"]\ndist = "uniform"\nlow = -10\n'
     'high = 0\n[ranges.vendor.v0.price_change_pct]\ndist = "uniform"\nlow = -50\nhigh = -40\n',
     "s.toml: line 3: ranges: vendor.v0.price_change_pct: given twice"),
])
def test_spec_errors_name_the_file_line_and_cause(text: str, message: str) -> None:
    with pytest.raises(SpecError) as info:
        parse_sweep_spec(text, SPECS, "s.toml")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_huge_grid_is_refused_before_it_runs() -> None:
    values = ", ".join(str(i / 100) for i in range(100))
    text = "[grid]\n" + "".join(f"{k} = [{values}]\n" for k in (
        "lock_in", "switching_speed", "price_sensitivity"))
    with pytest.raises(SpecError, match=f"more than {MAX_SCENARIOS:,}"):
        parse_sweep_spec(text, SPECS, "s.toml")
