"""Pass 11 (window, hostile input and faults): regression tests for N1-N9."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from chipscope.ui.main_window import MainWindow

UI = Path(__file__).resolve().parents[2] / "chipscope" / "ui"


# --- N1: a setting stored as bytes that are not UTF-8 ---------------------------------------------
def test_undecodable_settings_open_the_window_with_defaults(
        make_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture) -> None:
    """N1: ``@ByteArray(\\xff\\xfe)`` under view/appearance, chart, basis or the difference
    reference raised UnicodeDecodeError at every start."""
    home = Path(os.environ["CHIPSCOPE_HOME"])
    keys = ("appearance", "chart", "basis", "difference_reference")
    (home / "settings.ini").write_text(
        "settings_version=1\n[view]\n" + "".join(f"{k}=@ByteArray(\\xff\\xfe)\n" for k in keys))
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    from chipscope.ui.theme import stored_appearance

    with caplog.at_level(logging.WARNING, logger="chipscope"):
        assert stored_appearance(settings) == "system"
        window = make_window(settings=settings)
    assert window.session.basis == "bf16"
    logged = [r.getMessage() for r in caplog.records]
    for key in keys:
        assert any(f"view/{key} in {home / 'settings.ini'}" in m and "default" in m
                   for m in logged), key


def test_every_settings_read_goes_through_the_one_reader() -> None:
    """N1's root: no ``settings.value(...)`` outside chipscope/ui/stored_settings.py."""
    direct = [f"{p.relative_to(UI)}:{n}" for p in UI.rglob("*.py") if p.name != "stored_settings.py"
              for n, line in enumerate(p.read_text().splitlines(), 1)
              if re.search(r"\b(settings|s)\.value\(", line)]
    assert direct == []


# --- N2: an autosave with a value that no longer fits ---------------------------------------------
def db_of(window: MainWindow) -> Path:
    path = window.scenarios.working.db_path
    assert path is not None
    return path


def test_restoring_an_autosave_keeps_the_values_that_fit_and_names_the_rest(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """N2: one unknown key (a vendor a dataset update removed) or one value out of range made
    the restore fail and deleted the whole autosave, the values that fit with it."""
    from chipscope.storage.autosave import load_autosave, save_autosave

    window = make_window()
    db = db_of(window)
    save_autosave(db, "My work", "", {"lock_in": 1.5, "demand_growth_pct": 500.0,
                                      "vendor.gone.price_change_pct": 5.0}, unsaved=True)
    monkeypatch.setattr(window.scenarios, "ask_restore", lambda _record: True)
    assert window.scenarios.offer_restore()
    assert dict(window.session.assumptions.changed()) == {"lock_in": 1.5}
    assert window.scenarios.working.name == "My work"
    assert window.errors == [window.errors[0]]  # type: ignore[attr-defined]
    said = window.errors[0]  # type: ignore[attr-defined]
    assert "“My work” were restored except 2 values" in said
    assert "vendor.gone.price_change_pct: not in this dataset" in said
    assert "demand_growth_pct" in said and "out of range" in said
    assert load_autosave(db) is not None  # nothing deleted behind the user's back


# --- N6: the autosave cannot be cleared at close --------------------------------------------------
def test_an_autosave_that_cannot_be_cleared_at_close_is_said(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """N6: Discard on close with a full disk left the autosave, said nothing, and the next start
    asked to restore the discarded changes as if ChipScope had not closed normally."""
    from chipscope.storage import StorageError
    from chipscope.storage.autosave import load_autosave
    from chipscope.ui.scenarios import working_autosave  # where the clear is looked up

    window = make_window()
    window.session.set_value("lock_in", 2.0)
    window.session.finish_edit("lock_in")
    window.scenarios.working.autosave_now()
    assert load_autosave(db_of(window)) is not None

    def full(path: Path) -> None:
        raise StorageError(f"Cannot write {path}: the disk is full.")

    monkeypatch.setattr(working_autosave, "clear_autosave", full)
    assert window.close()
    (said,) = window.errors  # type: ignore[attr-defined]
    assert said.startswith(f"Cannot write {db_of(window)}: the disk is full. So the next start")
    assert "answer No" in said


# --- recheck D2: an autosave name an older version stored ----------------------------------------
@pytest.mark.parametrize(("stored", "taken", "restored"), [
    ("a\x00b", (), "ab"), ("a\u202eb", ("ab",), "Restored scenario")])
def test_an_autosave_name_that_breaks_the_rule_is_restored_as_one_that_autosaves(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, stored: str,
        taken: tuple[str, ...], restored: str) -> None:
    """Recheck D2: the name came back with its NUL or bidi control, and every change after
    the restore said "Autosave failed: name: ..." (the old autosave stayed). A repaired name
    that is a saved scenario's is not used: Save would overwrite that scenario."""
    import sqlite3
    from contextlib import closing

    from chipscope.storage.autosave import load_autosave, save_autosave
    from chipscope.storage.scenarios import save_scenario

    window = make_window()
    db = db_of(window)
    for name in taken:
        save_scenario(db, name, "", {})
    save_autosave(db, "placeholder", "", {"lock_in": 1.5}, unsaved=True)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET name = ?", (stored,))
    said: list[str] = []
    window.scenarios.working.message_changed.connect(said.append)
    monkeypatch.setattr(window.scenarios, "ask_restore", lambda _record: True)
    assert window.scenarios.offer_restore()
    assert window.scenarios.working.name == restored
    assert dict(window.session.assumptions.changed()) == {"lock_in": 1.5}
    (told,) = window.errors  # type: ignore[attr-defined]
    assert f"The autosaved name {stored!r} cannot name a scenario" in told
    assert f"restored as \u201c{restored}\u201d; rename it or use Save As" in told
    window.session.set_value("lock_in", 2.0)
    window.session.finish_edit("lock_in")
    window.scenarios.working.autosave_now()
    assert not [m for m in said if m.startswith("Autosave failed")]
    record = load_autosave(db)
    assert record is not None and record.scenario.name == restored
    assert dict(record.scenario.values) == {"lock_in": 2.0}
