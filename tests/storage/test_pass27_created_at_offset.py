"""Pass 27 (F1): an edits file's ``created_at`` offset with seconds or fractions of a second
(``+00:00:00.5``) was taken, though ISO 8601 and RFC 3339 offsets have none; Python 3.11 reads
``+00:00:00.5`` as a zero offset, so ``2025-06-01T10:00:00.3+00:00:00.5`` was stored as 10:00:00.3
UTC (not 09:59:59.8, so it sorted after an edit at 09:59:59.9Z) and
``0001-01-01T00:00:00.5+00:00:00.6`` (before 0001-01-01 in UTC) passed. Now an offset is Z or
±HH:MM, and one with seconds is refused at its file, line and column, naming the offset."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.edit_file_rows import created_at_problem, created_at_stored
from tests.storage.test_pass25_created_at_form import _file

_NOW = datetime(2026, 12, 4, tzinfo=UTC)


@pytest.mark.parametrize(("created", "offset"), [
    ("2025-06-01T10:00:00.3+00:00:00.5", "+00:00:00.5"),
    ("0001-01-01T00:00:00.5+00:00:00.6", "+00:00:00.6"),
    ("2025-06-01T10:00:00+00:00:00.000002", "+00:00:00.000002"),
    ("2025-06-01T10:00:00+01:00:30.5", "+01:00:30.5"),
    ("2025-06-01T10:00:00-05:30:30", "-05:30:30"),
    ("0001-01-01T05:00:00+05:30:30", "+05:30:30"),
    ("2025-06-01T10:00+00:00:60", "+00:00:60")])
def test_an_offset_with_seconds_is_refused_at_its_line_naming_the_offset(
        synthetic_db: Path, tmp_path: Path, created: str, offset: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, [("laba", "2025-06-01T09:00:00Z"), ("labb", created)])
    said = (f"{path}, line 3, column created_at: {offset} in '{created}' is not a UTC offset: "
            "an offset is ±HH:MM (such as +01:00) or Z, without seconds; correct it, or leave "
            "it empty")
    before = synthetic_db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert synthetic_db.read_bytes() == before


@pytest.mark.parametrize(("created", "utc"), [
    ("2025-06-01T10:00:00.3+00:00", "2025-06-01T10:00:00.300000+00:00"),
    ("2025-06-01T10:00:00.3-01:30", "2025-06-01T11:30:00.300000+00:00"),
    ("2025-06-01T10:00:00.3z", "2025-06-01T10:00:00.300000+00:00"),
    ("2025-06-01T10:00+23:59", "2025-05-31T10:01:00+00:00")])
def test_z_and_hours_and_minutes_offsets_are_still_taken(created: str, utc: str) -> None:
    assert created_at_problem(created, _NOW) is None
    assert created_at_stored(created) == utc
