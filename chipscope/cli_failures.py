"""How the command line reports a failure: the one ``chipscope-cli: error:`` line on stderr
(:func:`print_error`), standard output that cannot be written (:func:`stdout_fails`,
:func:`stdout_error`), a path the system refuses (:func:`path_refused`), and streams silenced so
Python's flush at exit cannot fail again (:func:`quiet`). Used by :mod:`chipscope.cli`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from chipscope.cli_common import error_line, written_note

__all__ = ["path_refused", "print_error", "quiet", "quiet_stdout", "stdout_error", "stdout_fails"]


def path_refused(exc: OSError) -> str | None:
    """The message for a path the system refuses by its name alone (too long), wherever a
    command first looked at it, or a file it could not write (a full disk); None for any
    other OSError."""
    import errno

    from chipscope.model.text_rules import shortened

    name = shortened(str(exc.filename), 80)
    if exc.filename is not None and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG,
                                                  errno.EIO):
        return f"could not write {name} ({exc.strerror}); free some space on its disk"
    if exc.errno != errno.ENAMETOOLONG:
        return None
    if exc.filename is None:
        return "a file name or path is too long for the file system; choose a shorter one"
    # every reader's and writer's words, the path shortened (pass 60 F2)
    from chipscope.storage.path_length import shown_path, too_long_clause

    return f"{shown_path(os.fsdecode(exc.filename))}: {too_long_clause(os.fsdecode(exc.filename))}"


def print_error(message: str) -> None:
    # Paths and names a message repeats are shown, never obeyed (an ESC sequence, U+202E, a
    # line break in a file name); only the breaks between the items of a list ("\n  ") stay.
    from chipscope.model.text_rules import escaped_hidden

    shown = "\n  ".join(escaped_hidden(part, keep="\t") for part in message.split("\n  "))
    try:
        print(error_line(shown), file=sys.stderr)
    except OSError:  # stderr closed or full: the exit status still says the command failed
        quiet(sys.stderr if sys.stderr is not None else sys.stdout)


def stdout_error(exc: OSError | None) -> int:
    cause = "it is full or closed" if exc is None else (exc.strerror or str(exc))
    print_error(f"could not write to standard output ({cause}){written_note()}")
    quiet_stdout()
    return 2


def stdout_fails(exc: OSError | None) -> bool:
    """Whether ``exc`` is standard output failing (a full disk, a closed or broken file):
    every file ChipScope writes goes through storage.files, which names its own failures, so a
    bare write error of this kind comes from stdout. One that names a file (``filename``) is
    that file's, never stdout's (:func:`path_refused` names it)."""
    import errno

    if exc is not None and exc.filename is None and exc.errno in (
            errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF):
        return True
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def quiet_stdout() -> None:
    quiet(sys.stdout)


def quiet(stream: Any) -> None:
    # Python flushes stdout and stderr at exit (a failure there makes the status 120); point
    # the stream at devnull so that flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass
