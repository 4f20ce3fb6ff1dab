"""Pass 58 (m70 item 3): the window's open path named a pipe (FIFO), a socket or a device in
its own words ("it is a pipe (FIFO), not a scenario file") while every reader of the CLI says
"it is a pipe (FIFO), not a regular file"; now the window gives the readers' words (one
source, :func:`chipscope.storage.file_reads.check_regular_file`), at once, without opening
the file (a FIFO would hang a read)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.ui.main_window import MainWindow
from tests.special_files import special_files


def test_open_scenario_file_gives_the_readers_words(
        make_window: Callable[..., MainWindow], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    specials = special_files(tmp_path, ".toml", with_folder=False)
    window = make_window(show=False)
    for path in specials.values():
        assert window.open_scenario_file(path) is False
    assert window.errors == [  # type: ignore[attr-defined]
        f"{path}: it is {words}, not a regular file." for words, path in specials.items()]
    for words, path in specials.items():  # the CLI's reader says the same words
        assert main(["run", "--scenario", str(path), "--out", str(tmp_path / "o.csv")]) == 2
        assert (f"Cannot read the scenario file {path}: it is {words}, not a regular file."
                in capsys.readouterr().err)
    assert specials["a pipe (FIFO)"].exists() and not (tmp_path / "o.csv").exists()
