"""Pass 39 F3: the report window's Export PDF with a name the dialog hands back as "~/..." or
relative, already ending in .pdf and too long for the file system (252 bytes + ".pdf"):
``report_path`` expands "~" / joins the relative name to the home folder, so the name
differs from the text typed, and ``out.exists()`` ran on a name nobody checked -> OSError
(errno 36, File name too long) -> the "unexpected error" box. Now
:func:`chipscope.storage.export_names.named_path` checks the final name with
``files.write_target`` whenever it differs from the text given: one sentence saying the file
name is too long, nothing written. These tests failed on the code before the fix (an OSError
raised out of ``export_report``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.export_names import named_path
from chipscope.ui.report import window as report_window

STEM = "d" * 252  # + ".pdf" = 256 bytes


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    assert len(STEM + ".pdf") > os.pathconf(folder, "PC_NAME_MAX")
    return folder


@pytest.fixture
def report_host(make_window: object, monkeypatch: pytest.MonkeyPatch) -> object:
    window = make_window(show=False)  # type: ignore[operator]
    window.warnings = []
    monkeypatch.setattr(report_window.QMessageBox, "warning",
                        lambda _parent, _title, text: window.warnings.append(text))
    monkeypatch.setattr(report_window, "confirm_replace",
                        lambda *_a: pytest.fail("asked to replace a file that cannot exist"))
    return window


@pytest.mark.parametrize("text", [f"~/{STEM}.pdf", f"{STEM}.pdf"])
def test_a_long_report_name_expanded_or_joined_is_one_sentence(
        report_host: object, monkeypatch: pytest.MonkeyPatch, home: Path, text: str) -> None:
    monkeypatch.setattr(report_window.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (text, "PDF report (*.pdf)"))
    assert not report_window.export_report(report_host)  # type: ignore[arg-type]
    (message,) = report_host.warnings  # type: ignore[attr-defined]
    assert "too long" in message.lower(), message
    assert (STEM + ".pdf")[-40:] in message and "PDF report" in message  # shortened (p60 F2)
    assert message.endswith(".") and ". " not in message  # one sentence
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("text", [f"~/{STEM}.pdf", f"{STEM}.pdf"])
def test_report_path_checks_the_name_it_made(home: Path, text: str) -> None:
    with pytest.raises(StorageError, match="too long"):
        report_window.report_path(text)


def test_a_scenario_name_expanded_from_home_is_checked_too(home: Path) -> None:
    with pytest.raises(StorageError, match="too long"):
        named_path(f"~/{STEM}.toml", Path(), "scenario", {".toml": "scenario"})
