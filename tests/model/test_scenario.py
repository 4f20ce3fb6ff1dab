"""Scenario files: TOML text <-> Scenario, with every problem named."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import (
    _MIGRATIONS,
    FORMAT_VERSION,
    Scenario,
    ScenarioError,
    clean_name,
    dump_scenario,
    name_problem,
    parse_scenario,
)
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.text_rules import hidden_character

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())


def _errors(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, SPECS, source="bad.toml")
    assert str(info.value).startswith("bad.toml")
    return info.value.problems


def test_dotted_keys_and_nested_tables_are_the_same() -> None:
    dotted = parse_scenario(
        'format_version = 1\nname = "N"\ndescription = "D"\n[assumptions]\n'
        'demand_growth_pct = 50\n"vendor.v0.price_change_pct" = -20\n'
        '"vendor.v1.supply_cap_h100e" = 100000\n"deal.d0.enabled" = false\n', SPECS)
    nested = parse_scenario(
        'format_version = 1\nname = "N"\ndescription = "D"\n[assumptions]\n'
        'demand_growth_pct = 50.0\n[assumptions.vendor.v0]\nprice_change_pct = -20\n'
        '[assumptions.vendor.v1]\nsupply_cap_h100e = 1e5\n[assumptions.deal.d0]\n'
        'enabled = false\n', SPECS)
    assert dotted == nested == Scenario("N", "D", {
        "demand_growth_pct": 50.0, "vendor.v0.price_change_pct": -20.0,
        "vendor.v1.supply_cap_h100e": 100_000.0, "deal.d0.enabled": 0.0})


def test_none_for_optional_values_and_defaults_for_name() -> None:
    s = parse_scenario('format_version = 1\n[assumptions]\n"adopter.a0.demand_growth_pct" = 20\n'
                       '"vendor.v2.supply_cap_h100e" = "None"\n', SPECS, source="dir/my_case.toml")
    assert s.name == "my_case" and s.description == ""
    assert math.isnan(s.values["vendor.v2.supply_cap_h100e"])


def test_applies_to_assumptions() -> None:
    s = parse_scenario('format_version = 1\n[assumptions]\nlock_in = 2.5\n', SPECS)
    a = s.apply(SPECS.defaults())
    assert a["lock_in"] == 2.5 and a.changed() == {"lock_in": 2.5}
    assert Scenario.from_assumptions("x", "", a).values == {"lock_in": 2.5}


def test_dump_writes_only_changed_values_and_round_trips() -> None:
    s = Scenario('Bear "case"', "line one\nline two\ttab \\ back", {
        "demand_growth_pct": 35.0,  # the default: not written
        "price_sensitivity": 2.75, "bass_p": 0.1 + 0.2, "horizon_year": 2035.0,
        "vendor.v1.supply_cap_h100e": 123456.0, "adopter.a1.demand_growth_pct": math.nan,
        "deal.d1.enabled": 0.0})
    text = dump_scenario(s, SPECS)
    assert text.startswith("# ChipScope scenario")
    assert "demand_growth_pct" not in text.replace("adopter.a1.demand_growth_pct", "")
    assert "adopter.a1.demand_growth_pct" not in text  # NaN is that key's default
    back = parse_scenario(text, SPECS)
    expected = dict(s.values)
    del expected["demand_growth_pct"], expected["adopter.a1.demand_growth_pct"]
    assert back == Scenario(s.name, s.description, expected)
    assert back.values["bass_p"] == 0.1 + 0.2  # bit for bit


def test_dump_writes_none_for_a_changed_optional() -> None:
    key = "vendor.v0.supply_cap_h100e"
    specs = AssumptionSpecs([SPECS[k] for k in SPECS if k != key]
                            + [SPECS[key].__class__(**{**SPECS[key].__dict__, "default": 5.0})])
    text = dump_scenario(Scenario("x", "", {key: math.nan}), specs)
    assert f'"{key}" = "none"' in text
    assert math.isnan(parse_scenario(text, specs).values[key])


def test_dump_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="nonsense"):
        dump_scenario(Scenario("x", "", {"nonsense": 1.0}), SPECS)


def _finite_value(key: str) -> st.SearchStrategy[float]:
    spec = SPECS[key]
    if spec.kind == "bool":
        return st.sampled_from([0.0, 1.0])
    if spec.kind == "int":
        return st.integers(int(spec.lo), int(spec.hi)).map(float)
    return st.floats(spec.lo, spec.hi, allow_nan=False)


_SAFE_KEYS = [k for k in SPECS if k not in ("base_year", "horizon_year")]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    keys = draw(st.lists(st.sampled_from(_SAFE_KEYS), unique=True, max_size=12))
    values = {k: draw(_finite_value(k)) for k in keys}
    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
    name = draw(text.filter(lambda t: t.strip() == t and name_problem(t) is None))
    # a description is free text: no control or bidi characters (chipscope.model.text_rules)
    description = draw(text.filter(lambda t: hidden_character(t) is None))
    return Scenario(name, description, values)


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_round_trip_property(s: Scenario) -> None:
    back = parse_scenario(dump_scenario(s, SPECS), SPECS)
    changed = {k: v for k, v in s.values.items() if v != SPECS[k].default}
    # Names are stored in NFC (one scenario per name however it was typed, issue 10).
    assert back == Scenario(clean_name(s.name), s.description, changed)


# --- bad files ----------------------------------------------------------------------------------
def test_syntax_error_names_the_line() -> None:
    [problem] = _errors('format_version = 1\n\n[assumptions\nlock_in = 1\n')
    assert "not valid TOML" in problem and "line 3" in problem


def test_missing_version() -> None:
    [problem] = _errors('name = "x"\n[assumptions]\nlock_in = 1\n')
    assert "format_version is missing" in problem


def test_newer_version() -> None:
    [problem] = _errors(f"format_version = {FORMAT_VERSION + 1}\n")
    assert "newer ChipScope" in problem


@pytest.mark.parametrize("version", ["-1", '"1"', "1.0", "true"])
def test_unsupported_version(version: str) -> None:
    [problem] = _errors(f"format_version = {version}\n")
    assert "format_version" in problem


def test_version_0_is_migrated() -> None:
    assert 0 in _MIGRATIONS
    s = parse_scenario('format_version = 0\nname = "Old"\nlock_in = 1.5\n'
                       '"vendor.v0.price_change_pct" = -5\n[adopter.a0]\ndemand_growth_pct = 10\n',
                       SPECS)
    assert s == Scenario("Old", "", {"lock_in": 1.5, "vendor.v0.price_change_pct": -5.0,
                                     "adopter.a0.demand_growth_pct": 10.0})


def test_unknown_key_suggests_the_near_one() -> None:
    [problem] = _errors('format_version = 1\n[assumptions]\nlock_inn = 1\n')
    assert "'lock_inn'" in problem and "did you mean lock_in" in problem


@pytest.mark.parametrize(("line", "words"), [
    ('lock_in = "1"', "lock_in: '1' is text"),
    ("lock_in = true", "lock_in: true is not a number"),
    ("lock_in = [1]", "lock_in: a list is not a number"),
    ('"deal.d0.enabled" = 2', "deal.d0.enabled: 2 must be true or false"),
    ('"deal.d0.enabled" = "yes"', "deal.d0.enabled: 'yes' is text; write true or false"),
    ('lock_in = "none"', 'lock_in: "none" is not allowed'),
    ("lock_in = nan", "lock_in: nan is not a number (allowed 0 to 5)"),
    ("\"vendor.v0.supply_cap_h100e\" = nan", "supply_cap_h100e: nan is not a number"),
    ("lock_in = inf", "infinite or too large, out of range"),
    ("horizon_year = 2030.5", "horizon_year: 2030.5 must be a whole number"),
])
def test_wrong_types(line: str, words: str) -> None:
    [problem] = _errors(f"format_version = 1\n[assumptions]\n{line}\n")
    assert words in problem


def test_out_of_range_names_key_and_bounds() -> None:
    [problem] = _errors('format_version = 1\n[assumptions]\nswitching_speed = 1.5\n')
    assert problem == "line 3: switching_speed: 1.5 is out of range (allowed 0 to 1)"


def test_every_problem_at_once() -> None:
    problems = _errors(
        'format_version = 1\nname = 7\ncolour = "red"\n[assumptions]\n'
        'lock_inn = 1\nswitching_speed = 2\nprice_sensitivity = "high"\n'
        '"vendor.v0.price_change_pct" = 1\n[assumptions.vendor.v0]\nprice_change_pct = 2\n')
    assert len(problems) == 6
    text = "\n".join(problems)
    for words in ("'colour'", "name must be a string", "'lock_inn'", "switching_speed: 2",
                  "price_sensitivity: 'high'", "vendor.v0.price_change_pct: given twice"):
        assert words in text
    with pytest.raises(ValueError, match=r"bad.toml has 6 problems:\n  - "):
        parse_scenario('format_version = 1\nname = 7\ncolour = "red"\n[assumptions]\n'
                       'lock_inn = 1\nswitching_speed = 2\nprice_sensitivity = "high"\n'
                       '"vendor.v0.price_change_pct" = 1\n[assumptions.vendor.v0]\n'
                       'price_change_pct = 2\n', SPECS, source="bad.toml")


def test_assumptions_must_be_a_table_and_name_not_empty() -> None:
    problems = _errors('format_version = 1\nname = "  "\nassumptions = 3\n')
    assert problems == ["line 2: name must not be empty",
                        "line 3: assumptions must be a table ([assumptions]), not a number"]


@pytest.mark.parametrize("limit", [40, 60, 80, 300])
def test_every_message_shortens_a_long_value_one_way(limit: int) -> None:
    """One rule (text_rules.shortened): both ends kept, the length named, one line."""
    from chipscope.model.assumptions import AssumptionSpecs, parse_set_options
    from chipscope.model.synthetic import synthetic_dataset
    from chipscope.model.text_rules import shortened

    long = "7" * 5_000 + "x"
    text = shortened(long, limit)
    assert text.startswith("7") and text.endswith("7x (5,001 characters)") and "\u2026" in text
    assert len(text) < limit + 25
    assert shortened("short", limit) == "short"
    with pytest.raises(ValueError) as caught:  # a --set item with no "=": the model's message
        parse_set_options(AssumptionSpecs.for_dataset(synthetic_dataset()), ["k" * 5_000])
    assert "(5,000 characters)" in str(caught.value) and len(str(caught.value)) < 200


def test_a_quoted_long_value_counts_its_own_characters_not_the_quotes() -> None:
    """Pass 9, N6: a 5,001-character cell was named "(5,003 characters)" (quotes counted)."""
    from chipscope.model.synthetic import synthetic_frames
    from chipscope.model.table_checks import check_table
    from chipscope.model.text_rules import quoted

    long = "#" + "a" * 5_000
    assert quoted(long, 40).startswith("'#aaa") and quoted(long, 40).endswith(
        "aaa' (5,001 characters)")
    assert quoted("it's") == repr("it's")
    vendors = synthetic_frames()["vendors"].astype(str)
    vendors.loc[0, "kind"] = long
    problems = check_table("vendors", vendors)
    shown = [p for p in problems if "is not one of" in p]
    assert len(shown) == 1 and "(5,001 characters) is not one of" in shown[0], problems
    assert any("5,001 characters, more than the 5,000" in p for p in problems)
