"""File > Export report: the window writes the same PDF as ``chipscope report`` for the same
values, through a (monkeypatched) file dialog; a refused file is one message, nothing written."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from chipscope.__main__ import main
from chipscope.model.synthetic import synthetic_dataset, synthetic_frames
from chipscope.storage import build_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.report import window as report_window
from chipscope.ui.session import Session

KEY, VALUE = "vendor.v1.price_change_pct", -30.0


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; CI installs it")
    return subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def after_title_page(text: str) -> list[str]:
    """The text from figure 2 on, without the footers (which name the scenario)."""
    lines = [" ".join(ln.split()) for ln in text.splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Figure 2."))
    return [ln for ln in lines[start:] if not ln.startswith("ChipScope report \u00b7")]


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    win = MainWindow(Session(synthetic_dataset()), settings)
    qtbot.addWidget(win)
    win.warnings = []  # type: ignore[attr-defined]
    monkeypatch.setattr(report_window.QMessageBox, "warning",
                        lambda _parent, _title, text: win.warnings.append(text))
    win.show()
    qtbot.waitExposed(win)
    return win


def report_action(window: MainWindow) -> QAction:
    return next(a for a in window.menus["file"].actions() if "report" in a.text().lower())


def choose(monkeypatch: pytest.MonkeyPatch, path: Path, seen: list[str]) -> None:
    def dialog(_parent: object, _title: str, default: str, _filter: str) -> tuple[str, str]:
        seen.append(default)
        return str(path), "PDF report (*.pdf)"

    monkeypatch.setattr(report_window.QFileDialog, "getSaveFileName", dialog)


def test_the_menu_writes_the_same_report_as_the_cli(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    action = report_action(window)
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert action.statusTip()
    window.session.set_value(KEY, VALUE)
    window.session.recompute_now()
    out, seen = tmp_path / "from-window.pdf", []
    choose(monkeypatch, out, seen)
    action.trigger()
    assert seen == [str(Path.home() / "chipscope-report-untitled.pdf")]
    assert window.warnings == []  # type: ignore[attr-defined]
    assert "saved to" in window.statusBar().currentMessage()
    text = pdf_text(out)
    assert "Untitled (modified)" in text and "Synthetic dataset, 2026-01-01" in text

    folder = tmp_path / "csv"
    folder.mkdir()
    for name, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    build_database(folder, tmp_path / "synthetic.db")
    cli_out = tmp_path / "from-cli.pdf"
    assert main(["report", "--db", str(tmp_path / "synthetic.db"), "--set", f"{KEY}={VALUE}",
                 "--out", str(cli_out)]) == 0
    same = after_title_page(text)
    assert same == after_title_page(pdf_text(cli_out))
    assert any(window.session.specs[KEY].label in ln for ln in same)


def test_a_refused_file_is_one_message_and_nothing_is_written(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        mkfifo: Callable[..., Path]) -> None:
    fifo = mkfifo(tmp_path / "pipe.pdf")
    choose(monkeypatch, fifo, [])
    report_action(window).trigger()
    (message,) = window.warnings  # type: ignore[attr-defined]
    assert str(fifo) in message and "FIFO" in message
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.pdf"]


def test_a_name_without_pdf_gets_it_and_cancel_writes_nothing(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_window.QFileDialog, "getSaveFileName",
                        lambda *_args: ("", ""))
    assert report_window.export_report(window) is False
    choose(monkeypatch, tmp_path / "plain", [])
    assert report_window.export_report(window) is True
    assert (tmp_path / "plain.pdf").read_bytes().startswith(b"%PDF-")
    assert report_window.default_report_name("Price war: 2027 / NVIDIA") == (
        "chipscope-report-price-war-2027-nvidia.pdf")


def test_the_name_actually_written_is_asked_about_before_it_is_replaced(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 11, N3: the dialog returned "mine", ".pdf" was added, and an existing mine.pdf was
    replaced without a question (the dialog had asked about "mine"); "rep.PDF " was written
    as "rep.PDF .pdf"."""
    (tmp_path / "mine.pdf").write_bytes(b"the user's report")
    asked: list[Path] = []
    answer = [False]
    monkeypatch.setattr(report_window, "confirm_replace",
                        lambda _parent, path: asked.append(path) or answer[0])
    choose(monkeypatch, tmp_path / "mine", [])
    assert report_window.export_report(window) is False
    assert asked == [tmp_path / "mine.pdf"]
    assert (tmp_path / "mine.pdf").read_bytes() == b"the user's report"
    answer[0] = True
    assert report_window.export_report(window) is True
    assert (tmp_path / "mine.pdf").read_bytes().startswith(b"%PDF-")
    for typed, says in [("rep.PDF ", "ends with a space"), ("rep.", "ends with a dot"),
                        ("rep.txt", "the type '.txt'; a report is saved as .pdf")]:
        choose(monkeypatch, tmp_path / typed, [])
        assert report_window.export_report(window) is False
        assert says in window.warnings.pop(), typed  # type: ignore[attr-defined]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.pdf"]
    assert len(asked) == 2
