"""m77: File > Import scenario's advice names the window's database (--db) when it is not the
platform's default one, as the window's drop-edit advice does: a sweep spec's `sweep` command
and an unknown key's `assumptions` command, pasted, act on the database the window shows."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest


def test_import_advice_names_the_windows_database(
        importer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = importer.window.db_path
    assert db is not None
    on_db = f"--db {shlex.quote(str(db))}"
    spec = tmp_path / "grid.toml"
    imported, _ = importer.feed(spec, 'metrics = ["share:nvidia:2030"]\n[grid]\nlock_in = [1, 2]\n')
    assert imported is False
    assert importer.problems[-1] == (spec, [
        "This file is a sweep spec, not a scenario file; run it with "
        f"`chipscope-cli sweep {shlex.quote(str(spec))} --out FILE.csv {on_db}`"])
    bad = tmp_path / "bad.toml"
    imported, _ = importer.feed(
        bad, 'format_version = 2\nname = "b"\n[assumptions]\nqqqqqqqq = 1\n')
    assert imported is False
    assert any(f"`chipscope-cli assumptions {on_db}` lists them" in p
               for p in importer.problems[-1][1]), importer.problems


def test_import_advice_on_the_platform_default_database_has_no_db(
        importer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
        ) -> None:  # type: ignore[no-untyped-def]
    from chipscope import paths

    monkeypatch.setattr(paths, "advice_db", lambda _db: None)
    spec = tmp_path / "grid.toml"
    importer.feed(spec, 'metrics = ["share:nvidia:2030"]\n[grid]\nlock_in = [1, 2]\n')
    assert importer.problems[-1][1][0].endswith(
        f"`chipscope-cli sweep {shlex.quote(str(spec))} --out FILE.csv`")
