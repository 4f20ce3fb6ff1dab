"""Pass 49 F2: a deal below 1 H100e a year was stored as 0.

The rule's tolerance was 0.005 H100e (absolute) below 1 H100e a year, so the whole number 0
"followed the rule" for a deal of 0.0036 H100e a year (1,000 USD at chip c9 of the synthetic
data): ``data import-edits`` and the Edit-data dialog stored h100e_per_year 0, and a typed 0
was accepted. Now the tolerance is relative at every size: a positive rate keeps 6
significant digits (0.00358624), and what the rule writes passes the data checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chipscope.model.conversion import follows_rule, rate_text
from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edit_checks import complete_row, deal_conversion
from chipscope.model.edits import (
    EditRejected,
    EditSource,
    cell_text,
    dataset_problems,
    frames_as_text,
)
from chipscope.model.synthetic import synthetic_dataset, synthetic_frames
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import deals_db, edits_file, import_edits, table_csv

LAYOUTS = ["table csv", "edits file"]
SMALL = [("USD", "1000"), ("USD", "1"), ("units", "0.001"), ("USD", "1e-3")]
"""Deals of c9 (vendor v1) well below 0.005 H100e a year: written as 0 before."""


def _d0(unit: str, amount: str, typed: str = "") -> dict[str, str]:
    d0 = {str(k): cell_text(v) for k, v in synthetic_frames()["deals"].iloc[0].items()}
    return {**d0, "chip_id": "c9", "amount_unit": unit, "amount": amount,
            "h100e_per_year": typed, "conversion": ""}


def _rate(unit: str, amount: str) -> float:
    rate = deal_conversion(synthetic_frames(), _d0(unit, amount))[0]
    assert 0 < rate < 0.005
    return rate


def _no_rule_problem(row: dict[str, str]) -> None:
    """The data checks (``data check``, ``data build``) accept ``row`` as deal d0."""
    frames = synthetic_frames()
    deals = frames["deals"].copy()
    deals.loc[0, list(row)] = list(row.values())
    assert not [p for p in dataset_problems({**frames, "deals": deals})
                if "conversion rule" in p], row


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("unit", "amount"), SMALL)
def test_an_import_stores_a_small_deal_as_the_rule_computes_it(
        tmp_path: Path, layout: str, unit: str, amount: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = deals_db(tmp_path)
    row = _d0(unit, amount)
    path = (edits_file(tmp_path / "e.csv", row) if layout == "edits file"
            else table_csv(tmp_path / "dv.csv", [row]))
    status = import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else []))
    assert status == 0, capsys.readouterr().err
    (edit,) = list_edits(db)
    stored, rate = edit.fields["h100e_per_year"], _rate(unit, amount)
    assert stored == rate_text(rate) and float(stored) > 0 and follows_rule(float(stored), rate)
    _no_rule_problem(dict(edit.fields))  # round trip: written, read, checked


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_typed_0_for_a_small_deal_is_refused(tmp_path: Path, layout: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = deals_db(tmp_path)
    row = _d0("USD", "1000", "0")
    path = (edits_file(tmp_path / "e.csv", row) if layout == "edits file"
            else table_csv(tmp_path / "dv.csv", [row]))
    before = db.read_bytes()
    status = import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else []))
    err = capsys.readouterr().err
    assert status == 2, err
    assert re.search(r"column h100e_per_year: 0 does not follow the conversion rule "
                     r"\(0\.00358624 from 1,000 USD\); leave the cell empty", err), err
    assert db.read_bytes() == before and list_edits(db) == []


@pytest.fixture
def editor() -> DataEditor:
    base = frames_as_text(synthetic_dataset().frames)
    return DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())


SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")


@pytest.mark.parametrize(("unit", "amount"), SMALL)
def test_the_dialog_saves_a_small_deal_as_the_rule_computes_it(
        editor: DataEditor, unit: str, amount: str) -> None:
    fields = {k: v for k, v in _d0(unit, amount).items()
              if k not in ("h100e_per_year", "conversion")}
    edit = editor.edit("deals", "d0", fields, SOURCE, "medium")
    rate = _rate(unit, amount)
    assert edit.fields["h100e_per_year"] == rate_text(rate) and rate_text(rate) != "0"
    shown = editor.document.dataset.deals.set_index("deal_id").loc["d0", "h100e_per_year"]
    assert shown > 0 and follows_rule(float(shown), rate)
    added = editor.add("deals", {**fields, "deal_id": "tiny"}, SOURCE, "low")
    assert float(added.fields["h100e_per_year"]) > 0


def test_what_the_rule_writes_passes_the_checks_at_every_size() -> None:
    for unit, amount in [*SMALL, ("units", "1"), ("units", "10"), ("USD", "1e9"),
                         ("GW", "0.000001"), ("GW", "2.5")]:
        row = complete_row("deals", _d0(unit, amount), synthetic_frames())
        assert row["h100e_per_year"] != "0", (unit, amount)
        _no_rule_problem(row)


def test_rate_text() -> None:
    assert [rate_text(r) for r in (0.0, 0.0404042123, 0.00358623, 3.58624e-9, 0.504171,
                                   23.32659, 2332659.4)] == [
        "0", "0.0404042", "0.00358623", "3.58624e-09", "0.504171", "23.3266", "2332659"]
    assert not follows_rule(0.0, 0.004) and follows_rule(0.0, 0.0)


# --- pass 50, F5: a positive amount whose H100e per year underflows --------------------------
UNDERFLOWS = [("USD", "1e-320"), ("USD", "1e-310"), ("USD", "1e-305"), ("h100e", "5e-324")]
"""Positive amounts at chip c9 whose rate is 0 or a subnormal (1e-320 USD was stored as
h100e_per_year 0, 1e-310 USD as 9.4084e-316, which every reader shows as 0)."""

TOO_SMALL = (r"column amount: {} {} is too small for a number here \(its H100e per year would "
             r"read as 0\); write 0 or a larger value")


def _too_small(unit: str, amount: str) -> str:
    shown = "4.94e-324" if amount == "5e-324" else amount  # as the float reads it
    return TOO_SMALL.format(re.escape(shown), unit)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("unit", "amount"), UNDERFLOWS)
def test_an_import_refuses_an_amount_whose_rate_underflows(
        tmp_path: Path, layout: str, unit: str, amount: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = deals_db(tmp_path)
    row = _d0(unit, amount)
    path = (edits_file(tmp_path / "e.csv", row) if layout == "edits file"
            else table_csv(tmp_path / "dv.csv", [row]))
    before, file_bytes = db.read_bytes(), path.read_bytes()
    status = import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else []))
    err = capsys.readouterr().err
    assert status == 2, err
    assert re.search(_too_small(unit, amount), err), err
    assert db.read_bytes() == before and path.read_bytes() == file_bytes
    assert list_edits(db) == []


@pytest.mark.parametrize(("unit", "amount"), UNDERFLOWS)
def test_the_data_checks_refuse_a_deal_whose_rate_underflows(unit: str, amount: str) -> None:
    """``data check`` and ``data build``: a deals.csv row of 1e-320 USD and h100e_per_year 0
    (which followed the rule: 0 is 0) is named at its amount."""
    frames = synthetic_frames()
    deals = frames["deals"].copy()
    deals.loc[0, ["chip_id", "amount_unit", "amount", "h100e_per_year"]] = [
        "c9", unit, amount, "0"]
    problems = dataset_problems({**frames, "deals": deals})
    assert any(re.fullmatch("deals, line 2, " + _too_small(unit, amount), p)
               for p in problems), problems


def test_the_dialog_refuses_an_amount_whose_rate_underflows(editor: DataEditor) -> None:
    fields = {k: v for k, v in _d0("USD", "1e-320").items()
              if k not in ("h100e_per_year", "conversion")}
    with pytest.raises(EditRejected) as caught:
        editor.edit("deals", "d0", fields, SOURCE, "medium")
    assert re.fullmatch(_too_small("USD", "1e-320").removeprefix("column "),
                        caught.value.problems["amount"]), caught.value.problems


def test_the_smallest_amounts_whose_rate_is_a_number_are_stored() -> None:
    for unit, amount in [("USD", "1e-300"), ("h100e", "1e-300"), ("GW", "1e-300")]:
        row = complete_row("deals", _d0(unit, amount), synthetic_frames())
        assert float(row["h100e_per_year"]) > 0, (unit, amount)
        _no_rule_problem(row)
