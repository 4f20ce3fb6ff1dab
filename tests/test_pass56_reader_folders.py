"""P56-F5: ``data check/build --csv-dir`` called a symlink loop and a link to a missing folder
"X: is not a folder (give the folder that holds the data CSVs)"; it now names what the path
is, with the file readers' causes and advice. ``CHIPSCOPE_BUNDLED_DB`` at a dangling link said
"which is missing"; it now names the link to the missing file.

P56-F6: ``data export-edits`` said "no data edits to export" of a database whose edits sit in
a renamed table (``ue_old``); it now names the table, as ``data diff`` does (P55-F6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main
from tests.test_pass55_reader_advice import _with_a_renamed_edits_table

Capture = pytest.CaptureFixture[str]


def _odd_folder(tmp_path: Path, kind: str) -> tuple[Path, str]:
    path = tmp_path / "odd"
    if kind == "loop":
        path.symlink_to(path.name)
        return path, "it is a symlink loop; remove the link or choose another folder"
    if kind == "dangling":
        path.symlink_to("nothere")
        return path, ("it is a symlink to the missing nothere; put the folder back or choose "
                      "another folder")
    if kind == "link to a file":
        (tmp_path / "chips.csv").write_text("x\n")
        path.symlink_to("chips.csv")
        return path, "it links to a file, not a folder; give the folder that holds the data CSVs"
    path.write_text("x\n")
    return path, "it is a file, not a folder; give the folder that holds the data CSVs"


@pytest.mark.parametrize("kind", ["loop", "dangling", "link to a file", "file"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_csv_dir_names_what_the_path_is(tmp_path: Path, capsys: Capture, kind: str,
                                        command: str) -> None:
    path, said = _odd_folder(tmp_path, kind)
    out = tmp_path / "out.db"
    argv = ["data", command, "--csv-dir", str(path)]
    capsys.readouterr()
    assert main(argv + (["--out", str(out)] if command == "build" else [])) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(f"error: {path}: {said}"), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() and (path.is_symlink() or path.is_file())


def test_a_bundled_override_at_a_dangling_link_names_the_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    link = tmp_path / "dang.db"
    link.symlink_to("nothere.db")
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(link))
    capsys.readouterr()
    assert main(["assumptions"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(
        f"error: CHIPSCOPE_BUNDLED_DB points to {link}, which is a symlink to the missing "
        "nothere.db; put the file back, or point it to a ChipScope database, or unset it to "
        "use the dataset installed with ChipScope."), err
    assert link.is_symlink() and not (tmp_path / "home" / "chipscope.db").exists()


def test_export_edits_names_a_renamed_edits_table(synthetic_db: Path, tmp_path: Path,
                                                   capsys: Capture) -> None:
    _with_a_renamed_edits_table(synthetic_db)
    before = synthetic_db.read_bytes()
    out = tmp_path / "e.csv"
    capsys.readouterr()
    assert main(["data", "export-edits", "--db", str(synthetic_db), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(
        f"error: {synthetic_db}: no data edits to export; the database also holds a table "
        "'ue_old' (1 row) that ChipScope does not know"), err
    assert synthetic_db.read_bytes() == before and not out.exists()


def test_export_edits_without_edits_or_unknown_tables_is_unchanged(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    capsys.readouterr()
    assert main(["data", "export-edits", "--db", str(synthetic_db),
                 "--out", str(tmp_path / "e.csv")]) == 2
    assert capsys.readouterr().err.strip().endswith(
        f"error: {synthetic_db}: no data edits to export")
