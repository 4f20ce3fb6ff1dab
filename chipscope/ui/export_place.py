"""Where File > Export chart proposes to save: the folder and the type (PNG or SVG) of the
last export, as desktop apps do, kept in the window's settings; the home folder (and PNG) the
first time, or when the remembered folder is gone or cannot be written to any more (judged as
the write judges it: :func:`chipscope.storage.write_permission.read_only_folder`, which holds
for root too). A name that is taken gets a number ("chart-2.png"), so the next export of the
same chart never proposes the file just written."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from chipscope.storage.write_permission import read_only_folder
from chipscope.ui.export_dialog import FORMATS
from chipscope.ui.stored_settings import setting

FOLDER_KEY = "export/folder"
SUFFIX_KEY = "export/suffix"
MAX_NUMBER = 999
"""The highest number a taken name is given before the plain name is proposed anyway (the
dialog then asks before replacing it)."""


def proposed_path(settings: QSettings | None, file_name: str) -> Path:
    """``file_name`` in the folder of the last export, with that export's type (its suffix
    replaced); the home folder when none is remembered, or it is no longer a folder this user
    can write to. When that file exists, the first free name of "NAME-2", "NAME-3", ..."""
    folder, suffix = Path.home(), ".png"
    if settings is not None:
        stored = setting(settings, FOLDER_KEY, "", str)
        if stored and _writable_folder(Path(stored)):
            folder = Path(stored)
        kept = setting(settings, SUFFIX_KEY, ".png", str)
        if kept in FORMATS:
            suffix = kept
    return free_name(folder / Path(file_name).with_suffix(suffix).name)


def _writable_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder a new file can be written to: by this user
    (:func:`os.access`) and by the app's rule of the permission bits (root included)."""
    return (folder.is_absolute() and os.path.isdir(folder)
            and os.access(folder, os.W_OK | os.X_OK)
            and read_only_folder(folder / "chart.png") is None)


def free_name(path: Path) -> Path:
    """``path``, or when a file (or anything) has that name already, the first of
    "STEM-2.SUFFIX", "STEM-3.SUFFIX", ... beside it that is free."""
    if not os.path.lexists(path):
        return path
    for number in range(2, MAX_NUMBER + 1):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    return path


def remember(settings: QSettings | None, path: Path) -> None:
    """Keep the folder and the type of a chart just exported to ``path``."""
    if settings is None:
        return
    settings.setValue(FOLDER_KEY, str(Path(path).absolute().parent))
    settings.setValue(SUFFIX_KEY, Path(path).suffix.lower())
