"""What the CLI's commands share: the error type, common options, loading the dataset, the
assumptions from ``--scenario`` and ``--set``, the projection, and writing tables.

Importing this module is cheap: pandas, numpy, SQLite and Qt are imported inside the functions.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from chipscope import child_processes
from chipscope.cli_stdout import changed_note

if TYPE_CHECKING:
    import pandas as pd

    from chipscope.model.assumptions import Assumptions
    from chipscope.model.dataset import Dataset
    from chipscope.model.projection import Projection

PROG = "chipscope"
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
    ``chipscope: error: --draws: ...``, exit status 2, as the range checks after parsing do.
    Not a ValueError, which argparse would report after three lines of usage."""


def whole_number(text: str) -> int:
    """An argparse type: a whole number in ASCII digits (``32``, ``-1``, ``1_000``), as
    ``--set`` takes them. ``int()`` alone would also take full-width and Arabic-Indic digits
    and spaces around them."""
    import re

    from chipscope.model.text_rules import MAX_WHOLE_DIGITS, quoted

    if not re.fullmatch(r"[+-]?[0-9]+(?:_[0-9]+)*", text, re.ASCII):
        raise OptionValueError(f"{quoted(text, 40)} is not a whole number: "
                                         "write digits 0-9, with an optional sign and _ "
                                         "between digit groups (such as 32 or 1_000)")
    if (digits := sum(c.isdigit() for c in text)) > MAX_WHOLE_DIGITS:
        raise OptionValueError(f"{quoted(text, 40)} is too large ({digits:,} digits; a "
                               f"whole number here has at most {MAX_WHOLE_DIGITS})")
    return int(text)


# --- file names -------------------------------------------------------------------------------
def _name(text: str, what: str, folder: bool) -> str:
    """``text`` if it can name ``what``; else ArgumentTypeError. A Path drops what matters
    here: '' becomes "." (the current folder) and "new.csv/" becomes "new.csv" (a file)."""
    from chipscope.model.text_rules import quoted

    if not text:
        raise argparse.ArgumentTypeError(f"the name is empty; give the {what}'s name")
    tail = "/." if text.endswith("/.") else text[-1]
    if not folder and (tail in ("/", "/.") or tail in {os.sep, os.altsep} - {None}):
        raise argparse.ArgumentTypeError(
            f"{quoted(text, 80)} ends in {tail}, which names a folder; give the {what}'s name "
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
    return Path(_name(text, "file", folder=False))


def file_name(text: str) -> str:
    """:func:`file_path` as text (an ``--out`` where '-' is standard output)."""
    return _name(text, "file", folder=False)


def csv_out(text: str) -> str:
    """An argparse type: a CSV output's name ('-' is standard output), refused at once when
    its extension is another type's (``--out cheaper.toml``; checked again where it is written,
    :func:`chipscope.storage.files.write_csv`)."""
    from chipscope.model.text_rules import quoted
    from chipscope.storage.output_names import csv_name_problem

    if (problem := csv_name_problem(_name(text, "file", folder=False))) is not None:
        raise argparse.ArgumentTypeError(f"{quoted(text, 80)} {problem}")
    return text


def folder_path(text: str) -> Path:
    """An argparse type: the name of a folder (or of a file or a folder), not ''."""
    return Path(_name(text, "folder", folder=True))


def file_or_folder_path(text: str) -> Path:
    """An argparse type: the name of a file, or of a folder that exists. A name ending in /
    or /. names a folder: "x/n.svg/" is refused unless the folder x/n.svg exists (a Path would
    drop the / and write the file x/n.svg, a name the user did not type)."""
    from chipscope.model.text_rules import quoted

    path = Path(_name(text, "folder", folder=True))
    try:
        _name(text, "file", folder=False)
    except argparse.ArgumentTypeError:
        if not path.is_dir():
            tail = "/." if text.endswith("/.") else text[-1]
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
                        "`chipscope assumptions` lists the keys)")
    add_db(p)


# --- shared steps -----------------------------------------------------------------------------
def load(args: argparse.Namespace) -> Dataset:
    """The dataset of ``--db``, else of the user's own database."""
    from chipscope.storage import load_dataset, open_user_database

    db: Path | None = getattr(args, "db", None)
    if db is not None:
        return load_dataset(db)
    dataset, _ = open_user_database()
    return dataset


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


def assumptions(dataset: Dataset, scenario: Path | None, sets: Sequence[str]) -> Assumptions:
    """The defaults, then the scenario file, then the ``--set`` items.

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

    specs = AssumptionSpecs.for_dataset(dataset)
    values = specs.defaults()
    if scenario is not None:
        try:
            values = read_scenario_file(scenario, specs, source=str(scenario)).apply(values)
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


def written_note() -> str:
    """"; FILE was written all the same" for the files this command wrote, and "; DB was
    changed all the same" for a database it changed (:func:`chipscope.cli_stdout.changed_note`)
    (neither: "")."""
    written_files = _files_function("written_files")
    done = written_files() if written_files is not None else []
    note = changed_note()
    if not done:
        return note
    return f"; {', '.join(map(str, done))} {'was' if len(done) == 1 else 'were'} written all " \
           f"the same{note}"


def _files_function(name: str) -> Callable[[], Any] | None:
    """A function of :mod:`chipscope.storage.files` if that module got as far as defining it
    (None before: nothing was written then). Imports nothing, so the signal handlers may call
    it while the main thread is in the middle of an import (see :func:`_stop_now`)."""
    return getattr(sys.modules.get("chipscope.storage.files"), name, None)


def exit_on_interrupt() -> None:
    """From here on, Ctrl+C ends the command at once: the temporary file of a write under way
    is removed (the target stays as it was), one line says so, exit status 130.

    A KeyboardInterrupt cannot be unwound through Qt's C++ code: raised while PySide6 was
    being imported or while it drew, it aborted or crashed the process (status 134, 139).
    Commands that draw with Qt call this before importing it; :func:`restore_interrupt` undoes
    it when the command returns. SIGINT that is ignored (a background job) stays ignored."""
    import signal

    if _main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, lambda _n, _f: _stop_now("interrupted", 130))
        _interrupt_set.append(True)


def exit_on_terminate() -> None:
    """Make SIGTERM (``kill``, a logout, a service manager stopping a script) end a command as
    Ctrl+C does while Qt draws: the temporary file of a write under way is removed (Python's
    default, dying at once, left a hidden ``.cs-*.tmp`` beside the target), one line, exit
    status 143. Only where SIGTERM has its default action; :func:`restore_interrupt` undoes it."""
    import signal

    if _main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda _n, _f: _stop_now("terminated", 143))
        _terminate_set.append(True)


def _main_thread() -> bool:
    """Whether this is the main thread, the only one that may set signal handlers (main()
    also runs in other threads: tests, a script's worker)."""
    import threading

    return threading.current_thread() is threading.main_thread()


def _stop_now(word: str, status: int) -> None:
    """Remove the temporary files of the writes under way, end a sweep's or a fit's worker
    processes (``os._exit`` skips their pool's shutdown: they lived on with the command's
    output streams, so ``| tee`` never ended), say ``word`` and end with ``status`` at once (no
    unwinding: see :func:`exit_on_interrupt`). A signal handler runs wherever the main thread
    was, often in an import: this imports nothing (it met the half-imported module: exit 1)."""
    try:
        child_processes.end_all()
        discard_pending = getattr(sys.modules.get("chipscope.storage.temporaries"),
                                  "discard_pending", None)
        if discard_pending is not None:  # no write began before the module was loaded
            discard_pending()
        message = f"{PROG}: error: {word}{written_note()}\n"
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                stream.flush()
        os.write(2, message.encode("utf-8", "backslashreplace"))
    except BaseException:  # noqa: BLE001 - e.g. RecursionError deep in an import: still one line
        with contextlib.suppress(BaseException):
            os.write(2, f"{PROG}: error: {word}\n".encode())
    finally:
        os._exit(status)


_interrupt_set: list[bool] = []
_terminate_set: list[bool] = []


def restore_interrupt() -> None:
    """Ctrl+C raises KeyboardInterrupt again (after :func:`exit_on_interrupt`), and SIGTERM
    has its default action again (after :func:`exit_on_terminate`)."""
    import signal

    if _interrupt_set:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _interrupt_set.clear()
    if _terminate_set:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _terminate_set.clear()


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
    """Print ``rows`` (the first one the header) as plain-text columns."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)
