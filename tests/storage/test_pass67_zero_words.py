"""Pass 67 F4: a Windows-1252 CSV (what Excel saves) with a zeroed start or a zeroed block inside
was "UTF-32 text, not UTF-8 (three of every four bytes are 0)" or "a binary file (it holds NUL
bytes)": one run of zero bytes in single-byte text is damage, worded as for UTF-8 text (a single
run of zero bytes is no UTF-32 text, whose zero bytes run in lanes all along). F6: "it ends in 1
zero bytes": one zero byte is "1 zero byte (NUL)" in every zero wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.text_causes import not_text, zero_clause

DATA = Path(__file__).resolve().parents[2] / "data"
Capture = pytest.CaptureFixture[str]
DAMAGED = ("it is damaged (a crash or a disk error leaves files like this); restore it from a "
           "copy or replace it")


def _edits(encoding: str = "cp1252") -> bytes:
    header, first = (DATA / "chips.csv").read_text(encoding="utf-8").splitlines()[:2]
    return f"{header}\n{first} caf\u00e9\n".encode(encoding)


def _refused(path: Path, db: Path, capsys: Capture, words: str) -> str:
    before = path.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{path.name}: {words}: {DAMAGED}" in err, err
    assert "UTF-32" not in err and "binary" not in err and "0xE9" not in err, err
    assert path.read_bytes() == before
    return err


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_a_zeroed_start_or_block_in_a_csv_is_damaged(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, encoding: str) -> None:
    text = _edits(encoding)
    line = text[:100].count(b"\n") + 1
    cases = {"lead.csv": (b"\0" * 4096 + text, "it starts with 4,096 zero bytes (NUL)"),
             "lead20.csv": (b"\0" * 20 + text, "it starts with 20 zero bytes (NUL)"),
             "mid.csv": (text[:100] + b"\0" * 4096 + text[100:],
                         f"line {line} holds 4,096 zero bytes (NUL) in a row")}
    for name, (data, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        _refused(path, synthetic_db, capsys, words)


def test_binaries_and_wide_text_keep_their_words() -> None:
    text = _edits()
    two_runs = b"\0" * 20 + text[:50] + b"\0" * 20 + text[50:]
    assert not_text(two_runs, "a CSV file", True) == ("it is a binary file (it holds NUL "
                                                     "bytes), not a CSV file")
    controls = b"\0" * 4096 + (bytes(range(1, 32)) + b"caf\xe9") * 4  # no UTF-8
    assert not_text(controls, "a CSV file", True) == ("it is a binary file (it holds NUL "
                                                     "bytes), not a CSV file")
    wide = 'name = "x"\nseed = 1\n'.encode("utf-32-le")
    assert "it is UTF-32 text, not UTF-8" in (not_text(wide, "a scenario file", False) or "")


def test_one_zero_byte_is_singular(synthetic_db: Path, tmp_path: Path,
                                   capsys: Capture) -> None:
    edits, scenario = tmp_path / "one.csv", tmp_path / "s1.toml"
    edits.write_bytes(_edits("utf-8") + b"\0")
    scenario.write_bytes(b'name = "x"\0')
    before = edits.read_bytes(), scenario.read_bytes()
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert f"one.csv: it ends in 1 zero byte (NUL) from line 3 on: {DAMAGED}" in err, err
    out = tmp_path / "o.csv"
    assert main(["run", "--db", str(synthetic_db), "--scenario", str(scenario),
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"s1.toml: it ends in 1 zero byte (NUL) from line 1 on: {DAMAGED}" in err, err
    assert (edits.read_bytes(), scenario.read_bytes()) == before and not out.exists()
    assert zero_clause(1, 2, 10).startswith("starts with 1 zero byte (NUL): it is damaged")
    assert zero_clause(2, 2, 10).startswith("starts with 2 zero bytes (NUL): it is damaged")
