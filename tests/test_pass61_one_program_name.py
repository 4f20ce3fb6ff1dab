"""Pass 60 F8: every command ChipScope prints as advice names chipscope-cli, with --db or
without: the unknown-assumption pointer and the missing or empty database advice said
`chipscope ...` (a different program name than all other advice)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def _err(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "`chipscope " not in err, err
    return err


def test_the_unknown_assumption_pointer_without_db(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "uk.toml").write_text(
        'format_version = 2\nname = "x"\n[assumptions]\nzzz_qqq = 1\n', encoding="utf-8")
    err = _err(["run", "--scenario", "uk.toml", "--out", "x.csv"], capsys)
    assert "line 4: unknown assumption 'zzz_qqq'; `chipscope-cli assumptions` lists them" in err
    assert not (tmp_path / "x.csv").exists()


def test_the_missing_database_advice(capsys: pytest.CaptureFixture[str]) -> None:
    err = _err(["run", "--db", "gone.db", "--out", "x.csv"], capsys)
    assert "`chipscope-cli data build --out gone.db`" in err, err


def test_the_empty_database_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "e.db").write_bytes(b"")
    err = _err(["run", "--db", "e.db", "--out", "x.csv"], capsys)
    assert "`chipscope-cli data build --out e.db`" in err, err
    assert (tmp_path / "e.db").read_bytes() == b""


def test_a_written_scenario_and_the_help_name_chipscope_cli(
        capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.scenario import Scenario, dump_scenario
    from chipscope.model.synthetic import synthetic_dataset

    text = dump_scenario(Scenario("x", "", {}), AssumptionSpecs.for_dataset(synthetic_dataset()))
    assert "`chipscope-cli assumptions` lists every key" in text and "`chipscope " not in text
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    assert "chipscope-cli assumptions" in " ".join(out.split()) and "`chipscope " not in out
