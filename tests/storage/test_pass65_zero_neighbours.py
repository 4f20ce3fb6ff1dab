"""Pass 65 F1/F2: a zero-filled tail after Windows-1252 text (what Excel saves) was "a binary
file (it holds NUL bytes)" with no advice, and a tail shorter than 16 zero bytes got a CSV field
count or "an invisible character U+0000": zero bytes running to the end of a file after bytes
with none among them are a zero-filled tail of any length, whatever the text's encoding (UTF-16
and UTF-32 text, which ends in a 0 byte too, keeps its words). F3: a database whose first block
is zeroed (or that is mostly zero bytes) was "not an SQLite file" with no advice: it is damaged,
with the advice a database of only zero bytes gets, at every entry point (exit 2, unchanged).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.text_causes import not_text

DATA = Path(__file__).resolve().parents[2] / "data"
Capture = pytest.CaptureFixture[str]
DAMAGED = ("it is damaged (a crash or a disk error leaves files like this); restore it from a "
           "copy or replace it")


def _edits(text: str = "") -> bytes:
    header, first = (DATA / "chips.csv").read_text(encoding="utf-8").splitlines()[:2]
    return f"{header}\n{first}{text}\n".encode("cp1252")


def _refused(argv: list[str], capsys: Capture, path: Path, words: str) -> str:
    before = path.read_bytes()
    assert main(argv) == 2, argv
    err = capsys.readouterr().err
    assert words in err, err
    assert path.read_bytes() == before
    return err


@pytest.mark.parametrize("zeros", [1, 15, 4096])
def test_a_windows_1252_csv_with_a_zero_tail_is_damaged(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, zeros: int) -> None:
    edits = tmp_path / "lat.csv"
    edits.write_bytes(_edits(" caf\u00e9") + b"\0" * zeros)
    err = _refused(["data", "import-edits", str(edits), "--db", str(synthetic_db)], capsys,
                   edits, f"lat.csv: it ends in {zeros:,} zero byte{'s' * (zeros > 1)} (NUL) "
                   "from line 3 on: "
                   f"{DAMAGED}")
    assert "binary" not in err and "0xE9" not in err, err
    edits.write_bytes(_edits(" caf\u00e9"))
    _refused(["data", "import-edits", str(edits), "--db", str(synthetic_db)], capsys, edits,
             "lat.csv, line 2: the byte 0xE9 is not UTF-8 text; save it as UTF-8 (in a "
             "spreadsheet: CSV UTF-8) and try again")


def test_short_zero_tails_are_damaged(synthetic_db: Path, tmp_path: Path,
                                      capsys: Capture) -> None:
    edits, scenario = tmp_path / "short.csv", tmp_path / "s10.toml"
    edits.write_bytes(_edits() + b"\0" * 15)
    scenario.write_bytes(b'name = "x"\n' + b"\0" * 10)
    err = _refused(["data", "import-edits", str(edits), "--db", str(synthetic_db)], capsys,
                   edits, f"short.csv: it ends in 15 zero bytes (NUL) from line 3 on: {DAMAGED}")
    assert "fields" not in err, err
    err = _refused(["run", "--db", str(synthetic_db), "--scenario", str(scenario), "--out",
                    str(tmp_path / "o.csv")], capsys, scenario,
                   f"s10.toml: it ends in 10 zero bytes (NUL) from line 2 on: {DAMAGED}")
    assert "U+0000" not in err and not (tmp_path / "o.csv").exists(), err


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_ascii_text_keeps_its_words(codec: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + 'name = "x"\nseed = 1\n'
    why = not_text(text.encode(codec), "a scenario file", False)
    width = codec[4:6]
    assert why is not None and f"it is UTF-{width} text, not UTF-8" in why, why


def test_a_utf8_file_with_a_bom_and_a_short_zero_tail_and_a_binary_stay_apart() -> None:
    assert not_text(b"\xef\xbb\xbfname = 1\n\0\0\0", "a scenario file", False) == (
        f"it ends in 3 zero bytes (NUL) from line 2 on: {DAMAGED}")
    elf = b"\x7fELF\x02\x01\x01" + b"\0" * 40 + bytes(range(1, 256)) * 3 + b"\0" * 8
    assert not_text(elf, "a CSV file", True) == ("it is a binary file (it holds NUL bytes), "
                                                 "not a CSV file")


DB_DAMAGED = ("it is damaged (a crash or a disk error leaves files like this); restore it from "
              "a copy, or ")


def _zeroed(db: Path, real: Path) -> bytes:
    data = b"\0" * 4096 + real.read_bytes()[4096:]
    db.write_bytes(data)
    return data


def test_a_db_with_a_zeroed_first_block_is_damaged(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    db = tmp_path / "zh.db"
    _zeroed(db, synthetic_db)
    words = (f"{db} starts with 4,096 zero bytes (NUL): {DB_DAMAGED}move it away and make one "
             f"there with `chipscope-cli data build --out {db}`.")
    out = str(tmp_path / "o.csv")
    _refused(["--db", str(db), "run", "--out", out], capsys, db, words)
    edits = tmp_path / "e.csv"
    edits.write_bytes(_edits())
    _refused(["--db", str(db), "data", "import-edits", str(edits)], capsys, db, words)
    _refused(["data", "build", "--out", str(db)], capsys, db, "so it was not overwritten")
    assert not (tmp_path / "o.csv").exists()


def test_a_mostly_zero_db_is_damaged(tmp_path: Path, capsys: Capture) -> None:
    db = tmp_path / "mz.db"
    db.write_bytes((b"x" + b"\0" * 99) * 100)
    _refused(["--db", str(db), "run", "--out", str(tmp_path / "o.csv")], capsys, db,
             f"{db} holds mostly zero bytes (NUL), 9,900 of 10,000: {DB_DAMAGED}move it away")


def test_own_and_bundled_databases_with_a_zeroed_first_block_are_damaged(
        synthetic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: Capture) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    own = home / "chipscope.db"
    _zeroed(own, synthetic_db)
    _refused(["run", "--out", str(tmp_path / "o.csv")], capsys, own,
             f"{own} starts with 4,096 zero bytes (NUL): {DB_DAMAGED}move it away (ChipScope "
             "makes your own database anew from the bundled data).")
    own.unlink()
    bundled = tmp_path / "b.db"
    _zeroed(bundled, synthetic_db)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))
    _refused(["run", "--out", str(tmp_path / "o.csv")], capsys, bundled,
             f"CHIPSCOPE_BUNDLED_DB points to {bundled}, which starts with 4,096 zero bytes "
             "(NUL): it is damaged (a crash or a disk error leaves files like this); point it to")
    assert not (tmp_path / "o.csv").exists()
