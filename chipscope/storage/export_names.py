"""The rule of every export's file name, Qt-free: File > Export chart, the report, the compare
window's chart and File > Export scenario.

:func:`typed_path` refuses, with one sentence saying why (never turned into another name), a
name that is blank, names a folder, has another type than the export writes, is only a type
(".toml": a hidden file with no name), or begins or ends with a space or ends with a dot;
a relative name is taken in the given folder. :func:`named_path` first adds the type to a name
that has none ("cheaper" -> "cheaper.toml"), as a file dialog's filter promises, and checks
the name so made as every writer checks its target (:func:`chipscope.storage.files.write_target`:
the added type can make a name the file system refuses as too long, or name a special file),
(or "~" expanded, a relative name joined) so no caller looks at a file by a name nobody
checked.
"""

from __future__ import annotations

import os
from pathlib import Path

from chipscope.model.text_rules import shortened
from chipscope.storage import files


class ExportNameError(ValueError):
    """The name given for an export names no file it can be written to; the message says
    why (:func:`typed_path`)."""


def typed_path(text: str, folder: Path, what: str, types: dict[str, str]) -> Path:
    """The file ``text`` names, of one of ``types`` (suffix -> what it holds, as the messages
    say it); ``what`` names the thing written ("chart", "report", "scenario").

    Raises
    ------
    ExportNameError
        One sentence naming the text and what to do: blank, a folder, an unknown ``~user``,
        a type not in ``types`` (none is guessed: that could replace another file), only a
        type, or a space or tab at either end of it or of the file's name, or a dot at the end
        (which would be part of the file's name).
    """
    shown, ends = _short(text), " or ".join(types)
    if not text.strip():
        raise ExportNameError(f"Type a file name for the {what}, ending in {ends}.")
    last = _last_part(text)  # "x.png/." is the folder x.png
    if text != text.strip() or last != last.strip():  # "/tmp/ .toml" too
        raise ExportNameError(f"{shown} begins or ends with a space, which would be part of "
                              "the file's name; remove it.")
    if last in ("", ".", "..") or (last == text and text.startswith("~")):  # "~", "~user"
        raise ExportNameError(f"{shown} names a folder; add a file name ending in {ends}.")
    if last.endswith("."):
        raise ExportNameError(f"{shown} ends with a dot, which would be part of the file's "
                              f"name (and is dropped on Windows); end the name with {ends}.")
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # "~nosuchuser/x.png": no such user, so no home folder
        user = text[1:].split("/", 1)[0].split(os.sep, 1)[0]
        raise ExportNameError(f"{shown} starts with ~{user}, but there is no user named "
                              f"{_short(user)} on this computer; give the whole folder."
                              ) from None
    if path.name in ("", ".", ".."):  # Path(".").name is ""
        raise ExportNameError(f"{shown} names a folder; add a file name ending in {ends}.")
    if path.name.lower() in types:
        raise ExportNameError(f"The file name {_short(path.name)} is only a type; put a name "
                              f"before it, as in {what}{path.name}.")
    if path.suffix.lower() not in types:
        kind = (f"the type {_short(path.suffix)}" if 0 < len(path.suffix) <= 20
                else "another type" if path.suffix else "no type")
        saved_as = " or ".join(f"{suffix} ({held})" for suffix, held in types.items())
        raise ExportNameError(f"The file name {_short(path.name)} has {kind}; a {what} is "
                              f"saved as {saved_as}: end the name with "
                              f"{'one' if len(types) > 1 else 'it'}.")
    return path if path.is_absolute() else folder / path


def named_path(text: str, folder: Path, what: str, types: dict[str, str],
               writes: str | None = None) -> Path:
    """:func:`typed_path`, with the first of ``types`` added to a name that has no type
    ("cheaper" -> "cheaper.toml"); a name that is only a type (".toml"), or that begins or
    ends with a space or ends with a dot, gets nothing added, so it is refused as it is.

    Raises
    ------
    ExportNameError
        As :func:`typed_path`.
    chipscope.storage.files.FileRefused
        The name with the added type is refused as every writer refuses its target
        (:func:`~chipscope.storage.files.write_target`, naming the file as ``writes``, else
        "``what`` file"): too long for the file system (252 bytes and ".toml"), a special
        file, a folder... -- before anyone asks whether that file exists (``Path.exists``
        raises for a name too long). The same check runs whenever the path differs from
        the text given ("~" expanded, a relative name joined to ``folder``).
    """
    last = _last_part(text)
    added = (last == last.strip() and last not in ("", ".", "..") and not last.endswith(".")
             and not os.path.splitext(last)[1] and last.lower() not in types
             and not (last == text and text.startswith("~")))  # "~user" is a folder
    path = typed_path(text + next(iter(types)) if added else text, folder, what, types)
    if added or str(path) != text:  # "~" expanded or a relative name joined: a new name too
        files.write_target(path, writes or f"{what} file")
    return path


def _last_part(text: str) -> str:
    return text.replace(os.sep, "/").rsplit("/", 1)[-1]


def _short(text: str) -> str:
    """``text`` quoted (control characters spelled out), its middle cut when long."""
    return repr(shortened(text, 120))  # repr spells out control characters itself
