"""Pass 65 F4, F5 (fix m97): folder settings whose names hide a character.

F4: XDG_CONFIG_HOME (the window's settings folder on Linux) with a trailing space made a
lookalike folder "cfg " with the settings in it, without a word: it is now refused in
setting_flaw's words (the window's side is tests/ui/test_pass65_config_home.py).
F5: CHIPSCOPE_HOME (and XDG_DATA_HOME, XDG_CONFIG_HOME) with a space other than the plain one
inside (U+00A0, U+2002), which shows as "h h", made a lookalike folder with a fresh database:
it is named and refused while no folder of that name exists (one that does is used)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main


# --- F4 ---------------------------------------------------------------------------------------
def test_a_config_home_with_a_trailing_space_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = f"{tmp_path / 'cfg'} "
    monkeypatch.delenv("CHIPSCOPE_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", config)
    assert paths.config_flaw() == (
        f"XDG_CONFIG_HOME is {config!r}, which has spaces around it: a folder of that name "
        "would be another one than it looks like; delete them, or unset XDG_CONFIG_HOME.",
        "XDG_CONFIG_HOME has spaces around it; delete them, or unset it")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert paths.config_flaw() is None
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))  # settings.ini there
    monkeypatch.setenv("XDG_CONFIG_HOME", config)
    assert paths.config_flaw() is None


# --- F5 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("space", "named"), [
    ("\u00a0", "a no-break space U+00A0 that looks like a space"),
    ("\u2002", "an en space U+2002 that looks like a space")])
def test_a_home_with_a_unicode_space_inside_is_refused(
        space: str, named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = f"{tmp_path / 'h'}{space}h"
    monkeypatch.setenv("CHIPSCOPE_HOME", home)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--out", "o.csv"]) == 2
    err = capsys.readouterr().err
    assert (f"CHIPSCOPE_HOME is {home!r}, which holds {named}: a folder of that name would be "
            "another one than it looks like; type a plain space instead, or unset "
            "CHIPSCOPE_HOME.") in err, err
    assert not os.path.lexists(home) and not (tmp_path / "o.csv").exists()


def test_an_existing_home_with_a_unicode_space_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "h\u00a0h"
    home.mkdir()  # made on purpose
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--out", "o.csv"]) == 0
    assert (home / paths.DB_FILENAME).is_file() and (tmp_path / "o.csv").is_file()


def test_the_xdg_folders_with_a_unicode_space_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CHIPSCOPE_HOME", raising=False)
    data = f"{tmp_path / 'x'}\u00a0d"
    monkeypatch.setenv("XDG_DATA_HOME", data)
    with pytest.raises(paths.HomeError, match=r"XDG_DATA_HOME is .*no-break space U\+00A0"):
        paths.user_data_location()
    assert main(["--install-desktop-entry"]) == 2
    assert "which holds a no-break space U+00A0 that looks like a space" in \
        capsys.readouterr().err
    assert not os.path.lexists(data)
    monkeypatch.setenv("XDG_CONFIG_HOME", f"{tmp_path / 'c'}\u2002c")
    flaw = paths.config_flaw()
    assert flaw is not None and flaw[1] == ("XDG_CONFIG_HOME holds an en space U+2002 that "
                                            "looks like a space; type a plain space instead, "
                                            "or unset it")
    (tmp_path / "c\u2002c").mkdir()  # one that exists is used
    assert paths.config_flaw() is None
