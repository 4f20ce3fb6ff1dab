"""P58-F4: an output folder that does not exist got the system's words ("Could not write the
CSV file nope/x.csv (No such file or directory); nothing was changed.") or, from export-chart
and report, "cannot write nope/x.svg: the folder nope does not exist" (no advice). Every writer
now says it in the words of the link cases (:func:`chipscope.storage.output_folder.folder_problem`):
exit 2, nothing written. ``data build`` still makes the folder, and names the one it cannot
make and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main
from tests.test_attack7 import HEADER, ROW
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

Capture = pytest.CaptureFixture[str]
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "chipscope.db"

WRITERS = {
    "run": (["run", "--out"], "x.csv", "CSV file"),
    "run --draws": (["run", "--draws", "2", "--out"], "x.csv", "CSV file"),
    "sensitivity": (["sensitivity", "--metric", "share:v0:2030", "--out"], "x.csv", "CSV file"),
    "market-check": (["market-check", "--out"], "x.csv", "CSV file"),
    "backtest": (["backtest", "--base-year", "2023", "--out"], "x.csv", "CSV file"),
    "sweep": (["sweep", "SPEC", "--workers", "1", "--out"], "x.csv", "CSV file"),
    "export-edits": (["data", "export-edits", "--out"], "x.csv", "edits file"),
    "calibrate": (["calibrate", "--no-targets", "--draws", "1", "--jobs", "1", "--write",
                   "--fitted"], "f.py", "generated module"),
    "export-chart": (["export-chart", "--chart", "share", "--out"], "x.svg", "chart file"),
    "report": (["report", "--out"], "r.pdf", "PDF report"),
}


@pytest.mark.parametrize("nested", [False, True], ids=["folder", "nested"])
@pytest.mark.parametrize("writer", list(WRITERS))
def test_writers_name_a_missing_output_folder(synthetic_db: Path, tmp_path: Path,
                                              capsys: Capture, writer: str,
                                              nested: bool) -> None:
    work = tmp_path / "w"
    work.mkdir()
    (work / "keep.txt").write_bytes(b"mine\n")
    folder = work / "nope" / "deeper" if nested else work / "nope"
    argv, name, what = WRITERS[writer]
    spec = tmp_path / "spec.toml"
    spec.write_text("[grid]\nlock_in = [1.0]\n")
    argv = [str(spec) if a == "SPEC" else a for a in argv]
    if writer == "export-edits":  # one edit to export
        (tmp_path / "one.csv").write_text(HEADER + ROW)
        assert main(["data", "import-edits", str(tmp_path / "one.csv"), "--db",
                     str(synthetic_db)]) == 0
    out = folder / name
    capsys.readouterr()
    db = BUNDLED if writer in ("market-check", "backtest") else synthetic_db  # reported figures
    assert main(["--db", str(db), *argv, str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(f"error: Cannot write the {what} {out}: the folder {folder} does not "
                        "exist; make it or choose another folder (nothing was written)."), err
    assert len(err.splitlines()) == 1 and "No such file" not in err
    assert sorted(p.name for p in work.iterdir()) == ["keep.txt"]
    assert (work / "keep.txt").read_bytes() == b"mine\n"


def test_build_still_makes_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper" / "x.db"
    assert main(["data", "build", "--out", str(out)]) == 0
    assert out.is_file()


def test_build_names_the_read_only_folder_it_cannot_make_a_folder_in(tmp_path: Path) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    ro = tmp_path / "perm" / "ro"
    ro.mkdir(parents=True)
    ro.chmod(0o555)
    try:
        done = cli_without_dac("data", "build", "--out", "perm/ro/missing/x.db", cwd=tmp_path)
    finally:
        ro.chmod(0o755)
    err = done.stderr.strip()
    assert done.returncode == 2, err
    assert err.endswith("error: Cannot make the folder perm/ro/missing for the database "
                        f"perm/ro/missing/x.db: its folder {ro.resolve()} is read-only; make the "
                        "folder writable or choose another one (nothing was written)."), err
    assert list(ro.iterdir()) == []
