"""Pass 36 F5: File > Import scenario of a sweep spec with a ``description`` beside its sweep
keys says the file mixes the two kinds, not "format_version is missing"; nothing is saved."""

from __future__ import annotations

import shlex
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


def test_import_of_a_mixed_spec_is_told_its_mix(window, tmp_path: Path  # type: ignore[no-untyped-def]
                                                ) -> None:
    path = tmp_path / "k6.toml"
    text = ('metrics = ["share:nvidia:2030"]\ndescription = "price sweep"\n[sample]\nn = 4\n'
            '[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 2\n')
    path.write_text(text, encoding="utf-8")
    saved = [r.name for r in list_scenarios(window.scenarios.working.db_path)]
    assert window.scenarios.import_scenario(path) is False
    assert window.import_problems == [(path, [
        "This file is a mix of a sweep spec and a scenario file: it has the sweep spec keys "
        "metrics, sample beside description; move metrics, sample to a sweep spec (a scenario "
        "file has format_version, name and [assumptions]), or remove description and run it "
        f"with `chipscope-cli sweep {shlex.quote(str(path))}`"])], window.import_problems
    assert path.read_text(encoding="utf-8") == text
    assert [r.name for r in list_scenarios(window.scenarios.working.db_path)] == saved
