"""Helpers for tests that paste the commands a message advises: the commands quoted in it,
and which databases the commands then read."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

import chipscope.storage


def advised_commands(err: str) -> list[list[str]]:
    """Every chipscope-cli command quoted in backticks in ``err``, as a shell splits it (without
    the program's name)."""
    words = [shlex.split(part) for part in err.split("`")[1::2]]
    return [w[1:] for w in words if w and w[0] == "chipscope-cli"]


def databases_read(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The databases the commands run from now read (by --db), in order."""
    seen: list[Path] = []
    real = chipscope.storage.load_dataset

    def spy(db: Path, *args: object, **kwargs: object) -> object:
        seen.append(Path(db))
        return real(db, *args, **kwargs)

    monkeypatch.setattr(chipscope.storage, "load_dataset", spy)
    return seen
