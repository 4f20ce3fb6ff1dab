"""A ChipScope save killed before its commit, for the crash tests (one helper for all)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_CODE = """\
import sqlite3, os, sys
from chipscope.storage.schema import write_transaction
c = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "spill":
    c.execute('PRAGMA cache_size=1')
t = write_transaction(c)  # kept: a dropped context manager would roll back at once
t.__enter__()
for i in range(300):
    c.execute("INSERT INTO scenarios VALUES (?, '', ?, 0, 'x')", (f'lost{i}', 'x' * 4000))
os._exit(0)
"""


def kill_a_save(db: Path, spill: bool = True) -> None:
    """A save on ``db`` through ``write_transaction`` (page 1 and the lineage page journaled
    first), killed before its commit; ``spill``: after writing pages of it to the file (only
    then is the journal synced with its magic, so SQLite plays it back)."""
    subprocess.run([sys.executable, "-c", _CODE, str(db), "spill" if spill else "keep"],
                   check=True, timeout=60)
