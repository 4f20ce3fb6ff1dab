"""Pass 11 recheck (CLI and its files): a .csv symlink to another type's file, abbreviations of
--smoke-test, the owner of a rebuilt database, export-chart into a folder named like a file,
and small wordings (/work/pass11-recheck.md, A1, C1, D1, D4, E2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


def _error(capsys: Capture, argv: list[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


# --- A1: a .csv symlink to a scenario file is not written through -------------------------
def test_a_csv_link_to_a_scenario_file_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """``ln -s scen.toml out.csv; run --out out.csv`` replaced the scenario with CSV."""
    scen = tmp_path / "scen.toml"
    scen.write_text("format_version = 2\n[assumptions]\nlock_in = 1.0\n")
    before = scen.read_bytes()
    out = tmp_path / "out.csv"
    out.symlink_to(scen)
    message = _error(capsys, ["run", "--db", str(synthetic_db), "--out", str(out)])
    assert message.endswith(f"Cannot write the CSV file {out}: it links to {scen}, whose name "
                            "ends in .toml, a scenario file's type; a CSV output should end in "
                            ".csv; remove the link or choose another name.")
    assert scen.read_bytes() == before and out.is_symlink()


# --- C1: an abbreviation of --smoke-test is --smoke-test ----------------------------------
def test_an_abbreviated_smoke_test_with_a_command_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``chipscope --smoke run ...`` ran the command (exit 0) and no smoke test."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "b.db"
    db.write_bytes(synthetic_db.read_bytes())
    message = _error(capsys, ["--smoke", "run", "--db", "b.db", "--out", "f.csv"])
    assert message == ("chipscope-cli: error: --smoke-test takes no command or other option (it "
                       "was given with run --db b.db --out f.csv); run it alone")
    assert not (tmp_path / "f.csv").exists()


@pytest.mark.parametrize("word", ["--smoke-test", "--smoke-tes", "--sm"])
def test_an_abbreviated_smoke_test_runs_the_smoke_test(
        monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    """``chipscope --smoke-tes`` opened the window (a CI smoke test hung)."""
    import chipscope.smoke

    monkeypatch.setattr(chipscope.smoke, "run_smoke_test", lambda: 17)
    assert main([word]) == 17


def test_smoke_test_help_shows_the_help(capsys: Capture) -> None:
    """``chipscope --smoke-test --help`` was refused as "takes no command or other option"."""
    assert main(["--smoke-test", "--help"]) == 0
    assert "--smoke-test" in capsys.readouterr().out


# --- D1: a rebuilt database keeps its owner -----------------------------------------------
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_data_build_as_root_keeps_the_owner_of_the_database_it_replaces(
        synthetic_db: Path, capsys: Capture) -> None:
    """Before: root rebuilding nobody's database (mode 640) made it root's."""
    os.chown(synthetic_db, 65534, 65534)
    synthetic_db.chmod(0o640)
    csv_dir = synthetic_db.parent / "csv"
    assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(synthetic_db)]) == 0
    st = synthetic_db.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o640)


# --- D4: export-chart into an existing folder named like a chart file --------------------
@pytest.mark.parametrize("tail", ["/", ""])
def test_export_chart_writes_into_an_existing_folder_named_like_a_file(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, tail: str) -> None:
    """Before: "Cannot write the chart file exists.svg: it is a folder, which ChipScope never
    replaces", although the message for "n.svg/" offers "a folder that exists"."""
    folder = tmp_path / "exists.svg"
    folder.mkdir()
    assert main(["export-chart", "--chart", "vendor_share", "--db", str(synthetic_db),
                 "--out", f"{folder}{tail}"]) == 0, capsys.readouterr().err
    (written,) = folder.iterdir()
    assert written.name.startswith("chipscope-vendor_share") and written.suffix == ".png"


# --- E2: small wordings ------------------------------------------------------------------
def test_sweep_says_1_process(synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """Before: "on 1 process(es)"."""
    spec = tmp_path / "one.toml"
    spec.write_text('metrics = ["share:v1:2029"]\n[grid]\nlock_in = [2]\n')
    assert main(["sweep", str(spec), "--db", str(synthetic_db), "--out", "-"]) == 0
    assert " s on 1 process: 1 row written to stdout." in capsys.readouterr().err


def test_data_check_names_a_damaged_database_once(tmp_path: Path, capsys: Capture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: "dam.db: The database dam.db is damaged ..."."""
    monkeypatch.chdir(tmp_path)
    Path("dam.db").write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"\xff" * 4000)
    message = _error(capsys, ["data", "check", "--db", "dam.db"])
    assert message.startswith("chipscope-cli: error: The database dam.db ")


@pytest.mark.parametrize(("command", "name", "message"), [
    (["run"], ".csv", "has no name before .csv; give the file a name, such as projection.csv"),
    (["run"], " .csv", "has no name before .csv; give the file a name, such as projection.csv"),
    (["report"], " .pdf", "has no name before .pdf; give the report a name, such as report.pdf"),
    (["export-chart", "--chart", "vendor_share"], " .svg",
     "has no name before .svg; give the chart a name, such as chart.svg"),
])
def test_an_output_named_only_by_its_type_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch,
        command: list[str], name: str, message: str) -> None:
    """Before: ``run --out .csv`` wrote a hidden file .csv, ``report --out ' .pdf'`` a file
    named ' .pdf' (exit 0)."""
    monkeypatch.chdir(tmp_path)
    err = _error(capsys, [*command, "--db", str(synthetic_db), "--out", name])
    quoted = command == ["run"] or name.startswith(" ")  # run's --out quotes every name
    assert err.endswith(f"{name!r} {message}" if quoted else f"{name} {message}")
    assert not (tmp_path / name).exists()


def test_a_relative_home_is_not_refused_when_db_is_given(
        synthetic_db: Path, tmp_path: Path, capsys: Capture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: ``CHIPSCOPE_HOME=rel run --db X`` was refused ("would put a separate database in
    each current folder"), although the home is not used; without --db it still is."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_HOME", "rel")
    assert main(["run", "--db", str(synthetic_db), "--out", "o.csv"]) == 0
    assert (tmp_path / "o.csv").is_file() and not (tmp_path / "rel").exists()
    assert "CHIPSCOPE_HOME is 'rel', a relative folder" in _error(capsys, ["run", "--out", "p.csv"])


def test_a_set_value_that_is_not_utf8_names_the_byte(synthetic_db: Path,
                                                     capsys: Capture) -> None:
    """Before: "lock_in: '\\udcff' is not a number"."""
    message = _error(capsys, ["run", "--db", str(synthetic_db), "--out", "-",
                              "--set", "lock_in=\udcff"])
    assert "lock_in: '\\udcff' (it holds the byte 0xFF, which is not UTF-8 text) is not a " \
           "number (allowed " in message


@pytest.mark.parametrize(("scenario", "cause"), [
    (".", ": it is a folder, not a regular file; give a file inside it."),
    ("gone.toml", ": there is no such file.")])
def test_a_sweep_spec_scenario_that_is_no_file_names_the_spec(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, scenario: str, cause: str) -> None:
    """Before: "Cannot read the scenario file .: it is a folder", naming neither the spec
    nor its key."""
    spec = tmp_path / "sp.toml"
    spec.write_text(f'scenario = "{scenario}"\nmetrics = ["share:v1:2029"]\n'
                    "[grid]\nlock_in = [2]\n")
    message = _error(capsys, ["sweep", str(spec), "--db", str(synthetic_db), "--out", "-"])
    assert message.startswith(f"chipscope-cli: error: {spec}: scenario: Cannot read the scenario ")
    assert message.endswith(cause)


def test_a_missing_scenario_file_whose_name_is_not_utf8_names_the_byte(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """Before: "Cannot read the scenario file x\\udcff.toml: there is no such file"."""
    import sys

    sys.stderr.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]  # as stderr
    name = str(tmp_path / "x\udcff.toml")
    message = _error(capsys, ["run", "--db", str(synthetic_db), "--out", "-", "--scenario", name])
    assert message.endswith("(its name holds the byte 0xFF, which is not UTF-8 text): there is "
                            "no such file.")
