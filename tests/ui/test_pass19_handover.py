"""Pass 19 (window): a second start gave up after 5 s while the window was still opening its
files, and both windows opened them (D1); one with a shell glob of 2,000 files sent a message
the window would not read, and took that as "no window" (D2)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.ui import instance
from chipscope.ui.handover import LOST, TOO_MANY, UNREAD, Handed
from chipscope.ui.main_window import MainWindow


class Start:
    """A second start running ``code``, and the lines it prints (read beside the event loop,
    which answers it)."""

    def __init__(self, code: str):
        self.process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)],
                                        env=os.environ.copy(), stdout=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        self.lines.extend(line.strip() for line in self.process.stdout or [])

    def end(self, qtbot: QtBot) -> list[str]:
        """Once it exited: its lines."""
        try:
            qtbot.waitUntil(lambda: self.process.poll() is not None, timeout=120_000)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.reader.join(10)
            if self.process.stdout is not None:
                self.process.stdout.close()
        return self.lines


def _second_start(name: str, files: list[Path], reply_ms: int = 60_000) -> Start:
    """``chipscope FILES``: prints "waiting", then "own window" or the files not opened."""
    listed = files[0].with_name(f"{files[0].stem}-start.json")  # past an argument's size
    listed.write_text(json.dumps([str(f) for f in files]), encoding="utf-8")
    return Start(f"""
        import json
        from pathlib import Path
        from chipscope.ui import instance
        instance.TIMEOUT_MS, instance.REPLY_MS = 60_000, {reply_ms}
        files = [Path(f) for f in json.loads(Path({str(listed)!r}).read_text(encoding="utf-8"))]
        handed = instance.send_to_running({name!r}, files, lambda: print("waiting", flush=True))
        print("own window" if handed is None else repr(list(handed.not_opened)), flush=True)
    """)


def test_a_start_that_stopped_waiting_has_none_of_its_files_opened(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    """D1: a start whose files waited behind another's gave up (its own window opened them),
    and the window, busy opening the other's, opened them too once it got to them."""
    name = instance.server_name(tmp_path / "d1.db")
    server = instance.serve(name)  # the start question: both hand-overs wait
    first = _second_start(name, [tmp_path / "a.toml"])
    qtbot.waitUntil(lambda: first.lines == ["waiting"], timeout=60_000)
    later = _second_start(name, [tmp_path / "b1.toml", tmp_path / "b2.toml"])
    qtbot.waitUntil(lambda: later.lines == ["waiting"], timeout=60_000)
    tried: list[str] = []

    def open_slowly(path: Path) -> bool:  # the later start gives up while this one opens
        tried.append(path.stem)
        later.process.kill()
        later.process.wait()
        return True

    server.attach(make_window(show=False))
    server.opener = open_slowly
    assert first.end(qtbot) == ["waiting", "[]"]
    later.end(qtbot)
    server.close()
    assert tried == ["a"]


def test_a_start_waits_for_files_that_take_long_to_open(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    """D1: the window opened 10 files in one loop past the start's 5 s reply wait, and the
    start opened its own window (autosave off) with the same files, and said nothing."""
    name = instance.server_name(tmp_path / "d1b.db")
    server = instance.serve(name, make_window(show=False))
    files = [tmp_path / f"f{i}.toml" for i in range(3)]
    second = _second_start(name, files, reply_ms=3_000)
    tried: list[str] = []

    def open_slowly(path: Path) -> bool:  # longer than the start's wait, or until it gave up
        tried.append(path.stem)
        if len(tried) == 1:
            with contextlib.suppress(subprocess.TimeoutExpired):
                second.process.wait(timeout=8)
        return True

    server.opener = open_slowly
    assert second.end(qtbot) == ["[]"]
    server.close()
    assert tried == ["f0", "f1", "f2"]


def test_a_start_with_thousands_of_files_hands_over_ten_and_names_the_rest(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    """D2: `chipscope *.toml` with 2,000 files sent a message the window aborted, took that as
    "no window", and opened its own window (autosave off) and all 2,000 files."""
    name = instance.server_name(tmp_path / "d2.db")
    server = instance.serve(name, make_window(show=False))
    tried: list[str] = []
    server.opener = lambda path: tried.append(path.stem) is None
    files = [tmp_path / f"scenario_file_number_{i}.toml" for i in range(2000)]
    said = _second_start(name, files).end(qtbot)
    server.close()
    assert tried == [f.stem for f in files[:instance.MAX_FILES]]
    assert said == [repr([(str(f), TOO_MANY) for f in files[instance.MAX_FILES:]])]


@pytest.mark.parametrize("answer", [b"error", None])
def test_a_message_the_window_cannot_read_is_not_taken_as_no_window(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot,
        capsys: pytest.CaptureFixture[str], answer: bytes | None) -> None:
    """D2: the window aborted a message past MAX_MESSAGE without a word; it now reads it to
    its end and answers ``error``, which the start names, exit status 2, with no window."""
    name = instance.server_name(tmp_path / "d2b.db")
    server = instance.serve(name, make_window(show=False))
    second = Start(f"""
        from PySide6.QtNetwork import QLocalSocket
        socket = QLocalSocket()
        socket.connectToServer({name!r})
        assert socket.waitForConnected(60_000)
        socket.write(b'{{"open": ["/' + b"a" * {instance.MAX_MESSAGE} + b'.toml"]}}\\n')
        socket.waitForBytesWritten(60_000)
        while not socket.canReadLine() and socket.waitForReadyRead(60_000):
            pass
        print(bytes(socket.readLine().data()).decode().strip() or "no answer", flush=True)
    """)
    assert second.end(qtbot) == ["error"]
    server.close()
    path = tmp_path / "a.toml"
    handed = instance._handed(b"error", [path]) if answer else Handed.lost([path])
    assert handed is not None and handed.report([path]) == 2
    err = capsys.readouterr().err
    assert handed.not_opened == ((str(path), UNREAD if answer else LOST),)
    assert f"{path} was not opened: the ChipScope window already running " in err
    assert ("could not read the list" if answer else "stopped answering") in err
