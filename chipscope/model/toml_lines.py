"""Where a TOML file writes each of its keys: the line a problem with a key's value names.
Pure: the text only, no file I/O."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping


class KeyLines:
    """The line of each flattened key path of a TOML ``text`` (one that :func:`tomllib.loads`
    reads): ``assumptions.vendor.aws.price_level_pct`` whether the file writes it as a quoted
    key, a dotted key or under a table header (``[assumptions.vendor.aws]``). A key inside an
    inline table or an array of tables has no line: :meth:`prefix` then gives "" (never a
    wrong line). Built once, on the first look-up."""

    def __init__(self, text: str):
        self._text = text
        self._lines: dict[str, int] | None = None

    def line(self, path: str) -> int | None:
        """The line that writes ``path`` (:func:`key_lines`); None when none does."""
        if not path:
            return None
        if self._lines is None:
            self._lines = key_lines(self._text)
        return self._lines.get(path)

    def prefix(self, *paths: str) -> str:
        """"line N: " of :meth:`line` of the first of ``paths`` a line writes (the most
        exact first: a table's field, then its header), or "" when none can be told."""
        for path in paths:
            if (found := self.line(path)) is not None:
                return f"line {found}: "
        return ""


def key_lines(text: str) -> dict[str, int]:
    """Each flattened key path (and table header path) of ``text`` to the first line (from 1)
    that writes it; a table no line writes (``ranges.KEY`` of ``ranges.KEY.low = 1``), to the
    first line of a key below it. Only lines where a statement starts are read (not those
    inside a multi-line string, list or inline table); each key is read as TOML under its
    table header, so quoting and dotting are undone exactly as the parser does."""
    lines = text.removeprefix("\ufeff").split("\n")
    out: dict[str, int] = {}
    below: dict[str, int] = {}  # tables only written through a key below them
    header: str | None = ""  # the current [table] line; None under [[array of tables]]
    seen: dict[tuple[str, ...], int] = {}
    twice: set[str] = set()  # a key two lines claim: no line rather than a wrong one
    for number in _statement_starts(text.removeprefix("\ufeff")):
        line = lines[number - 1].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            header = None
            continue
        if line.startswith("["):
            header = line
            parts = _path_of(line)
            if parts is None:
                header = None
        elif header is None or (key := _key_part(line)) is None:
            continue
        else:
            parts = _path_of(f"{header}\n{key} = 0")
        if parts is not None:
            if seen.setdefault(tuple(parts), number) != number:  # TOML forbids it: misread
                twice.add(".".join(parts))
            out.setdefault(".".join(parts), number)
            for end in range(1, len(parts)):  # its tables, dotted or in the header
                below.setdefault(".".join(parts[:end]), number)
    return {path: line for path, line in (below | out).items() if path not in twice}


def _path_of(toml: str) -> list[str] | None:
    """The key parts of the one key (or table) ``toml`` defines, or None."""
    try:
        doc = tomllib.loads(toml)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None
    parts: list[str] = []
    value: object = doc
    while isinstance(value, Mapping) and len(value) == 1:
        key, value = next(iter(value.items()))
        parts.append(str(key))
    if not parts or (isinstance(value, Mapping) and value):
        return None
    return parts


def _key_part(line: str) -> str | None:
    """The text of ``line`` before its first "=" outside quotes, or None (no "=")."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote and not (quote == '"' and _escaped(line, i)):
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "=":
            return line[:i]
    return None


def _escaped(line: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes."""
    slashes = len(line[:at]) - len(line[:at].rstrip("\\"))
    return slashes % 2 == 1


_SCAN = re.compile(
    r'"""(?:\\.|[^\\])*?"""(?:""|")?|\'\'\'.*?\'\'\'(?:\'\'|\')?'
    r'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n]',
    re.DOTALL)
"""Strings and comments (skipped whole), brackets and line ends. A basic string (double
quotes, one or three) skips its escapes: an escaped quote does not end it, an escaped backslash
before the quotes does; a literal one (single quotes) has none. Up to two quotes before the
closing three belong to the string."""


def _statement_starts(text: str) -> list[int]:
    """The lines (from 1) that start outside any string, list or inline table."""
    starts, line, depth = [1], 1, 0
    for match in _SCAN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
            if depth == 0:
                starts.append(line)
        elif token in "[{":
            depth += 1
        elif token in "]}":
            depth = max(depth - 1, 0)
        else:
            line += token.count("\n")
    return starts
