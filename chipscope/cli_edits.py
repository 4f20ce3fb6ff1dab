"""``chipscope data diff | import-edits | export-edits | keep-edit | drop-edit``: the user's
data edits on the command line (docs/data-editing.md). Registered by :mod:`chipscope.cli_data`.

Importing this module is cheap: the model, pandas and SQLite are imported inside the commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chipscope.cli_common import UsageError, add_db, csv_out, file_path, shown

if TYPE_CHECKING:
    from collections.abc import Iterable

    from chipscope.model.edits import Edit

TABLE_CHOICES = ("deals", "chips", "adopters", "vendors", "sources", "access")


def add_data_commands(data_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the edit commands under ``data``."""
    diff = data_sub.add_parser("diff", help="list your data edits against the bundled data")
    add_db(diff)
    diff.set_defaults(func=cmd_diff)
    imp = data_sub.add_parser(
        "import-edits", help="apply a CSV of deals, chips or adopters (documented columns), or "
                             "an edits file from export-edits, in one step")
    imp.add_argument("file", type=file_path, metavar="FILE.csv")
    imp.add_argument("--table", choices=TABLE_CHOICES,
                     help="the table a CSV of documented columns is for (default: from its "
                          "header)")
    add_db(imp)
    imp.set_defaults(func=cmd_import)
    exp = data_sub.add_parser("export-edits", help="write your data edits as a CSV another "
                                                   "ChipScope imports")
    exp.add_argument("--out", type=csv_out, metavar="FILE.csv", required=True,
                     help="the CSV file to write ('-': standard output, as for run --out)")
    exp.add_argument("--table", choices=TABLE_CHOICES,
                     help="write this table's added and edited rows in its documented "
                          "columns plus the source (default: the edits file, every edit)")
    add_db(exp)
    exp.set_defaults(func=cmd_export)
    for name, help_text, func in (
            ("keep-edit", "keep your edit over a changed bundled row (a conflict)", cmd_keep),
            ("drop-edit", "drop your edit of a row (a conflict, or any edit)", cmd_drop)):
        p = data_sub.add_parser(name, help=help_text)
        p.add_argument("table", help=f"{', '.join(TABLE_CHOICES)}; for drop-edit also the "
                                     "table a damaged edit names")  # checked by the command
        p.add_argument("key", metavar="ID", help="the row's id (deal_id, chip_id, ...; an "
                                                 "access row's adopter_id.vendor_id)")
        add_db(p)
        p.set_defaults(func=func)


def _db(args: argparse.Namespace, *, writes: bool = True) -> Path:
    """The database the edits live in: ``--db``, else the user's own (made on first use; when
    it cannot be made, the bundled one for a command that only reads, with a note:
    :func:`chipscope.cli_common.own_database`)."""
    db: Path | None = getattr(args, "db", None)
    if db is not None:
        if writes:
            _refuse_unenterable(db)
            _refuse_shut(db)
        return db
    from chipscope.cli_common import own_database

    own = own_database(writes=writes)[1]
    if writes:
        _refuse_shut(own)
    return own


def _refuse_shut(db: Path) -> None:
    """DatabaseReadOnly for a database the command writes that is neither readable nor
    writable (``chmod 000``), before it is read: "make it readable and writable (chmod u+rw)"
    at once, not u+r and then a second refusal for a read-only file (pass 64 F9)."""
    from chipscope.storage.errors import DatabaseReadOnly
    from chipscope.storage.write_permission import SHUT_CAUSE, SHUT_REMEDY, shut_file

    if shut_file(db):
        raise DatabaseReadOnly.about(f"The database {db}", SHUT_CAUSE.removeprefix("it "),
                                     f"{SHUT_REMEDY} or work on a copy")


def _refuse_unenterable(db: Path) -> None:
    """DatabaseReadOnly for the ``--db`` a command writes when its own folder cannot be entered
    and lacks its write bit too, before it is read: in a writer's words, "make that folder
    accessible and writable (chmod u+wx)", where SQLite makes its journal (pass 62 F4), not the
    reader's u+x, which only led to "is read-only" next. A folder further up keeps the reader's
    words (u+x is all it needs)."""
    from chipscope.file_access import look
    from chipscope.storage.errors import read_only

    if (denied := look(db, writes=True).denial) is not None and denied != look(db).denial:
        raise read_only(db)


def _key_text(key: str) -> str:
    """An ID the user typed, for a one-line message: in quotes, so spaces around it show, with
    control and invisible characters escaped (an escape sequence would act on the terminal),
    a long one shortened (:func:`~chipscope.model.text_rules.quoted`, as ``data check`` shows
    an id)."""
    from chipscope.model.text_rules import quoted

    return quoted(key) + ("" if key else " (an empty id)")


def _table_text(table: str) -> str:
    """A table the user typed, for a message: plain when it is one of the six, else quoted."""
    from chipscope.model.text_rules import quoted

    return table if table in TABLE_CHOICES else quoted(table)


def _check_table(table: str, stored: Iterable[str] = ()) -> None:
    """UsageError unless ``table`` is one of the six or in ``stored`` (the table a stored edit
    names, a damaged one among them, which drop-edit drops)."""
    if table not in TABLE_CHOICES and table not in set(stored):
        raise UsageError(f"argument table: no such table {_table_text(table)}; the tables are "
                         f"{', '.join(TABLE_CHOICES)}")


def _no_edit(args: argparse.Namespace, what: str, ids: Iterable[str]) -> UsageError:
    """The refusal of keep-edit and drop-edit for an ID with no such edit (``what``: "you have
    no edit of this row"), naming an edited row's id it is but for spaces, an invisible
    character or case (pass 53 F6), with the advice of both commands."""
    from chipscope.model.typed_ids import near_id

    near = near_id(args.key, ids)
    return UsageError(f"{_table_text(args.table)} {_key_text(args.key)}: {what}"
                      f"{'' if near is None else '; ' + near} "
                      f"(`{_edits_command(args, 'diff')}` lists your edits)")


def _edits_command(args: argparse.Namespace, command: str, *words: str) -> str:
    """The ``data COMMAND WORDS`` command printed as advice, with the --db it was given."""
    from chipscope.model.shell_words import shell_command

    db = getattr(args, "db", None)
    return shell_command(f"chipscope-cli data {command}", words,
                         [] if db is None else [("--db", db)])


def _row_text(edit: Edit, base_row: dict[str, str] | None) -> list[str]:
    """What the edit changes, one line a field."""
    if edit.operation == "retire":
        return []
    if base_row is None:
        keep = ("name", "adopter_id", "vendor_id", "access", "chip_id", "amount", "amount_unit",
                "h100e_per_year", "first_year", "last_year")
        return [f"    {k} = {edit.fields[k]}" for k in keep if edit.fields.get(k)]
    from chipscope.model.edit_keys import same_cell

    return [f"    {k}: {base_row.get(k, '')!r} -> {v!r}" for k, v in edit.fields.items()
            if k not in ("source_id", "confidence")
            and not same_cell(edit.table, k, base_row.get(k, ""), v)]


def cmd_diff(args: argparse.Namespace) -> int:
    """``data diff``: every edit, what it changes, and whether it applies."""
    from chipscope.model.edits import find_row
    from chipscope.storage.overlay import load_overlay

    db = _db(args, writes=False)
    base, overlay = load_overlay(db)
    conflicts = {(c.edit.table, c.edit.key): c.reason for c in overlay.conflicts}
    edits = [*overlay.applied, *(c.edit for c in overlay.conflicts)]
    if not edits:  # edits in a renamed table are no edits, but say that the table is there
        from chipscope.storage.user_work import unknown_tables_note

        print(f"{shown(db)}: no data edits; the data are the bundled data"
              f"{unknown_tables_note(db)}.")
        return 0
    print(f"{shown(db)}: {len(edits)} data edit(s), {len(conflicts)} in conflict")
    for edit in sorted(edits, key=lambda e: (e.table, e.key)):
        reason = conflicts.get((edit.table, edit.key))
        state = f"CONFLICT, not applied: {reason}" if reason else "applied"
        print(f"{edit.operation:6} {shown(edit.table)} {shown(edit.key)} ({state})")
        for line in _row_text(edit, find_row(base, edit.table, edit.key)):
            print(shown(line))  # a value another program stored: shown, never obeyed
        src = edit.source
        cited = ", ".join(part for part in (  # or only the id of a source the dataset has:
            f"{src.citation} <{src.url}>" if src.url else src.citation,
            f"retrieved {src.retrieved}" if src.retrieved else "", src.licence) if part)
        if src.existing_id:
            cited = f"{cited} ({src.existing_id})" if cited else \
                f"{src.existing_id} (a source of the dataset)"
        confidence = f"; confidence {edit.confidence}" if edit.confidence else ""  # P81-F5
        print(shown(f"    source: {cited}{confidence}"))
    if conflicts:
        drop, keep = (_edits_command(args, c, "TABLE", "ID") for c in ("drop-edit", "keep-edit"))
        print(f"Resolve each conflict: `{drop}` drops it, `{keep}` makes yours again over a "
              "newer bundled row, or import an adapted row (or the row it needs).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """``data import-edits FILE``: every row checked; all applied in one transaction, or none."""
    from chipscope.storage.edit_files import EditFileError, read_edits_csv
    from chipscope.storage.overlay import load_overlay
    from chipscope.storage.user_edits import change_edits, list_edits

    db = _db(args)
    base, overlay = load_overlay(db)
    current = list_edits(db)
    aside = {(c.edit.table, c.edit.key) for c in overlay.conflicts}  # not found again
    notes: list[str] = []  # the rows equal to the current ones: not stored (pass 37)
    try:
        edits = read_edits_csv(args.file, base, current, args.table, set_aside=aside,
                               notes=notes, db=args.db)
    except EditFileError as exc:
        listed = "\n".join(f"  {p}" for p in exc.problems[:50])
        more = f"\n  ... and {len(exc.problems) - 50:,} more" if len(exc.problems) > 50 else ""
        raise UsageError(f"{args.file}: nothing imported, {len(exc.problems)} problem(s):\n"
                         f"{listed}{more}") from None
    for note in notes:
        print(shown(note))
    if not edits and notes:  # nothing to do is not an error; nothing is written
        print("Nothing to import: every row equals the current data.")
        return 0
    if not edits:
        raise UsageError(f"{args.file}: no rows to import")
    change_edits(db, edits, [], all_seen=current)  # checked against these: none changed since
    print(f"Imported {len(edits)} edit(s) into {shown(db)}: {_rows_told(edits)}.")
    return 0


_ROWS = {"add": "added row", "edit": "changed row", "retire": "retired row"}


def _rows_told(edits: list[Edit]) -> str:
    """What an import did, in words: "1 added row, 2 changed rows" (pass 41: "2 edit")."""
    counts = [(n, _ROWS[op]) for op in _ROWS
              if (n := sum(e.operation == op for e in edits))]
    return ", ".join(f"{n} {what}{'s' if n != 1 else ''}" for n, what in counts)


def cmd_export(args: argparse.Namespace) -> int:
    """``data export-edits --out FILE``: the edits file a colleague imports."""
    from chipscope.storage.edit_files import write_edits_csv, write_table_csv
    from chipscope.storage.user_edits import list_edits

    db = _db(args, writes=False)
    edits = list_edits(db)
    if not edits:  # edits in a renamed table are no edits, but say that the table is there
        from chipscope.storage.user_work import unknown_tables_note

        raise UsageError(f"{db}: no data edits to export{unknown_tables_note(db)}")
    if str(args.out) == "-":  # standard output, as run --out - writes
        from chipscope.cli_stdout import write_stdout
        from chipscope.storage.edit_files import edits_frame, table_frame
        from chipscope.storage.files import csv_text

        frame = edits_frame(edits) if args.table is None else table_frame(edits, args.table)
        write_stdout(csv_text(frame))
        print(f"Wrote {len(frame)} {'edit(s)' if args.table is None else args.table + ' row(s)'}"
              " to standard output.", file=sys.stderr)
        return 0
    if args.table is not None:
        rows = write_table_csv(edits, args.table, Path(args.out), inputs=(db,))
        print(f"Wrote {rows} {args.table} row(s) to {shown(args.out)} (retirements are only in "
              "the edits file).")
        return 0
    write_edits_csv(edits, Path(args.out), inputs=(db,))
    print(f"Wrote {len(edits)} edit(s) to {shown(args.out)}.")
    return 0


def cmd_keep(args: argparse.Namespace) -> int:
    """``data keep-edit TABLE ID``: the edit made again against the current bundled row."""
    from chipscope.model.edit_checks import check_edit
    from chipscope.model.edits import EditRejected, rebase
    from chipscope.storage.overlay import load_overlay
    from chipscope.storage.user_edits import change_edits

    _check_table(args.table)
    db = _db(args)
    base, overlay = load_overlay(db)
    conflict = next((c for c in overlay.conflicts
                     if (c.edit.table, c.edit.key) == (args.table, args.key)), None)
    if conflict is None:
        raise _no_edit(args, "no edit in conflict", (c.edit.key for c in overlay.conflicts
                                                     if c.edit.table == args.table))
    try:
        edit = rebase(conflict.edit, base)
        check_edit(base, overlay.applied, edit)
    except EditRejected as exc:
        raise UsageError(f"{args.table} {_key_text(args.key)}: cannot be kept as it is: "
                         f"{exc}; adapt it (import a corrected row) or drop it") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if (why := _still_conflict(base, [*overlay.applied, *(c.edit for c in overlay.conflicts)],
                               edit)) is not None:
        raise UsageError(f"{args.table} {_key_text(args.key)}: cannot be kept, it would still "
                         f"not apply: {why}; adapt it (import a corrected row) or drop it")
    # the edit as read: one another program stored since is not overwritten (EditsChanged)
    change_edits(db, [edit], [], expected={(args.table, args.key): conflict.edit})
    print(f"Kept your {edit.operation} of {args.table} {_key_text(args.key)}: "
          f"{json.dumps(edit.fields.get('name', args.key))} applies again.")
    return 0


def _still_conflict(base: dict[str, Any], stored: list[Edit], edit: Edit) -> str | None:
    """Why ``edit`` (replacing the stored edit of its row) would still be a conflict when the
    dataset is built with every stored edit, as every load builds it; None: it applies."""
    from chipscope.model.edits import build_dataset

    slot = (edit.table, edit.key)
    edits = sorted([*(e for e in stored if (e.table, e.key) != slot), edit],
                   key=lambda e: e.created_at)  # the order they are stored in
    return next((c.reason for c in build_dataset(base, edits)[1].conflicts
                 if (c.edit.table, c.edit.key) == slot), None)


def cmd_drop(args: argparse.Namespace) -> int:
    """``data drop-edit TABLE ID``: forget the edit (the bundled row shows again). An edit of
    the user's that stops applying with it (a new adopter without its only access row) is kept,
    as a conflict, and named on stderr."""
    import sys

    from chipscope.model.edits import build_dataset
    from chipscope.storage import StorageError
    from chipscope.storage.errors import EditsChanged
    from chipscope.storage.overlay import load_overlay
    from chipscope.storage.user_edits import change_edits, list_edits, remove_edit, stored_slots

    try:
        db = _db(args)
    except StorageError:  # the user's own database, whose edits cannot be read (a damaged one)
        own = None if getattr(args, "db", None) is not None else _user_db_file()
        if own is None:  # --db, none, or the data folder cannot be used: the error says which
            raise
        db = own
    if args.table not in TABLE_CHOICES:  # else the table of a damaged edit, to drop it
        _check_table(args.table, (table for table, _ in stored_slots(db)))
    none = _no_edit(args, "you have no edit of this row", ())
    try:
        edits = list_edits(db)
    except StorageError:  # a damaged edit: it can still be dropped, by its table and key
        if (args.table, args.key) not in stored_slots(db):
            raise
        if not remove_edit(db, args.table, args.key):  # another program dropped it meanwhile
            raise none from None
        print(f"Dropped your damaged edit of {_table_text(args.table)} {_key_text(args.key)}.")
        return 0
    slot = (args.table, args.key)
    seen = next((e for e in edits if (e.table, e.key) == slot), None)
    if seen is None:
        raise _no_edit(args, "you have no edit of this row",
                       (e.key for e in edits if e.table == args.table))
    try:  # only the edit listed: one another program stored since stays (EditsChanged)
        if change_edits(db, [], [slot], expected={slot: seen}):
            raise none  # another program dropped it meanwhile (already gone)
    except EditsChanged:
        if slot not in stored_slots(db):  # another program dropped it meanwhile
            raise none from None
        raise
    print(f"Dropped your edit of {args.table} {_key_text(args.key)}.")
    # what stops applying without it, over the edits as they are now (after the drop)
    base, rest = load_overlay(db)[0], list_edits(db)
    with_it = sorted([*rest, seen], key=lambda e: e.created_at)  # the order they are stored in
    before = {(c.edit.table, c.edit.key) for c in build_dataset(base, with_it)[1].conflicts}
    for c in build_dataset(base, rest)[1].conflicts:
        if (c.edit.table, c.edit.key) not in before:
            print(f"Note: your {c.edit.describe()} no longer applies without it: {c.reason}; "
                  f"it is kept (`{_edits_command(args, 'diff')}` lists it): drop it too, or "
                  "import the row it needs.",
                  file=sys.stderr)
    return 0


def _user_db_file() -> Path | None:
    """The user's own database if it is a file there, else None (also when the data folder is
    a file, a FIFO, a symlink loop or cannot be read: :func:`_db` has said so already)."""
    from chipscope import paths

    try:
        db = paths.user_data_location() / paths.DB_FILENAME  # no folder made to ask
        return db if db.is_file() else None
    except OSError:
        return None
