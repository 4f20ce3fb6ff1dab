"""Fixtures for the storage tests: CSV folders and databases built from synthetic data."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database


def write_csv_dir(frames: dict[str, pd.DataFrame], folder: Path) -> Path:
    """Write each frame as ``<name>.csv`` (the layout ``build_database`` reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return folder


WriteCsvs = Callable[[dict[str, pd.DataFrame], Path], Path]


@pytest.fixture
def write_csvs() -> WriteCsvs:
    """The :func:`write_csv_dir` helper, as a fixture (test modules do not import conftest)."""
    return write_csv_dir


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    return synthetic_frames()


@pytest.fixture
def csv_dir(tmp_path: Path, frames: dict[str, pd.DataFrame]) -> Path:
    return write_csv_dir(frames, tmp_path / "csv")


@pytest.fixture
def db(tmp_path: Path, csv_dir: Path) -> Path:
    path = tmp_path / "chipscope.db"
    build_database(csv_dir, path)
    return path


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read-write connection may not grow the file: SQLite's own "disk is full"."""
    real = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[call-overload]
        if "mode=ro" not in str(args[0]):
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {int(pages)}")
        assert isinstance(conn, sqlite3.Connection)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
