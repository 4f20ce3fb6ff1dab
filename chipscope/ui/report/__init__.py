"""The scenario report (File > Export report, ``chipscope report``): one PDF with the
scenario's name and description, the charts, the vendor-share table, the changed assumptions,
the notes and the sources with their licences.

:mod:`~chipscope.ui.report.pdf` makes the bytes (no file I/O); :func:`write_report` writes them
atomically through :func:`chipscope.storage.files.write_bytes`; :mod:`~.window` is the window's
menu command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chipscope.storage import files
from chipscope.ui.report.pdf import Paper, ReportFile, ReportInput, build_report, default_paper

__all__ = ["WHAT", "Paper", "ReportFile", "ReportInput", "build_report", "check_target",
           "default_paper", "write_report"]

WHAT = "PDF report"
"""How messages name the file ("Cannot write the PDF report ...")."""


def check_target(out: Path, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse ``out`` before the report is drawn: a special file, a folder, a database, one
    of ``inputs``, or a folder that does not exist (StorageError naming the file)."""
    target = files.write_target(out, WHAT)  # also a folder that does not exist
    files.refuse_replacing(target, out, WHAT, inputs)


def write_report(inp: ReportInput, out: Path, paper: Paper = "a4",
                 inputs: tuple[Path, ...] = (), generated: dt.datetime | None = None
                 ) -> ReportFile:
    """Build the report of ``inp`` and write it to ``out`` atomically; returns what was
    written. ``inputs`` (the command's scenario file, database) are never replaced.

    Raises
    ------
    StorageError
        ``out`` is refused (checked before drawing) or the write failed; nothing is changed.
    """
    check_target(out, inputs)
    report = build_report(inp, paper, generated)
    files.write_bytes(out, report.data, WHAT, inputs=inputs)
    return report
