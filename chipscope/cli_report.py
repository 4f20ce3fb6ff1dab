"""``chipscope report`` (registered by :mod:`chipscope.cli`): the scenario's PDF report, the
same as the window's File > Export report, without a window.

Qt is imported inside the command, after the platform check (offscreen when there is no
display, as ``export-chart`` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chipscope.cli_common import (
    UsageError,
    add_inputs,
    assumptions,
    error_line,
    file_path,
    headless_qt,
    load,
    shown,
)

if TYPE_CHECKING:
    from chipscope.model.dataset import Dataset

PAPERS = ("a4", "letter")
DEFAULT_NAME = "Default assumptions"


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` to the CLI's subcommands."""
    rep = sub.add_parser(
        "report", help="write a PDF report of a scenario",
        description="Write one PDF: the scenario's name and description, the four charts, "
                    "the vendor-share table, the assumptions that differ from the defaults, "
                    "the notes and the dataset's sources with their licences.")
    rep.add_argument("--out", required=True, type=file_path, metavar="FILE.pdf",
                     help="the PDF to write (an old file is replaced only when it is whole)")
    rep.add_argument("--paper", choices=PAPERS, default="a4", help="page size (a4)")
    add_inputs(rep)
    rep.set_defaults(func=cmd_report)


def _identity(dataset: Dataset, args: argparse.Namespace) -> tuple[str, str]:
    """The report's title and description: the scenario file's (or the defaults'), and the
    ``--set`` items, which change what the scenario says."""
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.storage.scenario_files import read_scenario_file

    name, description = DEFAULT_NAME, ""
    if args.scenario is not None:  # already read and checked by assumptions()
        scenario = read_scenario_file(args.scenario, AssumptionSpecs.for_dataset(dataset),
                                      source=str(args.scenario))
        name, description = scenario.name or args.scenario.stem, scenario.description
    if args.sets:
        name += " (with --set changes)"
        description = "\n".join(filter(None, [description, "Changed on the command line: "
                                              + ", ".join(args.sets) + "."]))
    return name, description


def cmd_report(args: argparse.Namespace) -> int:
    """``chipscope report``: build the PDF report off screen and write it to ``--out``."""
    out: Path = args.out
    from chipscope.storage.output_names import shown_name, unnamed_type

    if (bare := unnamed_type(out, (".pdf",))) is not None:  # ".pdf", " .pdf"
        raise UsageError(f"--out: {shown_name(out)} has no name before {bare}; give the report a "
                         "name, such as report.pdf")
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"--out: {out} must end in .pdf")
    from chipscope.storage.write_probe import check_writable

    inputs = tuple(p for p in (args.scenario, getattr(args, "db", None)) if p is not None)
    check_writable(out, "PDF report", inputs)  # a FIFO, a missing folder...: before drawing
    dataset = load(args)
    values = assumptions(dataset, args.scenario, args.sets, getattr(args, "db", None))
    name, description = _identity(dataset, args)
    if (status := headless_qt()) is not None:  # offscreen without a display; libraries
        return status
    try:
        from chipscope.ui.report import ReportInput, write_report
    except ImportError as exc:
        print(error_line(f"the report cannot be drawn: {exc}"), file=sys.stderr)
        return 1
    from chipscope.model.basis import basis_note

    if note := basis_note(dataset, args.basis):
        print(f"Note: {note}", file=sys.stderr)
    report = write_report(ReportInput(dataset, values, name, description, args.basis), out,
                          args.paper, inputs)
    print(f"Wrote the report of \u201c{name}\u201d ({report.pages} pages, "
          f"{len(report.data) / 1e6:.1f} MB) to {shown(out)}.")
    return 0
