"""Pass 11 recheck (CLI and its files): a .csv symlink to another type's file, abbreviations of
--smoke-test, the owner of a rebuilt database, export-chart into a folder named like a file,
and small wordings (/work/pass11-recheck.md, A1, C1, D1, D4, E2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


def _error(capsys: Capture, argv: list[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


# --- A1: a .csv symlink to a scenario file is not written through -------------------------
def test_a_csv_link_to_a_scenario_file_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """``ln -s scen.toml out.csv; run --out out.csv`` replaced the scenario with CSV."""
    scen = tmp_path / "scen.toml"
    scen.write_text("format_version = 2\n[assumptions]\nlock_in = 1.0\n")
    before = scen.read_bytes()
    out = tmp_path / "out.csv"
    out.symlink_to(scen)
    message = _error(capsys, ["run", "--db", str(synthetic_db), "--out", str(out)])
    assert message.endswith(f"Cannot write the CSV file {out}: it links to {scen}, whose name "
                            "ends in .toml, a scenario file's type; a CSV output should end in "
                            ".csv; remove the link or choose another name.")
    assert scen.read_bytes() == before and out.is_symlink()
