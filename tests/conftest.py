"""Test set-up shared by every test: Qt offscreen, and a private user-data folder."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

# Before anything imports Qt: no display on CI or here.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real per-user data folder."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path_factory.mktemp("chipscope_home")))


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
