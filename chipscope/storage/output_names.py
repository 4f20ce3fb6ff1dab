"""What a CSV output may be called: never a name of another type ChipScope (or the user's other
tools) reads, so ``run --scenario base.toml --out cheaper.toml`` cannot turn a scenario file
into CSV. One rule for every CSV writer (:func:`chipscope.storage.files.write_csv`) and for
the CLI's ``--out`` options, which check it before the work."""

from __future__ import annotations

from pathlib import PurePath

OTHER_TYPES = {
    ".toml": "a scenario file's", ".pdf": "a PDF report's", ".png": "a PNG image's",
    ".svg": "an SVG image's", ".jpg": "a JPEG image's", ".jpeg": "a JPEG image's",
    ".db": "a database's", ".sqlite": "a database's", ".sqlite3": "a database's",
    ".json": "a JSON file's", ".xlsx": "an Excel workbook's", ".xls": "an Excel workbook's",
    ".ods": "a spreadsheet's", ".py": "a Python module's", ".html": "a web page's",
    ".zip": "a zip archive's",
}
"""Extensions a CSV output must not have, with the type they name."""


def unnamed_type(name: str | PurePath, suffixes: tuple[str, ...]) -> str | None:
    """The type (one of ``suffixes``, as typed) when ``name``'s last part has nothing but
    spaces before it (``.csv``, `` .pdf``: a hidden or blank-named file), else None."""
    base = PurePath(name).name
    for suffix in suffixes:
        if base.lower().endswith(suffix) and not base[:-len(suffix)].strip():
            return base[-len(suffix):]
    return None


def shown_name(name: str | PurePath) -> str:
    """``name`` for a message: quoted when its last part starts or ends with a space."""
    base = PurePath(name).name
    return repr(str(name)) if base != base.strip() else str(name)


def csv_name_problem(name: str | PurePath) -> str | None:
    """Why ``name`` cannot be a CSV output ("ends in .toml, a scenario file's type; a CSV
    output should end in .csv"; "has no name before .csv ..."), or None."""
    if (bare := unnamed_type(name, (".csv", *OTHER_TYPES))) is not None:
        return f"has no name before {bare}; give the file a name, such as projection.csv"
    suffix = PurePath(name).suffix
    kind = OTHER_TYPES.get(suffix.lower())
    if kind is None:
        return None
    return f"ends in {suffix}, {kind} type; a CSV output should end in .csv"
