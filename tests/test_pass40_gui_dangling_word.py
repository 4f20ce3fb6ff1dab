"""Pass 40: ``chipscope FILE`` (the window's command line) with a dangling symlink whose name does
not end in .toml said "'FILE' is neither a command (...) nor a scenario file", though ``ls``
shows it: the word was looked up with ``os.path.exists``, which follows the link. It is now a
file like ``chipscope x.toml``'s dangling link, so the one regular-file check names it: "it is a
symlink to the missing TARGET" (a loop: "it is a symlink loop"), exit 2, no window."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from chipscope import cli

GONE = "/nonexistent-chipscope-dir/q"


@pytest.mark.parametrize(("target", "cause"), [
    (GONE, f"it is a symlink to the missing {GONE}; put the file back or choose another file."),
    # the link points at itself
    ("mine", "it is a symlink loop; remove the link or choose another file."),
])
def test_a_dangling_link_without_toml_is_named_as_a_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        windows: list[Any], target: str, cause: str) -> None:
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "mine"
    link.symlink_to(target)
    assert cli.main(["mine"]) == 2
    err = capsys.readouterr().err
    assert f"Cannot read the scenario file mine: {cause}" in err
    assert "neither a command" not in err and len(err.splitlines()) == 1
    assert windows == []
    assert link.is_symlink() and os.readlink(link) == target  # left as it was


def test_the_same_sentence_as_for_a_toml_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        windows: list[Any]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain").symlink_to(GONE)
    (tmp_path / "plain.toml").symlink_to(GONE)
    said = []
    for word in ("plain", "plain.toml"):
        assert cli.main([word]) == 2
        said.append(capsys.readouterr().err.replace(word, "WORD"))
    assert said[0] == said[1]
    assert windows == []


def test_a_word_that_is_nothing_on_disk_is_still_neither(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        windows: list[Any]) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["nothing-here"]) == 2
    err = capsys.readouterr().err
    assert "'nothing-here' is neither a command" in err and "nor a scenario file" in err
    assert windows == []
