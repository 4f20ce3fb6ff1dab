"""Pass 25 (F9): a folder whose mode has no owner-write bit (0555) was written by root: ``run
--out`` made a new file and replaced an old one in it, ``data build`` and ``data import-edits``
wrote a database there. The rule of :mod:`chipscope.storage.write_permission` now covers the
folder too (mode bits, so it holds for root); a sticky shared folder (1777) still works."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import files
from chipscope.storage.errors import is_read_only
from chipscope.storage.write_probe import check_writable

HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence,"
          "created_at,base_digest,source_id")


def _listing(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def rodir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "old.csv").write_text("old\n")
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def _refused(err: str, name: str, folder: Path) -> bool:
    return (f"{name}: its folder {folder} is read-only" in err and "(nothing was written)" in err
            and err.count("\n") == 1)


@pytest.mark.parametrize("name", ["new.csv", "old.csv"])
def test_run_out_into_a_read_only_folder_is_refused(rodir: Path, name: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = _listing(rodir)
    assert main(["run", "--out", str(rodir / name)]) == 2
    assert _refused(capsys.readouterr().err, str(rodir / name), rodir)
    assert _listing(rodir) == before


def test_write_bytes_and_the_probe_refuse_a_read_only_folder(rodir: Path) -> None:
    before = _listing(rodir)
    for write in (lambda p: files.write_bytes(p, b"x", "chart"),
                  lambda p: check_writable(p, "chart")):
        for name in ("new.png", "old.csv"):
            with pytest.raises(files.WriteFailed, match=r"its folder .* is read-only"):
                write(rodir / name)
    assert _listing(rodir) == before


def test_data_build_into_a_read_only_folder_is_refused(
        rodir: Path, synthetic_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _listing(rodir)
    csv_dir = synthetic_db.parent / "csv"
    assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(rodir / "n.db")]) == 2
    assert _refused(capsys.readouterr().err, str(rodir / "n.db"), rodir)
    assert _listing(rodir) == before


def test_import_edits_into_a_database_in_a_read_only_folder_is_refused(
        tmp_path: Path, synthetic_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "dbdir"
    folder.mkdir()
    db = folder / "w.db"
    db.write_bytes(synthetic_db.read_bytes())
    fields = json.dumps({"adopter_id": "newlab", "vendor_id": "v0", "access": "1"})
    lab = json.dumps({"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab",
                      "derivation": "guess"})
    edits = tmp_path / "edits.csv"
    rest = ",Example News,https://example.com/a,2025-01-01,MIT,low,,,"
    edits.write_text("\n".join([
        HEADER, f'adopters,newlab,add,"{lab.replace(chr(34), 2 * chr(34))}"{rest}',
        f'access,newlab.v0,add,"{fields.replace(chr(34), 2 * chr(34))}"{rest}']) + "\n")
    folder.chmod(0o555)
    try:
        before = _listing(folder)
        assert is_read_only(db)
        assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
        err = capsys.readouterr().err
        assert f"The database {db} is read-only" in err
        assert _listing(folder) == before  # no -journal, -wal or temporary left
        assert main(["run", "--db", str(db), "--out", str(tmp_path / "r.csv")]) == 0  # reads
        assert _listing(folder) == before
    finally:
        folder.chmod(0o755)
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 0  # writable again


def test_a_sticky_shared_folder_is_written_as_before(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    from chipscope.storage.write_permission import read_only_folder  # new in pass 25

    assert read_only_folder(shared / "x.csv") is None
    assert main(["run", "--out", str(shared / "x.csv")]) == 0
    assert main(["run", "--out", str(shared / "x.csv")]) == 0  # replaced
    assert (shared / "x.csv").exists()
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
