"""Qt fixtures shared by the chart and export tests.

tests/conftest.py already puts Qt offscreen before anything imports it.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.dataset import TABLES, Dataset
from chipscope.model.engine import project
from chipscope.model.projection import Projection
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.charts.area import ChartArea
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.compare_view import CompareView
from chipscope.ui.scenarios.working import WorkingScenario
from tests.ui.autosaving import change, listening

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def real_data_available() -> bool:
    """Whether every table of the real dataset is in data/*.csv."""
    return all((DATA_DIR / f"{name}.csv").exists() for name in TABLES)


def load_real_dataset() -> Dataset:
    return Dataset.from_frames({
        name: pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in TABLES})


def defaults(dataset: Dataset) -> Assumptions:
    return AssumptionSpecs.for_dataset(dataset).defaults()


def scaled(projection: Projection, vendor_factors: np.ndarray) -> Projection:
    """``projection`` with each vendor's purchases multiplied by its factor: cheap, changing
    data for update and soak tests."""
    per_chip = np.asarray(vendor_factors, dtype=np.float64)[projection.chip_vendor_index]
    return dataclasses.replace(
        projection, h100e=projection.h100e * per_chip, units=projection.units * per_chip,
        spend_usd=projection.spend_usd * per_chip)


def image_array(image: QImage) -> np.ndarray:
    """(height, width, 3) uint8 RGB copy of ``image``."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = rgb.height(), rgb.width(), rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def count_near(pixels: np.ndarray, hex_colour: str, tolerance: int = 8) -> int:
    """How many pixels are within ``tolerance`` (per channel) of ``hex_colour``."""
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return int((np.abs(pixels.astype(np.int16) - target).max(axis=2) <= tolerance).sum())


class Pixels:
    """Pixel helpers for reading exported images back (a fixture, so tests need no import)."""

    array = staticmethod(image_array)
    count_near = staticmethod(count_near)


@pytest.fixture(scope="session")
def pixels() -> type[Pixels]:
    return Pixels


@pytest.fixture(scope="session")
def rescale() -> Callable[[Projection, np.ndarray], Projection]:
    """:func:`scaled`: a projection with each vendor's purchases multiplied by a factor."""
    return scaled


@pytest.fixture(scope="session")
def synthetic() -> Dataset:
    return synthetic_dataset()


@pytest.fixture(scope="session")
def synthetic_projection(synthetic: Dataset) -> Projection:
    return project(synthetic, defaults(synthetic))


@pytest.fixture(scope="session")
def real_dataset() -> Dataset:
    if not real_data_available():
        pytest.skip("the real dataset (data/*.csv) is not complete yet")
    return load_real_dataset()


@pytest.fixture
def make_area(qtbot: object) -> Callable[[Dataset, Projection | None], ChartArea]:
    """Build a shown ChartArea (1100 x 650) for a dataset, optionally with a projection."""

    def make(dataset: Dataset, projection: Projection | None = None) -> ChartArea:
        area = ChartArea(dataset)
        qtbot.addWidget(area)  # type: ignore[attr-defined]
        area.resize(1100, 650)
        with qtbot.waitExposed(area):  # type: ignore[attr-defined]
            area.show()
        if projection is not None:
            area.set_projection(projection)
        return area

    return make


@pytest.fixture
def chart_area(make_area: Callable[..., ChartArea], synthetic: Dataset,
               synthetic_projection: Projection) -> ChartArea:
    """The chart area on the synthetic dataset with its default projection."""
    return make_area(synthetic, synthetic_projection)


@pytest.fixture
def make_window(qtbot: object, monkeypatch: pytest.MonkeyPatch) -> Callable[..., MainWindow]:
    """Open a main window as a user would, for a test: ``make(dataset=None, *, settings=None,
    show=True)``. With no dataset it opens the user's database (a private CHIPSCOPE_HOME:
    tests/conftest.py) and saves scenarios there; ``settings`` defaults to settings.ini in
    that folder. What would open a modal box is recorded instead: ``window.errors`` (the
    scenario actions' errors), ``window.warnings`` (the window's own warnings); the
    unsaved-changes questions (the scenario's, Edit data's typed row) are answered Discard. A
    test that wants other answers patches them again."""
    from chipscope.storage import open_user_database
    from chipscope.ui.data_edit.dialog import DataEditDialog
    from chipscope.ui.session import Session

    def make(dataset: Dataset | None = None, *, settings: QSettings | None = None,
             show: bool = True) -> MainWindow:
        db = None
        if dataset is None:
            dataset, db = open_user_database()
        if settings is None:
            settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                                 QSettings.Format.IniFormat)
        win = MainWindow(Session(dataset), settings, db_path=db)
        qtbot.addWidget(win)  # type: ignore[attr-defined]
        errors: list[str] = []
        warnings: list[str] = []
        win.errors, win.warnings = errors, warnings  # type: ignore[attr-defined]
        monkeypatch.setattr(win.scenarios.panel, "show_error",
                            lambda _title, text: errors.append(text))
        monkeypatch.setattr(win, "_warn", lambda _title, text: warnings.append(text))
        monkeypatch.setattr(win.scenarios.panel, "ask_unsaved", lambda: "discard")
        monkeypatch.setattr(DataEditDialog, "ask_unsaved", lambda _self: "discard")
        if show:
            win.show()
            qtbot.waitExposed(win)  # type: ignore[attr-defined]
        return win

    return make


class ImportWindow:
    """A window (not shown) for File > Import scenario tests: the problems it would list in
    its box are recorded in ``problems`` (also ``window.import_problems``) as (path,
    problems) pairs instead."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        self.window = window
        self.problems: list[tuple[Path, list[str]]] = []
        window.import_problems = self.problems  # type: ignore[attr-defined]
        monkeypatch.setattr(window.scenarios, "show_import_errors",
                            lambda path, problems: self.problems.append((path, problems)))

    def saved(self) -> list[str]:
        """The names of the scenarios saved in the window's database."""
        from chipscope.storage import list_scenarios

        return [r.name for r in list_scenarios(self.window.scenarios.working.db_path)]

    def feed(self, path: Path, text: str) -> tuple[bool, list[str]]:
        """Write ``text`` to ``path`` and import it: the import's result, and the names saved
        before it."""
        path.write_text(text, encoding="utf-8")
        before = self.saved()
        return self.window.scenarios.import_scenario(path), before


@pytest.fixture
def importer(make_window: Callable[..., MainWindow],
             monkeypatch: pytest.MonkeyPatch) -> ImportWindow:
    """:class:`ImportWindow` on a window of ``make_window`` (not shown)."""
    return ImportWindow(make_window(show=False), monkeypatch)


@pytest.fixture
def user_working(qtbot: object) -> WorkingScenario:
    """The working scenario of a window on the user's database (a private CHIPSCOPE_HOME:
    tests/conftest.py), with the presets, as the compare window and the scenarios panel get
    it."""
    from chipscope.storage import open_user_database
    from chipscope.storage.presets import load_presets
    from chipscope.ui.session import Session

    dataset, db = open_user_database()
    return WorkingScenario(Session(dataset), db,
                           load_presets(AssumptionSpecs.for_dataset(dataset)))


@pytest.fixture
def make_compare(qtbot: object) -> Callable[..., CompareView]:
    """Build a compare window on a working scenario: ``make(working, size=None)``; with a
    ``size`` (width, height) it is resized to it and shown."""

    def make(working: WorkingScenario, size: tuple[int, int] | None = None) -> CompareView:
        view = CompareView(working)
        qtbot.addWidget(view)  # type: ignore[attr-defined]
        if size is not None:
            view.resize(*size)
            view.show()
        return view

    return make


def _type_into(dialog: object, values: dict[str, str]) -> None:
    """Type each value into the data-edit dialog's field of that name, as a user would
    (choose it in a combo box, type it in a line edit)."""
    from PySide6.QtWidgets import QComboBox, QLineEdit

    form = dialog.form  # type: ignore[attr-defined]
    assert form is not None
    for key, text in values.items():
        widget = form.fields[key]
        if isinstance(widget, QComboBox):
            widget.setCurrentText(text)
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText(text)


@pytest.fixture
def type_into() -> Callable[[object, dict[str, str]], None]:
    """:func:`_type_into`, as a fixture (test modules do not import conftest)."""
    return _type_into


@pytest.fixture(autouse=True)
def _no_interrupt_left_over() -> Iterator[None]:
    """A test whose window took a Ctrl+C (diagnostics.interrupt) leaves the application's
    "interrupted" mark set: the next Ctrl+C test in the same process then only asked the app
    to end, silently (seen with test_desktop.py before test_pass15_window.py)."""
    yield
    from PySide6.QtWidgets import QApplication

    from chipscope.ui import diagnostics

    app = QApplication.instance()
    if app is not None:
        app.setProperty(diagnostics.INTERRUPTED, False)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Collect the test's reference cycles right after it, on the main thread, with no
    background job of it running: left to a later test, Python's collector ran in the middle
    of that test's event processing, and freeing PySide6 objects there crashed the
    interpreter (test order dependent; seen with tests/ui/test_scenarios_ui.py collected
    together with test_uncertainty_ui.py, when closed main windows were such cycles).

    Main windows and chart areas no longer need it: they free their Python side as Qt
    destroys them (chipscope/ui/teardown.py, tests/ui/test_window_teardown.py). It stays for
    the widgets tests build on their own (panels, dialogs, compare and report windows), whose
    Python-side cycles still go to the collector.

    Qt destroys the test's widgets first, once its fixtures are torn down (a monkeypatch of a
    window's method is undone on a window still whole): pytest-qt closes them and calls
    ``deleteLater``, which Qt carries out only in a later event loop. Left pending, the
    widgets of every test that ran none piled up (70 tests' windows, 1,500 QObjects each)
    and were all destroyed in the first ``qtbot.waitUntil`` of a later test, which then took
    minutes: PySide scans all its Python-slot connections each time the sender of one is
    destroyed, so destroying them together costs their number squared
    (tests/ui/test_scenarios_ui.py::test_autosave_after_a_change_and_restore timed out after
    tests/ui/test_pass9*.py and the restore and undo window tests). Still within pytest-qt's
    teardown: what a widget's Python code raises as it goes fails this test's teardown."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture
def autosaving_window(make_window: Callable[..., MainWindow]) -> MainWindow:
    """A window whose first autosave was written, listening to what its autosave says."""
    window = make_window(show=False)
    working = listening(window)
    assert change(working, 1.5) is None and working.said == []  # written
    return window
