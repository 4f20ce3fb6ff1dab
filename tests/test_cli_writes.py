"""Every file the CLI writes (`run --out`, `market-check --out`, `backtest --out`,
`export-chart --out`) goes through chipscope.storage.files: on a full disk or an unwritable
folder the old file stays byte for byte, the message names the file and the cause, exit
status 2; a FIFO, a device or a folder is never replaced; new files follow the umask."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.__main__ import main
from chipscope.storage import files

Capture = pytest.CaptureFixture[str]
OLD = b"the user's old file\n" * 50




@pytest.fixture
def db(synthetic_db: Path) -> Path:
    return synthetic_db


def commands(db: Path, out: Path) -> dict[str, list[str]]:
    base = ["--db", str(db), "--out", str(out)]
    bundled = ["--db", str(paths.bundled_db_path()), "--out", str(out)]  # has reported figures
    return {"run": ["run", *base], "market-check": ["market-check", *bundled],
            "backtest": ["backtest", "--base-year", "2023", *base],
            "png": ["export-chart", "--chart", "vendor_share", "--width", "480", "--height",
                    "400", *base],
            "svg": ["export-chart", "--chart", "chip_mix", "--width", "480", "--height",
                    "400", *base]}


SUFFIX = {"run": ".csv", "market-check": ".csv", "backtest": ".csv", "png": ".png",
          "svg": ".svg"}


def fails(argv: list[str], capfd: pytest.CaptureFixture[str], *words: str) -> str:
    """Exit status 2, one one-line message containing ``words``, nothing from Qt."""
    assert main(argv) == 2
    out, err = capfd.readouterr()
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    assert "unexpected" not in err and "Qt" not in err and "QSvg" not in err, err
    assert "Wrote" not in out, out
    for word in words:
        assert word in err, err
    return err


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fsync fails as on a full disk (after the bytes went to the page cache)."""
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", fsync)


@pytest.mark.parametrize("command", list(SUFFIX))
def test_a_full_disk_leaves_the_old_output_byte_identical(
        command: str, db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str],
        disk_full: None) -> None:
    out = tmp_path / f"old{SUFFIX[command]}"
    out.write_bytes(OLD)
    fails(commands(db, out)[command], capfd, str(out), "its disk is full; free some space",
          "unchanged")
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", out.name, "synthetic.db"]


@pytest.mark.parametrize("command", ["run", "png", "svg"])
def test_an_unwritable_folder_is_one_sentence_and_exit_2(
        command: str, db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)  # root ignores folder modes
    out = tmp_path / f"new{SUFFIX[command]}"
    fails(commands(db, out)[command], capfd, str(out),  # the storage words (pass 47 F3)
          f"its folder {tmp_path} does not let this user add files (permission denied); make "
          "the folder writable or choose another one")
    assert not out.exists()


@pytest.mark.parametrize("command", ["run", "png", "svg"])
def test_a_fifo_or_a_folder_is_never_replaced(
        command: str, db: Path, mkfifo: Callable[..., Path], tmp_path: Path,
        capfd: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / f"pipe{SUFFIX[command]}"
    mkfifo(fifo)
    fails(commands(db, fifo)[command], capfd, str(fifo), "FIFO")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    link = tmp_path / f"link{SUFFIX[command]}"
    link.symlink_to(fifo)
    fails(commands(db, link)[command], capfd, str(link), "FIFO")
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)
    if command != "run":  # export-chart writes into a folder, also one named *.png (D4)
        return
    folder = tmp_path / f"folder{SUFFIX[command]}"
    folder.mkdir()
    fails(commands(db, folder)[command], capfd, str(folder), "folder")
    assert folder.is_dir() and not any(folder.iterdir())


def test_a_device_is_never_replaced(db: Path, tmp_path: Path,
                                    capfd: pytest.CaptureFixture[str]) -> None:
    for command in ("run", "png"):
        device = tmp_path / f"full{SUFFIX[command]}"
        try:  # a private copy of /dev/full: the real one is never put at risk
            os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        except (PermissionError, AttributeError):
            pytest.skip("creating a device node needs root")
        fails(commands(db, device)[command], capfd, str(device), "a device")
        assert stat.S_ISCHR(device.lstat().st_mode)


def test_outputs_follow_the_umask(db: Path, tmp_path: Path,
                                  capfd: pytest.CaptureFixture[str]) -> None:
    old = os.umask(0o077)
    try:
        for command in ("run", "png", "svg"):
            out = tmp_path / f"new-{command}{SUFFIX[command]}"
            assert main(commands(db, out)[command]) == 0
            assert stat.S_IMODE(out.stat().st_mode) == 0o600, command
    finally:
        os.umask(old)


# --- a real full disk: a 2 MB tmpfs (needs root and mount; skipped otherwise) -----------------
@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                              capture_output=True, check=False)
    except FileNotFoundError:
        pytest.skip("no mount command")
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_real_full_disk_keeps_every_old_output(db: Path, tiny_disk: Path,
                                                 capfd: pytest.CaptureFixture[str]) -> None:
    olds = {}
    for command, suffix in SUFFIX.items():
        olds[command] = tiny_disk / f"old-{command}{suffix}"
        olds[command].write_bytes(OLD)
    fd = os.open(tiny_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last byte
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    for command, out in olds.items():
        fails(commands(db, out)[command], capfd, str(out), "its disk is full; free some space")
        assert out.read_bytes() == OLD, command
    assert sorted(p.name for p in tiny_disk.iterdir()) == sorted(
        ["filler", *(p.name for p in olds.values())])
