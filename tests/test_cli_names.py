"""File names on the command line mean what they say (pass 10, C11, C12): a name ending in /
names a folder (``run --out new.csv/`` wrote a regular file new.csv), an empty name is told as
empty (it was reported as "."); and every CSV reader tells a cell over the csv module's limit
as that, not as "malformed CSV" (the calibration targets reader crashed on it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


def _error(capsys: Capture, argv: list[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [["run"], ["market-check"], ["backtest", "--base-year",
                                                                  "2023"]])
def test_an_output_name_ending_in_a_slash_is_refused(synthetic_db: Path, tmp_path: Path,
                                                     capsys: Capture, command: list[str]) -> None:
    out = f"{tmp_path}/new.csv/"
    assert _error(capsys, [*command, "--db", str(synthetic_db), "--out", out]).endswith(
        f"error: argument --out: {out!r} ends in /, which names a folder; give the file's "
        "name without the /")
    assert not (tmp_path / "new.csv").exists()


@pytest.mark.parametrize("tail", ["/", "/."])
def test_a_chart_file_name_ending_in_a_slash_is_refused(synthetic_db: Path, tmp_path: Path,
                                                        capsys: Capture, tail: str) -> None:
    """Pass 10 re-check, C12: export-chart wrote x/n.svg for --out x/n.svg/ (a folder may
    be given there, so the slash is refused only when no such folder exists)."""
    out = f"{tmp_path}/n.svg{tail}"
    assert _error(capsys, ["export-chart", "--chart", "vendor_share", "--db",
                           str(synthetic_db), "--out", out]).endswith(
        f"error: argument --out: {out!r} ends in {tail}, which names a folder, and there is no "
        f"folder {str(tmp_path / 'n.svg')!r}; give the file's name without the {tail}, or a "
        "folder that exists")
    assert not (tmp_path / "n.svg").exists()


@pytest.mark.parametrize("option", ["--out", "--scenario", "--db"])
def test_an_empty_name_is_told_as_empty(synthetic_db: Path, capsys: Capture,
                                        option: str) -> None:
    argv = {"--out": "o.csv", "--scenario": "s.toml", "--db": str(synthetic_db)}
    argv[option] = ""
    words = [w for k, v in argv.items() for w in (k, v)]
    assert _error(capsys, ["run", *words]).endswith(
        f"error: argument {option}: the name is empty; give the file's name")


def test_a_folder_name_may_end_in_a_slash(csv_dir_path: Path, capsys: Capture) -> None:
    assert main(["data", "check", "--csv-dir", f"{csv_dir_path}/"]) == 0
    assert "no problems found" in capsys.readouterr().out


@pytest.fixture
def csv_dir_path(tmp_path: Path) -> Path:
    from chipscope.model.synthetic import synthetic_frames

    folder = tmp_path / "data"
    folder.mkdir()
    for name, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return folder


def test_a_huge_cell_is_told_in_words_by_every_csv_reader(csv_dir_path: Path, tmp_path: Path,
                                                          synthetic_db: Path,
                                                          capsys: Capture) -> None:
    limit = "a cell is longer than 131,072 characters (the limit)"
    chips = csv_dir_path / "chips.csv"
    lines = chips.read_text(encoding="utf-8").splitlines()
    lines[2] += "x" * 200_000
    chips.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(csv_dir_path)]) == 2
    assert f"{chips}, line 3: {limit}" in capsys.readouterr().err
    targets = tmp_path / "targets.csv"
    targets.write_text("year,quarter,vendor_id,units,h100e,source_id,confidence\n"
                       "2024,1,v0,1,1,synthetic,low\n"
                       f"2024,2,v0,1,1,{'s' * 200_000},low\n", encoding="utf-8")
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(targets)]) == 2
    assert f"{targets}, line 3: {limit}" in capsys.readouterr().err


def test_a_data_csv_without_its_header_is_told(csv_dir_path: Path, capsys: Capture) -> None:
    meta = csv_dir_path / "vendors.csv"
    lines = meta.read_text(encoding="utf-8").splitlines()
    meta.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(csv_dir_path)]) == 2
    assert f"{meta}, line 1 is not a header: unknown column(s) " in capsys.readouterr().err
