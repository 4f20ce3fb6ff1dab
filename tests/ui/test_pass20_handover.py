"""Pass 20 (window): a second start that connected while the window was opening another start's
files was not read until that loop ended, got no word, and after its 5 s wait opened its own
window, autosave off (D1); a start naming a file twice said it was not opened when one copy
opened and another did not (D3)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.ui import instance
from chipscope.ui.handover import TOO_MANY, Handed
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass19_handover import Start


def _start_saying_replies(name: str, files: list[Path], reply_ms: int) -> Start:
    """``chipscope FILES`` printing ``sent`` once its message is written, then each answer of
    the window, then ``own window`` or the files not opened."""
    listed = files[0].with_name(f"{files[0].stem}-start.json")
    listed.write_text(json.dumps([str(f) for f in files]), encoding="utf-8")
    return Start(f"""
        import json
        from pathlib import Path
        from chipscope.ui import instance
        instance.TIMEOUT_MS, instance.REPLY_MS = 60_000, {reply_ms}
        reply, said = instance._reply, []
        def replying(socket, ms):
            if not said:
                said.append(print("sent", flush=True))
            answer = reply(socket, ms)
            print("answer", answer.decode() if answer is not None else None, flush=True)
            return answer
        instance._reply = replying
        files = [Path(f) for f in json.loads(Path({str(listed)!r}).read_text(encoding="utf-8"))]
        handed = instance.send_to_running({name!r}, files)
        print("own window" if handed is None else repr(list(handed.not_opened)), flush=True)
    """)


def _until(done: Callable[[], bool]) -> None:
    """Wait (no event handled, as in the window's loop of opens) until ``done``, at most 120 s."""
    end = time.monotonic() + 120
    while not done() and time.monotonic() < end:
        time.sleep(0.05)


def test_a_start_connecting_while_files_open_is_told_busy_and_its_files_open_after(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    """D1: a start that connected during the loop opening another start's files was never read
    nor told "busy" in it; it gave up after its reply wait and opened its own window."""
    name = instance.server_name(tmp_path / "d1.db")
    server = instance.serve(name, make_window(show=False))
    first = _start_saying_replies(name, [tmp_path / "a1.toml", tmp_path / "a2.toml"], 60_000)
    later: list[Start] = []
    tried: list[str] = []

    def open_slowly(path: Path) -> bool:
        tried.append(path.stem)
        if path.stem == "a1":  # the later start connects and sends while this one opens
            later.append(_start_saying_replies(name, [tmp_path / "b.toml"], 3_000))
            _until(lambda: "sent" in later[0].lines or later[0].process.poll() is not None)
        elif path.stem == "a2":  # opens until the later start is told to wait, or gave up
            _until(lambda: "answer busy" in later[0].lines or later[0].process.poll() is not None)
        return True

    server.opener = open_slowly
    assert first.end(qtbot)[-1] == "[]"
    said = later[0].end(qtbot)
    server.close()
    assert "answer busy" in said and said[-1] == "[]"
    assert tried == ["a1", "a2", "b"]


@pytest.mark.parametrize(("files", "opened"), [
    (["a", "b", "a"], "a, b"),  # the last a is past MAX_FILES
    (["a", "a"], "a"),
    (["a", "b"], "b"),
])
def test_a_file_named_twice_is_listed_as_opened_when_one_copy_opened(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], files: list[str], opened: str) -> None:
    """D3: `chipscope a.toml b.toml a.toml` whose last a.toml was past MAX_FILES said only
    b.toml opened, and that a.toml was not opened, though the window opened it."""
    paths = [tmp_path / f"{f}.toml" for f in files]
    assert Handed(((str(tmp_path / "a.toml"), TOO_MANY),)).report(paths) == 2
    out, err = capsys.readouterr()
    listed = ", ".join(str(tmp_path / f"{f}.toml") for f in opened.split(", "))
    assert out == f"chipscope: opened in the ChipScope window already running: {listed}\n"
    assert err.count("was not opened") == 1 and f"{tmp_path / 'a.toml'} was not opened" in err
