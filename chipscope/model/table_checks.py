"""The per-table checks of the dataset (types, ranges, choices, ids and keys) and the typing of a
checked table. Pure; the table layouts are in :mod:`chipscope.model.tables`.

Everything :func:`coerce_table` and the database's primary keys rely on is checked here, so a
table that passes :func:`check_table` can always be typed and written: ids and keys without
spaces around them, whole numbers written as digits (``2022``, not ``2022.0``), finite numbers,
and keys that stay distinct after the trimming and Unicode normalisation that typing applies.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from chipscope.model.tables import TABLES, Column, Table
from chipscope.model.text_rules import (
    hidden_character,
    instead_of_too_small,
    quoted,
    shortened,
    too_small,
    underflows,
)
from chipscope.model.written_numbers import DECIMAL, not_a_number

FORMULA_STARTS = ("=", "+", "-", "@")
"""A cell starting with one of these is a formula to a spreadsheet."""

ID_FORBIDDEN = ("=", ".")
"""Characters an id may not contain anywhere: ids are parts of assumption keys
(``vendor.nvidia.price_change_pct``) and of ``--set key=value``."""
ID_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+", re.ASCII)
"""All an id may hold: ASCII letters, digits, _ and -. An id is a part of assumption keys
(``vendor.<id>.price_change_pct``), of ``--set`` keys and of ``--metric share:<vendor>:<year>``;
a ``:``, a space, a ``#`` or a ``/`` would make it one that cannot be named there."""

_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)

MAX_TABLE_ROWS = 100_000
"""Rows one table may hold. The bundled dataset's largest table has a few hundred (history:
years x adopters x chips); a table past this is not a ChipScope table, and checking it cell by
cell would take minutes."""


def _row_label(table: str, idx: Any, row_offset: int) -> str:
    # row_offset: how to turn a 0-based frame index into the line the user sees (CSV: +2).
    try:
        return f"{table}, line {int(idx) + row_offset}"
    except (TypeError, ValueError):
        return f"{table}, row {idx}"


MAX_NAME_CHARS = 100
"""The longest id or name (the bundled data's longest: 40). A name is drawn in chart legends,
tables and the report; a 200,000-character one took the report minutes to lay out."""
MAX_TEXT_CHARS = 5_000
"""The longest other text cell: a citation, a derivation, a note (the bundled data's longest:
about 1,100)."""


def id_columns(table: Table) -> list[Column]:
    """The text columns holding ids or keys: the table's key and references to other tables."""
    return [c for c in table.columns
            if c.type == "str" and (c.name in table.key or c.references is not None)]


def defining_id(table: Table) -> Column | None:
    """The column that names the table's rows for the rest of the dataset (``chip_id``)."""
    if len(table.key) == 1 and table.key[0].endswith("_id"):
        return next(c for c in table.columns if c.name == table.key[0])
    return None


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (the defining id of a row), or None: plain ASCII letters,
    digits, _ and - (:data:`ID_CHARACTERS`), not starting as a spreadsheet formula does."""
    if value.startswith(FORMULA_STARTS):
        return (f"{shown(value)} starts with {value[0]!r}, which a spreadsheet reads as a formula; "
                "an id may not")
    for ch in ID_FORBIDDEN:
        if ch in value:
            return (f"{shown(value)} contains {ch!r}; an id may not (ids are parts of assumption "
                    "keys such as vendor.<id>.price_change_pct)")
    if not value or ID_CHARACTERS.fullmatch(value):  # an empty cell is told as empty
        return None
    odd = next(ch for ch in value if not ID_CHARACTERS.fullmatch(ch))
    if not odd.isascii():  # an NFD "café" looks like the NFC one that --set and scenarios type
        return (f"{shown(value)} contains U+{ord(odd):04X} "
                f"{unicodedata.name(odd, 'an unnamed character')}; ids are plain ASCII "
                "(letters, digits, _ and -), as the assumption keys that hold them are")
    named = {" ": "a space", "\t": "a tab"}.get(odd, repr(odd))
    return (f"{shown(value)} contains {named}; ids are plain ASCII (letters, digits, _ and -), "
            "so that assumption keys, --set and --metric can name them")


_URL = re.compile(r"https?://\S+\.\S+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_UNDATED = re.compile(r"undated( \(.+\))?")
"""A source whose reference does not record when it was read: "undated (Feb 2026)"."""


def iso_date(text: str) -> date | None:
    """The date ``text`` writes as YYYY-MM-DD (a real day), else None: the one rule for every
    date ChipScope reads from its data (a source's retrieval date, the ``meta`` table's date).
    ``date.fromisoformat`` alone takes "20260401" and "2026-W14-3" as well."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2025-13-45
        return None


def date_problem(value: str, today: date | None = None) -> str | None:
    """Why ``value`` is not the date a source was retrieved (YYYY-MM-DD, not after ``today``;
    or "undated", optionally with what is known in brackets), or None. The one rule of the
    sources table and of an edit's source."""
    text = value.strip()
    if _UNDATED.fullmatch(text):
        return None
    when = iso_date(text)
    if when is None:
        return f"{shown(value)} is not a date written YYYY-MM-DD"
    if when > (today or date.today()):
        return f"{text} is in the future"
    return None


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a source's web address (http:// or https://), or None: a
    ``javascript:`` or ``file:`` link would run or open something when clicked."""
    if _URL.fullmatch(value.strip()):
        return None
    return f"{shown(value)} is not a web address starting http:// or https://"


_FORMS = {"date": date_problem, "url": url_problem}


def _text_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id or key in any column, or None."""
    if value != value.strip():
        return f"{shown(value)} has spaces around it; ids and keys may not"
    if value.isprintable():  # fast path: no control, format or unassigned character
        return None
    hidden = next((ch for ch in value if unicodedata.category(ch).startswith("C")), None)
    if hidden is not None:
        return (f"{shown(value)} contains the invisible or control character "
                f"U+{ord(hidden):04X}; ids and keys may not")
    return None


def cell_number(text: object, whole: bool = False) -> float:
    """The number the cell ``text`` holds by the rule :func:`check_table` applies (ASCII digits:
    ``10``, ``0.5``, ``1e6``, spaces around it allowed; with ``whole``, digits alone, as
    ``2022``). ValueError when it holds none: ``float()`` would read 10 written in fullwidth
    or Arabic-Indic digits, and ``'1_0'``, as 10, which the checks refuse (pass 47, F4); the
    message names such a character or the underscore (:func:`not_a_number`)."""
    written = str(text).strip()
    if not (_WHOLE if whole else DECIMAL).fullmatch(written):
        raise ValueError(f"{written!r} {not_a_number(written)}")
    return float(written)


def number_cell_problem(table: str, name: str, text: str) -> str | None:
    """Why ``text``, typed in the number column ``name`` of ``table``, is not one of its
    values, as :func:`check_table` says it ("'\uff12\uff13' is not a number: write it with
    ASCII digits 0-9 (it holds U+FF12 FULLWIDTH DIGIT TWO)"), or None."""
    col = next(c for c in TABLES[table].columns if c.name == name)
    try:
        number = cell_number(text, whole=col.type == "int")
    except ValueError:
        number = math.nan
    return _number_problem(col, text, number, name in TABLES[table].key)


def shown(value: Any) -> str:
    """``value`` quoted for a one-line message, shortened when long."""
    value = value.item() if isinstance(value, np.generic) else value
    return quoted(value) if isinstance(value, str) else shortened(repr(value))


def bool_cell(value: Any) -> bool | None:
    """A true/false cell's value, or None when it is none: the text true, false, 1 or 0 (any
    case), or a number equal to 1 or 0. A database column that holds one REAL arrives as floats
    (0 as 0.0), so 0.0 and 1.0 are true/false too; 0.5 or 1e308 is not."""
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, (bool, int, float)):
        return True if value == 1 else False if value == 0 else None
    text = str(value).lower()
    return True if text in ("true", "1") else False if text in ("false", "0") else None


def _number_problem(col: Column, raw: Any, number: float, is_key: bool) -> str | None:
    """Why the present cell ``raw`` (parsed as ``number``, NaN if it is not one) is not a valid
    value of the number column ``col``, or None."""
    if math.isnan(number) or math.isinf(number):
        if isinstance(raw, str) and DECIMAL.fullmatch(raw.strip()):  # 400 digits, 1e400
            return f"{shown(raw)} is too large to be a finite number here (at most about 1.8e308)"
        if math.isnan(number) and isinstance(raw, str):  # 1_000, \uff14, 3 + U+200B: named
            return f"{shown(raw)} {not_a_number(raw.strip())}"
        return f"{shown(raw)} is not a {'' if math.isnan(number) else 'finite '}number"
    if col.type == "int":
        if isinstance(raw, str) and not _WHOLE.fullmatch(raw.strip()):
            return f"{shown(raw)} is not a whole number written as digits (such as 2022)"
        if number % 1 != 0:
            return f"{shown(raw)} is not a whole number"
        if is_key and isinstance(raw, str) and raw != raw.strip():
            return f"{shown(raw)} has spaces around it; ids and keys may not"
    if isinstance(raw, str) and underflows(raw.strip(), number):  # 1e-400: not told as 0
        return (f"{shortened(raw.strip(), 40)} "
                f"{too_small(instead_of_too_small(raw, col.lo, col.hi, _within(col)))}")
    low = col.lo is not None and number < col.lo
    if not low and not (col.hi is not None and number > col.hi):
        return None
    if isinstance(raw, str):  # as typed: "99999999999", "1.0000001"
        text = shortened(raw.strip())
    elif isinstance(raw, int | np.integer) and not isinstance(raw, bool | np.bool_):
        text = shortened(str(int(raw)))  # as stored: 2**63-1, not the float's ...808
    elif col.type == "int" and abs(number) < 1e15:
        text = str(int(number))
    else:  # a REAL: 2030.5, 1e+308 (not its 309 digits)
        text = f"{number:g}" if float(f"{number:g}") == number else repr(number)
    if col.lo is not None and col.hi is not None and not col.unit:
        return f"{text} is outside [{_bound(col.lo)}, {_bound(col.hi)}]"
    if low:
        return f"{text} is below {_bound(col.lo)} (the least allowed)"
    if col.unit:  # a bound far above any real value: the engine's products stay finite
        return (f"{text} is above {_bound(col.hi)} {col.unit}, the most allowed (far above any "
                "real value); check the figure and its unit")
    return f"{text} is above {_bound(col.hi)} (the most allowed)"


def _within(col: Column) -> str:
    """The values ``col`` takes, with the bounds as its out-of-range message writes them: "a
    number from 1 to 100000"."""
    kind = "a whole number" if col.type == "int" else "a number"
    unit = f" {col.unit}" if col.unit else ""
    if col.lo is None or col.hi is None:
        side = f"of at least {_bound(col.lo)}" if col.hi is None else f"of at most {_bound(col.hi)}"
        return f"{kind} {side}{unit}"
    return f"{kind} from {_bound(col.lo)} to {_bound(col.hi)}{unit}"


def _bound(value: float | None) -> str:
    """A column's bound as a reader writes it: 0, 2040, 0.99, 10000000, 1e12 (not 0.0 or
    1e+07)."""
    number = float(value or 0)
    if abs(number) >= 1e9:
        return f"{number:.0e}".replace("e+", "e")
    return str(int(number)) if number.is_integer() else repr(number)


def _normalised(series: pd.Series, col: Column) -> list[Any]:
    """A key column as a reader would compare it: numbers as floats (None when a cell is not
    a number), text trimmed, NFKC (a fullwidth "nvidia" is "nvidia") and case-folded. One
    pass per column: a table of hundreds of thousands of rows is checked in seconds."""
    if col.type in ("int", "float"):
        numbers = pd.to_numeric(series, errors="coerce")
        return [None if pd.isna(n) else float(n) for n in numbers.to_numpy()]
    return ["" if pd.isna(v) else unicodedata.normalize("NFKC", str(v).strip()).casefold()
            for v in series.to_numpy()]


def _duplicate_keys(name: str, frame: pd.DataFrame, row_offset: int) -> list[str]:
    """Rows whose key repeats an earlier row's, after trimming, Unicode normalisation and case
    folding (``nvidia `` and ``NVIDIA`` are the same vendor as ``nvidia``)."""
    table = TABLES[name]
    cols = [next(c for c in table.columns if c.name == k) for k in table.key]
    keys = zip(*(_normalised(frame[c.name], c) for c in cols), strict=True)
    seen: dict[tuple[Any, ...], Any] = {}
    problems = []
    for idx, row, key in zip(frame.index,
                             frame[list(table.key)].itertuples(index=False, name=None),
                             keys, strict=True):
        if None in key:
            continue  # an invalid number: reported already
        if key in seen:
            text = ", ".join(f"{k}={shown(v)}" for k, v in zip(table.key, row, strict=True))
            first = _row_label(name, seen[key], row_offset).split(", ", 1)[1]
            problems.append(f"{_row_label(name, idx, row_offset)}, column "
                            f"{'+'.join(table.key)}: duplicate key ({text}), repeats {first}")
        else:
            seen[key] = idx
    return problems


def check_table(name: str, frame: pd.DataFrame, row_offset: int = 2) -> list[str]:
    """Check one table's columns, types, ranges, choices, ids and keys. Returns a list of
    problems, each naming the line and the column."""
    table = TABLES[name]
    if len(frame) > MAX_TABLE_ROWS:
        return [f"{name}: {len(frame):,} rows, more than the {MAX_TABLE_ROWS:,} a ChipScope "
                "table may hold (the bundled dataset's largest has a few hundred)"]
    problems: list[str] = []
    # An optional column may be left out (a dataset made before it existed): it is empty.
    missing = [c.name for c in table.columns if c.required and c.name not in frame.columns]
    if missing:
        return [f"{name}: missing column(s) {', '.join(missing)}"]
    ids = {c.name for c in id_columns(table)}
    defining = defining_id(table)
    for col in table.columns:
        if col.name not in frame.columns:
            continue
        series = frame[col.name]
        empty = series.isna() | (series.astype(str).str.strip() == "")

        def say(idx: Any, why: str, col: Column = col) -> None:
            problems.append(f"{_row_label(name, idx, row_offset)}, column {col.name}: {why}")

        if col.required:
            for idx in series.index[empty]:
                say(idx, "empty")
        present = series[~empty]
        if col.type in ("int", "float"):
            numeric = pd.to_numeric(present, errors="coerce").to_numpy(dtype=float)
            for idx, raw, number in zip(present.index, present.to_numpy(), numeric,
                                        strict=True):
                why = _number_problem(col, raw, float(number), col.name in table.key)
                if why:
                    say(idx, why)
        elif col.type == "bool":
            for idx, raw in present.items():
                if bool_cell(raw) is None:
                    say(idx, f"{shown(raw)} is not true/false")
        if col.name in ids:
            for idx, raw in present.items():
                why = _text_problem(str(raw))
                if why is None and defining is not None and col.name == defining.name:
                    why = id_problem(str(raw))
                if why:
                    say(idx, why)
        elif col.type == "str":  # free text: no control or bidi characters (text_rules)
            form = _FORMS[col.form] if col.form is not None else None
            for idx, raw in present.items():
                if isinstance(raw, str) and (why := hidden_character(raw)
                                             or (form(raw) if form else None)):
                    say(idx, why)
        if col.type == "str":
            limit = MAX_NAME_CHARS if col.name in ids or col.name == "name" else MAX_TEXT_CHARS
            long = present.astype(str).str.len() > limit
            for idx, raw in present[long].items():
                say(idx, f"{len(str(raw)):,} characters, more than the {limit:,} "
                         f"{'an id or a name' if limit == MAX_NAME_CHARS else 'a text cell'} "
                         "may hold")
        if col.choices is not None:
            ok = present.astype(str).isin(col.choices)
            for idx, raw in present[~ok].items():
                say(idx, f"{shown(raw)} is not one of {', '.join(col.choices)}")
    return problems + _year_order(name, frame, row_offset) + _duplicate_keys(name, frame,
                                                                             row_offset)


def _year_order(name: str, frame: pd.DataFrame, row_offset: int) -> list[str]:
    """Rows (of deals and export rules) whose last_year comes before their first_year: told
    here, with the row's other cells, before anything is computed from the span (a deal's
    H100e per year, which would otherwise be missing)."""
    if "first_year" not in frame.columns or "last_year" not in frame.columns:
        return []
    first = pd.to_numeric(frame["first_year"], errors="coerce").to_numpy(dtype=float)
    last = pd.to_numeric(frame["last_year"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        bad = np.isfinite(first) & np.isfinite(last) & (last < first)
    return [f"{_row_label(name, idx, row_offset)}, column last_year: {last[pos]:g} is before "
            f"first_year {first[pos]:g}" for pos, idx in enumerate(frame.index) if bad[pos]]


def coerce_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return the table's columns with their declared types (call after :func:`check_table`)."""
    table = TABLES[name]
    out = pd.DataFrame(index=frame.index)
    for col in table.columns:
        series = (frame[col.name] if col.name in frame.columns
                  else pd.Series(np.nan, index=frame.index, dtype="float64"))
        if col.type == "str":
            out[col.name] = series.where(series.notna(), "").astype(str).str.strip()
        elif col.type == "bool":
            out[col.name] = [bool_cell(v) is True for v in series]
        elif col.type == "int":
            out[col.name] = pd.to_numeric(series).astype("int64")
        else:
            out[col.name] = pd.to_numeric(series, errors="coerce").astype("float64")
    return out.reset_index(drop=True)
