"""Pass 77, F2: a control character or bidirectional control in a deal's citation, url or
licence was named by the made-up id of the sources row it becomes ("sources row
'user_ca96c13291', column citation"), a row the user never wrote. It is named at the line and
column of the file (import-edits) and next to its field (Edit data: EditSource.problems)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.edits import EditSource
from chipscope.storage.user_edits import list_edits
from tests.test_cli_edits import HEADER, _db

CONTROL = ("contains the control character U+0007 (text may hold tabs and line breaks, no "
           "other control characters)")
BIDI = ("contains the bidirectional control U+202E, which makes the text show as another text "
        "than it is")


def test_the_source_fields_name_a_hidden_character() -> None:
    source = EditSource("Cite\x07here", "https://example.com/a\u202eb", "2026-11-01",
                        "CC BY\tfree")
    assert source.problems() == {"citation": f"citation: {CONTROL}", "url": f"url: {BIDI}"}


def test_import_edits_names_the_line_and_column(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + "d1,a0,v0,c0,2027,2029,1,GW,A deal,medium,firm,,,\"Cite\x07here\","
                   "https://example.com/a\u202eb,2026-11-30,fair use quote\n", encoding="utf-8")
    before = csv.read_bytes()
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{csv}, line 2, column citation: {CONTROL}" in err
    assert f"{csv}, line 2, column url: {BIDI}" in err
    assert "user_" not in err  # no made-up sources row
    assert list_edits(db) == []
    assert csv.read_bytes() == before


def test_diff_of_an_added_source_leaves_out_an_empty_confidence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pass 81, F5: `data diff` of an added source printed "...; confidence " with nothing
    after it (a sources row has no confidence)."""
    db = _db(tmp_path)
    csv = tmp_path / "sources.csv"
    csv.write_text("source_id,citation,url,retrieved,licence\n"
                   "mysrc,My cite,https://example.com/x,2026-11-30,MIT\n", encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "    source: My cite <https://example.com/x>, retrieved 2026-11-30, MIT\n" in out
    assert "confidence" not in out
