"""Pass 50 F4: the calibration targets were read by a lenient CSV reader, so a quote opened and
never closed swallowed the rest of the line as one cell, told as "column h100e: empty; ...
column vendor_id: 'nvidia,1,1,...' is not in the dataset", and a stray quote ("x"y) was taken.
``calibrate --targets``, ``data check`` and ``data build`` now name the line where the quote
opens in the words of every data CSV (:mod:`chipscope.storage.csv_quotes`); exit status 2,
the file unchanged, nothing built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import StorageError
from chipscope.storage.calibration_files import (
    calibration_target_problems,
    read_calibration_targets,
)

Capture = pytest.CaptureFixture[str]
UNCLOSED = 'a quote (") opens a field and is never closed; close it or remove it'
ENDED = ('a quote (") opens a field and the quote that ends it{} has more text after it; '
         'close the quote where the field ends or remove it, and write a quote inside a '
         'field twice ("")')
OPEN_LINE = '2025,,"nvidia,1,1,1,1,1,1,x,epoch_ai_chip_counts,high\n'
"""The pass's reproducer: a quote opened in vendor_id and never closed."""


def _targets(path: Path, extra: str = "", *, quote_line: int = 0) -> Path:
    """The bundled targets at ``path``, ``extra`` appended; ``quote_line``: its source_id
    opened with a quote (closed only by the next line's quoted derivation)."""
    text = paths.calibration_targets_path().read_text(encoding="utf-8")
    if quote_line:
        lines = text.split("\n")
        lines[quote_line - 1] = lines[quote_line - 1].replace(",epoch_ai", ',"epoch_ai', 1)
        text = "\n".join(lines)
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize(("extra", "quote_line", "line", "words"), [
    (OPEN_LINE, 0, 4, UNCLOSED),
    ('2026,2,"nvidia"x,1,1,1,1,1,1,x,epoch_ai_chip_counts,high\n', 0, 4, ENDED.format("")),
    ("", 2, 2, ENDED.format(", on line 3,")),
])
def test_calibrate_names_the_line_where_the_quote_opens(
        tmp_path: Path, capsys: Capture, extra: str, quote_line: int, line: int,
        words: str) -> None:
    path = _targets(tmp_path / "ct.csv", extra, quote_line=quote_line)
    before = path.read_bytes()
    argv = ["calibrate", "--db", str(paths.bundled_db_path()), "--targets", str(path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].endswith(f": error: {path}, line {line}: {words}"), err
    assert "empty" not in err and "malformed" not in err and "not in the dataset" not in err
    assert path.read_bytes() == before


def test_a_quote_left_open_in_the_header(tmp_path: Path) -> None:
    """Not "missing column(s)": the header's quote is the cause."""
    path = tmp_path / "ct.csv"
    path.write_text('year,"quarter,vendor_id,h100e,source_id,confidence\n', encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        read_calibration_targets(path)
    assert str(caught.value) == f"{path}, line 1: {UNCLOSED}"
    assert calibration_target_problems(path) == [f"{path}, line 1: {UNCLOSED}"]


def test_data_check_and_build_name_it(tmp_path: Path, capsys: Capture) -> None:
    folder = tmp_path / "data"
    shutil.copytree(paths.data_source_dir(), folder,
                    ignore=shutil.ignore_patterns("chipscope.db*", "derive", "*.py"))
    targets = _targets(folder / "calibration_targets.csv", OPEN_LINE)
    before = targets.read_bytes()
    out = tmp_path / "out.db"
    for argv in (["data", "check", "--csv-dir", str(folder)],
                 ["data", "build", "--csv-dir", str(folder), "--out", str(out)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"{targets}, line 4: {UNCLOSED}\n" in err, err
        assert "empty" not in err and "not in the dataset" not in err
    assert targets.read_bytes() == before and not out.exists()


def test_quoted_derivations_over_lines_still_read(tmp_path: Path) -> None:
    """A quoted cell may hold commas and line breaks (a derivation): read as before."""
    path = _targets(tmp_path / "ct.csv")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("(chips.csv); percentiles", "(chips.csv);\npercentiles", 1),
                    encoding="utf-8")
    frame = read_calibration_targets(path)
    assert len(frame) == 2 and "\npercentiles" in frame["derivation"][0]
