"""Pass 39 F1: ``chipscope WORD`` with a word the system refuses to look up (more than 255
bytes: ENAMETOOLONG; under a folder that cannot be searched: EACCES) exited 0 with no line,
no window and no command. It is a word that is neither a command nor a scenario file: one
sentence naming it (shortened), exit 2, no window."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from chipscope import cli


def test_a_word_too_long_for_the_file_system_is_named(
        capsys: pytest.CaptureFixture[str], windows: list[Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    word = "a" * 300
    assert cli.main([word]) == 2
    err = capsys.readouterr().err
    assert "is neither a command" in err and "nor a scenario file" in err
    assert "aaaa\u2026aaaa" in err and "(300 characters)" in err  # shortened, not 300 a's
    assert word not in err and len(err.splitlines()) == 1
    assert windows == []


def test_a_command_after_a_file_too_long_to_look_up_is_still_misplaced(
        capsys: pytest.CaptureFixture[str], windows: list[Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    long_file = "b" * 300 + ".toml"
    assert cli.main([long_file, "run"]) == 2
    err = capsys.readouterr().err
    assert "the command 'run' cannot follow the scenario file" in err
    assert long_file not in err and "(305 characters)" in err
    assert windows == []


def test_a_word_under_a_folder_that_cannot_be_searched_is_named(
        capsys: pytest.CaptureFixture[str], windows: list[Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    real_stat = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path) == "priv2/x":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)  # Path.stat and os.path.exists both look here
    assert cli.main(["priv2/x"]) == 2
    err = capsys.readouterr().err
    assert "'priv2/x' is neither a command" in err and "nor a scenario file" in err
    assert windows == []
