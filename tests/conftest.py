"""Test set-up shared by every test: Qt offscreen, and a private user-data folder."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before anything imports Qt: no display on CI or here.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


def _qt_load_error() -> str | None:
    """Why installed Qt cannot load (a missing system library), or None. Checked before
    pytest-qt starts, which would otherwise end the run in a 30-line INTERNALERROR. Qt absent
    altogether is fine: the core tests run without it."""
    import importlib.util

    if importlib.util.find_spec("PySide6") is None:
        return None
    try:
        import PySide6.QtGui  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Stop with one line when Qt is installed but cannot load."""
    if (error := _qt_load_error()) is None:
        return
    from chipscope.platform_check import QT_LIBS, can_load

    missing = sorted({lib.debian for lib in QT_LIBS if not can_load(lib.soname)})
    hint = (f"install: sudo apt install {' '.join(missing)}" if missing
            else "see the README, Linux: system libraries")
    pytest.exit(f"Qt cannot load ({error}); {hint}", returncode=3)


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real per-user data folder."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path_factory.mktemp("chipscope_home")))


@pytest.fixture
def in_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in ``tmp_path`` (relative paths land there), the data folder ``tmp_path/home``
    (for CLI tests that list what a refused command left in the folder)."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def _fifo_with_watchdog(path: Path, unblock_after: float = 10.0) -> Path:
    """A FIFO at ``path``; a watchdog opens its other end every ``unblock_after`` seconds,
    so a writer that wrongly opens it fails the test instead of hanging the suite."""
    os.mkfifo(path)

    def unblock() -> None:
        for _ in range(30):  # each wrong open blocks anew
            time.sleep(unblock_after)
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))

    threading.Thread(target=unblock, daemon=True).start()
    return path


@pytest.fixture
def mkfifo() -> Callable[..., Path]:
    """Make a FIFO that cannot hang the suite (see :func:`_fifo_with_watchdog`)."""
    return _fifo_with_watchdog


@pytest.fixture
def shut(tmp_path: Path) -> Iterator[Path]:
    """A folder tmp_path/q000 of mode 000 (skipped where permission bits do not apply), opened
    again after the test."""
    from tests.without_dac import skip_unless_permission_bits_apply

    skip_unless_permission_bits_apply(tmp_path)
    folder = tmp_path / "q000"
    folder.mkdir()
    folder.chmod(0)
    yield folder
    folder.chmod(0o755)


@pytest.fixture
def synthetic_db(tmp_path: Path) -> Path:
    """A database built from the synthetic dataset's CSV files (tmp_path/csv/*.csv into
    tmp_path/synthetic.db), as ``chipscope-cli data build`` builds one: for CLI and storage
    tests that need a real file but not the real data."""
    from chipscope.model.synthetic import synthetic_frames
    from chipscope.storage import build_database

    folder = tmp_path / "csv"
    folder.mkdir()
    for name, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    path = tmp_path / "synthetic.db"
    build_database(folder, path)
    return path


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every window start (run_gui call) the command line makes: its keyword arguments, one
    dict a start; no window opens. For the tests of ``chipscope WORD`` (the window's command
    line), which must refuse a word with no window."""
    started: list[Any] = []

    def fake_run_gui(**kwargs: Any) -> int:
        started.append(kwargs)
        return 0

    import chipscope.ui.app

    monkeypatch.setattr(chipscope.ui.app, "run_gui", fake_run_gui)
    return started
