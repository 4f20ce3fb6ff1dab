"""Pass 43 F1: tomllib reads a hexadecimal, octal or binary whole number (0xfff…) whatever
its size, so one whose value has more than 4,300 decimal digits reached str() / value_shown
and the user read Python's "Exceeds the limit (4300 digits) for integer string conversion;
use sys.set_int_max_str_digits() ...". Now load_toml refuses it naming its line, as pass 42
does for a decimal one. Pass 43 F3: the line scan took a run of digits in a table header
([a.999…9], [[999…9]]) or a dashed key (1-999…9-a) for the number and named the wrong line."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.scenario_checks import TomlProblem, load_toml
from chipscope.model.text_rules import value_shown
from tests.toml_refusals import cli_refusal, scenario_refusal, sweep_spec_refusal, toml_refusal

N = "9" * 5000
HEX = "0x" + "f" * 5000
SAID = "a whole number of more than 4,300 digits, too long for any value; shorten it"
PYTHON = "set_int_max_str_digits"


@pytest.mark.parametrize(("text", "line"), [
    (f"format_version = {HEX}\nname = \"x\"\n", 1),
    (f"format_version = 1\nname = \"x\"\n[ranges.lock_in]\ndist = {HEX}\n", 4),
    (f"format_version = 1\n[ranges.lock_in]\ndist = \"uniform\"\nsource = 0o{'7' * 5000}\n", 4),
    (f"format_version = 1\nx = [1,\n 0b{'1' * 15000}]\n", 3),
])
def test_a_scenario_file_names_the_line(text: str, line: int) -> None:
    assert scenario_refusal(text) == f"f.toml: line {line}: {SAID}"


@pytest.mark.parametrize(("text", "line"), [
    (f"[sample]\nn = {HEX}\n", 2),
    (f"[sample]\nn = 5\nseed = {HEX}\n", 3),
    (f"[sample]\nn = 5\nmethod = {HEX}\n", 3),
    (f"[sample]\nn = 5\n[ranges.lock_in]\nlow = 1\nhigh = 2\ndist = {HEX}\n", 6),
])
def test_a_sweep_spec_names_the_line(text: str, line: int) -> None:
    assert sweep_spec_refusal(text) == f"s.toml: line {line}: {SAID}"


@pytest.mark.parametrize(("text", "line"), [
    # F3: digits in a table header or a dashed key are no number; the number is later
    (f"[a.{N}]\nx = 1\n[b]\ny = {N}\n", 4),
    (f"[[{N}]]\nx = {N}\n", 2),
    (f"  [ a . {N} ]\nx = {N}\n", 2),
    (f"1-{N}-a = 1\nx = {N}\n", 2),
    (f"{N}-a = 1\nd = 2024-01-01\nx = {N}\n", 3),
    # a list of lists is no header: its digits are the number
    (f"x = [\n[1, 2],\n[{N}]]\n", 3),
    (f"x = [[1],\n[\n{N}]]\n", 3),
    # hexadecimal numbers: a key of hexadecimal-looking words is no number
    (f"0x{'f' * 5000} = 1\n0x{'f' * 5000}-a = 2\n[0x{'e' * 5000}]\ny = {HEX}\n", 4),
    (f"a = 0x{'f' * 3000}\nb = {{c = {HEX}}}\n", 2),
])
def test_the_line_is_the_numbers(text: str, line: int) -> None:
    assert toml_refusal(text) == f"line {line}: {SAID}"


def test_the_bound_is_the_decimal_digits_of_the_value() -> None:
    largest = 10 ** 4300 - 1  # 4,300 digits: str() writes it
    assert load_toml(f"x = {hex(largest)}\n", "scenario file")["x"] == largest
    assert value_shown(-largest) == value_shown(-largest, 10 ** 6)[:19] + "\u2026" + "9" * 19 + \
        " (4,301 characters)"
    with pytest.raises(TomlProblem) as err:
        load_toml(f"x = 1\ny = {hex(largest + 1)}\n", "scenario file")
    assert str(err.value) == f"line 2: {SAID}"


def test_value_shown_never_raises_pythons_words() -> None:
    shown = value_shown(int(HEX, 16))
    assert shown.startswith("0xfff") and shown.endswith("(5,002 characters)")
    assert value_shown([1, -int(HEX, 16)]).startswith("[1, -0xfff")
    assert value_shown(12345) == "12345"


def _refused(argv: list[str], path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    err = cli_refusal(argv, path, capsys)  # exit 2, the file kept, one line
    assert PYTHON not in err and "Exceeds" not in err, err
    return err


def test_cli_run_and_sweep_name_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    fv = tmp_path / "fvhex.toml"
    fv.write_text(f"format_version = {HEX}\nname = \"x\"\n")
    err = _refused(["run", "--scenario", "fvhex.toml", "--out", "x.csv"], fv, capsys)
    assert err.endswith(f"fvhex.toml: line 1: {SAID}"), err
    spec = tmp_path / "spec.toml"
    spec.write_text(f"[sample]\nn = 5\nseed = {HEX}\n")
    err = _refused(["sweep", "spec.toml", "--workers", "1", "--out", "o.csv"], spec, capsys)
    assert err.endswith(f"spec.toml: line 3: {SAID}"), err
    base = tmp_path / "base.toml"
    base.write_text('scenario = "fvhex.toml"\n[sample]\nn = 5\n')
    err = _refused(["sweep", "base.toml", "--workers", "1", "--out", "o.csv"], base, capsys)
    assert err.endswith(f"base.toml: scenario: fvhex.toml: line 1: {SAID}"), err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "o.csv").exists()
