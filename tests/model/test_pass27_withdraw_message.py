"""Pass 27 F2: the window's Retire of a row the user ADDED (a withdrawal) that other rows use
named only the first broken edit, with the data checks' raw text ("'zv' is not a known
vendor"), one dependant per round; now the one retire_users sentence naming them all. The
advice to add an access row is not given for the very access row being withdrawn or undone,
and a drop route naming one added row gives its id. F4: history, budgets and export-rules rows
are named by what they are, not as lines of CSVs an installed ChipScope does not ship."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edits import EditRejected, EditSource, frames_as_text
from chipscope.storage import load_dataset

DB = Path(__file__).resolve().parents[2] / "data" / "chipscope.db"
SOURCE = EditSource("Ex", "https://ex.com/r", "2026-11-30", "MIT")


@pytest.fixture(scope="module")
def base() -> dict[str, pd.DataFrame]:
    return frames_as_text(load_dataset(DB).frames)


def _editor(base: dict[str, pd.DataFrame]) -> DataEditor:
    return DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())


def _row(base: dict[str, pd.DataFrame], table: str, **fields: str) -> dict[str, str]:
    row = {c: str(v) for c, v in base[table].iloc[1].items()}
    row.update(fields)
    return row


def _refused(call: object, *args: object) -> str:
    with pytest.raises(EditRejected) as caught:
        call(*args)  # type: ignore[operator]
    return str(caught.value)


@pytest.fixture
def mine(base: dict[str, pd.DataFrame]) -> DataEditor:
    """A vendor zv, its chip zc, apple's access to it and a deal zd of apple's at zc, an
    adopter za buying from nvidia and zv, and its deal zf at zc: all the user's additions."""
    editor = _editor(base)
    editor.add("vendors", _row(base, "vendors", vendor_id="zv", name="Zv", owner_id="",
                               colour="#123456"), SOURCE, "low")
    editor.add("chips", _row(base, "chips", chip_id="zc", vendor_id="zv", name="Zc",
                             only_for="", not_for=""), SOURCE, "low")
    editor.add("access", {"adopter_id": "apple", "vendor_id": "zv", "access": "1"}, SOURCE, "low")
    deal = {"vendor_id": "zv", "chip_id": "zc", "description": "x", "host_id": "",
            "start_fraction": ""}
    editor.add("deals", _row(base, "deals", deal_id="zd", adopter_id="apple", **deal),
               SOURCE, "low")
    editor.add("adopters", _row(base, "adopters", adopter_id="za", name="Za",
                                buys_from="nvidia,zv"), SOURCE, "low")
    editor.add("deals", _row(base, "deals", deal_id="zf", adopter_id="za", **deal),
               SOURCE, "low")
    return editor


def test_withdrawing_a_vendor_you_added_names_every_row_of_yours_that_uses_it(
        mine: DataEditor) -> None:
    before = mine.store.edits()
    said = _refused(mine.retire, "vendors", "zv", SOURCE, "low")
    assert said == ("vendor 'zv' (which you added) cannot be withdrawn: 1 chip you added "
                    "('zc'), 2 access rows you added ('apple.zv', 'za.zv') and 2 deals you added "
                    "('zd', 'zf') use it; withdraw or change them first (Retire withdraws a row "
                    "you added)"), said
    assert mine.store.edits() == before


@pytest.mark.parametrize(("table", "key", "told"), [
    ("chips", "zc", "chip 'zc' (which you added) cannot be withdrawn: 2 deals you added "
                    "('zd', 'zf') use it; withdraw or change them first"),
    ("adopters", "za", "adopter 'za' (which you added) cannot be withdrawn: 1 deal you added "
                       "('zf') uses it; withdraw or change it first"),
    ("access", "za.zv", "access row 'za.zv' (which you added) cannot be withdrawn: 1 deal you "
                        "added ('zf') relies on it; withdraw or change it first"),
])
def test_withdrawing_a_row_you_added_is_one_sentence(mine: DataEditor, table: str, key: str,
                                                     told: str) -> None:
    said = _refused(mine.retire, table, key, SOURCE, "low")
    assert said.startswith(told), said
    assert "not a known" not in said and "add one" not in said, said


def test_undoing_an_added_access_row_a_deal_needs_does_not_say_add_it(
        base: dict[str, pd.DataFrame]) -> None:
    editor = _editor(base)
    pairs = set(zip(base["access"]["adopter_id"], base["access"]["vendor_id"], strict=True))
    adopter, vendor = next((a, v) for a in base["adopters"]["adopter_id"]
                           for v in base["vendors"]["vendor_id"] if (a, v) not in pairs)
    editor.add("access", {"adopter_id": adopter, "vendor_id": vendor, "access": "1"},
               SOURCE, "low")
    chips = base["chips"]
    chip = str(chips[chips["vendor_id"] == vendor]["chip_id"].iloc[0])
    other = DataEditor(Document(editor.dataset), editor.base, editor.store)
    other.add("deals", _row(base, "deals", deal_id="zz_u", adopter_id=adopter, vendor_id=vendor,
                            chip_id=chip, description="x", host_id="", start_fraction=""),
              SOURCE, "low")
    said = _refused(editor.document.undo)
    assert f"has no access to vendor {vendor!r}, so the deal" in said, said
    assert "add one" not in said, said


def test_drop_route_of_one_added_row_names_its_id(base: dict[str, pd.DataFrame]) -> None:
    editor = _editor(base)
    editor.add("deals", _row(base, "deals", deal_id="ze", adopter_id="openai", vendor_id="aws",
                             chip_id="trainium3", description="x", host_id="",
                             start_fraction=""), SOURCE, "low")
    said = _refused(editor.retire, "chips", "trainium3", SOURCE, "low")
    assert "`chipscope-cli data drop-edit deals ze`" in said and "<id>" not in said, said


@pytest.mark.parametrize(("table", "key", "named"), [
    ("chips", "a100", "history rows (amazon a100 2022, china a100 2022, google a100 2022, ...)"),
    ("adopters", "openai", "budgets row (openai 2026)"),
    ("chips", "h100", "export_rules row (allowed h100 to china 2026-2040)"),
])
def test_rows_without_an_edit_key_are_named_by_what_they_are(
        base: dict[str, pd.DataFrame], table: str, key: str, named: str) -> None:
    said = _refused(_editor(base).retire, table, key, SOURCE, "low")
    assert named in said, said
    assert ".csv line" not in said, said
