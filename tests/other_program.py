"""Another program holding something (a lock, an open write, a WAL log) while a test acts, for
the tests of what ChipScope does beside it (one helper for all of them)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

HOLD_QT_LOCK = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication, QLockFile
    app = QCoreApplication([])
    lock = QLockFile(sys.argv[1])
    assert lock.lock()
    print("held", flush=True)
    sys.stdin.read()
""")
"""Qt's lock file at ``argv[1]``, held by a live program (as another ChipScope or a program
that reused a settings file would): prints ``held``."""


@contextmanager
def other_program(code: str, *args: str, ready: str) -> Iterator[subprocess.Popen[str]]:
    """A Python program running ``code`` with ``args`` until the block ends; the block starts
    once it has printed the line ``ready`` (it holds what it holds by then). At the end its
    standard input gets a line and is closed: ``code`` reads either to let go."""
    program = subprocess.Popen([sys.executable, "-c", code, *args], text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert program.stdout is not None and program.stdout.readline() == f"{ready}\n"
        yield program
    finally:
        assert program.stdin is not None
        try:
            program.stdin.write("done\n")
            program.stdin.close()
        except BrokenPipeError:  # it ended early: the assertion above says why
            pass
        program.wait(timeout=60)
        if program.stdout is not None:
            program.stdout.close()
