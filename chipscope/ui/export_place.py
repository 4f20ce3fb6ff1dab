"""Where File > Export chart proposes to save: the folder and the type (PNG or SVG) of the
last export, as desktop apps do, kept in the window's settings; the home folder (and PNG) the
first time, or when the remembered folder is gone or cannot be written to any more."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from chipscope.ui.export_dialog import FORMATS
from chipscope.ui.stored_settings import setting

FOLDER_KEY = "export/folder"
SUFFIX_KEY = "export/suffix"


def proposed_path(settings: QSettings | None, file_name: str) -> Path:
    """``file_name`` in the folder of the last export, with that export's type (its suffix
    replaced); the home folder when none is remembered, or it is no longer a folder this user
    can write to."""
    folder, suffix = Path.home(), ".png"
    if settings is not None:
        stored = setting(settings, FOLDER_KEY, "", str)
        if stored and os.path.isdir(stored) and os.access(stored, os.W_OK | os.X_OK):
            folder = Path(stored)
        kept = setting(settings, SUFFIX_KEY, ".png", str)
        if kept in FORMATS:
            suffix = kept
    return folder / Path(file_name).with_suffix(suffix).name


def remember(settings: QSettings | None, path: Path) -> None:
    """Keep the folder and the type of a chart just exported to ``path``."""
    if settings is None:
        return
    settings.setValue(FOLDER_KEY, str(Path(path).absolute().parent))
    settings.setValue(SUFFIX_KEY, Path(path).suffix.lower())
