"""Hostile scenario reads (issue 10): FIFOs and devices refused at once, oversized files
refused, byte-order marks accepted, saved scenarios with damaged JSON (100,000 deep) reported
naming the scenario and the database, names equal after NFC stored once, and the same through
``chipscope-cli run --scenario/--set`` (exit status 2, never 1, never a hang)."""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario, ScenarioError
from chipscope.storage import (
    StorageError,
    delete_scenario,
    list_scenarios,
    load_dataset,
    load_scenario,
    rename_scenario,
    save_scenario,
)
from chipscope.storage.files import MAX_SCENARIO_BYTES, FileRefused
from chipscope.storage.scenario_files import import_scenario_file, read_scenario_file

T = TypeVar("T")
NFC = unicodedata.normalize("NFC", "caf\u00e9")
NFD = unicodedata.normalize("NFD", "caf\u00e9")
GOOD = 'format_version = 1\nname = "Good"\n[assumptions]\nlock_in = 2\n'


def _within(seconds: float, call: Callable[[], T]) -> T:
    """``call()`` in a daemon thread; fails the test if it has not returned in time (a hang)."""
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            error.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s (it hangs)"
    if error:
        raise error[0]
    return result[0]


@pytest.fixture
def specs(db: Path) -> AssumptionSpecs:
    return AssumptionSpecs.for_dataset(load_dataset(db))


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def test_fifo_is_refused_at_once(fifo: Path, specs: AssumptionSpecs) -> None:
    with pytest.raises(FileRefused, match=r"pipe\.toml: it is a pipe \(FIFO\)"):
        _within(5, lambda: read_scenario_file(fifo, specs))


def test_import_of_a_fifo_is_refused_and_saves_nothing(db: Path, fifo: Path,
                                                       specs: AssumptionSpecs) -> None:
    with pytest.raises(FileRefused, match=r"pipe\.toml"):
        _within(5, lambda: import_scenario_file(db, fifo, specs))
    assert list_scenarios(db) == []


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_is_refused_at_once(specs: AssumptionSpecs) -> None:
    with pytest.raises(FileRefused, match="/dev/zero: it is a device"):
        _within(5, lambda: read_scenario_file(Path("/dev/zero"), specs))


def test_oversized_file_is_refused_unread(tmp_path: Path, specs: AssumptionSpecs) -> None:
    big = tmp_path / "big.toml"
    big.write_text(GOOD + "# " + "x" * MAX_SCENARIO_BYTES + "\n", encoding="utf-8")
    with pytest.raises(FileRefused, match=r"big\.toml: it is larger than 1 MB"):
        read_scenario_file(big, specs)


def test_bom_file_is_read(tmp_path: Path, specs: AssumptionSpecs, db: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_scenario_file(path, specs) == Scenario("Good", "", {"lock_in": 2.0})
    assert import_scenario_file(db, path, specs).name == "Good"


def test_deeply_nested_file_names_the_file(tmp_path: Path, specs: AssumptionSpecs) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("format_version = 1\nx = " + "{a = " * 330 + "1" + "}" * 330 + "\n",
                    encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"^deep\.toml: nested too deeply"):
        read_scenario_file(path, specs)


# --- saved scenarios: the JSON of the values -------------------------------------------------
def _put_row(db: Path, name: str, values_json: str) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, '', ?, 0, '2026-01-01T00:00:00+00:00')",
                     (name, values_json))


@pytest.mark.parametrize(("values_json", "words"), [
    ("[" * 100_000 + "]" * 100_000, "nest too deeply"),
    ('{"a": ' * 100_000 + "1" + "}" * 100_000, "nest too deeply"),
    ('{"lock_in": {"x": 1}}', "the value of 'lock_in' is a table, not a number"),
    ('{"lock_in": [1]}', "the value of 'lock_in' is a list, not a number"),
    ('{"lock_in": "2"}', "the value of 'lock_in' is text, not a number"),
    ('{"lock_in": true}', "the value of 'lock_in' is true/false, not a number"),
    ("[1, 2]", "its values are a list, not a JSON object of key: number"),
    ("{oops", "its values are not JSON (they cannot be read as JSON text)"),
    ('{"lock_in": ' + "9" * 5000 + "}", "it holds an integer of more than 4,300 digits"),
    ('{"lock_in": ' + "9" * 400 + "}", "the value of 'lock_in' is not a finite number"),
    # JSON has no NaN or Infinity; Python's reader took them (pass 10 re-check, D8)
    ('{"lock_in": NaN}', "the value of 'lock_in' is NaN, not a number; a key without a value"),
    ('{"lock_in": -Infinity}', "the value of 'lock_in' is -Infinity, not a number"),
    ('{"lock_in": 1e400}', "the value of 'lock_in' is not a finite number"),
    ("NaN", "its values are NaN or Infinity, not a JSON object of key: number"),
])
def test_damaged_values_name_the_scenario_and_the_database(db: Path, values_json: str,
                                                           words: str) -> None:
    _put_row(db, "Broken", values_json)
    with pytest.raises(StorageError) as info:
        load_scenario(db, "Broken")
    damaged: list[str] = []
    assert list_scenarios(db, damaged) == []  # left out of the list, and named (pass 10, W4)
    for message in (str(info.value), *damaged):
        assert message.startswith(f"The saved scenario 'Broken' in {db} is damaged (")
        assert words in message and "\n" not in message and len(message) < 500
    assert "row 1 of the scenarios table" in damaged[0]


def test_flat_values_with_null_still_load(db: Path) -> None:
    _put_row(db, "Fine", '{"lock_in": 2, "vendor.v1.supply_cap_h100e": null}')
    values = load_scenario(db, "Fine").values
    assert values["lock_in"] == 2.0 and math.isnan(values["vendor.v1.supply_cap_h100e"])


# --- names equal after Unicode normalisation -------------------------------------------------
def test_nfc_and_nfd_names_are_one_scenario(db: Path) -> None:
    save_scenario(db, NFD, "first", {"lock_in": 1.0})
    save_scenario(db, NFC, "second", {"lock_in": 2.0})
    [record] = list_scenarios(db)
    assert record.name == NFC and record.scenario.description == "second"
    assert load_scenario(db, NFD).values == {"lock_in": 2.0}
    save_scenario(db, "Other", "", {})
    with pytest.raises(StorageError, match="already exists"):
        rename_scenario(db, "Other", NFD)


def test_old_rows_with_nfd_names_still_load_rename_and_delete(db: Path) -> None:
    _put_row(db, NFD, '{"lock_in": 3}')  # written by an older version
    [record] = list_scenarios(db)
    assert record.name == NFC
    assert load_scenario(db, NFC).values == {"lock_in": 3.0}
    save_scenario(db, NFC, "replaced", {"lock_in": 4.0})  # replaces the old row
    assert [(r.name, r.scenario.description) for r in list_scenarios(db)] == [(NFC, "replaced")]
    _put_row(db, unicodedata.normalize("NFD", "r\u00e9sum\u00e9"), "{}")
    rename_scenario(db, "r\u00e9sum\u00e9", "CV")
    delete_scenario(db, NFD)
    assert [r.name for r in list_scenarios(db)] == ["CV"]


# --- the command line ------------------------------------------------------------------------
def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = _within(20, lambda: main(argv))
    return code, capsys.readouterr().err


def test_cli_scenario_fifo_and_deep_file_exit_2(db: Path, fifo: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    code, err = _cli(["run", "--db", str(db), "--scenario", str(fifo), "--out", str(out)],
                     capsys)
    assert code == 2 and f"{fifo}: it is a pipe (FIFO)" in err and not out.exists()
    deep = tmp_path / "deep.toml"
    deep.write_text("format_version = 1\nx = " + "[" * 494 + "]" * 494 + "\n", encoding="utf-8")
    code, err = _cli(["run", "--db", str(db), "--scenario", str(deep), "--out", str(out)],
                     capsys)
    assert code == 2 and f"{deep}: nested too deeply" in err and "Recursion" not in err


def test_cli_repeated_set_warns_and_keeps_the_last(db: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    code, err = _cli(["run", "--db", str(db), "--out", str(out), "--set", "lock_in=1",
                      "--set", "lock_in=2"], capsys)
    assert code == 0
    assert "Warning: --set lock_in is given 2 times (1, 2); the last one, 2, is used." in err


@pytest.mark.parametrize("value", ["\uff11", "\u0661", "9" * 5000, "inf", "nan"])
def test_cli_set_non_ascii_or_huge_number_exits_2(db: Path, tmp_path: Path, value: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli(["run", "--db", str(db), "--out", str(tmp_path / "o.csv"), "--set",
                      f"lock_in={value}"], capsys)
    assert code == 2 and err.startswith("chipscope-cli: error: --set: lock_in: ")
    assert "inf" not in err.replace("'inf'", "")


_VALUES = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789.eE+-_ \uff11\u0661nonefiatrue", max_size=12),
    st.integers(0, 6000).map(lambda n: "9" * n),
    st.sampled_from(["none", "1e308", "1e309", "-0", "5", "1_2", "0x1", "\u00bd"]),
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["lock_in", "horizon_year", "deal.d0.enabled",
                            "vendor.v1.supply_cap_h100e", "nope"]), value=_VALUES)
def test_cli_any_set_value_exits_0_or_2(db: Path, tmp_path: Path, key: str, value: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli(["run", "--db", str(db), "--out", str(tmp_path / "o.csv"), "--set",
                      f"{key}={value}"], capsys)
    assert code in (0, 2), err
    assert "unexpected" not in err and "Traceback" not in err


_JUNK = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf"]), st.integers(0, 1500),
              st.sampled_from([b"[", b"{a = "])).map(
        lambda t: t[0] + b"format_version = 1\nx = " + t[2] * t[1]),
    st.integers(0, 6000).map(lambda n: b"format_version = 1\n[assumptions]\nlock_in = "
                             + b"9" * n),
)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_JUNK)
def test_any_file_is_a_scenario_or_a_clear_error(tmp_path: Path, specs: AssumptionSpecs,
                                                 data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    try:
        read_scenario_file(path, specs)
    except (ScenarioError, StorageError) as exc:
        first = str(exc).splitlines()[0]
        assert "fuzz.toml" in first
