"""m45 in the window: an export (chart, table, scenario, report) to a file below a folder that
cannot be entered says why next to the action in the writers' words, nothing written; Help >
Report a problem and the start with such a data folder (CHIPSCOPE_HOME) name it too, where
pathlib's exists() and is_file() raised PermissionError (Python 3.11). The window cannot drop
root's CAP_DAC_OVERRIDE in-process: os.stat and os.lstat refuse every path below the folder,
as the system does (tests/test_pass49_unenterable_out.py runs the CLI under setpriv)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from chipscope import paths
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui import diagnostics
from chipscope.ui.export_dialog import ExportOptions
from chipscope.ui.main_window import MainWindow
from chipscope.ui.report import window as report_window
from chipscope.ui.session import Session

Make = Callable[..., MainWindow]
REFUSAL = ("cannot be entered (permission denied); make that folder accessible (chmod u+x) or "
           "choose another one")


def refuse_below(closed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.stat and os.lstat (pathlib's too) refuse every path below ``closed``."""
    real_stat, real_lstat = os.stat, os.lstat

    def refused(path: object) -> bool:
        return closed in Path(os.path.abspath(os.fspath(path))).parents  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "lstat", lstat)


@pytest.fixture
def closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "D"
    (folder / "sub").mkdir(parents=True)
    refuse_below(folder, monkeypatch)
    return folder


def nothing_written(closed: Path) -> None:
    assert [p.name for p in closed.rglob("*")] == ["sub"]


def test_window_exports_below_it_say_the_writers_words(make_window: Make, closed: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(synthetic_dataset())
    chart, table, scenario = (closed / "sub" / n for n in ("c.png", "t.csv", "s.toml"))
    assert not window.export_chart_to(ExportOptions(chart, 640, 360))
    assert not window.export_table_to(table)
    assert not window.scenarios.export_scenario(scenario)
    said = [*window.warnings, *window.errors]  # type: ignore[attr-defined]
    for what, path in (("PNG file", chart), ("CSV file", table), ("scenario file", scenario)):
        assert (f"Cannot write the {what} {path}: the folder {closed} {REFUSAL} (nothing was "
                "written).") in said, said
    nothing_written(closed)


def test_the_report_below_it_says_the_writers_words(qtbot: QtBot, closed: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(Session(synthetic_dataset()), settings)
    qtbot.addWidget(window)
    warnings: list[str] = []
    monkeypatch.setattr(report_window.QMessageBox, "warning",
                        lambda _parent, _title, text: warnings.append(text))
    out = closed / "sub" / "r.pdf"
    assert not report_window.export_report_to(window, out)
    assert warnings == [f"Cannot write the PDF report {out}: the folder {closed} {REFUSAL} "
                        "(nothing was written)."]
    nothing_written(closed)


def test_the_report_check_names_the_folder_not_a_missing_one(closed: Path) -> None:
    from chipscope.storage import StorageError
    from chipscope.ui.report import check_target

    out = closed / "sub" / "r.pdf"
    with pytest.raises(StorageError) as caught:
        check_target(out)
    assert str(caught.value) == (f"Cannot write the PDF report {out}: the folder {closed} "
                                 f"{REFUSAL} (nothing was written).")


def test_a_problem_report_with_the_fault_log_out_of_reach(closed: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(diagnostics, "fault_log_path", lambda: closed / "sub" / "faults.log")
    text = diagnostics.problem_report()  # raised PermissionError (pathlib's is_file)
    assert text.startswith("ChipScope problem report")
    assert "faults.log" not in text


@pytest.mark.parametrize("home, words", [
    ("D", "Cannot use the data folder {home}: it cannot be entered (permission denied); make "
          "it accessible (chmod u+x) or choose another one (see CHIPSCOPE_HOME)."),
    ("D/sub", "Cannot use the data folder {home}: the folder {closed} {refusal} (see "
              "CHIPSCOPE_HOME)."),  # the folder it stands in, as the CLI's note says it
])
def test_the_start_with_a_data_folder_out_of_reach(home: str, words: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.ui.app import load_startup_dataset

    closed = tmp_path / "D"
    (closed / "sub").mkdir(parents=True)
    folder = tmp_path / home
    monkeypatch.setenv("CHIPSCOPE_HOME", str(folder))
    refuse_below(closed, monkeypatch)
    real_mkdir = os.mkdir

    def mkdir(path: object, *args: object, **kwargs: object) -> None:
        if closed in Path(os.fspath(path)).parents:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", mkdir)
    asked: list[str] = []
    assert load_startup_dataset(None, lambda reason: asked.append(reason) or False) is None
    assert asked == [words.format(db=folder / paths.DB_FILENAME, closed=closed, home=folder,
                                  refusal=REFUSAL)], asked  # was "[Errno 13] Permission denied"
