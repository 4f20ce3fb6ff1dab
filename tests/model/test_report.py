"""The report's facts: key years, share table, changed assumptions, notes and sources."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.report import (
    MAX_YEAR_COLUMNS,
    key_years,
    report_facts,
    share_text,
    value_text,
)
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)


def _facts(changes: dict[str, float] | None = None):  # type: ignore[no-untyped-def]
    values = SPECS.defaults().replace(changes or {})
    proj = project(DATASET, values)
    return proj, report_facts(DATASET, values, proj, name="What if", description="d",
                              version="9.9", generated="2026-01-02 03:04 UTC")


def test_every_year_while_they_fit_else_first_base_last_and_spread() -> None:
    assert key_years(np.arange(2022, 2031), 2025) == tuple(range(2022, 2031))
    years = key_years(np.arange(2010, 2051), 2025)
    assert len(years) <= MAX_YEAR_COLUMNS
    assert {2010, 2025, 2050} <= set(years) and list(years) == sorted(set(years))
    assert min(np.diff(years)) >= 2  # spread out, not bunched


def test_shares_round_to_one_decimal_and_slivers_are_not_zero() -> None:
    assert share_text(62.249) == "62.2"
    assert share_text(0.04) == "<0.1"
    assert share_text(0.0) == "\u2013"
    assert share_text(math.nan) == "n/a"


def test_values_carry_their_unit_and_thousands_separators() -> None:
    cap = next(s for s in SPECS.values() if s.key.endswith("supply_cap_h100e"))
    assert value_text(cap, 5_000_000) == "5,000,000 H100e/yr"
    assert value_text(cap, math.nan) == "none"
    flag = next(s for s in SPECS.values() if s.kind == "bool")
    assert value_text(flag, 0.0) == "off"


def test_share_table_is_the_projection_in_percent_largest_first() -> None:
    proj, facts = _facts()
    table = facts.shares
    assert table.years == tuple(int(y) for y in proj.years)
    assert table.history == tuple(bool(h) for h in proj.is_history)
    last = [float(cells[-1]) if cells[-1][0].isdigit() else 0.0 for _, cells in table.rows]
    assert last == sorted(last, reverse=True)
    assert sum(last) == pytest.approx(100.0, abs=0.1 * len(last))
    shares = proj.vendor_shares("h100e")[-1] * 100
    names = dict(zip(DATASET.vendors["vendor_id"], DATASET.vendors["name"], strict=True))
    top = names[proj.vendor_ids[int(shares.argmax())]]
    assert table.rows[0] == (top, table.rows[0][1])
    assert table.rows[0][1][-1] == f"{shares.max():.1f}"
    assert len(table.totals) == len(table.years) and table.unit == proj.unit("h100e")


def test_changed_assumptions_name_label_value_and_default() -> None:
    _, facts = _facts()
    assert facts.changed == ()
    key = next(k for k in SPECS if k.endswith("price_change_pct"))
    _, facts = _facts({key: -30.0})
    (row,) = facts.changed
    assert (row.key, row.label, row.group) == (key, SPECS[key].label, "Vendor")
    assert (row.value, row.default) == ("-30 %/yr", "-10 %/yr")


def test_title_facts_and_sources_come_from_the_dataset() -> None:
    proj, facts = _facts()
    assert (facts.scenario_name, facts.dataset_name, facts.dataset_date) == (
        "What if", DATASET.name, DATASET.date)
    assert facts.base_year == proj.base_year and facts.horizon_year == int(proj.years[-1])
    assert "989 dense BF16" in facts.basis_text
    assert [s.licence for s in facts.sources] == list(DATASET.sources["licence"])
    assert [s.url for s in facts.sources] == list(DATASET.sources["url"])


def test_notes_say_what_the_projection_had_to_bend() -> None:
    _, facts = _facts()
    assert facts.notes == ()
    caps = {k: 1.0 for k in SPECS if k.endswith("supply_cap_h100e")}
    _, facts = _facts(caps)
    assert any("Supply caps leave demand" in n for n in facts.notes), facts.notes
