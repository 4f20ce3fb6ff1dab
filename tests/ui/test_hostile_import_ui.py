"""File > Import scenario with hostile files (issue 10): a FIFO, a deeply nested file, a
byte-order mark; and a saved scenario whose values nest 100,000 deep. Each gives a message
naming the file or scenario (never the unexpected-error box, never a hang) and saves nothing;
a BOM file imports."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest


def test_fifo_import_is_refused_at_once(importer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = importer.window
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    done = threading.Event()
    timer = threading.Timer(10, lambda: done.is_set() or os.close(os.open(fifo, os.O_WRONLY)))
    timer.daemon = True
    timer.start()  # unblocks a hung open() so the test fails instead of hanging
    try:
        assert window.scenarios.import_scenario(fifo) is False
    finally:
        done.set()
        timer.cancel()
    [message] = window.errors
    assert f"{fifo}: it is a pipe (FIFO)" in message
    assert importer.saved() == []


@pytest.mark.parametrize(("text", "what"), [
    ("x = " + "{a = " * 400 + "1" + "}" * 400, "inline tables"),
    ("x = " + "[" * 600 + "]" * 600, "arrays"),
    ("[" + ".".join(["a"] * 1000) + "]", "table headers"),
])
def test_deeply_nested_import_lists_the_problem(importer, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                text: str, what: str) -> None:
    path = tmp_path / "deep.toml"
    imported, _saved_before = importer.feed(path, f"format_version = 1\n{text}\n")
    assert imported is False, what
    [(shown_path, [problem])] = importer.problems
    assert shown_path == path and problem.startswith("nested too deeply")
    assert importer.window.errors == [] and importer.saved() == []


def test_bom_file_imports(importer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = importer.window
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfformat_version = 1\nname = \"With BOM\"\n")
    assert window.scenarios.import_scenario(path) is True
    assert window.errors == [] and importer.problems == []
    assert importer.saved() == ["With BOM"]


def test_deeply_nested_saved_scenario_is_a_message(importer) -> None:  # type: ignore[no-untyped-def]
    window = importer.window
    db = window.scenarios.working.db_path
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                     "updated_at) VALUES ('Deep', '', ?, 0, '')",
                     ("[" * 100_000 + "]" * 100_000,))
    window.scenarios.panel.refresh()
    assert window.errors == []  # the row is left out, and named in the status bar (pass 10, W4)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"The saved scenario 'Deep' in {db} is damaged (its values nest "
                              "too deeply")
