"""Pass 26 F3, F4, F9: the one-line message of `data import-edits` for a retirement that rows
still use. F3: retiring vendor aws left out the `reported` rows that name it (and advised a route
that cannot succeed: reported rows cannot be edited); the history rows were named "line 2, line
4" right after the edits file's own "line 2". F4: rows the user added were to be "retired"
(refused: an addition is dropped). F9: an access row the history or a deal relies on gave one
problem per history line, none at the retirement's line, and with another retirement the deal's
problem was not reported at all. The database stays byte-identical throughout."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.edits import frames_as_text
from chipscope.model.retire_users import retire_users
from chipscope.model.shell_words import shell_option
from chipscope.storage import load_dataset

DB = Path(__file__).resolve().parents[1] / "data" / "chipscope.db"
HEADER = ["table_name", "row_key", "operation", "fields_json", "citation", "url", "retrieved",
          "licence", "confidence", "created_at", "base_digest", "source_id"]
SOURCE = ["Ex", "https://ex.com/r", "2026-11-30", "MIT", "low", "", "", ""]


def _retire(table: str, key: str) -> list[str]:
    return [table, key, "retire", "{}", *SOURCE]


def _deal(deal_id: str) -> list[str]:
    """A deal of the user's at trainium3 (aws), in H100e, one year."""
    fields = {"deal_id": deal_id, "adopter_id": "anthropic", "vendor_id": "aws",
              "chip_id": "trainium3", "first_year": "2027", "last_year": "2027",
              "amount": "1000", "amount_unit": "h100e", "h100e_per_year": "1000",
              "conversion": "given in H100e", "description": "x", "source_id": "facts_d005",
              "confidence": "low", "firmness": "firm", "start_fraction": "", "host_id": ""}
    return ["deals", deal_id, "add", json.dumps(fields), *SOURCE]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    copy = tmp_path / "rt.db"
    shutil.copyfile(DB, copy)
    copy.chmod(0o644)
    return copy


def _refused(db: Path, edits: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
    assert db.read_bytes() == before
    err = capsys.readouterr().err
    lines = [line.strip() for line in err.splitlines() if line.startswith("  ")]
    assert f"nothing imported, {len(lines)} problem(s)" in err, err
    return lines


def test_retiring_a_vendor_reported_figures_name_says_it_stays(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edits = _write(tmp_path / "ret.csv", [_retire("vendors", "aws")])
    lines = _refused(db, edits, capsys)
    assert len(lines) == 1, lines  # the reported rows are folded in, not told apart
    (line,) = lines
    assert line.startswith(f"{edits}, line 2: vendor 'aws' cannot be retired: "), line
    assert "3 reported rows ('amazon_chips_runrate_q4_2025', " in line
    assert line.endswith("the reported table cannot be edited, so the vendor stays; "
                         "remove the line"), line
    assert "retire or change" not in line  # no route that cannot succeed


def test_history_rows_are_named_by_what_they_are_not_as_lines_of_a_csv(  # pass 27 F4
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edits = _write(tmp_path / "ret.csv", [_retire("chips", "a100")])
    (line,) = _refused(db, edits, capsys)
    assert ": 15 history rows (amazon a100 2022, china a100 2022, google a100 2022, ...) use " \
           "it; the history cannot be edited, so the chip stays" in line, line
    assert ".csv line" not in line
    assert "(line 2" not in line


def test_deals_the_user_added_are_to_be_dropped_not_retired(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    adds = _write(tmp_path / "adds.csv", [_deal(f"zz_{i}") for i in range(3)])
    assert main(["data", "import-edits", str(adds), "--db", str(db)]) == 0
    # the bundled deals retired with the chip: only the user's own remain
    edits = _write(tmp_path / "ret2.csv", [
        _retire("chips", "trainium3"), _retire("deals", "anthropic_aws_trainium_up_to_5gw"),
        _retire("deals", "openai_amazon_trainium_2gw")])
    (line,) = _refused(db, edits, capsys)
    assert "3 deals you added ('zz_0', 'zz_1', 'zz_2') use it; drop those deals " in line, line
    assert f"`chipscope-cli data drop-edit deals <id> {shell_option('--db', db)}`" in line
    assert "retire" not in line.split("use it;")[1]
    # mixed: each kind its own route (and a deal the same file adds: change or remove its line)
    edits = _write(tmp_path / "ret3.csv", [_retire("chips", "trainium3"), _deal("zz_7")])
    (line,) = _refused(db, edits, capsys)
    assert ": 2 deals ('anthropic_aws_trainium_up_to_5gw', 'openai_amazon_trainium_2gw'), " \
           "3 deals you added ('zz_0', 'zz_1', 'zz_2') and 1 deal this file adds ('zz_7')" in line
    assert "retire or change the bundled deals first" in line
    assert ("drop the deals you added (`chipscope-cli data drop-edit deals <id> "
            f"{shell_option('--db', db)}`") in line
    assert "change the deal this file adds or remove its line" in line


def test_retiring_access_rows_the_history_and_a_deal_rely_on_is_one_line_each(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edits = _write(tmp_path / "ret5.csv", [_retire("access", "amazon.nvidia"),
                                           _retire("access", "apple.aws")])
    lines = _refused(db, edits, capsys)
    assert len(lines) == 2, lines  # the deal's problem is counted too
    history, deal = lines
    assert history.startswith(f"{edits}, line 2: access row 'amazon.nvidia' cannot be retired: "
                              "9 history rows (amazon a100 2022, amazon h100 2022, "
                              "amazon a100 2023, ...) rely on it; "
                              "the history cannot be edited, so the access row stays; "
                              "remove the line"), history
    assert deal.startswith(f"{edits}, line 3: access row 'apple.aws' cannot be retired: 1 deal "
                           "('apple_trainium2_eval') relies on it; retire or change"), deal
    assert not any("add one" in line or "after import" in line for line in lines), lines


def test_retire_users_counts_the_rows_from_the_data_not_only_from_the_problems() -> None:
    """The model entry point (the window's Retire uses it too): the using rows are found in the
    frames even when the checks stopped before naming them, and ``added`` gives the drop route."""
    frames = dict(frames_as_text(load_dataset(DB).frames))
    access = frames["access"]
    frames["access"] = access[~((access["adopter_id"] == "apple")
                                & (access["vendor_id"] == "aws"))].reset_index(drop=True)
    kept = ["meta: key name: missing"]
    rest, told = retire_users(kept, {("access", "apple.aws"): "f.csv, line 2"}, frames)
    assert rest == kept
    assert told == ["f.csv, line 2: access row 'apple.aws' cannot be retired: 1 deal "
                    "('apple_trainium2_eval') relies on it; retire or change that deal first "
                    "(in this file or in the window), or remove the line"]
    _, told = retire_users([], {("access", "apple.aws"): "here"}, frames,
                           added={("deals", "apple_trainium2_eval")})
    assert "1 deal you added ('apple_trainium2_eval') relies on it; drop that deal" in told[0]
