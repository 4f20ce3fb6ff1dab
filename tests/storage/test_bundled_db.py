"""The committed data/chipscope.db is what `chipscope data build` makes from data/*.csv."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from chipscope import paths
from chipscope.model.dataset import TABLES
from chipscope.storage import build_database, check_database, load_dataset

DATA = paths.data_source_dir()
BUNDLED = DATA / "chipscope.db"


def _require_data() -> None:
    missing = [f"{n}.csv" for n in TABLES if not (DATA / f"{n}.csv").exists()]
    if missing:
        pytest.skip(f"data/ CSV sources not written yet (missing {', '.join(missing)})")
    if not BUNDLED.exists():
        pytest.skip("data/chipscope.db not built yet: run `chipscope data build`")


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()


def test_bundled_db_matches_csv_sources(tmp_path: Path) -> None:
    _require_data()
    rebuilt = tmp_path / "rebuilt.db"
    fresh = build_database(DATA, rebuilt)
    committed = load_dataset(BUNDLED)
    stale = [n for n in TABLES if not fresh.frames[n].equals(committed.frames[n])]
    stale += [t for t in ("scenarios",) if _rows(rebuilt, t) != _rows(BUNDLED, t)]
    assert not stale, (f"data/chipscope.db is out of date for {', '.join(stale)}: run "
                       "`python -m chipscope data build` and commit data/chipscope.db")
    for name in TABLES:
        pd.testing.assert_frame_equal(fresh.frames[name], committed.frames[name])


def test_bundled_db_is_sound() -> None:
    _require_data()
    assert check_database(BUNDLED) == []


def test_docs_example_scenario_parses_against_the_real_data() -> None:
    import re

    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.scenario import parse_scenario
    from chipscope.storage.csv_source import validate_csv_dir

    _require_data()
    doc = (DATA.parent / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    match = re.search(r"```toml\n(.*?)```", doc, re.DOTALL)
    assert match is not None
    specs = AssumptionSpecs.for_dataset(validate_csv_dir(DATA))
    scenario = parse_scenario(match.group(1), specs, source="docs/scenario-format.md")
    assert scenario.values["vendor.nvidia.supply_cap_h100e"] == 3_000_000
