"""Pass 61 F8: --seed was checked only with --draws (run) or --method variance (sensitivity):
`run --out x.csv --seed -1` wrote the file, rc 0. Every --seed is now checked when given (one
argparse type), and a good one without --draws keeps its one-line Note."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main

pytestmark = pytest.mark.usefixtures("in_scratch")


RUN = ["run", "--out", "x.csv"]
TORNADO = ["sensitivity", "--metric", "share:nvidia:2030", "--out", "x.csv"]
COMMANDS = [RUN, [*RUN, "--draws", "10"], TORNADO, [*TORNADO, "--method", "variance"],
            ["calibrate"], ["calibrate", "--draws", "2"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("seed", "words"), [
    ("-1", "--seed: -1 must be 0 or more"),
    ("9" * 44, "is too large (44 digits; a whole number here has at most 30)"),
    ("nan", "--seed: 'nan' is not a whole number"),
])
def test_a_bad_seed_is_refused_with_or_without_draws(
        command: list[str], seed: str, words: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--seed", seed]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "x.csv").exists()


def test_a_good_seed_without_draws_gets_a_note(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*RUN, "--seed", "5"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Note: --seed chooses the sample of --draws N and has no effect "
                          "without it (add --draws N for percentile bands).\n"), err
    assert (tmp_path / "x.csv").exists()
