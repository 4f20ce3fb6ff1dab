"""What the CLI's commands share: the error type, common options, loading the dataset, the
assumptions from ``--scenario`` and ``--set``, the projection, and writing tables. How a signal
ends a command is :mod:`chipscope.cli_signals` (its functions are importable from here too).

Importing this module is cheap: pandas, numpy, SQLite and Qt are imported inside the functions.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from chipscope.cli_signals import PROG as PROG  # what the commands import from here
from chipscope.cli_signals import exit_on_interrupt as exit_on_interrupt
from chipscope.cli_signals import exit_on_terminate as exit_on_terminate
from chipscope.cli_signals import restore_interrupt as restore_interrupt
from chipscope.cli_signals import written_note as written_note
from chipscope.prog_name import ENTRY_POINTS as ENTRY_POINTS
from chipscope.prog_name import error_line as error_line
from chipscope.prog_name import invoked_as as invoked_as
from chipscope.prog_name import note_line as note_line

if TYPE_CHECKING:
    import pandas as pd

    from chipscope.model.assumptions import Assumptions
    from chipscope.model.dataset import Dataset
    from chipscope.model.projection import Projection

BASES = ("bf16", "8bit")  # chipscope.model.dataset.BASES, without importing the model here
FLOAT_FORMAT = "%.12g"  # exact to far below the model's precision, and readable


class UsageError(Exception):
    """A mistake the user can fix; printed without a traceback, exit status 2."""


MAX_PROCESSES = 256
"""The most worker processes ``sweep --workers`` and ``calibrate --jobs`` start."""


def shown(path: object) -> str:
    """A path or a name, for the terminal: control, bidirectional and line-break characters
    as escapes (an ESC sequence, U+202E turning the rest of the line around)."""
    from chipscope.model.text_rules import escaped_hidden

    return escaped_hidden(str(path))


def worker_died(option: str) -> UsageError:
    """The error when a worker process of a pool died (``BrokenProcessPool``: the kernel's
    out-of-memory killer, ``kill -9``); ``option`` is the option that sets their number."""
    return UsageError("a worker process ended unexpectedly (killed, perhaps for lack of "
                      f"memory); nothing was written; try fewer {option}")


class OptionValueError(Exception):
    """An option's value is not what the option takes (``--draws 1e3``, ``--draws 0``). The
    parser (:class:`chipscope.cli._Parser`) reports it as one line naming the option,
    ``chipscope-cli: error: --draws: ...``, exit status 2, as the range checks after parsing do.
    Not a ValueError, which argparse would report after three lines of usage."""


def whole_number(text: str) -> int:
    """An argparse type: a whole number in ASCII digits (``32``, ``-1``, ``1_000``), as
    ``--set`` takes them. ``int()`` alone would also take full-width and Arabic-Indic digits
    and spaces around them."""
    import re

    from chipscope.model.invisible import in_a_number
    from chipscope.model.text_rules import MAX_WHOLE_DIGITS, quoted

    if not re.fullmatch(r"[+-]?[0-9]+(?:_[0-9]+)*", text, re.ASCII):
        advice = in_a_number(text) or ("write digits 0-9, with an optional sign and _ between "
                                       "digit groups (such as 32 or 1_000)")
        raise OptionValueError(f"{quoted(text, 40)} is not a whole number: {advice}")
    if (digits := sum(c.isdigit() for c in text)) > MAX_WHOLE_DIGITS:
        raise OptionValueError(f"{quoted(text, 40)} is too large ({digits:,} digits; a "
                               f"whole number here has at most {MAX_WHOLE_DIGITS})")
    return int(text)


def seed_number(text: str) -> int:
    """An argparse type for every ``--seed``: a :func:`whole_number` of 0 or more, checked
    when it is given, with or without the ``--draws`` it seeds (pass 61 F8: only then)."""
    value = whole_number(text)
    if value < 0:
        raise OptionValueError(f"{value} must be 0 or more")
    return value


# --- file names -------------------------------------------------------------------------------
def _name(text: str, whose: str, folder: bool) -> str:
    """``text`` if it can name a file or folder (``whose``: "file's", "folder's", "file's or
    folder's", as the option takes them); else ArgumentTypeError. A Path drops what matters
    here: '' becomes "." (the current folder) and "new.csv/" becomes "new.csv" (a file)."""
    from chipscope.model.text_rules import quoted

    if not text:
        raise argparse.ArgumentTypeError(f"the name is empty; give the {whose} name")
    tail = "/." if text.endswith("/.") else text[-1]
    if not folder and (tail in ("/", "/.") or tail in {os.sep, os.altsep} - {None}):
        raise argparse.ArgumentTypeError(
            f"{quoted(text, 80)} ends in {tail}, which names a folder; give the {whose} name "
            f"without the {tail}")
    return text


def file_path(text: str) -> Path:
    """An argparse type: the name of a file (not '' nor ending in / as in ``new.csv/``, nor
    ``-``: the options of this type read or write no stream, and ``data build --out -`` made a
    database named "-" where standard output was meant)."""
    if text == "-":
        raise argparse.ArgumentTypeError(
            "- (standard input or output) is not taken here; give a file name (./- for a file "
            "named -)")
    return Path(_name(text, "file's", folder=False))


def file_name(text: str) -> str:
    """:func:`file_path` as text (an ``--out`` where '-' is standard output)."""
    return _name(text, "file's", folder=False)


def csv_out(text: str) -> str:
    """An argparse type: a CSV output's name ('-' is standard output), refused at once when
    its extension is another type's (``--out cheaper.toml``; checked again where it is written,
    :func:`chipscope.storage.files.write_csv`)."""
    from chipscope.model.text_rules import quoted
    from chipscope.storage.output_names import csv_name_problem

    if (problem := csv_name_problem(_name(text, "file's", folder=False))) is not None:
        raise argparse.ArgumentTypeError(f"{quoted(text, 80)} {problem}")
    return text


def folder_path(text: str) -> Path:
    """An argparse type: the name of a folder (or of a file or a folder), not ''."""
    return Path(_name(text, "folder's", folder=True))


def file_or_folder_path(text: str) -> Path:
    """An argparse type: the name of a file, or of a folder that exists. A name ending in /
    or /. names a folder: "x/n.svg/" is refused unless the folder x/n.svg exists (a Path would
    drop the / and write the file x/n.svg, a name the user did not type); a folder on its way
    that cannot be entered is named in every writer's words (:func:`chipscope.file_access.look`:
    pathlib's is_dir() raised PermissionError, and the command ended silently, m45)."""
    from chipscope.file_access import look
    from chipscope.model.text_rules import quoted
    from chipscope.storage.output_folder import folder_problem

    path = Path(_name(text, "file's or folder's", folder=True))
    try:
        _name(text, "file's", folder=False)
    except argparse.ArgumentTypeError:
        if (seen := look(path)).denial is not None:
            raise OptionValueError(f"cannot use the folder {shown(text)}: "
                                   f"{seen.denial.refusal()}") from None
        if not seen.is_dir:
            tail = "/." if text.endswith("/.") else text[-1]
            if (problem := folder_problem(path, missing=False)) is not None:
                # "sl/loop is a symlink loop; remove the link or ..." (every writer's words)
                raise argparse.ArgumentTypeError(
                    f"{quoted(text, 80)} ends in {tail}, which names a folder, but "
                    f"{shown(problem[0])}; {problem[1]}") from None
            raise argparse.ArgumentTypeError(
                f"{quoted(text, 80)} ends in {tail}, which names a folder, and there is no "
                f"folder {quoted(str(path), 80)}; give the file's name without the {tail}, or a "
                "folder that exists") from None
    return path


# --- options ----------------------------------------------------------------------------------
def add_db(p: argparse.ArgumentParser) -> None:
    """Add ``--db PATH``."""
    # SUPPRESS keeps a global `--db` given before the subcommand from being reset to None.
    p.add_argument("--db", type=file_path, metavar="PATH", default=argparse.SUPPRESS,
                   help="a ChipScope database (default: your own, made from the bundled one)")


def add_inputs(p: argparse.ArgumentParser) -> None:
    """Add what a projection is made from: ``--scenario``, ``--basis``, ``--set`` and ``--db``."""
    p.add_argument("--scenario", type=file_path, metavar="FILE.toml",
                   help="scenario file applied to the defaults (see docs/scenario-format.md)")
    p.add_argument("--basis", choices=BASES, default="bf16",
                   help="what 1 H100e is: bf16 = 989 dense BF16 TFLOP/s (default), 8bit = "
                        "1,979 dense FP8/INT8 TOP/s (Epoch AI's basis); values given in H100e "
                        "(--set, scenarios) stay on the dense BF16 basis")
    p.add_argument("--set", dest="sets", action="extend", nargs="+", default=[],
                   metavar="KEY=VALUE",
                   help="set one assumption, after the scenario (repeatable; "
                        "`chipscope-cli assumptions` lists the keys)")
    add_db(p)


# --- shared steps -----------------------------------------------------------------------------
def load(args: argparse.Namespace) -> Dataset:
    """The dataset of ``--db``, else of the user's own database (:func:`own_database`; the
    commands that call this only read)."""
    from chipscope.storage import load_dataset

    db: Path | None = getattr(args, "db", None)
    if db is not None:
        return load_dataset(db)
    return own_database(writes=False)[0]


def own_database(*, writes: bool) -> tuple[Dataset, Path]:
    """The user's own database, made from the bundled one on first use: its dataset and path.
    When it does not exist and cannot be made (its data folder, existing or missing, takes no
    new file: read-only, append-only, full), a command that only reads (``writes`` False)
    reads the bundled database, with a note saying why and how to choose the folder; one that
    writes is refused in the same sentence. The one place this is decided (pass 37 F4:
    ``run`` fell back, ``data diff`` was told a write failed, and a missing folder that could
    not be made refused both)."""
    from chipscope.cli_stdout import watch_made
    from chipscope.storage import StorageError, load_dataset
    from chipscope.storage.errors import BundledUnusable
    from chipscope.storage.files import FileRefused
    from chipscope.storage.home_folder import unusable_home
    from chipscope.storage.repository import open_user_database_noted

    refusal = unusable_home()  # asked first: nothing is tried in such a folder
    if refusal is not None and writes:
        raise FileRefused(refusal)
    if refusal is None:
        try:
            dataset, db, note = open_user_database_noted()
        except StorageError as exc:  # the copy failed all the same (a full disk)
            if writes or isinstance(exc, BundledUnusable) or _instead_of_unmade() is None:
                raise  # (the bundled data cannot be read instead: one message, not two)
            refusal = str(exc)
        else:
            if note is not None:  # CHIPSCOPE_BUNDLED_DB names no usable file: not used
                print(f"Note: {note}", file=sys.stderr)
            watch_made(db)
            return dataset, db
    from chipscope import paths

    bundled = paths.bundled_db_path()
    print(f"Note: {refusal} The bundled data were read instead (--db PATH reads another "
          "database).", file=sys.stderr)
    return load_dataset(bundled), bundled


def _instead_of_unmade() -> Path | None:
    """The bundled database when the user's own does not exist in a data folder that does, or
    that is missing below a folder (it could not be made there: a full disk), else None (a
    data folder that is a file or a symlink loop stays an error: CHIPSCOPE_HOME is wrong)."""
    from chipscope import paths

    try:
        own = paths.user_data_location() / paths.DB_FILENAME
        folder = own.parent  # or the folder it was to be made in (taken back, pass 60 F3)
        while not os.path.lexists(folder) and folder.parent != folder:
            folder = folder.parent
        if own.exists() or own.is_symlink() or not folder.is_dir():
            return None
        return paths.bundled_db_path()
    except Exception:  # noqa: BLE001 - the first error says what is wrong
        return None


def _without_effect(dataset: Dataset, changes: dict[str, float]) -> list[str]:
    """Per adopter-vendor keys (affinity, minimum share) set away from 0 for a pair with no
    access: the engine ignores them (the window greys those fields out)."""
    out = []
    reach = dataset.vendor_reach_matrix
    for key, value in changes.items():
        parts = key.split(".")
        if (len(parts) == 4 and parts[0] == "adopter" and parts[2] in ("affinity", "min_share")
                and value != 0):
            a, v = dataset.adopter_ids.index(parts[1]), dataset.vendor_ids.index(parts[3])
            if not reach[a, v]:
                out.append(key)
    return out


def assumptions(dataset: Dataset, scenario: Path | None, sets: Sequence[str],
                db: Path | None = None) -> Assumptions:
    """The defaults, then the scenario file, then the ``--set`` items (``db``: the --db given,
    named by a command the advice of the scenario file or a --set item prints).

    Raises
    ------
    UsageError
        A scenario or ``--set`` value is invalid.
    StorageError
        The scenario file cannot be read.
    """
    from chipscope.model.assumptions import (
        AssumptionSpecs,
        parse_set_options,
        repeated_set_keys,
    )
    from chipscope.storage.scenario_files import read_scenario_file

    specs = AssumptionSpecs.for_dataset(dataset, db)
    values = specs.defaults()
    if scenario is not None:
        try:
            values = read_scenario_file(scenario, specs, source=str(scenario), db=db).apply(values)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if sets:
        try:
            changes = parse_set_options(specs, sets)
        except ValueError as exc:
            raise UsageError(f"--set: {exc}") from None
        values = values.replace(changes)
        for key, texts in repeated_set_keys(sets).items():
            listed = ", ".join(texts[:5]) + (", ..." if len(texts) > 5 else "")
            print(f"Warning: --set {key} is given {len(texts)} times "
                  f"({listed}); the last one, {texts[-1]}, is used.", file=sys.stderr)
        for key in _without_effect(dataset, changes):
            print(f"Note: --set {key} has no effect: that adopter cannot buy that vendor's "
                  "chips (no access, or export rules).", file=sys.stderr)
    return values


def project(dataset: Dataset, assumptions: Assumptions, basis: str) -> Projection:
    """The projection on ``basis``; says on stderr when the basis rests on an estimate."""
    from chipscope.model.basis import basis_note, project_on_basis

    if note := basis_note(dataset, basis):
        print(f"Note: {note}", file=sys.stderr)
    return project_on_basis(dataset, assumptions, basis)


def write_csv(frame: pd.DataFrame, out: str, inputs: tuple[Path | None, ...] = (),
              metadata: dict[str, str] | None = None) -> TextIO:
    """Write a command's table as CSV to ``out`` ('-': stdout), formula-like text cells
    escaped, after ``metadata`` as ``# key: value`` lines (:func:`csv_metadata`). A file is
    written atomically (:func:`chipscope.storage.files.write_csv`): on any failure the old
    file stays as it was and a StorageError names the file and the cause. The command's
    ``inputs`` (its scenario file, its database) are never overwritten. Returns where the
    command's messages go: stderr when the CSV went to stdout, else stdout."""
    from chipscope.cli_stdout import stdout_onto_input, write_stdout
    from chipscope.storage import files

    if out == "-":
        if message := stdout_onto_input([p for p in inputs if p is not None]):
            raise UsageError(message)
        write_stdout(files.csv_text(frame, float_format=FLOAT_FORMAT, metadata=metadata))
        return sys.stderr
    files.write_csv(frame, Path(out), "CSV file", float_format=FLOAT_FORMAT,
                    inputs=tuple(p for p in inputs if p is not None), metadata=metadata)
    return sys.stdout


def csv_metadata(args: argparse.Namespace, dataset: Dataset, values: Assumptions,
                 table: str) -> dict[str, str]:
    """The ``# key: value`` lines of a command's CSV: the dataset, the scenario (the
    ``--scenario`` file's name, "defaults" without one; "+ --set" when ``--set`` changed it),
    its changes from the defaults, the basis, the ChipScope version and ``table``."""
    from chipscope.model.export_meta import RUN_PRECISION, export_metadata
    from chipscope.storage.scenario_files import read_scenario_file

    name = "defaults"
    if args.scenario is not None:
        name = read_scenario_file(args.scenario, values.specs, source=str(args.scenario)).name
    if args.sets:
        name += " + --set"
    return export_metadata(dataset, {name: values}, getattr(args, "basis", "bf16"),
                           [("table", table), ("precision", RUN_PRECISION)])


def headless_qt() -> int | None:
    """Before a command draws with Qt: Ctrl+C ends it at once (:func:`exit_on_interrupt`),
    the offscreen platform when there is no display (a terminal over SSH, CI), then the
    system-library check. Returns the exit status when Qt cannot start here (the message is
    printed), else None."""
    from chipscope.platform_check import check_platform

    exit_on_interrupt()
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return check_platform()


def print_table(rows: list[list[str]], out: TextIO) -> None:
    """Print ``rows`` (the first one the header) as plain-text columns, each cell on one line
    (a name holding a line break or a carriage return must not overwrite the key column on a
    terminal: pass 78, F1)."""
    from chipscope.model.export_meta import one_line

    rows = [[one_line(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)
