"""A database with more than one name (hard links) is never written (pass 13, DB A1).

SQLite keeps a write's journal beside the name it opened the file by. Through another name of
the same file it finds no journal: after a save killed under one name, a save under the other
wrote over the half-written pages and was reported saved, then the next start under the first
name rolled the old journal back over it, and that save was gone. SQLite's own documentation
lists hard-linked databases among the ways to corrupt one. A symlink is fine (SQLite and
ChipScope both resolve it); a hard link has no target to resolve, so such a file is read, and
every write is refused with a sentence saying how to make it a single file again.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from chipscope.storage.errors import DatabaseReadOnly


def names_of(db_path: Path) -> int:
    """How many names (hard links) the regular file at ``db_path`` has: 1 when it cannot be
    read or is no regular file (a folder's count is its subfolders plus 2, not other names;
    its reader then names what it is)."""
    try:
        st = os.stat(db_path)
    except (OSError, ValueError):
        return 1
    return max(1, st.st_nlink) if stat.S_ISREG(st.st_mode) else 1


def refuse_hard_linked(db_path: Path) -> None:
    """:class:`~chipscope.storage.errors.DatabaseReadOnly` (read as it is, never written) when
    the database has other names."""
    count = names_of(db_path)
    if count > 1:
        raise DatabaseReadOnly(
            f"The database {db_path} has {count} names (hard links), so ChipScope does not write "
            "to it: a save cut off by a crash under one name is not seen under another, and a "
            "later save could be lost; make it a single file (copy it and use the copy, or "
            "remove the other names) to save again.")
