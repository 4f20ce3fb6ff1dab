"""The assumption registry: every key has label, unit, bounds, default and help; bad values
name the key and the allowed range."""

from __future__ import annotations

import math

import pytest

from chipscope.model.assumptions import AssumptionSpecs, parse_set_options
from chipscope.model.synthetic import synthetic_dataset

DS = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DS)


def test_every_spec_is_complete_and_default_is_valid() -> None:
    assert len(SPECS) > 20
    for key, spec in SPECS.items():
        assert spec.key == key and spec.label and spec.help
        assert spec.lo <= spec.hi
        assert spec.check(spec.default) == spec.default or math.isnan(spec.default)
    groups = {s.group for s in SPECS.values()}
    assert groups == {"global", "vendor", "adopter", "deal"}


def test_keys_cover_every_vendor_adopter_and_deal() -> None:
    for v in DS.vendor_ids:
        assert f"vendor.{v}.price_change_pct" in SPECS
        assert f"vendor.{v}.supply_cap_h100e" in SPECS
    for a in DS.adopter_ids:
        assert f"adopter.{a}.demand_growth_pct" in SPECS
        for v in DS.vendor_ids:
            assert f"adopter.{a}.affinity.{v}" in SPECS
    for d in DS.deals["deal_id"]:
        assert f"deal.{d}.enabled" in SPECS


def test_out_of_range_names_key_and_range() -> None:
    message = r"switching_speed: 1.5 is out of range \(allowed 0 to 1\)"
    with pytest.raises(ValueError, match=message):
        SPECS.defaults().replace({"switching_speed": 1.5})


def test_unknown_key_suggests_near_match() -> None:
    with pytest.raises(ValueError, match="did you mean price_sensitivity"):
        SPECS.defaults().replace({"price_sensitivty": 1.0})


def test_horizon_must_follow_base_year() -> None:
    with pytest.raises(ValueError, match="horizon_year"):
        SPECS.defaults().replace({"base_year": 2025, "horizon_year": 2025})


def test_parse_set_options() -> None:
    got = parse_set_options(SPECS, ["price_sensitivity=3", "vendor.v1.supply_cap_h100e=none",
                                    "deal.d0.enabled=false", "horizon_year=2032"])
    assert got["price_sensitivity"] == 3.0
    assert math.isnan(got["vendor.v1.supply_cap_h100e"])
    assert got["deal.d0.enabled"] == 0.0
    with pytest.raises(ValueError) as err:
        parse_set_options(SPECS, ["price_sensitivity=abc", "nope=1", "lock_in"])
    text = str(err.value)
    assert "price_sensitivity: 'abc' is not a number (allowed 0 to 10)" in text
    assert "unknown assumption 'nope'" in text
    assert "expected KEY=VALUE" in text


def test_required_value_cannot_be_none() -> None:
    with pytest.raises(ValueError, match='price_sensitivity: "none" is not allowed here'):
        parse_set_options(SPECS, ["price_sensitivity=none"])


def test_whole_numbers_for_years() -> None:
    with pytest.raises(ValueError, match="whole number"):
        SPECS.defaults().replace({"horizon_year": 2030.5})


def test_changed_lists_only_non_defaults_and_equality() -> None:
    a = SPECS.defaults()
    b = a.replace({"lock_in": 1.0})
    assert b.changed() == {"lock_in": 1.0}
    assert a == SPECS.defaults() and a != b
