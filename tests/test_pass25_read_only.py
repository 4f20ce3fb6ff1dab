"""Pass 24b, grade A: a file the user marked read-only (mode 0444, in a folder the user may
write) was replaced by every writer: the atomic write renames a temporary file over it, which
needs only the folder's permission, and as root SQLite writes a 0444 database as well. Every
writer now refuses it (storage.write_permission), exit status 2, the file byte-identical and
still 0444. The check reads the mode bits, so it holds for root too (this test suite may run
as root, where os.access says yes to any file)."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage import files
from chipscope.storage.scenario_files import write_scenario_file

OLD = b"the user's read-only file\n" * 20
SENTENCE = "it is read-only; make it writable or choose another file (it was left unchanged)"


def read_only_file(path: Path, data: bytes = OLD) -> Path:
    path.write_bytes(data)
    path.chmod(0o444)
    return path


def kept(path: Path, digest: str) -> None:
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def fails(argv: list[str], capfd: pytest.CaptureFixture[str], target: Path) -> str:
    assert main(argv) == 2
    out, err = capfd.readouterr()
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    assert str(target) in err and SENTENCE in err, err
    assert "Wrote" not in out, out
    return err


@pytest.mark.parametrize("argv, suffix", [
    (["run"], ".csv"),
    (["export-chart", "--chart", "vendor_share", "--width", "480", "--height", "400"], ".png"),
    (["export-chart", "--chart", "chip_mix", "--width", "480", "--height", "400"], ".svg"),
    (["data", "export-edits"], ".csv"),
])
def test_a_read_only_output_is_refused_and_left_unchanged(
        argv: list[str], suffix: str, synthetic_db: Path, tmp_path: Path,
        capfd: pytest.CaptureFixture[str]) -> None:
    if argv[-1] == "export-edits":  # one edit to export
        assert main(["data", "import-edits", str(_edits_file(tmp_path)), "--db",
                     str(synthetic_db)]) == 0
        capfd.readouterr()
    out = read_only_file(tmp_path / f"mine{suffix}")
    digest = hashlib.sha256(OLD).hexdigest()
    fails([*argv, "--db", str(synthetic_db), "--out", str(out)], capfd, out)
    kept(out, digest)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cs-")]


def test_a_scenario_export_over_a_read_only_file_is_refused(tmp_path: Path) -> None:
    target = read_only_file(tmp_path / "mine.toml", b"format_version = 1\n[assumptions]\n")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    with pytest.raises(files.WriteFailed, match="it is read-only; make it writable"):
        write_scenario_file(target, Scenario("s", "", {}),
                            AssumptionSpecs.for_dataset(synthetic_dataset()))
    kept(target, digest)


def test_a_read_only_file_reached_through_a_symlink_is_refused(tmp_path: Path) -> None:
    real = read_only_file(tmp_path / "real.csv")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with pytest.raises(files.WriteFailed, match=SENTENCE.replace("(", r"\(").replace(")", r"\)")):
        files.write_text(link, "new\n", "CSV file")
    kept(real, hashlib.sha256(OLD).hexdigest())


def test_a_writable_file_is_still_replaced(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_bytes(OLD)
    path.chmod(0o644)
    files.write_text(path, "new\n", "CSV file")
    assert path.read_text() == "new\n" and stat.S_IMODE(path.stat().st_mode) == 0o644


def _edits_file(tmp_path: Path) -> Path:
    csv = tmp_path / "one.csv"
    csv.write_text(
        "deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
        "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
        "licence\n"
        "mine,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
        "https://example.com/a,2026-11-30,fair use quote\n")
    return csv


def test_a_database_write_to_a_read_only_database_is_refused(
        synthetic_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    synthetic_db.chmod(0o444)
    digest = hashlib.sha256(synthetic_db.read_bytes()).hexdigest()
    assert main(["data", "import-edits", str(_edits_file(tmp_path)), "--db",
                 str(synthetic_db)]) == 2
    err = capfd.readouterr().err
    assert str(synthetic_db) in err and "read-only" in err, err
    kept(synthetic_db, digest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "one.csv", "synthetic.db"]
    synthetic_db.chmod(0o644)  # the same import into the writable file works
    assert main(["data", "import-edits", str(_edits_file(tmp_path)), "--db",
                 str(synthetic_db)]) == 0


def test_data_build_over_a_read_only_database_is_refused(
        synthetic_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    synthetic_db.chmod(0o444)
    digest = hashlib.sha256(synthetic_db.read_bytes()).hexdigest()
    fails(["data", "build", "--csv-dir", str(tmp_path / "csv"), "--out", str(synthetic_db)],
          capfd, synthetic_db)
    kept(synthetic_db, digest)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_read_only_output_is_refused_before_the_work(
        synthetic_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """The early probe (write_probe.check_writable) says it too: run --draws refuses before
    drawing, as it does for any output it cannot write."""
    out = read_only_file(tmp_path / "draws.csv")
    fails(["run", "--draws", "5", "--db", str(synthetic_db), "--out", str(out)], capfd, out)
    kept(out, hashlib.sha256(OLD).hexdigest())
