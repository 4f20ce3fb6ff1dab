"""`export-chart --help` names the sizes it takes: the least (480 x 400 px) and largest width and
height of model/export_size.py, so a user need not learn them from a refused export."""

from __future__ import annotations

import re

import pytest

from chipscope.cli import main
from chipscope.model.export_size import MAX_SIDE, MIN_HEIGHT, MIN_WIDTH


def _option_help(text: str, option: str) -> str:
    """The help of ``option`` (its line and any continuation), spaces folded."""
    match = re.search(rf"^  {option} \w+\s+(.*(?:\n {{20,}}.*)*)", text, re.MULTILINE)
    assert match is not None, text
    return " ".join(match.group(1).split())


def test_export_chart_help_says_the_least_and_largest_size(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-chart", "--help"]) == 0
    text = capsys.readouterr().out
    for option, least in (("--width", MIN_WIDTH), ("--height", MIN_HEIGHT)):
        said = _option_help(text, option)
        assert f"{least} to {MAX_SIDE}" in said, said


@pytest.mark.parametrize(("width", "height"), [(MIN_WIDTH - 1, MIN_HEIGHT),
                                               (MIN_WIDTH, MIN_HEIGHT - 1)])
def test_the_help_floor_is_the_one_the_command_checks(
        width: int, height: int, tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    """One pixel under the floor the help gives is refused, before anything is read."""
    status = main(["export-chart", "--chart", "vendor_share", "--out", f"{tmp_path}/c.png",
                   "--width", str(width), "--height", str(height)])
    assert status == 2
    assert "too small" in capsys.readouterr().err
