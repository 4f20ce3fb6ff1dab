"""Pass 35 F1, F5: a sweep spec without [grid]/[sample] yet (only ``scenario``/``metrics``), or
with a mistyped key, read as a scenario file is told its kind, not "format_version is missing";
the CLI's command names the spec by the path given; the converse advice names the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

Capture = pytest.CaptureFixture[str]
SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
KIND = "ts/nog.toml is a sweep spec, not a scenario file; run it with `chipscope-cli sweep "


@pytest.mark.parametrize("text", [
    'metrics = ["share:nvidia:2030"]\nscenario = "x.toml"\n',    # no [grid]/[sample] yet
    'metrics = ["share:nvidia:2030"]\n',
    'scenario = "x.toml"\n',
    'metrics = ["share:nvidia:2030"]\nmetric = "x"\n[grid]\nlock_in = [1, 2]\n',  # a typo
    'scenario = "x.toml"\nsampel = 3\n[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 2\n',
])
def test_a_spec_without_grid_or_with_a_typo_is_told_its_kind(text: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "ts/nog.toml")
    message = str(err.value)
    assert message == KIND + "ts/nog.toml --out FILE.csv`", message
    assert "format_version" not in message


@pytest.mark.parametrize("text, words", [
    ('format_version = 2\nmetrics = ["share:nvidia:2030"]\nscenario = "x.toml"\n',
     "unknown top-level key 'metrics'"),                             # mixed: the old message
    ('name = "a"\nmetrics = ["m"]\n', "a mix of a sweep spec and a scenario file"),  # pass 36
    ('metric = "x"\n', "format_version is missing"),                 # no sweep key: not a spec
])
def test_files_with_a_scenario_key_or_no_sweep_key_keep_their_message(text: str,
                                                                       words: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "s.toml")
    assert words in str(err.value)
    assert "is a sweep spec" not in str(err.value)


def test_the_converse_advice_names_the_spec_folder() -> None:
    scenario = 'format_version = 2\nname = "x"\n[assumptions]\nlock_in = 2\n'
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(scenario, SPECS, "ts/sc.toml")
    assert ('(scenario = "sc.toml" in a spec in the same folder, beside [grid] or [sample])'
            in str(err.value)), str(err.value)


def test_cli_run_of_a_spec_by_a_relative_path(synthetic_db: Path, tmp_path: Path,
                                              capsys: Capture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ts"
    folder.mkdir()
    spec = folder / "nog.toml"
    spec.write_text('metrics = ["share:nvidia:2030"]\nscenario = "x.toml"\n', encoding="utf-8")
    before = spec.read_bytes()
    monkeypatch.chdir(tmp_path)
    around = sorted(p.name for p in tmp_path.iterdir())
    assert main(["run", "--scenario", "ts/nog.toml", "--db", str(synthetic_db),
                 "--out", "o.csv"]) == 2
    err = capsys.readouterr().err
    # whole from where it was run
    assert err == (f"chipscope-cli: error: {KIND}ts/nog.toml --out FILE.csv "
                   f"--db {synthetic_db}`\n"), err  # the --db given (pass 58 F2)
    assert spec.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == around  # no o.csv written
