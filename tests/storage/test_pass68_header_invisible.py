"""Pass 68 F1: an invisible character in a header name of an edits file or table CSV (U+200B
before chip_id, U+200F after name, a second byte-order mark, 1 to 15 leading zero bytes) was
"the nearest, chips, lacks chip_id; add the missing columns" or "missing column(s) chip_id":
the header cell is now named with the character, as id cells and TOML name one; a repeated
byte-order mark is stripped like the first; a zeroed start of any length is damage.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main

Capture = pytest.CaptureFixture[str]
DAMAGED = ("it is damaged (a crash or a disk error leaves files like this); restore it from a "
           "copy or replace it")


def _chips(db: Path) -> bytes:
    header, first = (db.parent / "csv" / "chips.csv").read_text(encoding="utf-8").splitlines()[:2]
    if "confidence" not in header.split(","):
        header, first = header + ",confidence", first + ",high"
    return f"{header}\n{first}\n".encode()


def _run(path: Path, db: Path, capsys: Capture, *table: str) -> tuple[int, str]:
    before, stored = path.read_bytes(), db.read_bytes()
    rc = main(["data", "import-edits", *table, str(path), "--db", str(db)])
    told = capsys.readouterr()
    err = told.err + told.out
    assert path.read_bytes() == before
    if rc:
        assert db.read_bytes() == stored
    return rc, err


@pytest.mark.parametrize("table", [(), ("--table", "chips")])
def test_an_invisible_character_in_a_header_name_is_named(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, table: tuple[str, ...]) -> None:
    text = _chips(synthetic_db)
    cases = {
        "zw.csv": ("\u200b".encode() + text, "line 1, column 1: the header '\\u200bchip_id' "
                   "holds an invisible character U+200B (ZERO WIDTH SPACE); delete it"),
        "rlm.csv": (text.replace(b",name,", ",name\u200f,".encode(), 1),
                    "line 1, column 3: the header 'name\\u200f' holds an invisible character "
                    "U+200F (RIGHT-TO-LEFT MARK); delete it"),
    }
    for name, (data, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        rc, err = _run(path, synthetic_db, capsys, *table)
        assert rc == 2 and f"{path}, {words}" in err, err
        assert "missing column" not in err and "lacks" not in err, err


def test_a_repeated_byte_order_mark_is_stripped_like_the_first(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    two = tmp_path / "bom2.csv"
    two.write_bytes(b"\xef\xbb\xbf" * 2 + _chips(synthetic_db))
    rc, err = _run(two, synthetic_db, capsys)
    assert rc == 0 and "Imported 1 edit(s)" in err, err
    assert "lacks" not in err and "invisible" not in err, err


@pytest.mark.parametrize("count", [1, 2, 8, 15, 16])
def test_a_few_leading_zero_bytes_are_a_damaged_file(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, count: int) -> None:
    path = tmp_path / "lead.csv"
    path.write_bytes(b"\0" * count + _chips(synthetic_db))
    rc, err = _run(path, synthetic_db, capsys)
    byte = "byte" if count == 1 else "bytes"
    assert rc == 2 and f"{path}: it starts with {count} zero {byte} (NUL): {DAMAGED}" in err, err
    assert "lacks" not in err and "U+0000" not in err, err
