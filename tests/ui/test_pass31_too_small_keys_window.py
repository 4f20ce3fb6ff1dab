"""Pass 29 F3 (second half), in the window: opening a scenario file whose format_version or
unknown key holds a number too small for a float (``1e-400``) says what the CLI says (a whole
format_version; an unknown key with its near-miss), not "write 0 or a larger value"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage import list_scenarios
from chipscope.ui.main_window import MainWindow


@pytest.mark.parametrize(("text", "said"), [
    ('format_version = 1e-400\nname = "x"\n[assumptions]\n',
     "format_version must be a whole number, not 1e-400"),
    ('format_version = 1\nname = "x"\n[assumptions]\nlock_inn = 1e-400\n',
     "unknown assumption 'lock_inn'; did you mean lock_in?")])
def test_opening_a_file_with_a_too_small_number_at_a_key_it_cannot_set(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        text: str, said: str) -> None:
    window = make_window(show=False)
    shown: list[list[str]] = []  # the import's message box, recorded (it would wait for Ok)
    monkeypatch.setattr(window.scenarios, "show_import_errors",
                        lambda _path, problems: shown.append(problems))
    monkeypatch.setattr(window.scenarios.panel, "maybe_save", lambda: True)
    path = tmp_path / "tiny.toml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    saved = list_scenarios(window.db_path)
    assert window.open_scenario_file(path) is False
    assert len(shown) == 1 and len(shown[0]) == 1
    error = shown[0][0]
    assert said in error and "too small" not in error and "write 0" not in error, error
    assert path.read_bytes() == before and list_scenarios(window.db_path) == saved
