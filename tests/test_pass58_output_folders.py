"""P57-F3/F4: a writer's output folder that is a symlink loop, a link to something missing or a
link to a file got the system's words in three styles ("(Too many levels of symbolic links)",
"(No such file or directory)", "(File exists)" for ``data build``, "the folder X does not
exist" for ``export-chart`` and ``report``) and no advice. Every writer now names the folder
with the words ``--csv-dir`` uses, and the advice: exit 2, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.__main__ import main
from tests.test_attack7 import HEADER, ROW

Capture = pytest.CaptureFixture[str]

SAID = {
    "loop": "odd is a symlink loop; remove the link or choose another folder",
    "dangling": ("odd is a symlink to the missing nothere; put the folder back or choose "
                 "another folder"),
    "link to a file": "odd links to a file, not a folder; remove the link or choose another folder",
    "file on the way": "odd is a file, not a folder; choose another folder",
}


def odd_folder(tmp_path: Path, kind: str) -> Path:
    """``tmp_path/odd``, made as ``kind``; the output's folder is below it for a file."""
    odd = tmp_path / "odd"
    if kind == "loop":
        odd.symlink_to(odd.name)
    elif kind == "dangling":
        odd.symlink_to("nothere")
    elif kind == "link to a file":
        (tmp_path / "chips.csv").write_text("x\n")
        odd.symlink_to("chips.csv")
    else:
        odd.write_text("x\n")
        return odd / "sub"
    return odd


def _listing(tmp_path: Path) -> dict[str, bytes | str]:
    return {p.name: os.readlink(p) if p.is_symlink() else p.read_bytes()
            for p in tmp_path.iterdir()}


WRITERS = {
    "run": (["run", "--out"], "x.csv", "CSV file"),
    "export-edits": (["data", "export-edits", "--out"], "x.csv", "edits file"),
    "build": (["data", "build", "--out"], "x.db", "database"),
    "export-chart": (["export-chart", "--chart", "share", "--out"], "x.svg", "chart file"),
    "report": (["report", "--out"], "r.pdf", "PDF report"),
}


@pytest.mark.parametrize("kind", list(SAID))
@pytest.mark.parametrize("writer", list(WRITERS))
def test_writers_name_an_odd_output_folder(synthetic_db: Path, tmp_path: Path, capsys: Capture,
                                           kind: str, writer: str) -> None:
    work = tmp_path / "w"
    work.mkdir()
    folder = odd_folder(work, kind)
    argv, name, what = WRITERS[writer]
    out = folder / name
    before = _listing(work)
    db = [] if writer == "build" else ["--db", str(synthetic_db)]
    if writer == "export-edits":  # one edit to export
        (tmp_path / "one.csv").write_text(HEADER + ROW)
        assert main(["data", "import-edits", str(tmp_path / "one.csv"), *db]) == 0
    capsys.readouterr()
    assert main([*db, *argv, str(out)]) == 2
    err = capsys.readouterr().err.strip()
    said = SAID[kind].replace("odd", str(work / "odd"), 1)
    assert err.endswith(f"error: Cannot write the {what} {out}: {said} (nothing was written)."), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert _listing(work) == before
    assert not (work / "nothere").exists()


@pytest.mark.parametrize("kind", ["loop", "dangling"])
def test_export_chart_names_a_folder_link_given_as_out(synthetic_db: Path, tmp_path: Path,
                                                        capsys: Capture, kind: str) -> None:
    folder = odd_folder(tmp_path, kind)
    capsys.readouterr()
    assert main(["--db", str(synthetic_db), "export-chart", "--chart", "share", "--out",
                 str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    said = SAID[kind].replace("odd", str(folder), 1)
    assert err.endswith(f"error: --out: {said}"), err
    assert folder.is_symlink() and not (tmp_path / "nothere").exists()


def test_a_missing_plain_folder_is_still_made_by_build(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "new" / "x.db"
    assert main(["data", "build", "--out", str(out)]) == 0
    assert out.is_file()
