"""Read the dataset's CSV sources (``<table>.csv`` for each table of TABLES) with exact lines.

Every problem names the file and the line a text editor shows, including for records after a
quoted field that spans several lines, and for malformed CSV (bad quoting, wrong field count)
that pandas would misread silently or report without the file name.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from chipscope.file_access import read_denial, unenterable_folder
from chipscope.model.data_checks import extra_problems
from chipscope.model.dataset import TABLES, Dataset, DatasetError, check_table
from chipscope.model.text_rules import quoted
from chipscope.storage.calibration_files import calibration_target_problems
from chipscope.storage.csv_quotes import EMPTY_LINE, field_count_cause, fields, record_problem
from chipscope.storage.file_causes import folder_cause
from chipscope.storage.files import FileRefused, read_bytes
from chipscope.storage.output_folder import folder_advice, folder_problem
from chipscope.storage.text_causes import not_text, not_utf8

TARGETS_FILE = "calibration_targets.csv"
"""The calibration's targets, checked with the tables when the folder has them."""
MAX_CSV_BYTES = 64_000_000
"""A data CSV is a few hundred kilobytes; anything past this is not one."""


@dataclass
class CsvSource:
    """The raw tables of a CSV folder, and the line in its file of each record."""

    csv_dir: Path
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def file(self, table: str) -> Path:
        return self.csv_dir / f"{table}.csv"

    def locate(self, table: str, position: int) -> str:
        """"data/chips.csv, line 7" for the record at 0-based ``position`` of ``table``."""
        lines = self.lines.get(table, [])
        line = lines[position] if 0 <= position < len(lines) else position + 2
        return f"{self.file(table)}, line {line}"

    def relocate(self, problems: list[str]) -> list[str]:
        """The model's "chips, line 7, ..." problems with this folder's files and lines."""
        return relocate(problems, self.locate, lambda t: str(self.file(t)))


def read_csv_dir(csv_dir: Path) -> CsvSource:
    """Read every table's CSV; structural problems are collected, not raised."""
    src = CsvSource(csv_dir)
    if (denied := unreadable_folder(Path(csv_dir))) is not None:  # not "8 files are missing"
        src.problems.append(denied)
        return src
    _refuse_long_name(csv_dir)
    if not os.path.isdir(csv_dir):  # a file, a FIFO or nothing: one problem, not one per table
        src.problems.append(_no_folder(csv_dir))
        return src
    for name in TABLES:
        _read_one(src, name)
    return src


def _no_folder(csv_dir: Path) -> str:
    """Why ``csv_dir`` is no folder, with the advice that helps: "X: it is a symlink loop;
    remove the link or choose another folder", "X: it is a symlink to the missing Y; put the
    folder back or choose another folder", "X: it is a file, not a folder; give the folder
    that holds the data CSVs", "X: base.db is a file, not a folder; check the path" (the causes
    :func:`folder_cause` gives every folder)."""
    advice = "give the folder that holds the data CSVs"
    try:
        os.lstat(csv_dir)
    except NotADirectoryError as exc:  # base.db/x: "base.db is a file, not a folder"
        return f"{csv_dir}: {folder_cause(exc)}; check the path"
    except (OSError, ValueError):  # sl/loop/x: "sl/loop is a symlink loop" (pass 58 F5)
        if (problem := folder_problem(csv_dir.parent, missing=False)) is not None:
            return f"{csv_dir}: {problem[0]}; {problem[1]}"
        return f"{csv_dir}: does not exist ({advice})"
    cause = folder_cause(OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(csv_dir)))
    return f"{csv_dir}: {cause}; {folder_advice(cause) or advice}"


def _refuse_long_name(csv_dir: Path) -> None:
    """Raise the system's "file name too long" for a folder name no file system takes: the
    command names it so (``cli_failures.path_refused``), not "does not exist"."""
    try:
        os.stat(csv_dir)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise
    except ValueError:  # a NUL in the name: the checks below say what it is
        pass


def unreadable_folder(csv_dir: Path) -> str | None:
    """The one problem of a data folder whose files cannot even be looked at, because the
    folder (or one above it) cannot be entered (permission bits, pass 47 F2): the system says
    "permission denied" for every file in it, which is not "file is missing". None when the
    folder can be entered (a folder that can be entered but not listed, mode 311, is read)."""
    blocked = unenterable_folder(csv_dir / f"{next(iter(TABLES))}.csv")
    if blocked is None:
        return None
    if blocked == Path(os.path.realpath(csv_dir)):  # through a link: the folder it points to
        return (f"Cannot read the data folder {csv_dir}: permission denied; make it readable "
                "(chmod u+rx) or choose another folder.")
    return (f"Cannot read the data folder {csv_dir}: the folder {blocked} on its way cannot be "
            "entered (permission denied); make that folder accessible (chmod u+x) or choose "
            "another folder.")


def _read_one(src: CsvSource, name: str) -> None:
    path = src.file(name)
    if not os.path.lexists(path):
        if not TABLES[name].optional:  # a table added later may be left out: it is empty
            src.problems.append(f"{path}: file is missing; put the {name} table there as "
                                f"{path.name}, {ANOTHER_FOLDER}")
        return
    try:
        raw = read_bytes(path, "data file", MAX_CSV_BYTES)
    except FileRefused as exc:  # a FIFO, a device, a folder, too large: never hangs
        src.problems.append(_refusal(path, name, exc))
        return
    if why := not_text(raw, "a CSV file", True):  # a database, UTF-16 (which decodes) ...
        src.problems.append(f"{path}: {why}")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        src.problems.append(f"{path}, {not_utf8(exc, True)}")
        return
    known = TABLES[name].column_names
    parsed = _parse(path, text, known, f"the columns of {path.name} are {', '.join(known)}")
    if isinstance(parsed, str):
        src.problems.append(parsed)
        return
    header, records, lines = parsed
    if unknown := [h for h in header if h not in known]:  # its values would be dropped unread
        src.problems.append(f"{path}: unknown column(s) {', '.join(map(repr, unknown[:5]))} "
                            f"(the columns of {path.name} are {', '.join(known)})")
        return
    src.frames[name] = pd.DataFrame.from_records(records, columns=header).astype(str)
    src.lines[name] = lines


ANOTHER_FOLDER = "or give --csv-dir another folder"
"""The way out of every data file the folder's fixed names read (pass 61 F2)."""


def _refusal(path: Path, table: str, exc: FileRefused) -> str:
    """The shared reader's refusal of the data file ``path`` (the ``table``'s fixed name) with
    advice this command can take, not the reader's "give a file inside it" or "choose another
    file" (pass 61 F2): "Cannot read the data file D/vendors.csv: it is a folder, not a regular
    file; replace it with the vendors table as a CSV file, or give --csv-dir another folder.";
    for a permission refusal, its own fix ("make it readable (chmod u+r), or give ...")."""
    if exc.said is None:
        return str(exc)
    denied = read_denial(path)
    fix = denied.fix if denied is not None else f"replace it with the {table} table as a CSV file"
    return f"{exc.said}; {fix}, {ANOTHER_FOLDER}."


def _parse(path: Path, text: str, known: Collection[str] = (), expected: str = ""
           ) -> tuple[list[str], list[list[str]], list[int]] | str:
    """Header, records and the first line of each record, or one problem message. A first
    line with none of the ``known`` column names is not a header (``expected`` says what is)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    not_header = ""  # a first line with none of the known columns: told after the records
    last = 0
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a quote left open: the line where it opens (pass 49, F9)
            line, why = record_problem(text, start, reader.line_num, exc)
            return f"{path}, line {line}: {why}"
        last = reader.line_num
        if not row:
            continue  # blank line
        if header is None:
            if row[0].strip().lower().startswith("sep=") and not any(  # "sep=," is 2 cells
                    c.strip() for c in row[1:]):  # Excel's own line
                return (f"{path}, line {start} is Excel's sep= line (naming the separator), "
                        "not the header; remove that line")
            header = [h.strip() for h in row]
            if known and not set(header) & set(known):
                cells = [h for h in header if h][:4] or header[:1]
                more = f" and {len(header) - len(cells):,} more" if len(header) > len(cells) else ""
                not_header = (f"{path}, line {start} is not a header: unknown column(s) "
                              f"{', '.join(quoted(c, 40) for c in cells)}{more} ({expected})")
            dupes = sorted(h for h, n in Counter(header).items() if n > 1)  # O(n)
            if dupes and not_header:
                return not_header
            if dupes:
                names = ", ".join(quoted(h, 40) if h else "(no name)" for h in dupes[:5])
                return f"{path}, line {start}: column(s) {names} appear twice"
            continue
        if not any(cell.strip() for cell in row):  # only commas: a spreadsheet's empty row
            return f"{path}, line {start} {EMPTY_LINE}"
        if len(row) != len(header):
            cause = field_count_cause(text, start, last, len(row) < len(header))
            return (f"{path}, line {start}: {fields(len(row))}, but the header has "
                    f"{len(header)} ({cause})")
        records.append(row)
        lines.append(start)
    if header is None:
        return f"{path}: file is empty (no header line)"
    return not_header or (header, records, lines)


_LOCATED = re.compile(r"^(?P<table>\w+), line (?P<line>\d+)(?P<rest>.*)$", re.DOTALL)
_OTHER_LINE = re.compile(r"\b((?:repeats|contradicts) )line (\d+)\b")
"""Another line of the same table that a problem names ("repeats line 4")."""
_TABLE = re.compile(r"^(?P<table>\w+):(?P<rest>.*)$", re.DOTALL)


def relocate(problems: list[str], locate: Callable[[str, int], str],
             name_table: Callable[[str], str]) -> list[str]:
    """Rewrite the model's "chips, line 7, ..." (line = position + 2) with ``locate(table,
    position)`` and "chips: ..." with ``name_table(table)``."""
    out = []
    for p in problems:
        m = _LOCATED.match(p)
        if m and m["table"] in TABLES:
            table = m["table"]
            rest = _OTHER_LINE.sub(
                lambda o, t=table: o[1] + locate(t, int(o[2]) - 2).rsplit(", ", 1)[1], m["rest"])
            out.append(locate(table, int(m["line"]) - 2) + rest)
            continue
        m = _TABLE.match(p)
        if m and m["table"] in TABLES:
            out.append(name_table(m["table"]) + ":" + m["rest"])
            continue
        out.append(p)
    return out


def validate_csv_dir(csv_dir: Path) -> Dataset:
    """Read and validate a CSV folder; raise :class:`DatasetError` naming file, line, column.

    Parameters
    ----------
    csv_dir : Path
        Folder holding ``<table>.csv`` for every table of ``TABLES``.

    Returns
    -------
    Dataset
        The validated dataset.
    """
    return validate_source(read_csv_dir(csv_dir))


def validate_source(src: CsvSource) -> Dataset:
    """Validate the tables read by :func:`read_csv_dir` (see :func:`validate_csv_dir`), and
    the folder's calibration targets when it has them: the next step, ``chipscope calibrate``,
    reads them, so a check that passed them would only move the error there."""
    problems = list(src.problems)
    dataset: Dataset | None = None
    if problems:
        # Still check the readable files, so one run shows as much as possible.
        for name, frame in src.frames.items():
            problems += src.relocate(check_table(name, frame))
    else:
        try:
            dataset = Dataset.from_frames(src.frames)
        except DatasetError as exc:
            problems += src.relocate(exc.problems)
        else:
            problems += src.relocate(extra_problems(dataset))
    targets = Path(src.csv_dir) / TARGETS_FILE
    if os.path.isdir(src.csv_dir) and os.path.lexists(targets):
        problems += calibration_target_problems(  # a fixed name: --csv-dir's advice
            targets, dataset, refused=lambda exc: _refusal(targets, "calibration targets", exc))
    if problems or dataset is None:
        raise DatasetError(problems)
    return dataset
