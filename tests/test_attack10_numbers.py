"""Found by the tenth attack pass over the CLI (/work/pass10-cli.md, C1-C4 and C13): how a
number is read from a scenario file, a sweep spec, ``--set`` and the numeric options. Each test
runs the command in process on a synthetic database and checks the promise: exit status 2,
one line naming the file or option, the key and the cause, never "unexpected"."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]
HUGE = "9" * 400  # more digits than a float holds: float() raises OverflowError
RANGE = 'format_version = 2\n[ranges.lock_in]\ndist = "{dist}"\n{fields}\n'


@pytest.fixture
def db(synthetic_db: Path) -> Path:
    return synthetic_db


def _fails(argv: list[str], capsys: Capture, *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    assert "unexpected" not in err and "usage:" not in err, err
    for w in words:
        assert w in err, err
    return err


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _line(fields: str, field: str) -> int:
    """The line of RANGE that writes ``field`` (its own line, pass 61 m85; the header is 2)."""
    return 4 + [f.split(" = ")[0] for f in fields.split("\n")].index(field)


# --- C2: an integer of 400 digits in a range or a sweep grid crashed with OverflowError -------
@pytest.mark.parametrize(("dist", "fields", "field"), [
    ("uniform", f"low = 0\nhigh = {HUGE}", "high"),
    ("uniform", f"low = {HUGE}\nhigh = 1", "low"),
    ("triangular", f"low = 0\nhigh = 1\nmode = {HUGE}", "mode"),
    ("normal", f"low = 0\nhigh = -{HUGE}", "high"),
])
@pytest.mark.parametrize("command", [
    ["run", "--out", "o.csv"],
    ["run", "--draws", "4", "--out", "o.csv"],
    ["sensitivity", "--metric", "share:v0:2030", "--out", "o.csv"],
])
def test_a_huge_integer_in_a_range_is_out_of_range(
        dist: str, fields: str, field: str, command: list[str], db: Path, tmp_path: Path,
        capsys: Capture) -> None:
    scenario = _file(tmp_path, "r.toml", RANGE.format(dist=dist, fields=fields))
    out = tmp_path / "o.csv"
    _fails([*command[:-1], str(out), "--scenario", scenario, "--db", str(db)], capsys,
           f"r.toml: line {_line(fields, field)}: lock_in: range {field}: the number is "
           "infinite or too large, out of range (allowed 0 to 5)")
    assert not out.exists()


@pytest.mark.parametrize(("spec", "words"), [
    (f"[grid]\nlock_in = [1, {HUGE}]\n",
     "line 2: grid: lock_in: the number is infinite or too large, out of range"),
    (f'[sample]\nn = 3\n[ranges.lock_in]\ndist = "uniform"\nlow = 0\nhigh = {HUGE}\n',
     "lock_in: range high: the number is infinite or too large, out of range"),
])
def test_a_huge_integer_in_a_sweep_is_out_of_range(
        spec: str, words: str, db: Path, tmp_path: Path, capsys: Capture) -> None:
    path = _file(tmp_path, "s.toml", spec)
    _fails(["sweep", path, "--db", str(db), "--out", str(tmp_path / "o.csv")], capsys, words)


# --- C1: nan, and "none" on a key without none, were "a value is required" --------------------
@pytest.mark.parametrize(("where", "text", "words"), [
    ("scenario", "format_version = 1\n[assumptions]\nlock_in = nan\n",
     "lock_in: nan is not a number (allowed 0 to 5)"),
    ("scenario", 'format_version = 1\n[assumptions]\n"vendor.v0.supply_cap_h100e" = nan\n',
     "vendor.v0.supply_cap_h100e: nan is not a number"),
    ("sweep", "[grid]\nlock_in = [nan]\n", "grid: lock_in: nan is not a number (allowed 0 to 5)"),
    ("sweep", '[grid]\nlock_in = [1, "none", true]\n',
     'grid: lock_in: "none" is not allowed here (allowed 0 to 5)'),
    ("set", "lock_in=none", '--set: lock_in: "none" is not allowed here (allowed 0 to 5)'),
])
def test_nan_and_none_say_what_is_wrong_in_every_path(
        where: str, text: str, words: str, db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = str(tmp_path / "o.csv")
    if where == "scenario":
        argv = ["run", "--scenario", _file(tmp_path, "n.toml", text), "--out", out]
    elif where == "sweep":
        argv = ["sweep", _file(tmp_path, "g.toml", text), "--out", out]
    else:
        argv = ["run", "--set", text, "--out", out]
    err = _fails([*argv, "--db", str(db)], capsys, words)
    assert "a value is required" not in err


# --- C3: huge numbers were repeated in full ----------------------------------------------------
@pytest.mark.parametrize(("where", "text"), [
    ("set", "deal.d0.enabled=" + "9" * 5000),
    ("scenario", f"format_version = {HUGE}\n"),
    ("scenario", f'format_version = 1\n[assumptions]\n"deal.d0.enabled" = {HUGE}\n'),
    ("sweep", f"[sample]\nn = {HUGE}\ndefaults = true\n"),
    ("sweep", f"[sample]\nn = 3\nseed = -{HUGE}\ndefaults = true\n"),
])
def test_a_huge_number_is_shortened_in_the_message(
        where: str, text: str, db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = str(tmp_path / "o.csv")
    if where == "scenario":
        argv = ["run", "--scenario", _file(tmp_path, "f.toml", text), "--out", out]
    elif where == "sweep":
        argv = ["sweep", _file(tmp_path, "s.toml", text), "--out", out]
    else:
        argv = ["run", "--set", text, "--out", out]
    err = _fails([*argv, "--db", str(db)], capsys)
    assert len(err) < 400 and "9" * 100 not in err, err


# --- C4: an empty --set value silently meant "none" --------------------------------------------
@pytest.mark.parametrize(("item", "words"), [
    ("vendor.v0.supply_cap_h100e=", "vendor.v0.supply_cap_h100e: the value is empty; write "
                                    "none to remove the value"),
    ("adopter.a0.demand_growth_pct= ", "adopter.a0.demand_growth_pct: the value is empty"),
    ("lock_in=", "lock_in: the value is empty; give a value (allowed 0 to 5)"),
    ("deal.d0.enabled=", "deal.d0.enabled: the value is empty"),
])
def test_an_empty_set_value_is_refused(item: str, words: str, db: Path, tmp_path: Path,
                                       capsys: Capture) -> None:
    out = tmp_path / "o.csv"
    _fails(["run", "--set", item, "--db", str(db), "--out", str(out)], capsys, words)
    assert not out.exists()
    assert main(["run", "--set", "vendor.v0.supply_cap_h100e=none", "--db", str(db),
                 "--out", str(out)]) == 0  # the documented spelling


# --- C13: --jobs had no upper bound; integer format errors printed the usage -------------------
def test_calibrate_jobs_is_bounded_like_sweep_workers(db: Path, capsys: Capture) -> None:
    pytest.importorskip("scipy")
    _fails(["calibrate", "--draws", "2", "--jobs", "9" * 30, "--db", str(db)], capsys,
           "--jobs: " + "9" * 30 + " is not from 1 to 256")
    _fails(["calibrate", "--jobs", "0", "--db", str(db)], capsys, "--jobs: 0 is not from 1 to 256")


@pytest.mark.parametrize(("argv", "words"), [
    (["run", "--draws", "1e3"], "--draws: '1e3' is not a whole number"),
    (["export-chart", "--chart", "adopters", "--width", " 100"],
     "--width: ' 100' is not a whole number"),
    (["sweep", "s.toml", "--workers", "x"], "--workers: 'x' is not a whole number"),
])
def test_a_malformed_whole_number_is_one_line(argv: list[str], words: str, tmp_path: Path,
                                              capsys: Capture) -> None:
    _fails([*argv, "--out", str(tmp_path / "o.png")], capsys, words)


@pytest.mark.parametrize(("argv", "words"), [
    (["run", "--draws", "2", "--seed", "9" * 38], "--seed: '" + "9" * 38 + "' is too large (38 "
     "digits; a whole number here has at most 30)"),
    (["export-chart", "--chart", "adopters", "--width", "9" * 400], "is too large (400 digits"),
])
def test_a_whole_number_of_too_many_digits_is_called_too_large(
        argv: list[str], words: str, tmp_path: Path, capsys: Capture) -> None:
    """Pass 10 re-check, C3: they are whole numbers; they were called "not a whole number"."""
    _fails([*argv, "--out", str(tmp_path / "o.png")], capsys, words)
    assert not (tmp_path / "o.png").exists()


def test_other_usage_errors_keep_argparse_usage(capsys: Capture) -> None:
    assert main(["run", "--basis", "x", "--out", "o.csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: chipscope-cli run") and "invalid choice: 'x'" in err
