"""Review item of pass 53: a database under a folder that cannot be entered (permission bits)
is refused before a write, naming that folder in the readers' words (pathlib's ``exists()``
raises PermissionError there on Python 3.11, which had made it "not read-only" and the write
end in SQLite's bare "unable to open database file")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply

PROBE = """
import sqlite3, sys
from pathlib import Path
from chipscope.storage.errors import is_read_only, refuse_read_only, write_failed
db = Path(sys.argv[1])
print(is_read_only(db))
try:
    refuse_read_only(db)
except Exception as exc:
    print(type(exc).__name__, exc)
print(write_failed(db, sqlite3.OperationalError("unable to open database file")))
"""


def test_a_database_under_a_folder_that_cannot_be_entered(tmp_path: Path) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    shut = tmp_path / "shut"
    (shut / "sub").mkdir(parents=True)
    db = shut / "sub" / "user.db"
    db.write_bytes(b"SQLite format 3\0")
    shut.chmod(0)
    try:
        done = subprocess.run([*SETPRIV, sys.executable, "-c", PROBE, str(db)],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        shut.chmod(0o755)
    words = (f"The database {db} cannot be written: the folder {shut} cannot be entered "
             "(permission denied); make that folder accessible (chmod u+x) or choose another "
             "one; nothing was changed.")
    assert done.stdout.splitlines() == ["True", f"DatabaseReadOnly {words}", words], done.stderr
    assert db.read_bytes() == b"SQLite format 3\0"
