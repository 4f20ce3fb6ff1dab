"""Window findings of the eighth attack pass of issue 10 (/work/attack8w-findings.md): each
bad input or fault gives one clear message next to the action, never a traceback or a frozen
window, and nothing the user had is lost."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from pytestqt.qtbot import QtBot

from chipscope.storage import open_user_database, user_edits
from chipscope.storage.user_edits import list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session

SOURCE = {"citation": "Example News, 30 Nov 2026", "url": "https://example.com/x",
          "retrieved": "2026-11-30", "licence": "fair use quote", "confidence": "low"}


def db_of(window: MainWindow) -> Path:
    assert window.db_path is not None
    return window.db_path


# --- B1: a data edit of many rows is one transaction --------------------------------------------
@pytest.fixture
def transactions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the write transactions on the user's edits (one entry each)."""
    opened: list[int] = []
    writable: Callable[[Path], AbstractContextManager[object]] = user_edits._writable

    @contextmanager
    def counted(db_path: Path) -> Iterator[object]:
        opened.append(1)
        with writable(db_path) as conn:
            yield conn

    monkeypatch.setattr(user_edits, "_writable", counted)
    return opened


def test_undoing_an_import_of_many_rows_is_one_transaction(
        make_window: Callable[..., MainWindow], tmp_path: Path, transactions: list[int]) -> None:
    """Undo of a 1,000-row import wrote each row in a transaction of its own: 21 s frozen,
    and a lock or a full disk half-way left part of the rows removed."""
    window = make_window()
    dialog = open_data_dialog(window)
    assert dialog is not None
    rows = "".join(f"s{i},Cite {i},https://example.com/{i},2026-11-30,MIT\n" for i in range(40))
    file = tmp_path / "sources.csv"
    file.write_text("source_id,citation,url,retrieved,licence\n" + rows, encoding="utf-8")
    assert dialog.import_file(file)
    assert len(list_edits(db_of(window))) == 40
    transactions.clear()
    assert window.session.document.undo()
    assert list_edits(db_of(window)) == [] and len(transactions) == 1
    assert window.session.document.redo()
    assert len(list_edits(db_of(window))) == 40 and len(transactions) == 2


def test_withdrawing_a_new_adopter_takes_its_access_rows_in_one_transaction(
        make_window: Callable[..., MainWindow], type_into: Callable[[object, dict[str, str]],
                                                                    None],
        transactions: list[int]) -> None:
    window = make_window()
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("adopters")
    type_into(dialog, {"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab",
                       "derivation": "Announced", "buys_from": "nvidia, amd", **SOURCE})
    assert dialog.save()
    transactions.clear()
    assert dialog.retire()
    assert list_edits(db_of(window)) == [] and len(transactions) == 1


def table_caught_up(window: MainWindow) -> Callable[[], bool]:
    return lambda: not window.is_table_stale()


# --- B3: a window destroyed while shown ---------------------------------------------------------
def test_a_shown_window_with_its_compare_window_is_destroyed_without_errors(
        qtbot: QtBot) -> None:
    """Ctrl+C with the compare window open: the window was destroyed while shown, and its
    children, cleared at the window's ``destroyed``, still got virtual calls (headerData,
    sizeHint) while Qt tore them down: a 300-line traceback at exit. pytest-qt fails the test
    on an exception in a Qt virtual."""
    dataset, db = open_user_database()
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(Session(dataset), settings, db_path=db)
    window.show()
    qtbot.waitExposed(window)
    compare = window.scenarios.open_compare()
    for row in range(3):
        compare.list.item(row).setCheckState(Qt.CheckState.Checked)
    spec = window.session.specs["price_sensitivity"]
    window.session.set_value(spec.key, (spec.default + spec.hi) / 2)
    window.session.finish_edit(spec.key)
    qtbot.waitUntil(table_caught_up(window))
    assert compare.isVisible() and compare.table_model.rowCount() > 0
    destroyed: list[bool] = []
    window.destroyed.connect(lambda *_: destroyed.append(True))
    window.deleteLater()
    del window, compare
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    assert destroyed == [True]


# --- B2: Ctrl+C while the restore question is shown -----------------------------------------------
def test_an_unanswered_restore_question_keeps_the_autosave(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C in the terminal ends every event loop, the question's too: it returned
    NoButton, taken for "No", and the autosave the message promised to keep was deleted."""
    from PySide6.QtWidgets import QMessageBox

    from chipscope.storage.autosave import load_autosave, save_autosave

    window = make_window()
    db = db_of(window)
    save_autosave(db, "Mine", "", {"price_sensitivity": 1.7}, unsaved=True)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.NoButton)
    assert not window.scenarios.offer_restore()
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "Mine"
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.No)
    assert not window.scenarios.offer_restore()
    assert load_autosave(db) is None  # a real "No" still discards it


# --- B5: an export named as the database's journal ---------------------------------------------
@pytest.mark.parametrize("suffix", ["-journal", "-wal"])
def test_an_export_is_never_written_as_the_databases_journal(
        make_window: Callable[..., MainWindow], type_into: Callable[[object, dict[str, str]],
                                                                    None], suffix: str) -> None:
    """Exporting the edits file as chipscope.db-journal said "Exported", then SQLite deleted
    the file at the next open of the database (and replacing a real one after a crash would
    leave the database unable to roll the crash back)."""
    window = make_window()
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("access")
    dialog._select("openai.intel")
    type_into(dialog, {**SOURCE, "access": "0.5"})
    assert dialog.save()
    side = Path(f"{db_of(window)}{suffix}")
    assert not dialog.export_file(side)
    assert "database beside it" in dialog.status.text() and not side.exists()
    assert not window.scenarios.export_scenario(side)
    assert not side.exists()


# --- B6: a data edit keeps the user's uncertainty ranges ----------------------------------------
def test_a_data_edit_keeps_the_users_ranges(
        make_window: Callable[..., MainWindow], type_into: Callable[[object, dict[str, str]],
                                                                    None]) -> None:
    """Saving any data edit (or undoing one) replaced the dataset, and every range the user
    had typed was dropped without a word (undo did not bring them back)."""
    from chipscope.model.uncertainty import Range

    window = make_window()
    spec = window.session.specs["price_sensitivity"]
    mine = Range(spec.key, "uniform", spec.lo, spec.hi, None, "user")
    window.uncertainty.ranges.set(spec, mine)
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("access")
    dialog._select("openai.intel")
    type_into(dialog, {**SOURCE, "access": "0.5"})
    assert dialog.save()
    assert window.uncertainty.ranges.ranges() == {spec.key: mine}
    assert window.scenarios.working.undo()
    assert window.uncertainty.ranges.ranges() == {spec.key: mine}


# --- B4: two windows on one database edit the same data row --------------------------------------
def test_two_windows_never_overwrite_or_undo_each_others_data_edit(
        make_window: Callable[..., MainWindow], type_into: Callable[[object, dict[str, str]],
                                                                    None]) -> None:
    """Window 2's save replaced window 1's edit of the row without a word, and window 1's
    Edit > Undo then deleted window 2's edit."""
    one, two = make_window(), make_window()
    dialogs = [open_data_dialog(w) for w in (one, two)]
    for dialog, value in zip(dialogs, ("0.3", "0.7"), strict=True):
        assert dialog is not None
        dialog.table_box.setCurrentText("access")
        dialog._select("openai.intel")
        type_into(dialog, {**SOURCE, "access": value})
    first, second = dialogs
    assert first is not None and second is not None and first.save()
    assert not second.save()  # refused: it showed the bundled row, not window 1's edit
    assert "another window" in second.status.text().lower() and "try again" in second.status.text()
    [kept] = list_edits(db_of(one))
    assert kept.fields["access"] == "0.3"
    assert second.form is not None and second.form.values()["access"] == "0.7"  # typed: kept
    assert second.save()  # the editor read the data again: now it replaces window 1's edit
    messages: list[str] = []
    one.scenarios.working.message_changed.connect(messages.append)
    assert one.scenarios.working.undo()  # passed over: it would delete window 2's edit
    assert messages and "another window" in messages[-1] and "passed over" in messages[-1]
    assert not one.scenarios.working.stack.can_undo()  # the steps before it stay reachable
    [theirs] = list_edits(db_of(one))
    assert theirs.fields["access"] == "0.7"
