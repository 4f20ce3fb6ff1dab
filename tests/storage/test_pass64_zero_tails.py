"""Pass 64 F4: a text file with a zero-filled tail (what a crash leaves: the text, then zero
bytes up to the block's end), mostly zero bytes, zero bytes then text, or a byte-order mark then
zero bytes was called "UTF-32 text", got a CSV field-count problem or (sweep spec) "an invisible
character U+0000": every text reader now says it is damaged and to restore it from a copy; real
UTF-16/32 text keeps its words. F7: the user's own database (or --db) of only zero bytes was "not
an SQLite file" with no advice: it is called damaged, with what to do (exit 2, files unchanged).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.text_causes import not_text

DATA = Path(__file__).resolve().parents[2] / "data"
Capture = pytest.CaptureFixture[str]
DAMAGED = ("it is damaged (a crash or a disk error leaves files like this); restore it from a "
           "copy or replace it")
SCENARIO = b'name = "x"\n'
SPEC = b'[sample]\nn = 5\n[ranges.lock_in]\ndist = "uniform"\nlow = 1.0\nhigh = 5.0\n'


def _refused(argv: list[str], capsys: Capture, path: Path, words: str) -> None:
    before = path.read_bytes()
    assert main(argv) == 2, argv
    err = capsys.readouterr().err
    assert "UTF" not in err and "fields" not in err and "U+0000" not in err, err
    assert f"{path.name}: {words}: {DAMAGED}" in err, err
    assert path.read_bytes() == before


def _edits() -> bytes:
    header, first = (DATA / "chips.csv").read_bytes().splitlines()[:2]
    return header + b"\n" + first + b"\n"


def test_a_zero_filled_tail_is_called_damaged_by_each_reader(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    db, out = str(synthetic_db), str(tmp_path / "o.csv")
    scenario, spec = tmp_path / "s.toml", tmp_path / "sp.toml"
    edits, targets = tmp_path / "tail.csv", tmp_path / "t.csv"
    scenario.write_bytes(SCENARIO + b"\0" * 4085)  # truncate -s 4096
    spec.write_bytes(SPEC + b"\0" * 1978)
    edits.write_bytes(_edits() + b"\0" * 8000)
    targets.write_bytes((DATA / "calibration_targets.csv").read_bytes() + b"\0" * 4096)
    _refused(["run", "--db", db, "--scenario", str(scenario), "--out", out], capsys, scenario,
             "it ends in 4,085 zero bytes (NUL) from line 2 on")
    _refused(["--db", db, "sweep", str(spec), "--out", out], capsys, spec,
             "it ends in 1,978 zero bytes (NUL) from line 7 on")
    _refused(["data", "import-edits", str(edits), "--db", db], capsys, edits,
             "it ends in 8,000 zero bytes (NUL) from line 3 on")
    lines = (DATA / "calibration_targets.csv").read_bytes().count(b"\n") + 1
    _refused(["calibrate", "--db", db, "--targets", str(targets), "--draws", "1"], capsys,
             targets, f"it ends in 4,096 zero bytes (NUL) from line {lines} on")
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(("data", "words"), [
    (b"\0" * 4096 + b"\n", "it starts with 4,096 zero bytes (NUL)"),
    (b"\0" * 4096 + _edits(), "it starts with 4,096 zero bytes (NUL)"),
    (b"\xef\xbb\xbf" + b"\0" * 4096, "it ends in 4,096 zero bytes (NUL) from line 1 on"),
    (_edits() + b"\0" * 64 + _edits(), "line 3 holds 64 zero bytes (NUL) in a row"),
])
def test_mostly_zero_or_leading_zero_files_are_called_damaged(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, data: bytes, words: str) -> None:
    edits, scenario = tmp_path / "z.csv", tmp_path / "z.toml"
    edits.write_bytes(data)
    scenario.write_bytes(data)
    _refused(["data", "import-edits", str(edits), "--db", str(synthetic_db)], capsys, edits,
             words)
    _refused(["run", "--db", str(synthetic_db), "--scenario", str(scenario), "--out",
              str(tmp_path / "o.csv")], capsys, scenario, words)


def test_a_csv_dir_table_with_a_zero_tail_is_called_damaged(tmp_path: Path,
                                                             capsys: Capture) -> None:
    folder = tmp_path / "cd"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("*.db", "derive"))
    table = folder / "vendors.csv"
    lines = table.read_bytes().count(b"\n") + 1
    table.write_bytes(table.read_bytes() + b"\0" * 4096)
    _refused(["data", "check", "--csv-dir", str(folder)], capsys, table,
             f"it ends in 4,096 zero bytes (NUL) from line {lines} on")


@pytest.mark.parametrize(("codec", "chars"), [
    ("utf-16", "\u4e00\u0100\U00010000"), ("utf-16-le", "\u00e9"), ("utf-16-be", "\u00e9"),
    ("utf-32", "\u4e00\u0100\U00010000"), ("utf-32-le", "\u4e00\u0100\U00010000"),
    ("utf-32-be", "\u4e00\u0100\U00010000")])
def test_utf16_and_utf32_text_keeps_its_words_and_with_a_zero_tail_is_damaged(
        codec: str, chars: str) -> None:
    text = f"# {chars} A\nname = \"x\"\n".encode(codec)
    width = "16" if "16" in codec else "32"
    why = not_text(text, "a scenario file", False)
    assert why is not None and f"UTF-{width} text, not UTF-8" in why, why
    tail = not_text(text + b"\0" * 4000, "a scenario file", False)
    assert tail is not None and "from line 3 on: it is damaged" in tail, tail


def test_a_binary_file_with_zero_runs_stays_a_binary_file() -> None:
    data = b"\x7fELF\x02\x01\x01" + b"\0" * 40 + bytes(range(256)) * 3
    assert not_text(data, "a CSV file", True) == ("it is a binary file (it holds NUL bytes), "
                                                  "not a CSV file")


ZERO_DB = ("holds only zero bytes (NUL): it is damaged (a crash or a disk error leaves files like "
           "this); restore it from a copy, or ")


def test_the_users_own_database_of_zero_bytes_is_called_damaged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    own = home / "chipscope.db"
    own.write_bytes(b"\0" * 286_720)
    assert main(["run", "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert (f"{own} {ZERO_DB}move it away (ChipScope makes your own database anew from the "
            "bundled data).") in err, err
    assert own.read_bytes() == b"\0" * 286_720 and not (tmp_path / "o.csv").exists()


def test_a_db_of_zero_bytes_is_called_damaged(tmp_path: Path, capsys: Capture) -> None:
    db = tmp_path / "zz.db"
    db.write_bytes(b"\0" * 8192)
    assert main(["--db", str(db), "run", "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert (f"{db} {ZERO_DB}move it away and make one there with `chipscope-cli data build "
            f"--out {db}`.") in err, err
    assert db.read_bytes() == b"\0" * 8192


def test_mostly_zero_bytes_without_a_long_run_is_called_damaged() -> None:
    data = (b"\0" * 10 + b"a") * 20
    assert not_text(data, "a CSV file", True) == (
        f"it holds mostly zero bytes (NUL), 200 of 220: {DAMAGED}")
