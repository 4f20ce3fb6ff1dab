"""Pass 62 F4 (b): the window's autosave and Save on its database, whose folder cannot be
entered and lacks its write bit too (``chmod 000``), say "make that folder accessible and
writable (chmod u+wx)": SQLite makes its journal there, so the reader's u+x only led to "is
read-only" next (pass 61 F7's advice, for the database's writer). Following the advice, both
write. The window cannot drop root's CAP_DAC_OVERRIDE in-process: os.stat and os.lstat refuse
every path below the folder while it is shut, as the system does."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from tests.ui.autosaving import change

WX = ("cannot be entered (permission denied); make that folder accessible and writable "
      "(chmod u+wx) or choose another one; nothing was changed")


def _shut_while(folder: Path, shut: list[bool], monkeypatch: pytest.MonkeyPatch) -> None:
    """os.stat and os.lstat refuse every path below ``folder`` while ``shut[0]``."""
    real_stat, real_lstat = os.stat, os.lstat

    def guard(real: Any) -> Any:
        def call(path: object, *args: object, **kwargs: object) -> os.stat_result:
            if shut[0] and folder in Path(os.path.abspath(os.fspath(path))).parents:  # type: ignore[arg-type]
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real(path, *args, **kwargs)  # type: ignore[no-any-return]
        return call

    monkeypatch.setattr(os, "stat", guard(real_stat))
    monkeypatch.setattr(os, "lstat", guard(real_lstat))


def test_autosave_and_save_ask_for_u_wx_and_following_it_writes(
        autosaving_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window = autosaving_window
    working, panel = window.scenarios.working, window.scenarios.panel
    db = Path(working.db_path)
    folder = db.parent
    before = db.read_bytes()
    shut = [True]
    _shut_while(folder, shut, monkeypatch)
    monkeypatch.setattr(panel, "ask_name", lambda *_a: ("Mine", ""))
    os.chmod(folder, 0)
    try:
        said = change(working, 1.6)
        assert said == f"The database {db} cannot be written: its folder {folder} {WX}."
        assert "(chmod u+x)" not in said
        assert not panel.save()
        assert window.errors and f"its folder {folder} {WX}" in window.errors[-1]
    finally:
        os.chmod(folder, 0o700)  # the advice: u+wx
        shut[0] = False
    assert db.read_bytes() == before
    assert change(working, 1.7) is None  # written
    window.errors.clear()
    assert panel.save() is not False
    assert window.errors == []
