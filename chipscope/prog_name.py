"""The name ChipScope's command-line messages begin with: the command the user typed, as in
argparse's usage lines, so that ``chipscope-cli run`` says ``chipscope-cli: error: ...`` for a
missing argument and for a bad scenario file alike (pass 35).

Imports nothing beyond the standard library: the CLI's signal handlers call it.
"""

from __future__ import annotations

import os
import sys

ENTRY_POINTS = ("chipscope-cli", "chipscope")
"""The commands pyproject installs ([project.scripts], [project.gui-scripts])."""


def invoked_as(argv0: str | None = None) -> str:
    """The command the user typed, for usage lines and error prefixes: the entry point's name
    (``chipscope-cli`` or ``chipscope``; a Windows launcher's ``.exe`` left out), ``python -m
    chipscope`` for the package's ``__main__``, else ``chipscope-cli`` (an embedding program,
    a test). ``argv0`` defaults to ``sys.argv[0]``."""
    path = (sys.argv[0] if sys.argv else "") if argv0 is None else argv0
    name = os.path.basename(path)
    stem = name[:-4] if name.lower().endswith(".exe") else name
    if stem in ENTRY_POINTS:
        return stem
    if name == "__main__.py" and os.path.basename(os.path.dirname(path)) == "chipscope":
        return "python -m chipscope"
    return ENTRY_POINTS[0]


def error_line(message: str) -> str:
    """``message`` as the command line's error line: ``chipscope-cli: error: MESSAGE``, the
    name being :func:`invoked_as`."""
    return f"{invoked_as()}: error: {message}"


def note_line(message: str) -> str:
    """``message`` as the command line's note or warning line: ``chipscope-cli: MESSAGE``."""
    return f"{invoked_as()}: {message}"
