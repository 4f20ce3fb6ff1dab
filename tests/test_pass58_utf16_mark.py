"""Pass 58 (m70 item 2): a file saved as UTF-16 with its byte-order mark (Notepad's "Unicode")
holding Chinese or Japanese text has few 0 bytes, so it was called "line 1: the byte 0xFF is
not UTF-8 text" without saying it is UTF-16; now every reader names UTF-16 by its mark,
whatever the text is, as it does for UTF-16 text with a 0 in every other byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]

CJK = "# 芯片供应情景 二〇三〇年的假设与说明 由分析团队编写和审阅。数据来源见附录。\n" * 3
CSV_ADVICE = "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again"
TOML_ADVICE = "save it as UTF-8 and try again"


def _named(encoding: str) -> str:
    wide = "UTF-32" if "32" in encoding else "UTF-16"
    return f"it is {wide} text, not UTF-8 (it starts with a {wide} byte-order mark)"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-32"])
def test_a_marked_wide_scenario_file_is_named(synthetic_db: Path, tmp_path: Path,
                                              capsys: Capture, encoding: str) -> None:
    path = tmp_path / "cjk.toml"
    text = CJK + 'format_version = 2\nname = "情景"\n'
    path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom"
                     else text.encode(encoding))
    before = path.read_bytes()
    assert main(["run", "--db", str(synthetic_db), "--scenario", str(path), "--out",
                 str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert f"Cannot read the scenario file {path}: {_named(encoding)}; {TOML_ADVICE}." in err
    assert "0xFF" not in err and "0xFE" not in err
    assert path.read_bytes() == before and not (tmp_path / "o.csv").exists()


def test_marked_utf16_csv_files_get_the_spreadsheet_advice(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    named = _named("utf-16")
    edits = tmp_path / "cjk_edit.csv"
    edits.write_bytes(CJK.encode("utf-16"))
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    assert f"{edits}: {named}; {CSV_ADVICE}" in capsys.readouterr().err
    assert synthetic_db.read_bytes() == before
    targets = tmp_path / "targets.csv"
    targets.write_bytes(CJK.encode("utf-16"))
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(targets)]) == 2
    assert (f"Cannot read the calibration targets file {targets}: {named}; {CSV_ADVICE}."
            in capsys.readouterr().err)
    assert edits.read_bytes() == CJK.encode("utf-16")
