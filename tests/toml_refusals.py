"""How a TOML text is refused, for the tests of numbers in scenario files and sweep specs
(tests/test_pass42_toml_long_integers.py, tests/test_pass43_toml_based_integers.py): the
message each reader raises, and a CLI command's refusal of a file (exit 2, one line, the file
kept)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.scenario_checks import TomlProblem, load_toml
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset


@cache
def _specs() -> AssumptionSpecs:
    return AssumptionSpecs.for_dataset(synthetic_dataset())


def scenario_refusal(text: str) -> str:
    """The ScenarioError message ``text`` read as scenario file f.toml (on the synthetic
    dataset's assumptions) is refused with; the test fails if it is not refused."""
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, _specs(), "f.toml")
    return str(err.value)


def sweep_spec_refusal(text: str) -> str:
    """The SpecError message ``text`` read as sweep spec s.toml is refused with."""
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(text, _specs(), "s.toml")
    return str(err.value)


def toml_refusal(text: str) -> str:
    """The TomlProblem message load_toml refuses ``text`` (a scenario file) with."""
    with pytest.raises(TomlProblem) as err:
        load_toml(text, "scenario file")
    return str(err.value)


def cli_refusal(argv: list[str], path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``chipscope-cli argv``: it must exit 2, leave ``path`` byte-identical and say one
    line on stderr, which is returned."""
    text = path.read_bytes()
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert path.read_bytes() == text
    assert "\n" not in err, err
    return err
