"""Pass 33 F5: a number too small for a float (``1e-400``) inside a list where one number is read
(``[assumptions] bass_p = [1e-400]``, a switch ``= [1e-400]``, a range's ``low = [1e-400]``, a
sweep's ``[grid] bass_p = [[1e-400]]``), or a single number where a grid reads a list
(``[grid] bass_p = 1e-400``), was told the too-small advice first; once fixed as advised the file
was refused again, for its shape ("a list is not a number", "must be a list of values"): two
round trips. Now the too-small check takes only numbers at a place one number is read, so the
shape is told first: the very sentence the file gets once the number is fixed as advised."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
SWITCH = next(k for k, s in SPECS.items() if s.kind == "bool")
TOO_SMALL = "is too small for a number here"
HEAD = 'format_version = 2\nname = "x"\n'
TINY = "1e-400"


def _scenario_problem(text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, SPECS, "s.toml")
    return str(caught.value)


def _sweep_problem(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        parse_sweep_spec(text, SPECS, "w.toml")
    return str(caught.value)


def _as_written(said: str, fixed: str, problem: str) -> str:
    """``said`` (of the file with ``fixed``) as it reads for the file with 1e-400: the number
    put back where the sentence shows it, as the list it was written in (a sentence that
    shows no value is unchanged)."""
    return said.replace(f"[{fixed}]", f"[{TINY}]") if TINY in problem else said


RANGE = '{{dist="triangular", low=0.01, mode=0.05, high=0.9}}'  # as str.format writes braces

# (file text with {n} for the number, the number the too-small advice leads to, the shape said)
SCENARIO_SHAPES = [
    (HEAD + "[assumptions]\nbass_p = [{n}]\n", "0.01", "bass_p: a list is not a number"),
    (HEAD + "[assumptions]\nbass_p = [0.02, {n}]\n", "0.01", "bass_p: a list is not a number"),
    (HEAD + "[assumptions]\nbass_p = [[{n}]]\n", "0.01", "bass_p: a list is not a number"),
    (HEAD + f'[assumptions]\n"{SWITCH}" = [{{n}}]\n', "true",
     f"{SWITCH}: a list is not a number (allowed true or false)"),
    (HEAD + f"[assumptions.{SWITCH.rsplit('.', 1)[0]}]\nenabled = [{{n}}]\n", "1",
     f"{SWITCH}: a list is not a number (allowed true or false)"),
    ('format_version = 0\nname = "x"\nbass_p = [{n}]\n', "0.01",
     "bass_p: a list is not a number"),
    (HEAD + '[ranges]\nbass_p = {{dist="uniform", low=[{n}], high=1}}\n', "0.01",
     "bass_p: range low ["),
    (HEAD + '[ranges.bass_p]\ndist = "uniform"\nlow = 0.01\nhigh = [{n}]\n', "0.5",
     "bass_p: range high ["),
    (HEAD + '[ranges.bass_p]\ndist = "triangular"\nlow = 0.01\nmode = [{n}]\nhigh = 0.9\n',
     "0.05", "bass_p: range mode ["),
]

SWEEP_SHAPES = [
    ("[grid]\nbass_p = [[{n}]]\n", "0.01", "grid: bass_p: a list is not a number"),
    ("[grid]\nbass_p = [0.02, [{n}]]\n", "0.01", "grid: bass_p: a list is not a number"),
    (f'[grid]\n"{SWITCH}" = [[{{n}}]]\n', "true", f"grid: {SWITCH}: a list is not a number"),
    ('[sample]\nn = 3\n[ranges]\nbass_p = {{dist="uniform", low=[{n}], high=1}}\n', "0.01",
     "bass_p: range low ["),
    (f"[sample]\nn = [{{n}}]\n[ranges]\nbass_p = {RANGE}\n", "5",
     "sample: n must be a whole number"),
    (f"[sample]\nn = 3\nseed = [{{n}}]\n[ranges]\nbass_p = {RANGE}\n", "7", "sample: seed"),
]


@pytest.mark.parametrize(("text", "fixed", "shape"), SCENARIO_SHAPES)
def test_a_scenario_tells_the_shape_before_a_too_small_number_in_it(
        text: str, fixed: str, shape: str) -> None:
    problem = _scenario_problem(text.format(n=TINY))
    assert TOO_SMALL not in problem and shape in problem, problem
    # the same sentence as once the number is fixed as advised: one round trip, not two
    assert problem == _as_written(_scenario_problem(text.format(n=fixed)), fixed, problem)


@pytest.mark.parametrize(("text", "fixed", "shape"), SWEEP_SHAPES)
def test_a_sweep_spec_tells_the_shape_before_a_too_small_number_in_it(
        text: str, fixed: str, shape: str) -> None:
    problem = _sweep_problem(text.format(n=TINY))
    assert TOO_SMALL not in problem and shape in problem, problem
    assert problem == _as_written(_sweep_problem(text.format(n=fixed)), fixed, problem)


@pytest.mark.parametrize(("text", "said"), [
    (HEAD + "[assumptions]\nbass_p = 1e-400\n", "line 4: assumptions.bass_p: 1e-400"),
    (HEAD + f'[assumptions]\n"{SWITCH}" = 1e-400\n', f"line 4: assumptions.{SWITCH}: 1e-400"),
    (HEAD + '[ranges]\nbass_p = {dist="uniform", low=1e-400, high=1}\n',
     "line 4: ranges.bass_p.low: 1e-400"),
    ('format_version = 0\nname = "x"\nbass_p = 1e-400\n', "line 3: bass_p: 1e-400")])
def test_a_scenario_keeps_the_too_small_advice_where_one_number_is_read(
        text: str, said: str) -> None:
    problem = _scenario_problem(text)
    assert f"{said} {TOO_SMALL}" in problem, problem


@pytest.mark.parametrize(("text", "said"), [
    ("[grid]\nbass_p = [1e-400]\n", "line 2: grid.bass_p: 1e-400"),
    ("[grid]\nbass_p = [0.02, 1e-400]\n", "line 2: grid.bass_p: 1e-400"),
    (f'[grid]\n"{SWITCH}" = [1e-400]\n', f"line 2: grid.{SWITCH}: 1e-400"),
    ('[sample]\nn = 3\n[ranges]\nbass_p = {dist="uniform", low=1e-400, high=1}\n',
     "line 4: ranges.bass_p.low: 1e-400"),
    (f"[sample]\nn = 3\nseed = 1e-400\n[ranges]\nbass_p = {RANGE.format()}\n",
     "line 3: sample.seed: 1e-400")])
def test_a_sweep_spec_keeps_the_too_small_advice_where_one_number_is_read(
        text: str, said: str) -> None:
    problem = _sweep_problem(text)
    assert f"{said} {TOO_SMALL}" in problem, problem


def test_a_sweeps_base_scenario_tells_the_shape_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through the CLI: the base ``scenario`` of a sweep is read as a scenario file; nothing
    written, both files byte-identical."""
    base = tmp_path / "base.toml"
    spec = tmp_path / "w.toml"
    out = tmp_path / "o.csv"
    spec.write_text('scenario = "base.toml"\n[grid]\nbass_p = [0.01, 0.02]\n', encoding="utf-8")
    errors = []
    for number in (TINY, "0.01"):
        base.write_text(HEAD + f"[assumptions]\nbass_p = [{number}]\n", encoding="utf-8")
        before = (base.read_bytes(), spec.read_bytes())
        assert main(["sweep", "--workers", "1", "--out", str(out), str(spec)]) == 2
        assert not out.exists() and (base.read_bytes(), spec.read_bytes()) == before
        errors.append(capsys.readouterr().err)
    assert TOO_SMALL not in errors[0] and "a list is not a number" in errors[0], errors[0]
    assert errors[0] == errors[1].replace("0.01", TINY)


@pytest.mark.parametrize("key", ["bass_p", SWITCH])
def test_a_single_too_small_number_where_a_grid_reads_a_list_is_told_the_brackets_at_once(
        key: str) -> None:
    """A single number where a ``[grid]`` reads a list: the number's own fault (if any) and
    the brackets are told in one sentence, with an example the key takes, so one fix is enough."""
    problem = _sweep_problem(f'[grid]\n"{key}" = {TINY}\n')
    told = ("a grid's values go in brackets", "must be a list of values")
    assert any(t in problem for t in told), problem
    example = problem.rsplit("e.g. ", 1)[1]
    assert example.startswith(f"{key} = [")
    parse_sweep_spec(f'[grid]\n"{key}" = {example.split(" = ", 1)[1]}\n', SPECS, "w.toml")
