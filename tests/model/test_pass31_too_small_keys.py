"""Pass 29 F3 (second half): a number too small for a float (``1e-400``) at a key that is NOT a
number the file may set (``format_version``, an unknown key) was told "... is too small for a
number here (it would read as 0); write 0 or a larger value": wrong advice, since no number is
right there. Now only numbers at keys the file takes get that message; the rest are told what
their key is told for any other wrong value (format_version: a whole number; an unknown key:
the unknown-key message with its near-miss), and are still never read as 0."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipscope.model.scenario as scenario_module
import chipscope.model.sweep as sweep_module
from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage.scenario_files import read_scenario_file

TOO_SMALL = "is too small for a number here"
SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> str:
    scenario = tmp_path / "s.toml"
    scenario.write_text(text, encoding="utf-8")
    before = scenario.read_bytes()
    out = tmp_path / "o.csv"
    assert main(["run", "--scenario", str(scenario), "--out", str(out)]) == 2
    assert not out.exists() and scenario.read_bytes() == before
    return capsys.readouterr().err


def _sweep(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> str:
    spec = tmp_path / "g.toml"
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "g.csv"
    assert main(["sweep", "--out", str(out), str(spec)]) == 2
    assert not out.exists()
    return capsys.readouterr().err


@pytest.mark.parametrize("written", ["1e-400", "-1e-400"])
def test_format_version_too_small_is_told_what_format_version_takes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str) -> None:
    err = _run(tmp_path, capsys, f'format_version = {written}\nname = "x"\n[assumptions]\n')
    assert TOO_SMALL not in err and "write 0" not in err, err
    # what a non-whole format_version (1.5) is told, with the number as the file wrote it
    said = f"s.toml: line 1: format_version must be a whole number, not {written}"
    assert said in err and "format_version = " in err.split(said)[1], err
    assert err == _run(tmp_path, capsys, 'format_version = 1.5\nname = "x"\n[assumptions]\n'
                       ).replace("1.5", written)


def test_unknown_keys_are_told_they_are_unknown_not_to_change_the_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _run(tmp_path, capsys, 'format_version = 1\nname = "x"\nfoo = 1e-400\n'
               '[assumptions]\nbar = 1e-400\nlock_inn = -1e-400\n')
    assert TOO_SMALL not in err and "write 0" not in err, err
    assert "unknown top-level key 'foo'" in err
    assert "unknown assumption 'bar'" in err
    assert "unknown assumption 'lock_inn'; did you mean lock_in?" in err  # its near-miss
    # exactly what the same keys are told with an ordinary number
    assert err == _run(tmp_path, capsys, 'format_version = 1\nname = "x"\nfoo = 1.5\n'
                       '[assumptions]\nbar = 1.5\nlock_inn = -1.5\n')


def test_unknown_range_fields_and_keys_and_text_keys_get_their_own_messages() -> None:
    specs = SPECS
    text = ('format_version = 2\nname = 1e-400\n[ranges.lock_in]\ndist = "uniform"\nlow = 0\n'
            'high = 2\nextra = 1e-400\n[ranges.lock_inn]\ndist = "uniform"\nlow = 1e-400\n'
            'high = 2\n')
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, specs, "r.toml")
    problems = caught.value.problems
    assert not any(TOO_SMALL in p for p in problems), problems
    assert any(p.startswith("line 2: name must be a string") for p in problems), problems
    assert any("unknown range field 'extra'" in p for p in problems), problems
    assert any("'lock_inn'" in p and "did you mean lock_in" in p for p in problems), problems


def test_numbers_the_file_may_set_keep_the_too_small_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _run(tmp_path, capsys, 'format_version = 1\n[assumptions]\nlock_in = 1e-400\n'
               '[ranges.lock_in]\ndist = "triangular"\nlow = 0\nhigh = 2\nmode = 1e-400\n')
    assert (f"line 3: assumptions.lock_in: 1e-400 {TOO_SMALL} (it would read as 0); write 0 or "
            "a larger value") in err, err
    assert f"line 8: ranges.lock_in.mode: 1e-400 {TOO_SMALL}" in err, err
    # format_version 0 wrote the assumptions at the top level: still a number it takes
    err = _run(tmp_path, capsys, 'format_version = 0\nname = "x"\nlock_in = 1e-400\n')
    assert f"line 3: lock_in: 1e-400 {TOO_SMALL}" in err, err


@pytest.mark.parametrize(("spec", "said"), [
    ('foo = 1e-400\n[grid]\nlock_in = [1]\n', "line 1: unknown key 'foo' (allowed: "),
    ('[grid]\nlock_inn = [0.5, 1e-400]\n',
     "line 2: grid: unknown assumption 'lock_inn'; did you mean lock_in?"),
    ('[grid]\nbase_year = [1e-400]\n', "line 2: grid: base_year cannot be swept"),
    ('[sample]\nn = 3\nbar = 1e-400\n[ranges.lock_in]\ndist = "uniform"\nlow = 0\nhigh = 1\n',
     "line 3: sample: unknown key 'bar' (allowed: n, seed, method, defaults)"),
    ('[sample]\nn = 3\n[ranges.lock_in]\ndist = "uniform"\nlow = 0\nhigh = 1\nx = 1e-400\n',
     "lock_in: unknown range field 'x'"),
    ('[sample]\nn = 3\n[ranges.lock_inn]\ndist = "uniform"\nlow = 1e-400\nhigh = 1\n',
     "'lock_inn'; did you mean lock_in?")])
def test_a_sweep_spec_tells_keys_it_does_not_take_their_own_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, said: str) -> None:
    err = _sweep(tmp_path, capsys, spec)
    assert said in err and TOO_SMALL not in err and "write 0" not in err, err


def test_a_sweep_spec_keeps_the_too_small_message_where_it_takes_a_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _sweep(tmp_path, capsys, '[sample]\nn = 3\nseed = 1e-400\n[ranges.lock_in]\n'
                 'dist = "uniform"\nlow = 0\nhigh = 1\n')
    assert f"line 3: sample.seed: 1e-400 {TOO_SMALL}" in err, err


def test_a_too_small_number_the_checks_let_through_is_never_read_as_0(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a key the files take be missing from what the too-small check asks first, the
    number is still refused before the file is taken, not read as 0."""
    specs = SPECS
    monkeypatch.setattr(scenario_module, "range_number", lambda *_: False)
    monkeypatch.setattr(sweep_module, "range_number", lambda *_: False)
    text = ('format_version = 2\n[ranges.lock_in]\ndist = "uniform"\nlow = 1e-400\n'
            'high = 2\n')
    with pytest.raises(ScenarioError, match=f"line 4: ranges.lock_in.low: 1e-400 {TOO_SMALL}"):
        parse_scenario(text, specs, "s.toml")
    with pytest.raises(SpecError, match=f"line 5: ranges.lock_in.low: 1e-400 {TOO_SMALL}"):
        parse_sweep_spec("[sample]\nn = 3\n" + text.split("\n", 1)[1], specs, "g.toml")


def test_opening_the_file_as_the_window_does_gives_the_same_message(tmp_path: Path) -> None:
    """The window's Open reads through read_scenario_file, as the CLI does."""
    specs = SPECS
    path = tmp_path / "a.toml"
    path.write_text('format_version = 1e-400\nname = "x"\n[assumptions]\nfoo = 1e-400\n',
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_scenario_file(path, specs)
    assert str(caught.value).startswith("a.toml: line 1: format_version must be a whole "
                                        "number, not 1e-400")
    assert TOO_SMALL not in str(caught.value)
