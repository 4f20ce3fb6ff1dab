"""Pass 28 F1 and F2, on the bundled data with a newer release simulated (access apple.aws set
to 0 and the bundled deal apple_trainium2_eval gone), as the pass-27 recipe does.

F1: the window judged an edit against the edits set aside as it last built the data. After
another program made a set-aside deal of the user's apply again, a Retire in the still-open
Edit data took away what that deal needs and was saved without a word. The set-aside edits are
now taken from the window's build only while the stored edits are still those it read.

F2: the withdrawal of a row the user added named, among the rows that "use it", a deal of the
user's that was already set aside (it does not apply either way)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.document import Document
from chipscope.model.edits import (
    Edit,
    EditRejected,
    EditSource,
    build_dataset,
    find_row,
    frames_as_text,
    row_digest,
)
from chipscope.storage import load_dataset

DB = Path(__file__).resolve().parents[2] / "data" / "chipscope.db"
SOURCE = EditSource("Ex", "https://ex.com/r", "2026-11-30", "MIT")


@pytest.fixture(scope="module")
def release() -> dict[str, pd.DataFrame]:
    """The bundled data as a newer release with apple's access to aws taken away."""
    new = dict(frames_as_text(load_dataset(DB).frames))
    access = new["access"].copy()
    access.loc[(access["adopter_id"] == "apple") & (access["vendor_id"] == "aws"),
               "access"] = "0"
    new["access"] = access
    new["deals"] = new["deals"][new["deals"]["deal_id"] != "apple_trainium2_eval"]
    return new


def _add(base: dict[str, pd.DataFrame], table: str, like: str, when: str, **fields: str) -> Edit:
    row = find_row(base, table, like)
    assert row is not None
    key = fields.get("deal_id") or fields["chip_id"]
    return Edit(table, key, "add", {**row, **fields}, SOURCE, "low", when)


def _deal(base: dict[str, pd.DataFrame], key: str, adopter: str, chip: str, when: str,
          h100e: str) -> Edit:
    """A deal of the user's like a bundled 2 GW one (``h100e`` per year: the conversion rule's
    figure for ``chip``)."""
    return _add(base, "deals", "openai_amazon_trainium_2gw", when, deal_id=key,
                adopter_id=adopter, vendor_id="aws", chip_id=chip, host_id="",
                description="mine", h100e_per_year=h100e)


def _editor(base: dict[str, pd.DataFrame], store: MemoryEditStore) -> DataEditor:
    return DataEditor(Document(build_dataset(base, store.edits())[0]), base, store)


def test_an_open_window_blames_a_deal_another_program_made_apply_again(
        release: dict[str, pd.DataFrame]) -> None:
    deal = _deal(release, "zz_i", "apple", "inferentia2", "2026-01-01T00:00:00+00:00", "57692")
    store = MemoryEditStore([deal])
    window = _editor(release, store)
    assert [c.edit.key for c in window._overlay.conflicts] == ["zz_i"]  # set aside
    # another program raises apple.aws again: the deal applies in the database now
    access = find_row(release, "access", "apple.aws")
    assert access is not None
    store.put(Edit("access", "apple.aws", "edit", {**access, "access": "1"}, SOURCE, "low",
                   "2026-02-01T00:00:00+00:00", row_digest(access)))
    assert build_dataset(release, store.edits())[1].conflicts == []
    before = store.edits()
    with pytest.raises(EditRejected) as caught:
        window.retire("chips", "inferentia2", SOURCE, "low")
    assert "'zz_i'" in str(caught.value), str(caught.value)
    assert store.edits() == before  # nothing saved


def test_a_withdrawal_does_not_name_a_deal_already_set_aside(
        release: dict[str, pd.DataFrame]) -> None:
    chip = _add(release, "chips", "gaudi3", "2026-01-01T00:00:00+00:00", chip_id="zc",
                vendor_id="aws", name="C zc")
    applies = _deal(release, "zd", "openai", "zc", "2026-01-01T00:00:01+00:00", "687189")
    aside = _deal(release, "zg", "apple", "zc", "2026-01-01T00:00:02+00:00", "687189")
    store = MemoryEditStore([chip, applies, aside])
    window = _editor(release, store)
    assert [c.edit.key for c in window._overlay.conflicts] == ["zg"]
    with pytest.raises(EditRejected) as caught:
        window.retire("chips", "zc", SOURCE, "low")
    said = str(caught.value)
    assert "1 deal you added ('zd') uses it" in said, said
    assert "zg" not in said, said


def test_lowering_an_access_row_deals_need_is_not_told_to_raise_that_row() -> None:
    """Pass 28 F4: Save of access apple.aws at 0 (which the bundled deal apple_trainium2_eval
    and a deal of the user's need) was refused with "raise it in the access table first" (the
    very row being lowered; in an edits file, "raise it in the same file ... <adopter_id>...")."""
    from chipscope.model.data_checks import FILE, reword

    base = frames_as_text(load_dataset(DB).frames)
    deal = _deal(base, "zz_a", "apple", "inferentia2", "2026-01-01T00:00:00+00:00", "57692")
    store = MemoryEditStore([deal])
    window = _editor(base, store)
    row = window.row("access", "apple.aws")
    assert row is not None
    with pytest.raises(EditRejected) as caught:
        window.edit("access", "apple.aws", {**row, "access": "0"}, SOURCE, "low")
    said = str(caught.value)
    assert "deals row 'apple_trainium2_eval'" in said and "deals row 'zz_a'" in said, said
    assert "raise it" not in said, said
    assert "keep it above 0, or first retire that deal (or drop it, if you added it)" in said
    assert store.edits() == [deal]
    raw = ("deals, line 3: adopter 'apple' has no access to vendor 'aws' (its access row "
           "apple.aws is 0: the adopter does not buy from that vendor; a deal needs it above 0 "
           "in access.csv), so the deal could never be served")
    assert "raise it in the same file" in reword(raw, FILE)  # another pair: raise it there
    assert "raise it" not in reword(raw, FILE, ["apple.aws"])


def test_only_rows_the_change_lowers_are_told_to_be_kept_above_0() -> None:
    """Pass 29 F1: the "keep it above 0" wording was chosen by a substring of any access key the
    file held (ai.aws matched "xai.aws is 0") and for rows the file did not lower (an addition
    at 0, a row already 0): there the way out is to raise the row."""
    from chipscope.model.data_checks import FILE, reword
    from chipscope.model.edit_checks import lowered_pairs

    base = frames_as_text(load_dataset(DB).frames)
    raw = ("deals, line 3: adopter 'xai' has no access to vendor 'aws' (its access row "
           "xai.aws is 0: the adopter does not buy from that vendor; a deal needs it above 0 "
           "in access.csv), so the deal could never be served")
    assert "raise it in the same file" in reword(raw, FILE, ["ai.aws"])
    assert "keep it above 0" in reword(raw, FILE, ["xai.aws"])

    def access(key: str, value: str, operation: str = "edit") -> Edit:
        adopter, vendor = key.split(".")
        fields = {"adopter_id": adopter, "vendor_id": vendor, "access": value, "notes": ""}
        return Edit("access", key, operation, fields, SOURCE, "low", "")  # type: ignore[arg-type]

    assert lowered_pairs([access("apple.aws", "0")], base) == ["apple.aws"]  # was above 0
    assert lowered_pairs([access("apple.aws", "0.5")], base) == []
    assert lowered_pairs([access("zz.aws", "0", "add")], base) == []  # no row before
    zero = _release_with_zero(base)
    assert lowered_pairs([access("apple.aws", "0")], zero) == []  # already 0


def _release_with_zero(base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = dict(base)
    rows = base["access"].copy()
    rows.loc[(rows["adopter_id"] == "apple") & (rows["vendor_id"] == "aws"), "access"] = "0"
    out["access"] = rows
    return out
