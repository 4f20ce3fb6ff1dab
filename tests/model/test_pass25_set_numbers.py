"""Pass 25 (F4): ``--set`` numbers with ``_`` (``0_5`` read as 5) and numbers that underflow
(``1e-400`` read as 0) are refused with a message naming the key, exit 2, nothing written."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.param_specs import WrittenFloat


@pytest.mark.parametrize("value", ["0_5", "1_0", "3_000_000", "1e1_0"])
def test_set_with_an_underscore_is_refused(value: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "--set", f"price_sensitivity={value}", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"price_sensitivity: {value!r} is not a number: write it without the underscore" \
        in err and err.count("\n") == 1  # pass 49 (F5): not "holds an _"
    assert not out.exists()


@pytest.mark.parametrize("value", ["1e-400", "-1e-400", "0.0000001e-320", "1e-9999999"])
def test_set_number_that_reads_as_0_is_refused(value: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "--set", f"lock_in={value}", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"lock_in: {value!r} is too small" in err and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("value", ["0", "0e-400", "-0.0", "0.5", "2.3e-300", "1e-310"])
def test_zero_and_normal_numbers_still_work(value: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "--set", f"lock_in={value}", "--out", str(out)]) == 0
    assert out.exists()


def test_underflows_reads_the_written_text() -> None:
    from chipscope.model.param_specs import underflows  # new in pass 25

    doc = tomllib.loads("a = 1e-400\nb = 0e-5\nc = 1_000.5", parse_float=WrittenFloat)
    assert underflows(doc["a"].text, doc["a"]) and not underflows(doc["b"].text, doc["b"])
    assert not underflows(doc["c"].text, doc["c"])


def test_scenario_file_with_underflow_exits_2(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 2\nname = "t"\n\n[assumptions]\nlock_in = 1e-400\n')
    before = scenario.read_bytes()
    out = tmp_path / "x.csv"
    assert main(["run", "--scenario", str(scenario), "--out", str(out)]) == 2
    assert "lock_in: 1e-400 is too small" in capsys.readouterr().err
    assert not out.exists() and scenario.read_bytes() == before
