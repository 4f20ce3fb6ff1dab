"""Pass 42 F1: File > Import scenario of a file whose ``[sample] n`` has 5,000 digits names the
line of the number, not "out of range for any assumption"; nothing is saved, the file kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.storage import list_scenarios


@pytest.fixture
def window(make_window, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    win = make_window(show=False)
    win.import_problems = []
    monkeypatch.setattr(win.scenarios, "show_import_errors",
                        lambda path, problems: win.import_problems.append((path, problems)))
    return win


def test_import_names_the_line_of_a_too_long_number(window, tmp_path: Path  # type: ignore[no-untyped-def]
                                                    ) -> None:
    path = tmp_path / "long.toml"
    text = 'format_version = 1\nname = "long"\n[sample]\nn = ' + "9" * 5000 + "\n"
    path.write_text(text, encoding="utf-8")
    saved = [r.name for r in list_scenarios(window.scenarios.working.db_path)]
    assert window.scenarios.import_scenario(path) is False
    assert window.import_problems == [(path, [
        "line 4: a whole number of more than 4,300 digits, too long for any value; shorten "
        "it"])], [(p, [s[:200] for s in ps]) for p, ps in window.import_problems]
    assert path.read_text(encoding="utf-8") == text
    assert [r.name for r in list_scenarios(window.scenarios.working.db_path)] == saved
