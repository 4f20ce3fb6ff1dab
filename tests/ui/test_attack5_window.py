"""Regression tests of the window's hostile-input pass (issue 10, attack5w): each bad input
gets one clear message next to the action, never the unexpected-error box, a hang or markup
read as HTML; nothing the user had is lost."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.storage import list_scenarios
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.instance import MAX_FILES, FileServer
from chipscope.ui.main_window import MainWindow
from chipscope.ui.plain import elide, literal
from chipscope.ui.recent import RecentFiles
from chipscope.ui.socket_path import socket_file

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture

SHOTS = Path("/work/shots/attack5w")
DEAL = {"deal_id": "apple_trainium3", "adopter_id": "apple", "vendor_id": "aws",
        "chip_id": "trainium3", "first_year": "2027", "last_year": "2029", "amount": "1",
        "amount_unit": "GW", "description": "Apple signs", "firmness": "firm",
        "citation": "Example News", "url": "https://example.com/apple",
        "retrieved": "2026-11-30", "licence": "fair use quote", "confidence": "medium"}
LOCKER = ("import sqlite3, sys, time\n"
          "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
          "c.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(30)\n")


@pytest.fixture
def window(make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
           ) -> MainWindow:
    from chipscope.storage import errors

    monkeypatch.setattr(errors, "BUSY_TIMEOUT_S", 0.2)  # a lock is reported at once
    return make_window(show=False)


@pytest.fixture
def locked(window: MainWindow):  # type: ignore[no-untyped-def]
    """Another process holds the window's database in BEGIN EXCLUSIVE."""
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(window.db_path)],
                            stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"locked"
    proc.stdout.close()
    yield window.db_path
    proc.kill()
    proc.wait()




# --- F1: the sources table -----------------------------------------------------------------------
def test_sources_table_opens_in_the_editor(type_into: TypeInto,
                                           qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("sources")  # raised KeyError 'source_id'
    assert dialog.form is not None and dialog.form.table == "sources"
    assert dialog.mode == "add" and "citation" in dialog.form.fields
    # A source has no id field: a new one is named from its citation, as a deal's source is.
    type_into(dialog, {"citation": "Own note", "url": "https://example.com/n",
                   "retrieved": "2026-11-30", "licence": "CC-BY-4.0"})
    assert dialog.form.is_valid and dialog.save(), dialog.status.text()
    added = window.session.dataset.sources
    [new_id] = added.loc[added["citation"] == "Own note", "source_id"]
    assert new_id.startswith("user_")
    dialog.rows.setCurrentRow(0)
    key = dialog._selected_key()
    type_into(dialog, {"citation": "Corrected citation"})
    assert dialog.form.is_valid and dialog.save(), dialog.status.text()
    sources = window.session.dataset.sources
    assert list(sources.loc[sources["source_id"] == key, "citation"]) == ["Corrected citation"]


# --- F2, F3: messages next to fields are plain text, bounded -----------------------------------
@pytest.mark.parametrize("typed", ["<b>bold</b>", '<img src="x" width="5000" height="5000">',
                                   "&lt;b&gt;"])
def test_field_messages_show_markup_literally(type_into: TypeInto, qtbot: QtBot, window: MainWindow,
                                              typed: str) -> None:
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None
    dialog.table_box.setCurrentText("deals")
    type_into(dialog, {**DEAL, "amount": typed})
    error = dialog.form.errors["amount"]
    assert error.textFormat() == Qt.TextFormat.PlainText and typed in error.text()
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText
    conversion = dialog.form.conversion.text()
    assert typed not in conversion  # escaped: the label shows the characters typed
    from PySide6.QtGui import QTextDocumentFragment

    assert typed in QTextDocumentFragment.fromHtml(conversion).toPlainText()
    assert error.sizeHint().height() < 200  # no 5,000-pixel image
    if SHOTS.is_dir() and typed.startswith("<img"):
        dialog.resize(900, 700)
        QApplication.processEvents()
        dialog.grab().save(str(SHOTS / "field_markup.png"))


def test_a_pasted_100k_value_is_elided(type_into: TypeInto,
                                       qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_data_dialog(window)
    assert dialog is not None and dialog.form is not None
    dialog.table_box.setCurrentText("deals")
    type_into(dialog, {**DEAL, "amount": "x" * 100_000})
    assert len(dialog.form.conversion.text()) < 1000  # was 32,804 characters
    assert len(dialog.form.errors["amount"].text()) < 1000


# --- F9: message boxes quote names literally ----------------------------------------------------
def test_delete_question_shows_a_markup_name_literally(window: MainWindow,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    panel = window.scenarios.panel
    name = "<b>bold</b>"
    monkeypatch.setattr(panel, "ask_name", lambda *a: (name, ""))
    assert panel.save_as()
    panel.select(name)
    asked: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or no)
    assert not panel.delete_selected()
    from PySide6.QtGui import QTextDocumentFragment

    [text] = asked
    [row] = [r for r in panel.rows() if r.data(0, Qt.ItemDataRole.UserRole) == name]
    tip = row.toolTip(0)  # the list's tooltip too: Qt reads tooltips as HTML
    assert QTextDocumentFragment.fromHtml(tip).toPlainText() == name if GuiQt.mightBeRichText(
        tip) else tip == name
    shown = (QTextDocumentFragment.fromHtml(text).toPlainText() if GuiQt.mightBeRichText(text)
             else text)
    assert "\u201c<b>bold</b>\u201d" in shown
    assert [r.name for r in list_scenarios(window.db_path)] == [name]  # nothing deleted


def test_literal_and_elide() -> None:
    assert literal("plain text") == "plain text"
    assert "&lt;b&gt;" in literal("<b>x</b>") and GuiQt.mightBeRichText(literal("<b>x</b>"))
    assert elide("abc") == "abc" and len(elide("y" * 10_000)) < 400


# --- F4, F7, F8: the hand-over socket ------------------------------------------------------------
@pytest.fixture
def server(qtbot: QtBot):  # type: ignore[no-untyped-def]
    s = FileServer("cs-test-" + uuid.uuid4().hex[:10])
    assert s.listen()
    s.got = []  # type: ignore[attr-defined]
    s.open_requested.connect(s.got.append)  # type: ignore[attr-defined]
    yield s
    s.close()


def _send(server: FileServer, qtbot: QtBot, data: bytes) -> bytes:
    reply: list[bytes] = []

    def client() -> None:
        got = b""
        try:  # the last line; "go" to the window's "open?" (pass 19 D1)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
                c.settimeout(30)  # a loaded machine
                c.connect(str(socket_file(server.name)))
                c.sendall(data)
                while chunk := c.recv(65536):
                    got += chunk
                    if got.endswith(b"open?\n"):
                        c.sendall(b"go\n")
        except OSError as exc:
            got = got or repr(exc).encode()  # named in the failed assertion
        reply.append(got.rsplit(b"\n", 2)[-2] + b"\n" if got.endswith(b"\n") else got)

    t = threading.Thread(target=client, daemon=True)
    t.start()
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=60_000)
    return reply[0] if reply else b""


@pytest.mark.parametrize("message", [b"[" * 30_000 + b"]" * 30_000 + b"\n",
                                     b'{"a":' * 10_000 + b"1" + b"}" * 10_000 + b"\n"])
def test_deeply_nested_hand_over_is_refused(server: FileServer, qtbot: QtBot,
                                            message: bytes) -> None:
    assert _send(server, qtbot, message) == b"error\n"  # was a RecursionError in the slot
    assert _send(server, qtbot, b'{"open": ["/tmp/a.toml"]}\n') == b"ok\n"
    qtbot.waitUntil(lambda: len(server.got) == 1)  # type: ignore[attr-defined]


def test_a_large_hand_over_is_cut_and_opened_after_the_slot(server: FileServer,
                                                           qtbot: QtBot) -> None:
    paths = [f"/nowhere/{i}.toml" for i in range(2000)]
    reply = _send(server, qtbot, json.dumps({"open": paths}).encode() + b"\n")
    assert reply.startswith(b'not-opened [["/nowhere/10.toml", "too many"]')  # named (p16 D1)
    qtbot.waitUntil(lambda: len(server.got) == MAX_FILES)  # type: ignore[attr-defined]
    qtbot.wait(50)
    assert [str(p) for p in server.got] == paths[:MAX_FILES]  # type: ignore[attr-defined]


def test_half_open_connections_are_closed(server: FileServer, qtbot: QtBot,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.ui import instance

    monkeypatch.setattr(instance, "IDLE_MS", 200)
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(str(socket_file(server.name)))
    c.sendall(b'{"open": [')
    qtbot.waitUntil(lambda: len(server._buffers) == 1)
    qtbot.waitUntil(lambda: len(server._buffers) == 0, timeout=3000)  # kept for ever before
    c.close()


# --- F5, F6, F13, F14: paths handed over and recent files ----------------------------------------
def test_special_files_handed_over_are_named(window: MainWindow, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    loop = tmp_path / "loop.toml"
    os.symlink(loop, loop)
    long = Path("/tmp/" + "a" * 5000 + ".toml")
    for path in (Path("/dev/zero"), fifo, folder, loop, long, tmp_path / "gone.toml"):
        assert window.open_scenario_file(path) is False  # ENAMETOOLONG raised before
    assert window.errors == [  # type: ignore[attr-defined]
        "/dev/zero: it is a device, not a regular file.",  # the readers' words (pass 58)
        f"{fifo}: it is a pipe (FIFO), not a regular file.",
        f"{folder}: it is a folder, not a regular file; give a file inside it.",
        f"{loop}: it is a symlink loop; remove the link or choose another file.",
        f"{elide(str(long))}: its path is too long (5,010 bytes; the system takes at most "
        "4,095); choose a shorter path or folder.",  # pass 60 F2: the readers' one cause
        f"{tmp_path / 'gone.toml'}: there is no such file."]


def test_recent_files_with_odd_entries(window: MainWindow, tmp_path: Path) -> None:
    amp = tmp_path / "R&D plan.toml"
    amp.write_text('format_version = 1\nname = "rd"\n', encoding="utf-8")
    window.settings.setValue("recent_files", [str(amp), "/" + "x" * 5000 + ".toml"])
    recent = RecentFiles(window.settings, window.desktop.recent_menu,  # raised ENAMETOOLONG
                         window.desktop.open_file, window)
    first, second = recent.menu.actions()[:2]
    assert first.text() == "&1 R&&D plan.toml" and first.isEnabled()
    assert not second.isEnabled() and "too long" in second.toolTip()


# --- F10, F11, F12: a database another program holds ----------------------------------------------
def test_save_as_with_the_database_locked(window: MainWindow, locked: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window.scenarios.panel, "ask_name", lambda *a: ("Other", ""))
    assert window.scenarios.panel.save_as() is False  # DatabaseBusy escaped before
    [message] = window.errors  # type: ignore[attr-defined]
    assert message.startswith("Another program is using the database")


def test_rename_and_delete_with_the_database_locked_say_why(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = window.scenarios.panel
    monkeypatch.setattr(panel, "ask_name", lambda *a: ("Base", ""))
    assert panel.save_as()
    panel.select("Base")
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(window.db_path)],
                            stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"locked"
        proc.stdout.close()
        assert panel.rename_selected() is False
        assert panel.delete_selected() is False
    finally:
        proc.kill()
        proc.wait()
    assert len(window.errors) == 2  # type: ignore[attr-defined]
    assert all("Another program is using" in e for e in window.errors)  # type: ignore[attr-defined]
    assert [r.name for r in list_scenarios(window.db_path)] == ["Base"]


def test_data_edit_with_the_database_locked(type_into: TypeInto, qtbot: QtBot, window: MainWindow,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("deals")
    type_into(dialog, DEAL)
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(window.db_path)],
                            stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"locked"
        proc.stdout.close()
        assert dialog.save() is False  # DatabaseBusy escaped before
        assert dialog.status.text().startswith("Not saved: Another program is using")
        assert dialog.form is not None and dialog.form.values()["deal_id"] == "apple_trainium3"
        shown: list[str] = []
        from PySide6.QtWidgets import QMessageBox

        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
        window._data_dialog = None  # type: ignore[attr-defined]
        assert open_data_dialog(window) is None  # load_overlay raised before
        assert len(shown) == 1 and "Another program is using" in shown[0]
    finally:
        proc.kill()
        proc.wait()
    assert "apple_trainium3" not in set(window.session.dataset.deals["deal_id"])


# --- F15: an import with no rows -----------------------------------------------------------------
def test_importing_a_header_only_csv_adds_no_undo_step(window: MainWindow,
                                                       tmp_path: Path) -> None:
    dialog = open_data_dialog(window)
    assert dialog is not None
    path = tmp_path / "empty.csv"
    path.write_text(",".join([*DEAL, "h100e_per_year", "conversion"]) + "\n", encoding="utf-8")
    steps = window.session.document.history.labels()
    assert dialog.import_file(path) is False
    assert dialog.status.text() == f"{path}: nothing imported, the file has no rows."
    assert window.session.document.history.labels() == steps
    from chipscope.storage.user_edits import list_edits

    assert list_edits(window.db_path) == []


def test_the_socket_is_in_the_private_runtime_folder(tmp_path: Path, qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a bare name in the shared /tmp, where another user could listen first."""
    from chipscope.ui import instance

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = instance.server_name(tmp_path / "x.db")
    assert Path(name).parent == runtime
    server = FileServer(name)
    assert server.listen()
    assert (runtime / Path(name).name).is_socket()
    assert _send(server, qtbot, b'{"open": ["/tmp/a.toml"]}\n') == b"ok\n"
    server.close()
    runtime.chmod(0o755)  # others may enter: not private, ChipScope's own private folder
    fallback = Path(instance.server_name(tmp_path / "x.db")).parent  # (pass 22 W3)
    assert fallback.name == f"chipscope-{os.getuid()}" and fallback != runtime


# --- F18: a name given in Edit data is text everywhere in the window ---------------------------
def test_a_vendor_named_with_markup_is_shown_literally(type_into: TypeInto,
                                                       qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel, QWidget

    mark = "<b>Evil</b><img src=x width=3000 height=3000>"
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("vendors")
    dialog._select("nvidia")
    type_into(dialog, {"name": mark, "citation": "Me", "url": "https://example.com/v",
                   "retrieved": "2026-11-30", "licence": "CC-BY-4.0"})
    assert dialog.save(), dialog.status.text()
    qtbot.waitUntil(lambda: not window.session.is_stale(), timeout=10_000)
    window.show()
    QApplication.processEvents()

    def read_as_html(text: str, fmt: Qt.TextFormat) -> bool:
        return "<b>Evil</b>" in text and (fmt == Qt.TextFormat.RichText or (
            fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)))

    labels = [w.text() for w in window.findChildren(QLabel)
              if read_as_html(w.text(), w.textFormat())]
    tips = [w.toolTip() for w in window.findChildren(QWidget)
            if read_as_html(w.toolTip(), Qt.TextFormat.AutoText)]
    assert labels == [] and tips == []  # the heading and the help tips read it as HTML
    legend = window.chart_area.current_view().legend
    texts = [label.text for _sample, label in legend.items]
    # shown as text (cut at the legend's 40 characters), never read as markup
    assert "&lt;b&gt;Evil&lt;/b&gt;&lt;img src=x width=3000 height\u2026" in texts
    window.grab().save(str(SHOTS / "window_vendor_markup.png")) if SHOTS.is_dir() else None
