"""``chipscope export-chart`` (registered by :mod:`chipscope.cli`): one chart as PNG or SVG.

Qt is imported inside the command, after the platform check.
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
    file_or_folder_path,
    headless_qt,
    load,
    shown,
    whole_number,
)

if TYPE_CHECKING:
    from chipscope.model.export_labels import ScenarioLabel

MEASURES = ("h100e", "units", "spend_usd")
EXPORT_SUFFIXES = (".png", ".svg")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export-chart`` to the CLI's subcommands."""
    chart = sub.add_parser("export-chart", help="write one chart as PNG or SVG")
    chart.add_argument("--chart", required=True, metavar="NAME",
                       help="which chart: vendor_share, chip_mix, vendor_absolute or adopters")
    chart.add_argument("--out", required=True, type=file_or_folder_path,
                       metavar="FILE.png|.svg|FOLDER",
                       help="the file, or a folder to write chipscope-CHART-SCENARIO.png in")
    # The sizes of model/export_size.py (MIN_WIDTH, MIN_HEIGHT, MAX_SIDE), written out: importing
    # it loads the model and pandas, and --help stays light (tests/test_pass40_export_size_help.py).
    chart.add_argument("--width", type=whole_number, default=1920, metavar="W",
                       help="pixels, 480 to 16384 (1920)")
    chart.add_argument("--height", type=whole_number, default=1080, metavar="H",
                       help="pixels, 400 to 16384 (1080)")
    chart.add_argument("--measure", choices=MEASURES, default="h100e",
                       help="compute (H100e), units (chips) or spend (USD)")
    chart.add_argument("--year", type=whole_number, default=None,
                       help="year of the adopters chart (default: the horizon)")
    chart.add_argument("--dark", action="store_true",
                       help="draw on a dark background (default: light, for documents)")
    add_inputs(chart)
    chart.set_defaults(func=cmd_export_chart)


def cmd_export_chart(args: argparse.Namespace) -> int:
    """``chipscope export-chart``: draw one chart off screen and write it to ``--out``."""
    out: Path = args.out
    from chipscope.file_access import look
    from chipscope.model.export_size import export_size_problem  # Qt-free: checked first
    from chipscope.storage.output_names import shown_name, unnamed_type

    # An existing folder, also one called *.svg (a folder is never replaced, and the help and
    # the message for "n.svg/" offer "a folder that exists"): the file in it is named after the
    # chart and the scenario. Below a folder that cannot be entered, neither can be told: the
    # writers' words say so ("Cannot write the chart file F: the folder D cannot be entered").
    if (seen := look(out)).denial is not None:
        _check_target(out, args)
    into_folder = seen.is_dir
    if not into_folder and (bare := unnamed_type(out, EXPORT_SUFFIXES)) is not None:
        raise UsageError(f"--out: {shown_name(out)} has no name before {bare}; give the chart "
                         f"a name, such as chart{bare}")
    if not into_folder and out.suffix.lower() not in EXPORT_SUFFIXES:
        _refuse_odd_link(out)  # a folder link that loops or leads nowhere (pass 57 F4)
        raise UsageError(f"--out: {out} must end in .png or .svg, or be a folder")
    if (problem := export_size_problem(args.width, args.height)) is not None:
        raise UsageError(problem)  # before anything is read, drawn or written
    if not into_folder:  # its folder missing, a symlink loop...: write_target's words
        _check_target(out, args)
    dataset = load(args)
    values = assumptions(dataset, args.scenario, args.sets, getattr(args, "db", None))
    label = _label(dataset, values, args)
    if into_folder:
        out = out / label.file_name(args.chart, ".png")
        _check_target(out, args)
    if (status := headless_qt()) is not None:  # offscreen without a display; libraries
        return status
    try:
        from chipscope.ui.charts.export import export_chart_to_file
    except ImportError as exc:
        print(error_line(f"charts cannot be exported: {exc}"), file=sys.stderr)
        return 1
    from chipscope.model.basis import basis_note

    if note := basis_note(dataset, args.basis):
        print(f"Note: {note}", file=sys.stderr)
    try:
        export_chart_to_file(dataset, values, chart=args.chart, out=out, width=args.width,
                             height=args.height, measure=args.measure, year=args.year,
                             basis=args.basis, label=label, dark=args.dark)
    except ValueError as exc:  # unknown chart name and the like, raised before drawing
        why = str(exc)  # "year: ..." names the keyword; here it is the option --year
        option = why.partition(":")[0]
        raise UsageError(f"--{why}" if option in OPTIONS else why) from None
    print(f"Wrote the {args.chart} chart ({args.width} x {args.height}) of "
          f"\u201c{label.name}\u201d to {shown(out)}.")
    if args.year is not None and args.chart != "adopters":  # say it, rather than ignore it
        print(f"Note: --year applies to the adopters chart; the {args.chart} chart shows every "
              "year.", file=sys.stderr)
    return 0


OPTIONS = ("chart", "year", "measure", "width", "height", "basis")
"""The options whose name a drawing error starts with ("year: 1999 is outside ...")."""


def _check_target(out: Path, args: argparse.Namespace) -> None:
    """Refuse a FIFO, device or folder, the command's own scenario file, and a file or folder
    that cannot be written (:func:`~chipscope.storage.write_probe.check_writable`), before any
    work."""
    from chipscope.storage.write_probe import check_writable

    check_writable(out, "chart file", (args.scenario,))


def _refuse_odd_link(out: Path) -> None:
    """Refuse ``out``, a symlink loop or a link to something missing, as the folder it was
    meant to be: "sl/loop is a symlink loop; remove the link or choose another folder"."""
    from chipscope.storage.output_folder import folder_problem

    if out.is_symlink() and not out.exists() and (problem := folder_problem(out)) is not None:
        raise UsageError(f"--out: {problem[0]}; {problem[1]}")


def _label(dataset: object, values: object, args: argparse.Namespace) -> ScenarioLabel:
    """The scenario the image names: the scenario file's name ("+ --set" when --set changes
    it further), "Custom scenario" for --set alone, "Baseline" for the defaults."""
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.export_labels import scenario_label
    from chipscope.storage.scenario_files import read_scenario_file

    name = ""
    if args.scenario is not None:  # already read and checked by assumptions()
        specs = AssumptionSpecs.for_dataset(dataset)  # type: ignore[arg-type]
        name = read_scenario_file(args.scenario, specs, source=str(args.scenario)).name
        if args.sets:
            name = f"{name} + --set"
    return scenario_label(name, values)  # type: ignore[arg-type]
