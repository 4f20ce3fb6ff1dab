"""Test set-up shared by every test: Qt offscreen, and a private user-data folder."""

from __future__ import annotations

import os

# Before anything imports Qt: no display on CI or here.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real per-user data folder."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path_factory.mktemp("chipscope_home")))
