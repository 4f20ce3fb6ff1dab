"""A database whose first deal follows the conversion rule, and the deals CSVs that
``data import-edits`` reads (both layouts): for the tests of importing deal edits (one helper
for all of them)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from chipscope.cli import main
from chipscope.model.edit_checks import deal_conversion
from chipscope.model.edits import cell_text
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database

SOURCE = {"citation": "Example News", "url": "https://example.com/a",
          "retrieved": "2026-11-30", "licence": "fair use quote"}


def deals_db(tmp_path: Path, conversion: str | None = None, *, csv_dir: str = "csv",
             db_name: str = "user.db") -> tuple[Path, dict[str, str]]:
    """A database (``tmp_path``/``db_name``, built from the synthetic data's CSVs written to
    ``tmp_path``/``csv_dir``) whose deal d0 has the rule's ``h100e_per_year`` to the word, and
    d0. Its ``conversion`` is the rule's words, or the text ``conversion`` where given."""
    frames = synthetic_frames()
    deals = frames["deals"]
    d0 = {str(k): cell_text(v) for k, v in deals.iloc[0].items()}
    rate, words = deal_conversion(frames, d0)
    if conversion is not None:
        words = conversion
    deals.loc[0, "h100e_per_year"] = f"{rate:.0f}"
    deals.loc[0, "conversion"] = words
    folder = tmp_path / csv_dir
    folder.mkdir()
    for table, frame in frames.items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / db_name
    build_database(folder, db)
    return db, {**d0, "h100e_per_year": f"{rate:.0f}", "conversion": words}


def table_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` to ``path`` as a table CSV (a header of the first row's keys)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def edits_file(path: Path, fields: dict[str, str]) -> Path:
    """Write an edits file (the export-edits layout) of one edit of deal ``fields``."""
    row = {"table_name": "deals", "row_key": fields["deal_id"], "operation": "edit",
           "fields_json": json.dumps(fields), **SOURCE, "confidence": "medium"}
    return table_csv(path, [row])


def import_edits(path: Path, db: Path, *more: str) -> int:
    """``chipscope-cli data import-edits PATH --db DB MORE...``: its exit status."""
    return main(["data", "import-edits", str(path), "--db", str(db), *more])
