"""Pass 34 F7, F1: a sweep spec given where a scenario file is read (and a scenario file given
to ``sweep``) is told its kind, not the other kind's first complaint; a long single [grid]
value is not shown shortened inside the example's brackets."""

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
GRID_SPEC = 'metrics = ["share:nvidia:2030"]\n[grid]\nlock_in = [1, 2]\n'
SAMPLE_SPEC = 'scenario = "x.toml"\n[sample]\nn = 2\nseed = 1\n'
SCENARIO = 'format_version = 2\nname = "x"\n[assumptions]\nlock_in = 2\n'


# --- F7: the model layer tells the kind --------------------------------------------------------
@pytest.mark.parametrize("text", [GRID_SPEC, SAMPLE_SPEC,
                                  "[sample]\nn = 2\n[ranges.lock_in]\ndist = \"uniform\"\n"
                                  "low = 1\nhigh = 2\n"])
def test_a_sweep_spec_read_as_a_scenario_is_told_its_kind(text: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "specs/grid.toml")
    message = str(err.value)
    assert message == ("specs/grid.toml is a sweep spec, not a scenario file; run it with "
                       "`chipscope-cli sweep specs/grid.toml --out FILE.csv`"), message
    assert "format_version" not in message
    # the advice holds: the file runs as a sweep spec as it is
    assert parse_sweep_spec(text, SPECS, "specs/grid.toml").source == "specs/grid.toml"


def test_a_sweep_spec_read_as_a_base_is_told_a_base_must_be_a_scenario() -> None:
    with pytest.raises(ScenarioError, match=r"^g.toml is a sweep spec, not a scenario file; "
                       r"the base scenario must be a scenario file"):
        parse_scenario(GRID_SPEC, SPECS, "g.toml", base=True)


@pytest.mark.parametrize(("text", "words"), [
    ('name = "x"\n[assumptions]\nlock_in = 2\n', "format_version is missing"),
    ('name = "x"\n[grid]\nlock_in = [1]\n', "a mix of a sweep spec"),  # mixed (pass 36)
])
def test_a_file_that_is_no_sweep_spec_keeps_its_scenario_message(text: str,
                                                                  words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        parse_scenario(text, SPECS, "s.toml")


def test_a_scenario_file_given_to_sweep_is_told_its_kind() -> None:
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(SCENARIO, SPECS, "ts/sc.toml")
    message = str(err.value)
    assert message.startswith("ts/sc.toml is a scenario file, not a sweep spec; name it as a "
                              "sweep spec's base scenario (scenario = \"sc.toml\""), message
    assert "unknown key" not in message
    assert parse_scenario(SCENARIO, SPECS, "ts/sc.toml").values == {"lock_in": 2.0}


# --- F7: through the CLI, nothing written, files unchanged ---------------------------------------
def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    return folder


def _run(argv: list[str], folder: Path, capsys: Capture) -> str:
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    return err


def test_cli_run_with_a_sweep_spec(synthetic_db: Path, tmp_path: Path,
                                   capsys: Capture) -> None:
    folder = _folder(tmp_path)
    spec = folder / "grid.toml"
    spec.write_text(GRID_SPEC, encoding="utf-8")
    err = _run(["run", "--scenario", str(spec), "--db", str(synthetic_db),
                "--out", str(folder / "o.csv")], folder, capsys)
    assert f"{spec} is a sweep spec, not a scenario file; run it with `chipscope-cli sweep" in err
    assert "format_version" not in err


@pytest.mark.parametrize("base", ["grid.toml", "w.toml"])  # another spec, or the spec itself
def test_cli_sweep_whose_base_is_a_sweep_spec(synthetic_db: Path, tmp_path: Path,
                                              capsys: Capture, base: str) -> None:
    folder = _folder(tmp_path)
    (folder / "grid.toml").write_text(GRID_SPEC, encoding="utf-8")
    spec = folder / "w.toml"
    spec.write_text(f'scenario = "{base}"\n[sample]\nn = 2\nseed = 1\ndefaults = true\n',
                    encoding="utf-8")
    err = _run(["sweep", str(spec), "--db", str(synthetic_db), "--workers", "1",
                "--out", str(folder / "o.csv")], folder, capsys)
    assert (f"{spec}: scenario: {folder / base} is a sweep spec, not a scenario file; the "
            "base scenario must be a scenario file") in err, err
    assert "format_version is missing" not in err


def test_cli_sweep_of_a_scenario_file(synthetic_db: Path, tmp_path: Path,
                                      capsys: Capture) -> None:
    folder = _folder(tmp_path)
    spec = folder / "sc.toml"
    spec.write_text(SCENARIO, encoding="utf-8")
    err = _run(["sweep", str(spec), "--db", str(synthetic_db), "--workers", "1",
                "--out", str(folder / "o.csv")], folder, capsys)
    assert f"{spec} is a scenario file, not a sweep spec" in err, err


# --- F1: a long single grid value --------------------------------------------------------------
LONG = "0.1000000000000000000000000000000000000000000001"


def test_a_long_single_grid_value_is_not_shown_shortened_in_the_example() -> None:
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(f"[grid]\nlock_in = {LONG}\n", SPECS, "w.toml")
    message = str(err.value)
    assert message == ("w.toml: line 2: grid: lock_in must be a list of values; put the value "
                       "in brackets: lock_in = [VALUE]"), message
    assert "\u2026" not in message and "characters" not in message
    # the advice followed, with the value as written, is taken
    assert len(parse_sweep_spec(f"[grid]\nlock_in = [{LONG}]\n", SPECS, "w.toml")
               .grid["lock_in"]) == 1


def test_a_short_single_grid_value_is_still_shown_in_the_example() -> None:
    with pytest.raises(SpecError, match=r"e\.g\. lock_in = \[0\.125\]$"):
        parse_sweep_spec("[grid]\nlock_in = 0.125\n", SPECS, "w.toml")
