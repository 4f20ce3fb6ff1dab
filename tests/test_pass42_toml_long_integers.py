"""Pass 42 F1: a whole number of more than 4,300 digits in a scenario file or sweep spec was
refused as "a whole number has too many digits (out of range for any assumption)" whatever key
held it (the format version, the sample size, a seed, an unknown key), naming no line. Now the
line of the number is named, without the assumption claim: one sentence, exit 2, file kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.scenario_checks import load_toml
from tests.toml_refusals import cli_refusal, scenario_refusal, sweep_spec_refusal, toml_refusal

N = "9" * 5000
SAID = "a whole number of more than 4,300 digits, too long for any value; shorten it"


@pytest.mark.parametrize(("text", "line"), [
    (f"format_version = {N}\nname = \"x\"\n", 1),
    (f"format_version = 1\n# a comment\n[sample]\nn = {N}\n", 4),
    (f"format_version = 1\nname = \"x\"\nworkers = -{N}\n", 3),
    (f"format_version = 1\n[assumptions]\nlock_in = [\n  1,\n  +{N}]\n", 5),
])
def test_a_scenario_file_names_the_line(text: str, line: int) -> None:
    assert scenario_refusal(text) == f"f.toml: line {line}: {SAID}"


@pytest.mark.parametrize(("text", "line"), [
    (f"[sample]\nn = {N}\n", 2),
    (f"[sample]\nn = 2\nseed = {N}\n", 3),
    (f"workers = {N}\n[grid]\nlock_in = [1]\n", 1),
])
def test_a_sweep_spec_names_the_line(text: str, line: int) -> None:
    assert sweep_spec_refusal(text) == f"s.toml: line {line}: {SAID}"


@pytest.mark.parametrize(("text", "line"), [
    # digits in strings and comments are no number; the number is the one on the later line
    (f'name = "{N}"\nx = {N}\n', 2),
    (f"name = '{N}'\n\nx = {N}\n", 3),
    (f"# {N}\nx = {N}\n", 2),
    (f'd = """\n{N}\\"""\n"""""\nx = [1,\n {N}]\n', 5),
    (f"d = '''\n{N}\n'''''\nx = {{a = {N}}}\n", 4),
    # a decimal's digits, hexadecimal digits (of a value below 10**4300: pass 43 F1) and a
    # key of digits are read: no such number
    (f"y = {N}.5\nz = {N}e3\nw = 0x{N[:3000]}\n{N} = 1\na.{N}.b = 2\nx = {N}\n", 6),
    # underscores between digits are no digits: 4,300 digits read, 4,301 do not
    (f"y = {'1_' * 4299}1\nx = {'1_' * 4300}1\n", 2),
])
def test_the_line_is_the_numbers_not_a_string_or_comments(text: str, line: int) -> None:
    assert toml_refusal(text) == f"line {line}: {SAID}"


def test_4300_digits_are_read() -> None:
    assert load_toml(f"x = {'9' * 4300}\n", "scenario file")["x"] == int("9" * 4300)


def test_cli_run_and_sweep_name_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    fv = tmp_path / "fv.toml"
    fv.write_text(f"format_version = {N}\nname = \"x\"\n")
    err = cli_refusal(["run", "--scenario", "fv.toml", "--out", "x.csv"], fv, capsys)
    assert err.endswith(f"fv.toml: line 1: {SAID}"), err
    assert "assumption" not in err
    spec = tmp_path / "spec.toml"
    spec.write_text(f"# sample size\n[sample]\nn = {N}\n")
    err = cli_refusal(["sweep", "spec.toml", "--workers", "1", "--out", "o.csv"], spec, capsys)
    assert err.endswith(f"spec.toml: line 3: {SAID}"), err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "o.csv").exists()
