"""A retirement of a row that other rows use (a chip the history or a deal names, an access row
a deal or the history relies on), told once at the retirement's own line, naming the rows that
use it and the route that can succeed, instead of one problem per dependent row. Pure: no Qt, no
I/O."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from chipscope.model.dataset import TABLES
from chipscope.model.edit_keys import EDITABLE, KEY_SEP, frame_keys, key_column
from chipscope.model.shell_words import drop_edit_command, shell_option
from chipscope.model.text_rules import quoted

__all__ = ["retire_users"]

_V = r"'.*'|\".*\""
# The problems of the data checks a retirement causes (model/relations.py, data_checks.py):
# a foreign key (the reported figures' vendor_ids say "several are joined by '+'" too) ...
_FK = re.compile(rf"^(?P<t>\w+), line (?P<n>\d+), column \w+: (?P<v>{_V}) is not a known \w+ "
                 r"\((?P<ref>\w+)\.(?P<col>\w+)(; several are joined by '\+')?\)$", re.DOTALL)
# ... and the reach of an adopter to a vendor: the history, a deal, an export rule.
_REACH = (
    re.compile(r"^(?P<t>history), line (?P<n>\d+): (?P<a>\S+) bought .* but access\.csv gives "
               r"(?P=a) no access to (?P<v>\S+)$", re.DOTALL),
    re.compile(rf"^(?P<t>deals), line (?P<n>\d+): adopter (?P<a>{_V}) has no access to vendor "
               rf"(?P<v>{_V}) \(access\.csv\), so the deal could never be served$", re.DOTALL),
    re.compile(rf"^(?P<t>export_rules), line (?P<n>\d+), column adopter_id: .* is allowed to "
               rf"(?P<a>{_V}), but access\.csv gives (?P=a) no access to (?P<v>{_V}), so the "
               "rule has no effect$", re.DOTALL))
_SHOWN = 3  # rows named by id, then "..."
_Target = tuple[str, str]


def retire_users(problems: Sequence[str], retired: Mapping[_Target, str],
                 frames: Mapping[str, pd.DataFrame], added: Collection[_Target] = (),
                 in_file: Collection[_Target] = (), withdrawn: bool = False,
                 db: object = None) -> tuple[list[str], list[str]]:
    """``problems`` (of the data checks on ``frames``, the dataset with the edits applied)
    split into those that remain and one message per retirement (``retired``: (table, key) to
    where it is, "FILE, line N") that rows of ``frames`` still use, replacing their problems.
    The using rows are found in ``frames`` too (a check that stops early names only some).
    ``added``: rows (table, key) the user added (dropped, not retired); ``in_file``: rows the
    same file adds (their lines are changed or removed); ``withdrawn``: the retired rows are
    the user's own additions, withdrawn in the window (and taken out of ``frames``); ``db``:
    the database --db named, which the drop-edit advice names (None: the default one)."""
    users: dict[_Target, dict[str, set[int]]] = {}
    rest: list[str] = []
    for problem in problems:
        found = _target(problem)
        if found is None or found[0] not in retired or found[1] not in frames:
            rest.append(problem)
            continue
        users.setdefault(found[0], {}).setdefault(found[1], set()).add(found[2])
    for target in retired:
        for table, rows in _users(target, frames).items():
            users.setdefault(target, {}).setdefault(table, set()).update(rows)
    kinds = {"added": set(added), "in_file": set(in_file)}
    told = [_message(retired[t], t, *_labelled(users[t], frames, kinds), withdrawn=withdrawn,
                     db=db)
            for t in sorted(users) if any(users[t].values())]
    return rest, told


def _target(problem: str) -> tuple[_Target, str, int] | None:
    """The retired row (table, key) ``problem`` names as missing, its table and row position."""
    m = _FK.match(problem)
    if m is not None:
        if m["ref"] not in EDITABLE or m["col"] != key_column(m["ref"]):
            return None
        return (m["ref"], _value(m["v"])), m["t"], int(m["n"]) - 2
    for pattern in _REACH:
        if (m := pattern.match(problem)) is not None:
            pair = KEY_SEP.join((_value(m["a"]), _value(m["v"])))
            return ("access", pair), m["t"], int(m["n"]) - 2
    return None


def _value(text: str) -> str:
    try:
        return str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


def _users(target: _Target, frames: Mapping[str, pd.DataFrame]) -> dict[str, set[int]]:
    """Positions, by table, of the rows of ``frames`` that use the retired ``target``: rows
    naming it, or (an access row) relying on the adopter's reach to the vendor."""
    table, key = target
    if table not in frames or table not in EDITABLE:
        return {}
    if table != "access":
        if key in set(frames[table][key_column(table)].astype(str)):
            return {}  # not retired after all (a conflict): nothing uses a missing row
        ref = f"{table}.{key_column(table)}"
        masks: dict[str, pd.Series] = {}
        for name, spec in TABLES.items():  # any of a table's columns (a deal's adopter, host)
            for col in spec.columns:
                if name in frames and col.references == ref and col.name in frames[name]:
                    hit = frames[name][col.name].astype(str) == key
                    masks[name] = hit if name not in masks else masks[name] | hit
        if table == "vendors" and "reported" in frames:
            ids = frames["reported"]["vendor_ids"].astype(str).str.split("+")
            masks["reported"] = ids.map(lambda parts: key in {p.strip() for p in parts})
        return _positions(masks)
    adopter, _, vendor = key.partition(KEY_SEP)
    access = frames["access"]
    if ((access["adopter_id"].astype(str) == adopter) & (access["vendor_id"].astype(str) == vendor)
            & (pd.to_numeric(access["access"], errors="coerce") > 0)).any():
        return {}
    chips = frames.get("chips")
    vendor_of = ({} if chips is None
                 else dict(zip(chips["chip_id"].astype(str), chips["vendor_id"].astype(str),
                               strict=True)))
    masks = {}
    if (hist := frames.get("history")) is not None:
        masks["history"] = ((hist["adopter_id"].astype(str) == adopter)
                            & (pd.to_numeric(hist["h100e"], errors="coerce") > 0)
                            & (hist["chip_id"].astype(str).map(vendor_of) == vendor))
    if (deals := frames.get("deals")) is not None:
        masks["deals"] = ((deals["adopter_id"].astype(str) == adopter)
                          & (deals["vendor_id"].astype(str) == vendor))
    if (rules := frames.get("export_rules")) is not None:
        masks["export_rules"] = ((rules["rule"].astype(str) == "allowed")
                                 & (rules["adopter_id"].astype(str) == adopter)
                                 & (rules["chip_id"].astype(str).map(vendor_of) == vendor))
    return _positions(masks)


def _positions(masks: Mapping[str, pd.Series]) -> dict[str, set[int]]:
    return {name: {int(p) for p in np.flatnonzero(mask.to_numpy(dtype=bool))}
            for name, mask in masks.items() if mask.any()}


# How a row of a table without an edit key is named: by what it is, not by a line of a CSV
# an installed ChipScope does not ship ("amazon a100 2022"; "allowed h100 to china 2026-2040").
_NAMED_BY = {"history": "{adopter_id} {chip_id} {year}", "budgets": "{adopter_id} {year}",
             "export_rules": "{rule} {chip_id} to {adopter_id} {first_year}-{last_year}"}


def _fixed_names(table: str, frame: pd.DataFrame, rows: list[int]) -> list[str]:
    keyed = TABLES[table].key if table in TABLES else ()
    if len(keyed) == 1 and keyed[0] in frame:
        ids = frame[keyed[0]].astype(str).to_numpy()
        return [quoted(ids[p]) for p in rows if p < len(ids)]
    form = _NAMED_BY.get(table, " ".join(f"{{{c}}}" for c in keyed))
    records = [{str(c): str(v) for c, v in frame.iloc[p].items()} for p in rows if p < len(frame)]
    try:
        return [form.format(**record).strip() for record in records]
    except KeyError:  # a column missing: the row's position is all there is
        return [f"row {p + 1}" for p in rows]


def _labelled(users: Mapping[str, set[int]], frames: Mapping[str, pd.DataFrame],
              kinds: Mapping[str, set[_Target]]
              ) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]]]:
    """The using rows by (table, kind), named by key ("'d1'") or, in a table without an edit
    key, by what they are ("amazon a100 2022"); kind: "fixed" (cannot be edited), "added",
    "in_file", "bundled". Then the keys themselves, by (table, kind)."""
    out: dict[tuple[str, str], list[str]] = {}
    ids: dict[tuple[str, str], list[str]] = {}
    for table in [t for t in TABLES if t in users] + sorted(set(users) - set(TABLES)):
        rows = sorted(users[table])
        if table not in EDITABLE:
            out[(table, "fixed")] = _fixed_names(table, frames[table], rows)
            continue
        keys = list(frame_keys(frames[table], table))
        for pos in rows:
            key = keys[pos] if 0 <= pos < len(keys) else None
            kind = next((k for k, slots in kinds.items() if (table, key) in slots), "bundled")
            out.setdefault((table, kind), []).append(quoted(key) if key else f"line {pos + 2}")
            ids.setdefault((table, kind), []).append(key or "")
    return out, ids


def _message(where: str, target: tuple[str, str], users: Mapping[tuple[str, str], list[str]],
             ids: Mapping[tuple[str, str], list[str]], withdrawn: bool = False,
             db: object = None) -> str:
    table, key = target
    noun = _noun(table)
    groups = [_rows(t, kind, rows) for (t, kind), rows in users.items()]
    told = " and ".join(filter(None, (", ".join(groups[:-1]), groups[-1])))
    fixed = [t for t, kind in users if kind == "fixed"]
    if fixed:
        named = " and ".join("the history" if t == "history" else f"the {t} table" for t in fixed)
        advice = f"{named} cannot be edited, so the {noun} stays; remove the line"
    elif withdrawn and all(kind == "added" for _, kind in users):
        them = "it" if sum(map(len, users.values())) == 1 else "them"
        advice = f"withdraw or change {them} first (Retire withdraws a row you added)"
    else:
        advice = "; ".join(_route(kind, [t for t, k in users if k == kind], len(users) > 1,
                                  [i for (_, k), r in ids.items() if k == kind for i in r],
                                  withdrawn, db)
                           for kind in dict.fromkeys(k for _, k in users)) + ", or remove the line"
    one = len(users) == 1 and sum(map(len, users.values())) == 1
    verb = ("relies on" if one else "rely on") if table == "access" else ("uses" if one else "use")
    done = "(which you added) cannot be withdrawn" if withdrawn else "cannot be retired"
    return f"{where}: {noun} {quoted(key)} {done}: {told} {verb} it; {advice}"


def _route(kind: str, tables: list[str], mixed: bool, keys: Sequence[str] = (),
           withdrawn: bool = False, db: object = None) -> str:
    """What can be done with the using rows of one kind (several kinds: each named apart;
    ``keys``: theirs; ``withdrawn``: the used row is the user's own, withdrawn in the window;
    ``db``: the database --db named, which the drop-edit advice names)."""
    one = len(keys) == 1
    named = " and ".join(_noun(t) + ("" if one else "s") for t in tables)
    those, them, their = ("that", "it", "its line") if one else ("those", "them", "their lines")
    if kind == "added":
        rows = f"the {named} you added" if mixed else f"{those} {named}"
        if withdrawn:
            return f"withdraw {rows} (Retire) or change {them} first"  # other kinds too
        table = tables[0] if len(tables) == 1 else "<table>"
        real = len(tables) == 1 and one and keys[0]
        cli = (drop_edit_command(table, keys[0], db) if real
               else f"chipscope-cli data drop-edit {table} <id>"
               + ("" if db is None else " " + shell_option("--db", db)))
        return (f"drop {rows} (`{cli}`, or Retire in "
                f"Edit data, which withdraws an addition) or change {them} first")
    if kind == "in_file":
        rows = f"the {named} this file adds" if mixed else f"{those} {named}"
        return f"change {rows} or remove {their}"
    rows = f"the bundled {named}" if mixed else f"{those} {named}"
    return f"retire or change {rows} first (in this file or in the window)"


def _noun(table: str) -> str:
    """A row of ``table``: "deal", "access row", "history row"."""
    return table[:-1] if table in EDITABLE and table != "access" else f"{table} row"


def _rows(table: str, kind: str, rows: list[str]) -> str:
    many = len(rows) != 1
    shown = ", ".join(rows[:_SHOWN]) + (", ..." if len(rows) > _SHOWN else "")
    whose = {"added": " you added", "in_file": " this file adds"}.get(kind, "")
    return f"{len(rows)} {_noun(table)}{'s' if many else ''}{whose} ({shown})"
