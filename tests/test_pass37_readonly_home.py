"""Pass 37 F4: CHIPSCOPE_HOME an existing read-only folder without a database: ``run`` read
the bundled data with a note, but ``data diff`` and ``data export-edits`` (which only read) were
told "Could not write the database ... nothing was changed", exit 2; and a missing folder that
cannot be made (under a read-only one) refused even ``run``. Now one rule
(cli_common.own_database): a command that only reads reads the bundled data with the same note
in both cases; one that writes the user's database is refused in one sentence naming the
folder and the cause, and nothing is made.

A folder with mode 0555 is read-only to ChipScope even for root (its writers ask the
permission bits, storage.write_permission), so these run as any user; the read-only mount of
the reproducer is tried too where this process may mount."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOTE_TAIL = ("or choose another one (see CHIPSCOPE_HOME). The bundled data were read instead "
             "(--db PATH reads another database).")


def _fix(case: str) -> str:
    """What the sentence says to do: its owner's write bit (pass 62 F4: chmod advice)."""
    return f"make {'it' if case == 'existing' else 'that folder'} writable (chmod u+w)"


@pytest.fixture
def parent(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def _home(parent: Path, case: str) -> tuple[Path, str]:
    """CHIPSCOPE_HOME for ``case`` and the cause its sentence gives."""
    if case == "existing":
        return parent, "read-only permissions"
    return parent / "sub", f"it cannot be made in {parent}: read-only permissions"


READING = [["run", "--out", "OUT/r.csv"], ["assumptions"], ["data", "diff"],
           ["data", "export-edits", "--out", "OUT/e.csv"],
           ["market-check", "--out", "OUT/m.csv"]]
WRITING = [["data", "drop-edit", "deals", "x"], ["data", "keep-edit", "deals", "x"]]


@pytest.mark.parametrize("case", ["existing", "missing"])
@pytest.mark.parametrize("argv", READING, ids=lambda a: " ".join(a[:2]))
def test_a_reading_command_reads_the_bundled_data_with_one_note(
        case: str, argv: list[str], parent: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    home, cause = _home(parent, case)
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    status = main([a.replace("OUT", str(tmp_path)) for a in argv])
    out, err = capsys.readouterr()
    note = f"Note: Cannot use the data folder {home} ({cause}); {_fix(case)} {NOTE_TAIL}"
    assert note in err, err
    assert "Could not write" not in err and "unexpected" not in err, err
    if argv[:2] == ["data", "export-edits"]:  # the bundled data hold no edits
        assert status == 2 and "no data edits to export" in err, err
    else:
        assert status == 0, err
    if argv[:2] == ["data", "diff"]:
        assert "no data edits; the data are the bundled data." in out
    assert list(parent.iterdir()) == []  # nothing made in (or as) the data folder


@pytest.mark.parametrize("case", ["existing", "missing"])
@pytest.mark.parametrize("argv", WRITING, ids=lambda a: " ".join(a[:2]))
def test_a_writing_command_is_refused_in_one_sentence(
        case: str, argv: list[str], parent: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    home, cause = _home(parent, case)
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    assert main(argv) == 2
    err = capsys.readouterr().err
    sentence = (f"error: Cannot use the data folder {home} ({cause}); {_fix(case)} or choose "
                "another one (see CHIPSCOPE_HOME).\n")
    assert err.endswith(sentence) and err.count(". ") == 0, err
    assert list(parent.iterdir()) == []


def _mount_read_only(folder: Path) -> bool:
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        return False
    return subprocess.run([mount, "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(sys.platform != "linux", reason="a tmpfs mount is Linux's")
def test_the_reproducer_on_a_read_only_mount(tmp_path: Path) -> None:
    """The pass-37 reproducer itself: a read-only tmpfs (needs root and mount rights)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not _mount_read_only(mnt):
        pytest.skip("cannot mount a read-only tmpfs here (needs root and mount rights)")
    try:
        results = {}
        for home in (mnt, mnt / "sub"):
            for argv in (["run", "--out", str(tmp_path / "r.csv")], ["data", "diff"],
                         ["data", "drop-edit", "deals", "x"]):
                env = dict(os.environ, CHIPSCOPE_HOME=str(home), PYTHONPATH=str(ROOT))
                proc = subprocess.run([sys.executable, "-m", "chipscope", *argv], env=env,
                                      capture_output=True, text=True, timeout=300,
                                      check=False)
                results[home, argv[1]] = proc
    finally:
        subprocess.run(["umount", str(mnt)], check=True)
    for home in (mnt, mnt / "sub"):  # a read-only disk: chmod cannot help (pass 59 F5)
        sentence = (f"Cannot use the data folder {home}: its disk is read-only; set "
                    "CHIPSCOPE_HOME to a folder on another disk.")
        for command in ("--out", "diff"):
            proc = results[home, command]
            assert proc.returncode == 0, proc.stderr
            assert f"Note: {sentence} The bundled data were read instead" in proc.stderr
        refused = results[home, "drop-edit"]
        assert refused.returncode == 2 and sentence in refused.stderr, refused.stderr
