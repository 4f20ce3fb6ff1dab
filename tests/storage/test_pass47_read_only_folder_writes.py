"""Pass 47 F3: a file writer refused by a folder's permission bits (EACCES/EPERM) says what
the database writer says: "its folder F is read-only; make the folder writable or choose
another one (nothing was written)", not the raw "(Permission denied); nothing was changed."."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope.storage import files
from chipscope.storage.files import FileRefused, WriteFailed
from chipscope.storage.scenario_files import write_scenario_file
from chipscope.storage.write_probe import check_writable
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system refuses every temporary file, as a folder without write permission does
    for a user without CAP_DAC_OVERRIDE (root ignores the bits: the folder's mode is set too)."""
    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "rod"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def words(folder: Path) -> str:
    return (f"its folder {folder} is read-only; make the folder writable or choose another one "
            "(nothing was written).")


def test_every_file_writer_says_read_only(read_only: Path, denied: None) -> None:
    out = read_only / "a.csv"
    for write in (lambda: files.write_bytes(out, b"x", "CSV file"),
                  lambda: files.write_text(read_only / "a.svg", "x", "chart file"),
                  lambda: check_writable(read_only / "r.pdf", "PDF report")):
        with pytest.raises(WriteFailed) as caught:
            write()
        assert str(caught.value).endswith(words(read_only)), caught.value
        assert "Permission denied" not in str(caught.value)
    assert sorted(read_only.iterdir()) == []


def test_a_scenario_export_says_read_only(read_only: Path, denied: None) -> None:
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.scenario import Scenario
    from chipscope.model.synthetic import synthetic_dataset

    out = read_only / "s.toml"  # the window's Export scenario
    with pytest.raises(WriteFailed) as caught:
        write_scenario_file(out, Scenario("s", "", {}),
                            AssumptionSpecs.for_dataset(synthetic_dataset()))
    assert str(caught.value) == f"Could not write the scenario file {out}: {words(read_only)}"


def test_an_old_file_in_the_folder_is_kept(read_only: Path, denied: None) -> None:
    old = read_only / "old.csv"
    read_only.chmod(0o755)
    old.write_bytes(b"old")
    read_only.chmod(0o555)
    with pytest.raises(WriteFailed, match="is read-only; make the folder writable"):
        files.write_bytes(old, b"new", "CSV file")
    assert old.read_bytes() == b"old"


def test_another_users_folder_says_permission_denied(tmp_path: Path, denied: None) -> None:
    out = tmp_path / "a.csv"  # the owner may write: another user, an access list says no
    with pytest.raises(WriteFailed) as caught:
        files.write_bytes(out, b"x", "CSV file")
    assert str(caught.value) == (
        f"Could not write the CSV file {out}: its folder {tmp_path} does not let this user add "
        "files (permission denied); make the folder writable or choose another one (nothing "
        "was written).")


def test_a_folder_that_cannot_be_entered_is_named(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    closed = tmp_path / "closed"
    (closed / "sub").mkdir(parents=True)
    real_lstat = os.lstat

    def lstat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        if closed in Path(os.path.abspath(os.fspath(path))).parents:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(Path, "lstat", lambda self: lstat(self))
    for out, which in ((closed / "a.csv", "its folder"),
                       (closed / "sub" / "a.csv", "the folder")):
        with pytest.raises(FileRefused) as caught:
            files.write_bytes(out, b"x", "CSV file")
        assert str(caught.value) == (
            f"Cannot write the CSV file {out}: {which} {closed} cannot be entered (permission "
            "denied); make that folder accessible (chmod u+x) or choose another one (nothing "
            "was written).")


def test_a_system_file_system_keeps_its_words() -> None:
    with pytest.raises(WriteFailed) as caught:
        files.write_bytes("/proc/self/x.csv", b"x", "CSV file")
    assert "a system file system such as /proc or /sys" in str(caught.value)


@pytest.mark.parametrize("argv", [["run"], ["export-chart", "--chart", "chip_mix"]])
def test_the_cli_under_permission_bits(tmp_path: Path, read_only: Path,
                                       argv: list[str]) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    out = read_only / ("a.csv" if argv == ["run"] else "a.svg")
    done = cli_without_dac(*argv, "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].endswith(f"file {out}: {words(read_only)}"), lines
    assert sorted(read_only.iterdir()) == []
