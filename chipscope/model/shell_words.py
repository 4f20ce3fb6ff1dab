"""Command lines printed as advice, written so that pasted into a shell they run as printed."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\", "'": "\\'"}


def _escaped(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if char.isprintable():
        return char
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shell_word(value: object) -> str:
    """``value`` as one shell word, whole: shlex quoting, or bash's $'...' when it holds a
    character a terminal would act on or not show (so that none is printed raw)."""
    text = str(value)
    if text.isprintable():
        return shlex.quote(text)
    return "$'" + "".join(_escaped(c) for c in text) + "'"


def shell_option(name: str, value: object) -> str:
    """The option ``name`` with ``value``; as ``--opt=VALUE`` when the value starts with "-",
    which would otherwise be read as an option of its own."""
    text = str(value)
    return shell_word(f"{name}={text}") if text.startswith("-") else f"{name} {shell_word(text)}"


def shell_command(program: str, words: Sequence[object], options: Sequence[tuple[str, object]] = ()
                  ) -> str:
    """``program`` with its positional ``words`` and ``options`` as a shell runs it; "--" goes
    before the words when one starts with "-" (an option otherwise)."""
    given = [str(w) for w in words]
    opts = [shell_option(name, value) for name, value in options]
    args = [shell_word(w) for w in given]
    if any(w.startswith("-") for w in given):  # after "--" every word is an argument
        return " ".join([program, *opts, "--", *args])
    return " ".join([program, *args, *opts])


def drop_edit_command(table: object, key: object, db: object = None) -> str:
    """The ``data drop-edit`` command that drops the edit of row ``key`` of ``table``
    (of the database ``db`` when given)."""
    return shell_command("chipscope-cli data drop-edit", [table, key],
                         [] if db is None else [("--db", db)])
