"""A retirement of a row that other rows use (a chip the history or a deal names), told once at
the retirement's own line, naming the rows that use it, instead of one "not a known chip"
problem per dependent row. Pure: no Qt, no I/O."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from chipscope.model.edit_keys import EDITABLE, frame_keys, key_column
from chipscope.model.text_rules import quoted

__all__ = ["retire_users"]

# The foreign-key problem of the data checks (model/relations.py check_relations).
_FK = re.compile(r"^(?P<t>\w+), line (?P<n>\d+), column (?P<c>\w+): (?P<v>'.*'|\".*\") is not "
                 r"a known \w+ \((?P<ref>\w+)\.(?P<col>\w+)\)$", re.DOTALL)
_SHOWN = 3  # rows named by id, then "..."


def retire_users(problems: Sequence[str], retired: Mapping[tuple[str, str], str],
                 frames: Mapping[str, pd.DataFrame]) -> tuple[list[str], list[str]]:
    """``problems`` (of the data checks on ``frames``, the dataset with the edits applied)
    split into those that remain and one message per retirement (``retired``: (table, key) to
    where it is, "FILE, line N") that rows of ``frames`` still use, replacing their foreign-key
    problems."""
    users: dict[tuple[str, str], dict[str, list[str]]] = {}
    rest: list[str] = []
    keys: dict[str, list[str]] = {}
    for problem in problems:
        m = _FK.match(problem)
        target = (m["ref"], _value(m["v"])) if m else None
        if (m is None or target not in retired or m["col"] != key_column(m["ref"])
                or m["t"] not in frames):
            rest.append(problem)
            continue
        assert target is not None
        table, pos = m["t"], int(m["n"]) - 2
        label = f"line {m['n']}"
        if table in EDITABLE:
            keys.setdefault(table, list(frame_keys(frames[table], table)))
            if 0 <= pos < len(keys[table]):
                label = quoted(keys[table][pos])
        rows = users.setdefault(target, {}).setdefault(table, [])
        if label not in rows:
            rows.append(label)
    return rest, [_message(retired[t], t, users[t]) for t in sorted(users)]


def _value(text: str) -> str:
    try:
        return str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


def _message(where: str, target: tuple[str, str], users: Mapping[str, list[str]]) -> str:
    table, key = target
    told = " and ".join(_rows(t, rows) for t, rows in users.items())
    fixed = [t for t in users if t not in EDITABLE]
    if fixed:
        advice = (f"the {' and '.join(fixed)} cannot be edited, so the {table[:-1]} stays; "
                  "remove the line")
    else:
        named = " and ".join(_noun(t) + "s" for t in users)
        advice = (f"retire or change those {named} first (in this file or in the window), "
                  "or remove the line")
    verb = "uses" if len(users) == 1 and sum(map(len, users.values())) == 1 else "use"
    return f"{where}: {table[:-1]} {quoted(key)} cannot be retired: {told} {verb} it; {advice}"


def _noun(table: str) -> str:
    """A row of ``table``: "deal", "access row", "history row"."""
    return table[:-1] if table in EDITABLE and table != "access" else f"{table} row"


def _rows(table: str, rows: list[str]) -> str:
    shown = ", ".join(rows[:_SHOWN]) + (", ..." if len(rows) > _SHOWN else "")
    return f"{len(rows)} {_noun(table)}{'s' if len(rows) != 1 else ''} ({shown})"
