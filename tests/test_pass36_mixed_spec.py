"""Pass 36 F5: a sweep spec with a ``name`` or ``description`` beside its sweep keys (and no
``format_version``) read as a scenario file is told it mixes the two kinds, not "format_version
is missing", which only led to "unknown top-level key 'metrics'"; in the CLI and the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.synthetic import synthetic_dataset

Capture = pytest.CaptureFixture[str]
SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
K6 = ('metrics = ["share:v0:2030"]\ndescription = "price sweep"\n[sample]\nn = 4\n'
      '[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 2\n')
K3 = 'metrics = ["share:nvidia:2030"]\nname = "a"\n[grid]\nlock_in = [1, 2]\n'


@pytest.mark.parametrize("text, sweep, scenario", [
    (K6, "metrics, sample", "description"),
    (K3, "metrics, grid", "name"),
    ('scenario = "b.toml"\nname = "a"\ndescription = "d"\n', "scenario", "name, description"),
])
def test_a_mixed_file_is_told_its_mix_not_format_version(text: str, sweep: str,
                                                         scenario: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "ts/k 6.toml")
    message = str(err.value)
    assert message == (
        f"ts/k 6.toml is a mix of a sweep spec and a scenario file: it has the sweep spec keys "
        f"{sweep} beside {scenario}; move {sweep} to a sweep spec (a scenario file has "
        f"format_version, name and [assumptions]), or remove {scenario} and run it with "
        "`chipscope-cli sweep 'ts/k 6.toml' --out FILE.csv`"), message
    assert "format_version is missing" not in message


def test_as_a_sweeps_base_it_is_told_to_be_a_scenario_file() -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(K3, SPECS, "b.toml", base=True)
    assert str(err.value) == (
        "b.toml is a mix of a sweep spec and a scenario file: it has the sweep spec keys "
        "metrics, grid beside name; the base scenario must be a scenario file "
        "(format_version, [assumptions]); move metrics, grid to a sweep spec"), str(err.value)


@pytest.mark.parametrize("text, words", [
    ('format_version = 2\n' + K3, "unknown top-level key 'metrics'"),  # a scenario file
    ('name = "a"\nmetric = "x"\n', "format_version is missing"),      # no sweep key
    ('metrics = ["m"]\n[grid]\nlock_in = [1, 2]\n', "is a sweep spec, not a scenario file"),
])
def test_other_files_keep_their_message(text: str, words: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "s.toml")
    assert words in str(err.value)
    assert "a mix of" not in str(err.value)


def test_the_advice_followed_works_and_the_cli_says_it(synthetic_db: Path, tmp_path: Path,
                                                       capsys: Capture) -> None:
    spec = tmp_path / "k6.toml"
    spec.write_text(K6, encoding="utf-8")
    out = tmp_path / "o.csv"
    code = main(["--db", str(synthetic_db), "run", "--scenario", str(spec), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "is a mix of a sweep spec and a scenario file" in err, err
    assert "format_version" not in err.split("(a scenario file has")[0], err
    assert not out.exists()
    assert spec.read_text(encoding="utf-8") == K6
    spec.write_text(K6.replace('description = "price sweep"\n', ""), encoding="utf-8")
    code = main(["--db", str(synthetic_db), "sweep", str(spec), "--workers", "1",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert out.exists()
