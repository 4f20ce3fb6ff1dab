"""Found by the eighth attack pass of issue 10 over the CLI and storage
(/work/attack8c-findings.md): each test reproduces one finding and checks the promise: one
sentence naming the file or field and the cause, exit status 2 from the CLI, and nothing the
user had lost."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.model.param_specs import ParamSpec
from chipscope.storage.user_edits import list_edits
from tests.edits_csv import EDITS_HEADER, NEWLAB, SOURCE


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))


def _import(tmp_path: Path, db: Path, text: str, *extra: str) -> int:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return main(["data", "import-edits", str(path), "--db", str(db), *extra])


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected" not in err
    return err


# --- F5: data build over a database holding data edits ---------------------------------------
def test_data_build_never_replaces_a_database_holding_data_edits(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(tmp_path, db, NEWLAB) == 0
    before = _sha(db)
    assert main(["data", "build", "--out", str(db)]) == 2
    err = _error(capsys)
    assert str(db) in err and "2 data edits, which a rebuild would delete" in err
    assert _sha(db) == before
    assert len(list_edits(db)) == 2


# --- F3: a retirement in an edits file is checked like any edit -------------------------------
@pytest.mark.parametrize(("row", "column"), [
    ('deals,openai_amd_6gw,retire,"{}",,,,,low,,,', "citation"),
    ('deals,openai_amd_6gw,retire,"{}",E\x1b[31mRED,https://e.com/a,2026-11-30,MIT,low,,,',
     "citation"),
    (f'deals,openai_amd_6gw,retire,"{{}}",{SOURCE},bogus,,,', "confidence"),
    ('deals,openai_amd_6gw,retire,"{}",,,,,low,,,nosuchsource', "source_id"),
])
def test_a_retirement_needs_a_clean_source_and_a_confidence(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str], row: str,
        column: str) -> None:
    before = _sha(db)
    assert _import(tmp_path, db, EDITS_HEADER + row + "\n") == 2
    err = _error(capsys)
    assert f"in.csv, line 2, column {column}:" in err and "nothing imported" in err
    assert "\x1b" not in err
    assert _sha(db) == before


def test_a_retirement_citing_a_source_of_the_dataset_still_imports(
        tmp_path: Path, db: Path) -> None:
    row = 'deals,openai_amd_6gw,retire,"{}",,,,,low,,,epoch_ai_chip_counts\n'
    assert _import(tmp_path, db, EDITS_HEADER + row) == 0
    assert [e.operation for e in list_edits(db)] == ["retire"]


# --- F2: a misspelt column of a table CSV ----------------------------------------------------
def test_an_unknown_column_of_a_table_csv_is_named_not_dropped(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
            "description,confidence,firmness,start_fracton,host_id,citation,url,retrieved,"
            "licence\n"
            "apple_trn3,apple,aws,trainium3,2027,2029,1,GW,Apple signs,medium,firm,0.25,,"
            f"{SOURCE}\n")
    before = _sha(db)
    assert _import(tmp_path, db, text) == 2
    err = _error(capsys)
    assert "in.csv, line 1: unknown column(s) 'start_fracton'" in err
    assert _sha(db) == before


def test_an_empty_extra_column_loses_nothing_and_is_let_through(
        tmp_path: Path, db: Path) -> None:
    text = ("adopter_id,vendor_id,access,source_id,confidence,notes,citation,url,retrieved,"
            f"licence,\nopenai,nvidia,0.5,,low,,{SOURCE},\n")
    assert _import(tmp_path, db, text) == 0


# --- F6: an access CSV was read as a sources CSV ---------------------------------------------
def test_an_access_csv_with_a_known_source_is_read_as_access_not_sources(
        tmp_path: Path, db: Path) -> None:
    text = ("adopter_id,vendor_id,access,source_id,confidence,notes,citation,url,retrieved,"
            "licence\nopenai,nvidia,0.5,epoch_ai_chip_counts,low,,Ex,https://e.com/x,"
            "2026-11-30,MIT\n")
    assert _import(tmp_path, db, text) == 0
    [edit] = list_edits(db)
    assert (edit.table, edit.key, edit.fields["access"]) == ("access", "openai.nvidia", "0.5")


def test_the_access_csv_export_edits_writes_imports_again(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(tmp_path, db, NEWLAB) == 0
    out = tmp_path / "access.csv"
    assert main(["data", "export-edits", "--table", "access", "--out", str(out),
                 "--db", str(db)]) == 0
    other = Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "other.db"))
    text = out.read_text(encoding="utf-8").replace("newlab,nvidia,1", "openai,nvidia,0.5")
    capsys.readouterr()
    assert _import(tmp_path, other, text) == 0, capsys.readouterr().err
    assert [(e.table, e.key) for e in list_edits(other)] == [("access", "openai.nvidia")]


# --- F1: drop-edit stopped another edit applying without a word -----------------------------
def test_drop_edit_names_the_edit_that_stops_applying(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(tmp_path, db, NEWLAB) == 0
    capsys.readouterr()
    assert main(["data", "drop-edit", "access", "newlab.nvidia", "--db", str(db)]) == 0
    err = _error(capsys)
    assert "your addition of adopters “newlab” no longer applies without it" in err
    assert [(e.table, e.key) for e in list_edits(db)] == [("adopters", "newlab")]  # kept


def test_drop_edit_says_nothing_more_when_nothing_else_changes(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(tmp_path, db, NEWLAB) == 0
    assert main(["data", "drop-edit", "access", "newlab.nvidia", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["data", "drop-edit", "adopters", "newlab", "--db", str(db)]) == 0
    assert capsys.readouterr().err == ""


# --- F4: a bound or a value rounded into the range -------------------------------------------
def test_a_bound_is_printed_exactly_enough_to_see_the_value_is_outside() -> None:
    spec = ParamSpec("deal.d.size_h100e_per_year", "size", "H100e/yr", 0, 13013156.0, 1.0, "")
    with pytest.raises(ValueError) as caught:
        spec.parse("1.30132e+07")
    assert "1.30132e+07 is out of range (allowed 0 to 13013156 H100e/yr)" in str(caught.value)


def test_an_access_just_above_one_is_named_as_it_is(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = ('access,openai.nvidia,edit,"{""adopter_id"": ""openai"", ""vendor_id"": '
           f'""nvidia"", ""access"": ""1.0000001""}}",{SOURCE},low,,,\n')
    assert _import(tmp_path, db, EDITS_HEADER + row) == 2
    assert "1.0000001 is outside [0, 1]" in _error(capsys)


# --- F7: an ID typed to keep-edit / drop-edit echoed raw -------------------------------------
@pytest.mark.parametrize("command", ["keep-edit", "drop-edit"])
def test_an_id_is_echoed_escaped_and_short(
        db: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    for key in ("a\x1b[2Jb", "x" * 100_000):
        assert main(["data", command, "deals", key, "--db", str(db)]) == 2
        err = _error(capsys)
        assert "\x1b" not in err and len(err) < 300


# --- F8: a dot in an access row's adopter or vendor split the key wrongly ---------------------
def test_a_dot_in_an_access_rows_adopter_is_named_as_such(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (f"adopter_id,vendor_id,access,confidence,citation,url,retrieved,licence\n"
            f"open.ai,nvidia,1,low,{SOURCE}\n")
    assert _import(tmp_path, db, text) == 2
    err = _error(capsys)
    assert "line 2, column adopter_id: 'open.ai' contains '.'" in err
    assert "'ai.nvidia'" not in err


def test_a_damaged_edit_names_how_to_drop_it_and_can_be_dropped(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One damaged row of user_edits blocked run, data diff and drop-edit of that very row:
    no command could get the user past it."""
    import sqlite3

    assert _import(tmp_path, db, NEWLAB) == 0
    with sqlite3.connect(db) as conn:  # its row_key no longer the row's adopter.vendor
        conn.execute("UPDATE user_edits SET row_key = 'newlab.amd' WHERE table_name = 'access'")
    out = tmp_path / "r.csv"
    assert main(["run", "--db", str(db), "--out", str(out)]) == 2
    assert "To drop this damaged edit: chipscope-cli data drop-edit access newlab.amd" in \
        _error(capsys)
    assert main(["data", "drop-edit", "access", "newlab.amd", "--db", str(db)]) == 0
    assert "Dropped your damaged edit of access" in capsys.readouterr().out
    assert [(e.table, e.key) for e in list_edits(db)] == [("adopters", "newlab")]
    assert main(["data", "drop-edit", "access", "other.amd", "--db", str(db)]) == 2


def test_a_damaged_edit_in_the_users_own_database_can_be_dropped_as_the_message_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pass 9: without --db, drop-edit first opened the user's database, which read the
    damaged edit and stopped with the very message that named this command."""
    import shlex
    import sqlite3

    from chipscope.storage import open_user_database

    own = open_user_database()[1]
    path = tmp_path / "in.csv"
    path.write_text(NEWLAB, encoding="utf-8")
    assert main(["data", "import-edits", str(path)]) == 0
    with sqlite3.connect(own) as conn:
        conn.execute("UPDATE user_edits SET fields_json = '{bad' WHERE table_name = 'access'")
    assert main(["run", "--out", str(tmp_path / "r.csv")]) == 2
    err = _error(capsys)
    told = err[err.index("chipscope-cli data drop-edit"):].strip()
    db = shlex.quote(str(own))
    assert told == f"chipscope-cli data drop-edit access newlab.nvidia --db {db}"
    assert main(["data", "drop-edit", "access", "newlab.nvidia"]) == 0  # as told, without --db
    assert [(e.table, e.key) for e in list_edits(own)] == [("adopters", "newlab")]
