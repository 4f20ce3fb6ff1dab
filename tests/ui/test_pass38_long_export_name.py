"""Pass 38 F5: File > Export scenario (and the report window's Export report) with a long name
typed without a type: the added ".toml" / ".pdf" made a name of 256 bytes, and
``out.exists()`` raised OSError (errno 36, File name too long) -> the "unexpected error" box.
Now the name with its type added is checked as every writer checks its target
(:func:`chipscope.storage.export_names.named_path` -> ``files.write_target``): one sentence
saying the file name is too long, nothing written; the longest name that fits is written.
The refusals failed on the code before the fix (an OSError raised out of the window function).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from chipscope.ui.report import window as report_window


def _name_max(folder: Path) -> int:
    return os.pathconf(folder, "PC_NAME_MAX")


def _one_sentence_too_long(message: str, name: str) -> None:
    assert "too long" in message.lower(), message
    # the file is named (shortened, pass 60 F2), with the type that was added, and its size
    assert name[-40:] in message and f"({len(name.encode())} bytes;" in message
    assert message.endswith(".") and ". " not in message  # one sentence


def _export_scenario_as(window: object, monkeypatch: pytest.MonkeyPatch, target: Path) -> bool:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    return window.scenarios.export_scenario()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("over", [1, 2])  # 256 and (the tester's 252 bytes) 257 bytes
def test_a_scenario_name_too_long_with_toml_added_is_one_sentence(
        make_window: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        over: int) -> None:
    window = make_window(show=False)  # type: ignore[operator]
    stem = "a" * (_name_max(tmp_path) - len(".toml") + over)
    assert not _export_scenario_as(window, monkeypatch, tmp_path / stem)
    (message,) = window.errors
    _one_sentence_too_long(message, stem + ".toml")
    assert "scenario file" in message
    assert list(tmp_path.iterdir()) == []
    assert "Scenario saved" not in window.statusBar().currentMessage()


def test_the_longest_scenario_name_that_fits_is_written(
        make_window: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window = make_window(show=False)  # type: ignore[operator]
    stem = "a" * (_name_max(tmp_path) - len(".toml"))  # 250 bytes + ".toml" = 255
    assert _export_scenario_as(window, monkeypatch, tmp_path / stem), window.errors
    assert [p.name for p in tmp_path.iterdir()] == [stem + ".toml"]
    assert window.scenarios.import_scenario(tmp_path / (stem + ".toml")), window.errors


@pytest.fixture
def report_host(make_window: object, monkeypatch: pytest.MonkeyPatch) -> object:
    window = make_window(show=False)  # type: ignore[operator]
    window.warnings = []
    monkeypatch.setattr(report_window.QMessageBox, "warning",
                        lambda _parent, _title, text: window.warnings.append(text))
    return window


def _export_report_as(window: object, monkeypatch: pytest.MonkeyPatch, target: Path) -> bool:
    monkeypatch.setattr(report_window.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF report (*.pdf)"))
    return report_window.export_report(window)  # type: ignore[arg-type]


def test_a_report_name_too_long_with_pdf_added_is_one_sentence(
        report_host: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    stem = "a" * 252  # + ".pdf" = 256 bytes
    assert len(stem) + len(".pdf") > _name_max(tmp_path)
    assert not _export_report_as(report_host, monkeypatch, tmp_path / stem)
    (message,) = report_host.warnings  # type: ignore[attr-defined]
    _one_sentence_too_long(message, stem + ".pdf")
    assert "PDF report" in message
    assert list(tmp_path.iterdir()) == []


def test_the_longest_report_name_that_fits_is_written(
        report_host: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    stem = "a" * (_name_max(tmp_path) - len(".pdf"))  # 251 bytes + ".pdf" = 255
    assert _export_report_as(report_host, monkeypatch, tmp_path / stem), \
        report_host.warnings  # type: ignore[attr-defined]
    assert [p.name for p in tmp_path.iterdir()] == [stem + ".pdf"]
    assert (tmp_path / (stem + ".pdf")).read_bytes().startswith(b"%PDF-")
