"""Pass 32 F1: a number written non-zero that a float reads as 0 (``1e-400``) at a switch
(``deal.*.enabled``, which takes true or false, or 0 or 1) was told "write 0 or a larger value",
though a larger value (0.5, 2) is then refused "must be true or false"; on a ``[ranges]`` entry of
a switch the same advice was given, although a switch cannot carry a range at all. Now a switch's
too-small number is told the switch's own values, and a range on a switch is told first that it
cannot carry one (as with low = 0)."""

from __future__ import annotations

import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
SWITCH = next(k for k, s in SPECS.items() if s.kind == "bool")
SWITCH_VALUES = "true or false (or 0 or 1)"  # as --set and a switch word it
HEAD = 'format_version = 2\nname = "x"\n'


def _scenario_problem(body: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(HEAD + body, SPECS, "s.toml")
    return str(caught.value)


def _sweep_problem(body: str) -> str:
    with pytest.raises(SpecError) as caught:
        parse_sweep_spec(body, SPECS, "w.toml")
    return str(caught.value)


def test_the_switch_advice_is_what_a_switch_takes() -> None:
    assert SPECS[SWITCH].too_small_advice("1e-400") == SWITCH_VALUES
    assert SPECS[SWITCH].take(0) == 0.0 and SPECS[SWITCH].take(1) == 1.0  # as advised: taken


@pytest.mark.parametrize("written", ["1e-400", "-1e-400"])
def test_a_scenario_switch_is_told_true_or_false(written: str) -> None:
    problem = _scenario_problem(f'[assumptions]\n"{SWITCH}" = {written}\n')
    assert f"line 4: assumptions.{SWITCH}: {written} is too small" in problem
    assert problem.endswith(f"write {SWITCH_VALUES}")
    assert "larger value" not in problem and "further from 0" not in problem


def test_a_grid_switch_is_told_true_or_false() -> None:
    problem = _sweep_problem(f'[grid]\n"{SWITCH}" = [1, 1e-400]\n')
    assert f"grid.{SWITCH}: 1e-400 is too small" in problem
    assert problem.endswith(f"write {SWITCH_VALUES}")
    assert "larger value" not in problem


@pytest.mark.parametrize("bounds", ["low=1e-400, high=1", "low=0, high=1e-400"])
def test_a_range_on_a_switch_is_told_it_cannot_carry_one(bounds: str) -> None:
    line = f'[ranges]\n"{SWITCH}" = {{dist="uniform", {bounds}}}\n'
    expected = f"{SWITCH}: cannot carry a range (a switch)"
    scenario = _scenario_problem(line)
    sweep = _sweep_problem("[sample]\nn = 3\n" + line)
    for problem in (scenario, sweep):
        assert expected in problem
        assert "too small" not in problem and "larger value" not in problem
    # the same message as a range on a switch whose numbers read as written
    plain = f'[ranges]\n"{SWITCH}" = {{dist="uniform", low=0, high=1}}\n'
    assert expected in _scenario_problem(plain)


def test_a_number_key_keeps_its_advice() -> None:
    """A range on a number key whose range holds 0 is still told 0 or a larger value."""
    key = next(k for k, s in SPECS.items() if s.kind == "float" and s.lo == 0 and s.hi > 0
               and not k.endswith("_year"))
    hi = SPECS[key].hi
    problem = _scenario_problem(f'[ranges]\n"{key}" = {{dist="uniform", low=1e-400, high={hi}}}\n')
    assert f"ranges.{key}.low: 1e-400 is too small" in problem
    assert "write 0 or a larger value" in problem
