"""``chipscope data build`` and ``chipscope data check`` (registered by :mod:`chipscope.cli`).

Heavy imports (pandas, storage) happen inside the commands.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from pathlib import Path

from chipscope import cli_edits
from chipscope.cli_common import UsageError, file_path, folder_path, shown
from chipscope.cli_stdout import folder_tables

CSV_DIR_HELP = ("default: ./data (in the current folder) when it holds the dataset CSVs, "
                "else the data/ folder beside the installed chipscope package")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``data build`` and ``data check`` to the CLI's subcommands."""
    data = sub.add_parser("data", help="build or check the dataset")
    data_sub = data.add_subparsers(title="data commands", metavar="ACTION", required=True)
    build = data_sub.add_parser("build", help="build the database from the CSV sources")
    build.add_argument("--csv-dir", type=folder_path, metavar="DIR", help=CSV_DIR_HELP)
    build.add_argument("--out", type=file_path, metavar="DB",
                       help="default: chipscope.db in the folder --csv-dir defaults to")
    build.set_defaults(func=cmd_data_build, more_inputs=_default_tables)
    check = data_sub.add_parser("check", help="check the CSV sources or a database")
    where = check.add_mutually_exclusive_group()
    where.add_argument("--csv-dir", type=folder_path, metavar="DIR", help=CSV_DIR_HELP)
    where.add_argument("--db", dest="check_db", type=file_path, metavar="DB", help="a database")
    check.set_defaults(func=cmd_data_check, more_inputs=_default_tables)
    cli_edits.add_data_commands(data_sub)  # diff, import-edits, export-edits, keep/drop-edit
    for name in ("import-edits", "keep-edit", "drop-edit"):  # a later failure says they did
        data_sub.choices[name].set_defaults(changes_db=True)  # (cli_stdout.changed_note)


MAX_LISTED = 50
"""Problems listed by data check / build; the rest are counted."""


def _problems(what: str, problems: Sequence[str]) -> str:
    if len(problems) == 1:  # named as a list is: by the database or folder (or a file in it), once
        one = problems[0]
        named = re.search(rf"(^|\s){re.escape(what)}(?=[\s:,;/]|\.?$|\.\s)", one)
        if named or one.startswith(what):
            return one
        return f"{what}: {one[0].lower() + one[1:] if one[1:2].islower() else one}"
    from chipscope.model.formatting import capped  # the model loads numpy: not at CLI start

    return f"{what} has {len(problems)} problems:\n" + "\n".join(
        f"  {p}" for p in capped(list(problems), MAX_LISTED))


def _has_dataset_csvs(folder: Path) -> bool:
    """Whether ``folder`` holds ``<table>.csv`` for every table of the dataset."""
    from chipscope.model.dataset import TABLES

    return all(os.path.isfile(folder / f"{name}.csv")  # an unenterable folder: False, no raise
               for name, t in TABLES.items() if not t.optional)


def _cannot_enter(folder: Path) -> bool:
    """Whether ``folder`` is there but its files cannot be looked at (permission bits): the
    default folder then, whose check says so, rather than another folder read silently."""
    try:
        os.lstat(folder / "sources.csv")
    except PermissionError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _default_csv_dir(required: bool = True) -> Path:
    """The CSV folder used without ``--csv-dir``: ``./data`` when it holds the dataset CSVs,
    else :func:`chipscope.paths.data_source_dir` (the checkout's ``data/``).

    Parameters
    ----------
    required : bool
        Raise :class:`UsageError`, naming both folders, when neither holds the CSVs.
        With False, the fallback folder is returned anyway (for ``--out``'s default).
    """
    from chipscope import paths

    here = Path.cwd() / "data"
    if _has_dataset_csvs(here) or _cannot_enter(here):
        return here
    fallback = paths.data_source_dir()
    if _has_dataset_csvs(fallback) or not required:
        return fallback
    raise UsageError(f"no dataset CSVs found (looked in {here} and {fallback}): "
                     "use --csv-dir DIR to name the folder that holds them")


def _csv_source(args: argparse.Namespace) -> Path:
    """The CSV folder data build or data check reads: ``--csv-dir``, else the default one."""
    return args.csv_dir or _default_csv_dir()


def _default_tables(args: argparse.Namespace) -> list[Path]:
    """The CSV files data build or check reads from the default folder (none when a folder or
    database is named: the guard of standard output already has those)."""
    if args.csv_dir is not None or getattr(args, "check_db", None) is not None or \
            getattr(args, "db", None) is not None:
        return []
    return folder_tables(_csv_source(args))


def cmd_data_build(args: argparse.Namespace) -> int:
    """``chipscope data build``: the database from the CSV sources."""
    from chipscope.model.dataset import DatasetError
    from chipscope.storage import build_database

    if getattr(args, "db", None) is not None:  # the global --db: never silently ignored
        raise UsageError(f"data build reads --csv-dir and writes --out; it takes no --db "
                         f"(given {args.db})")
    csv_dir = _csv_source(args)
    out: Path = args.out or _default_csv_dir(required=False) / "chipscope.db"
    try:
        ds = build_database(csv_dir, out)
    except DatasetError as exc:
        raise UsageError(_problems(str(csv_dir), exc.problems)) from None
    years = ds.history_years
    print(f"Built {shown(out)} from {shown(csv_dir)}: {len(ds.vendor_ids)} vendors, "
          f"{len(ds.chip_ids)} chips, "
          f"{len(ds.adopter_ids)} adopters, {len(ds.history)} history rows "
          f"({int(years[0])}-{int(years[-1])}), {len(ds.deals)} deals.")
    return 0


def cmd_data_check(args: argparse.Namespace) -> int:
    """``chipscope data check``: the CSV sources or a database, every problem listed."""
    from chipscope.storage import check_csv_dir, check_database

    where: Path
    db = args.check_db if args.check_db is not None else getattr(args, "db", None)
    if db is not None and args.csv_dir is not None:  # the global --db beside --csv-dir
        raise UsageError("data check: argument --csv-dir: not allowed with argument --db")
    if db is not None:  # its own --db, or the global one (`chipscope --db X data check`)
        where = db
        problems = check_database(where)
    else:
        where = _csv_source(args)
        problems = check_csv_dir(where)
    if problems:
        raise UsageError(_problems(str(where), problems))
    print(f"{shown(where)}: no problems found.")
    return 0
