"""A ChipScope save killed before its commit, for the crash tests (one helper for all), and the
check that a damaged journal is refused by every entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from chipscope.storage import check_database, load_dataset, save_scenario
from chipscope.storage.files import FileRefused

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


def refused_everywhere(db: Path, journal: Path, *words: str) -> None:
    """Loading ``db``, saving to it and ``data check`` each refuse its damaged ``journal`` in
    the one sentence (with each of ``words``), and leave both files byte for byte as they were."""
    before = (db.read_bytes(), journal.read_bytes())
    for attempt in (lambda: load_dataset(db), lambda: save_scenario(db, "new", "", {}),
                    lambda: check_database(db)):
        try:
            problems = attempt()
        except FileRefused as exc:
            message = str(exc)
        else:  # data check lists the problem
            assert isinstance(problems, list) and len(problems) == 1
            message = problems[0]
        assert f"{journal.name} beside it is damaged" in message
        assert "cannot be rolled back safely" in message
        assert f"check the file with `chipscope-cli data check --db {db}`" in message  # this one
        for word in words:
            assert word in message
        assert (db.read_bytes(), journal.read_bytes()) == before
