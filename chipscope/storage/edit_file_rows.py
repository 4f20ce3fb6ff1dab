"""Rules for one row of an edits file (``chipscope-cli data import-edits``) beyond its cells:
when it was made (``created_at``) and what a retirement retires. Used by
:mod:`chipscope.storage.edit_files`; each rule gives the problem ("column: why") or None."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

import pandas as pd

from chipscope.model.edit_checks import retire_problems
from chipscope.model.edits import Edit, find_row
from chipscope.model.shell_words import drop_edit_command
from chipscope.model.text_rules import quoted

_STAMP = "leave it empty and the import stamps the time of the import"


_EXAMPLES = "such as 2026-11-30 or 2026-11-30T09:15:00+00:00"
_ISO = re.compile(r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ](?P<time>[0-9]{2}:[0-9]{2}"
                  r"(?::[0-9]{2}(?:\.[0-9]+)?)?)(?P<offset>Z|[+-](?P<hh>[0-9]{2}):(?P<mm>[0-9]{2})"
                  r"(?::(?P<ss>[0-9]{2})(?:\.[0-9]+)?)?)?)?", re.ASCII | re.I)
"""The spellings read: YYYY-MM-DD, or an extended date-time with an optional offset (T and Z
in either case; an offset with seconds is read only to be refused by name); not the week
(2025-W01-1), ordinal (2025-001) or basic (20250101T120000) forms, whose text order is not
their time order."""


def created_at_problem(text: str, now: datetime) -> str | None:
    """``created_at`` is empty (stamped on import), or an ISO date or date-time no later than
    ``now`` (an aware UTC time) and no earlier than 0001-01-01 in UTC: the edits are applied in
    that order."""
    if not text:
        return None
    if not (form := _ISO.fullmatch(text)):
        return (f"created_at: {quoted(text)} is not an ISO date or date-time ({_EXAMPLES}; "
                f"not the week, ordinal or basic forms 2025-W01-1, 2025-001, 20250101T120000): "
                f"correct it, or {_STAMP}")
    try:
        date.fromisoformat(form["day"])
    except ValueError:
        return (f"created_at: {form['day']} is not a day of the calendar ({_EXAMPLES}); "
                f"correct it, or {_STAMP}")
    try:
        if form["time"]:
            time.fromisoformat(form["time"])
    except ValueError:
        return (f"created_at: {form['time']} in {quoted(text)} is not a time of day "
                f"(00:00:00 to 23:59:59); correct it, or {_STAMP}")
    if form["ss"]:  # ISO 8601 and RFC 3339 offsets have no seconds (Python 3.11 misreads some)
        return (f"created_at: {form['offset']} in {quoted(text)} is not a UTC offset: an offset "
                f"is ±HH:MM (such as +01:00) or Z, without seconds; correct it, or {_STAMP}")
    if form["hh"] and (int(form["hh"]) > 23 or int(form["mm"]) > 59):
        return (f"created_at: {form['offset']} in {quoted(text)} is not a UTC offset (they run "
                f"from -23:59 to +23:59); correct it, or {_STAMP}")
    try:
        later = _utc(text) > now
    except OverflowError:  # its offset moves it out of years 1 to 9999 in UTC
        if form["day"].startswith("0001"):
            return (f"created_at: {quoted(text)} is before 0001-01-01 in UTC, the earliest time "
                    f"an edit can carry; correct it, or {_STAMP}")
        later = True
    if later:
        return (f"created_at: {quoted(text)} is later than now "
                f"({now.isoformat(timespec='seconds')}); an edit cannot be made in the future: "
                f"correct it, or {_STAMP}")
    return None


def _utc(text: str) -> datetime:
    """The time ``text`` (an ISO date or date-time) names, in UTC; a date alone is that day's
    midnight, a time without offset is UTC. OverflowError if that falls outside years 1-9999."""
    when = datetime.fromisoformat(text.upper())  # only T and Z can be letters; 3.11 wants capitals
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def created_at_stored(text: str) -> str:
    """A ``created_at`` that :func:`created_at_problem` took, as the app stamps it: UTC
    ("2026-11-30T08:15:00+00:00"), with the microseconds when it has any
    ("2026-11-30T08:15:00.500000+00:00"), so that the stored order (text) is the time order:
    "+" sorts before ".", so a whole second comes before the fractions of that second."""
    return _utc(text).isoformat()


def retire_target_problem(edit: Edit, base: Mapping[str, pd.DataFrame],
                          current: list[Edit], db: object = None) -> str | None:
    """A retirement names a row of the bundled data: not a row the user added (dropping that
    addition removes it; ``db``: the database --db named, for the advice), nor an id no table
    has."""
    if edit.operation != "retire" or find_row(base, edit.table, edit.key) is not None:
        return None
    if any((e.table, e.key, e.operation) == (edit.table, edit.key, "add") for e in current):
        article = "an" if edit.table[0] in "aeiou" else "a"
        return (f"row_key: {quoted(edit.key)} is {article} {edit.table} row you added, not one of "
                f"the bundled data, so there is nothing to retire; "
                f"`{drop_edit_command(edit.table, edit.key, db)}` removes your addition")
    return (f"row_key: the data have no {edit.table} row with id {quoted(edit.key)} to retire "
            "(neither the bundled data nor your edits); correct the id, or remove the line")


def retire_problems_of(edit: Edit, base: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """A retirement's source and confidence checked as an addition's are (its row is the
    bundled one); a ``source_id`` must be a source of the dataset."""
    bad = retire_problems(edit.source, edit.confidence)
    sid = edit.source.existing_id
    if sid and "source_id" not in bad and find_row(base, "sources", sid) is None:
        bad["source_id"] = (f"source_id: {sid!r} is not a source of the dataset; give the "
                            "source in citation, url, retrieved and licence columns")
    return bad


def without_column(col: str, message: str) -> str:
    """A field problem ("price_usd: -5 is outside ...") without its column's name, which the
    file's message gives already ("column price_usd")."""
    return message.split(": ", 1)[1] if message.startswith(f"{col}: ") else message
