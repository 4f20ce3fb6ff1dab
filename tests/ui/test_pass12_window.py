"""Pass 12, window findings: regression tests (each failed on the code before its fix)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


# --- A2: a settings file that links to the database --------------------------------------------
@pytest.mark.parametrize("how", ["symlink-db", "symlink-toml", "hardlink-db"])
def test_a_settings_file_that_is_the_database_or_a_scenario_is_never_written(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str) -> None:
    """A2: settings.ini linked to chipscope.db (or to a scenario): Qt read it as INI and wrote
    its text over the database at close, losing every saved scenario, with no message."""
    import shutil

    from chipscope.ui import app

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    db = Path(__file__).resolve().parents[2] / "data" / "chipscope.db"
    target = home / ("chipscope.db" if how.endswith("db") else "mine.toml")
    if how.endswith("db"):
        shutil.copyfile(db, target)
    else:
        target.write_text('name = "Mine"\n[assumptions]\nlock_in = 1.5\n', encoding="utf-8")
    before = target.read_bytes()
    if how.startswith("symlink"):
        (home / "settings.ini").symlink_to(target)
    else:
        os.link(target, home / "settings.ini")
    problem = app.settings_problem()
    assert problem is not None and str(home / "settings.ini") in problem
    assert "default settings" in problem and "leaves it alone" in problem
    assert ("no settings file" in problem if how.startswith("symlink")
            else "SQLite database" in problem)
    settings = app.app_settings()
    assert Path(settings.fileName()).resolve() != target.resolve()
    settings.setValue("geometry", b"x" * 100)
    settings.sync()
    assert target.read_bytes() == before


def test_a_settings_file_linked_to_another_ini_file_is_used(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A dotfile manager's link to an INI file stays the settings file (no false refusal)."""
    from chipscope.ui import app

    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path))
    kept = tmp_path / "dotfiles" / "chipscope.ini"
    kept.parent.mkdir()
    kept.write_text("[General]\nchart=share\n", encoding="utf-8")
    (tmp_path / "settings.ini").symlink_to(kept)
    assert app.settings_problem() is None
    settings = app.app_settings()
    assert settings.value("chart") == "share"


# --- D1: an untitled scenario's exported name reads back -----------------------------------------
@pytest.mark.parametrize(("stem", "expected"), [
    ("a\u200bb", "ab"), ("a\u2028b", "ab"), ("\uffa0", "Untitled"), ("y" * 250, "y" * 200)])
def test_an_untitled_export_is_named_so_that_it_imports(
        make_window: object, tmp_path: Path, stem: str, expected: str) -> None:
    """D1: exporting an untitled scenario to "a<U+200B>b.toml" (or a 250-character stem) said
    "Scenario saved" but wrote a name Import then refused ("name: contains the invisible...")."""
    from chipscope.storage.scenario_files import read_scenario_file

    window = make_window(show=False)  # type: ignore[operator]
    window.session.set_value("lock_in", 1.7)
    window.session.finish_edit("lock_in")
    path = tmp_path / f"{stem}.toml"
    assert window.scenarios.export_scenario(path), window.errors
    assert read_scenario_file(path, window.session.specs).name == expected
    assert window.scenarios.import_scenario(path), window.errors
    assert window.errors == []


# --- E1: a stream target in the window gets no command-line advice -------------------------------
@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_a_stream_target_in_the_window_gets_no_command_line_advice(make_window: object) -> None:
    """E1: Export scenario to /dev/stdout said "... a command that writes CSV takes - for
    standard output" in the window, for a TOML file."""
    window = make_window(show=False)  # type: ignore[operator]
    assert not window.scenarios.export_scenario(Path("/dev/stdout"))
    message = " ".join(window.errors)
    assert "it names standard output, a stream rather than a file" in message
    assert message.rstrip().endswith("choose a file name.") and "CSV" not in message
