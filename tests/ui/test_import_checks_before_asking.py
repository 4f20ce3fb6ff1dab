"""Pass 80, F3: File > Import scenario (and a file the desktop hands over) asked "Unsaved
changes: Save / Discard / Cancel" before it read the file; a file then refused (a database
named .toml, a bad value, binary) made the question pointless: Save had written the scenario,
Discard had thrown the changes away. The file is read and checked first; the question comes
only for a file that can be opened."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = 'format_version = 2\nname = "Cheap Trainium"\n[assumptions]\nlock_in = 0.5\n'


def _modified(importer, monkeypatch: pytest.MonkeyPatch) -> list[str]:  # type: ignore[no-untyped-def]
    window = importer.window
    working = window.scenarios.working
    working.session.set_value("lock_in", 1.0)
    working.session.finish_edit("lock_in")
    assert working.is_modified()
    asked: list[str] = []

    def ask() -> str:
        asked.append("asked")
        return "cancel"

    monkeypatch.setattr(window.scenarios.panel, "ask_unsaved", ask)
    return asked


@pytest.mark.parametrize("content", [
    "format_version = 2\n[assumptions]\nlock_in = 'x'\n",
    "format_version = 2\n[assumptions]\nlock_in = 99\n",
    "SQLite format 3\x00" + "\x00" * 100,
])
def test_a_refused_file_is_told_without_asking_about_unsaved_changes(
        importer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,  # type: ignore[no-untyped-def]
        content: str) -> None:
    asked = _modified(importer, monkeypatch)
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    saved = importer.saved()
    assert importer.window.scenarios.import_scenario(path) is False
    assert asked == []
    assert [p for p, _ in importer.problems] == [path] or importer.window.errors
    assert importer.window.scenarios.working.is_modified()  # the changes are still there
    assert importer.saved() == saved


def test_a_good_file_asks_and_cancel_imports_nothing(
        importer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    asked = _modified(importer, monkeypatch)
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    saved = importer.saved()
    assert importer.window.scenarios.import_scenario(path) is None, importer.problems
    assert asked == ["asked"]
    assert importer.saved() == saved
    monkeypatch.setattr(importer.window.scenarios.panel, "ask_unsaved", lambda: "discard")
    assert importer.window.scenarios.import_scenario(path) is True
    assert "Cheap Trainium" in importer.saved()
