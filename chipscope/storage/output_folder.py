"""Why a file cannot be written into its folder because that folder is no folder: a symlink
loop, a symlink to something missing, a link to a file, or a file on its way (pass 57 F3/F4).

Every writer asks :func:`folder_problem` through :func:`chipscope.storage.files.write_target`
(and the commands that check an output's folder before any work), and the data folder
(``--csv-dir``) gives the same advice (:func:`folder_advice`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from chipscope.storage.file_causes import folder_cause


def folder_advice(cause: str) -> str | None:
    """What to do about a folder :func:`~chipscope.storage.file_causes.folder_cause` describes
    with ``cause``: "remove the link or choose another folder" for a symlink loop, "put the
    folder back or choose another folder" for a link to something missing; None for other
    causes (the caller's own advice)."""
    if cause.startswith("it is a symlink to the missing "):
        return "put the folder back or choose another folder"
    if cause == "it is a symlink loop":
        return "remove the link or choose another folder"
    return None


def folder_problem(folder: Path) -> tuple[str, str] | None:
    """Why no file can be made in ``folder`` because it, or a folder on its way, exists but is
    no folder: (cause, advice), the cause naming that part ("sl/loop is a symlink loop",
    "sl/dang is a symlink to the missing nothere", "sl/f links to a file, not a folder",
    "base.db is a file, not a folder"). None when every part is a folder, or the first that
    is not does not exist at all (the writer makes it, or says it does not exist) or cannot be
    looked at (the writers name a folder that cannot be entered)."""
    for part in [*reversed(folder.parents), folder]:
        try:
            if part.is_dir():
                continue
        except (OSError, ValueError):
            return None
        if not os.path.lexists(part):
            return None
        cause = folder_cause(OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(part)))
        if not cause.startswith("it "):
            return None  # the system's own words: the writer's message says more
        advice = folder_advice(cause) or ("remove the link or choose another folder"
                                          if cause.startswith("it links to ")
                                          else "choose another folder")
        return f"{part} {cause[3:]}", advice
    return None
