"""The command line: ``chipscope`` (GUI), ``run``, ``assumptions``, ``data build|check``,
``export-chart``, ``market-check``, and ``calibrate`` and ``backtest`` (in
:mod:`chipscope.cli_calibration`).

Importing this module is cheap: pandas, numpy, SQLite and Qt are imported inside the commands.
Every user error (bad option, scenario file, database or CSV) prints one message prefixed
``chipscope: error:`` and exits with status 2; an unexpected exception prints its message and
exits with status 1 (``CHIPSCOPE_DEBUG=1`` adds the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from chipscope import __version__

if TYPE_CHECKING:
    import pandas as pd

    from chipscope.model.assumptions import Assumptions
    from chipscope.model.dataset import Dataset
    from chipscope.model.projection import Projection

PROG = "chipscope"
MEASURES = ("h100e", "units", "spend_usd")
GROUPS = ("global", "vendor", "adopter", "deal")
EXPORT_SUFFIXES = (".png", ".svg")
BASES = ("bf16", "8bit")  # chipscope.model.dataset.BASES, without importing the model here
FLOAT_FORMAT = "%.12g"  # exact to far below the model's precision, and readable
CSV_DIR_HELP = ("default: ./data (in the current folder) when it holds the dataset CSVs, "
                "else the data/ folder beside the installed chipscope package")


class UsageError(Exception):
    """A mistake the user can fix; printed without a traceback, exit status 2."""


# --- parser -----------------------------------------------------------------------------------
def _add_db(p: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a global `--db` given before the subcommand from being reset to None.
    p.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                   help="a ChipScope database (default: your own, made from the bundled one)")


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", type=Path, metavar="FILE.toml",
                   help="scenario file applied to the defaults (see docs/scenario-format.md)")
    p.add_argument("--basis", choices=BASES, default="bf16",
                   help="what 1 H100e is: bf16 = 989 dense BF16 TFLOP/s (default), 8bit = "
                        "1,979 dense FP8/INT8 TOP/s (Epoch AI's basis); values given in H100e "
                        "(--set, scenarios) stay on the dense BF16 basis")
    p.add_argument("--set", dest="sets", action="extend", nargs="+", default=[],
                   metavar="KEY=VALUE",
                   help="set one assumption, after the scenario (repeatable; "
                        "`chipscope assumptions` lists the keys)")
    _add_db(p)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Explore the AI-accelerator market. Without a command, opens "
                               "the window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH", default=None,
                        help="a ChipScope database (default: your own, made from the bundled one)")
    parser.set_defaults(func=_cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = sub.add_parser("run", help="project the market and write the table as CSV",
                         description="Project the market and write year, adopter, vendor, chip, "
                                     "h100e, units, spend_usd, is_history, basis as CSV (basis: "
                                     "bf16 or 8bit, what the h100e column counts in).")
    _add_inputs(run)
    run.add_argument("--out", required=True, metavar="FILE.csv", help="output CSV ('-': stdout)")
    run.set_defaults(func=_cmd_run)

    check_cmd = sub.add_parser(
        "market-check", help="modelled spend per vendor beside reported revenue and guidance",
        description="For each year the projection covers, write the modelled spend per vendor "
                    "group beside the reported figures of the dataset's reported table "
                    "(revenue, guidance, run rates), with the comparable part of each and the "
                    "gap in %, as CSV; print the same as a table.")
    _add_inputs(check_cmd)
    check_cmd.add_argument("--out", required=True, metavar="FILE.csv",
                           help="output CSV ('-': stdout, the table then goes to stderr)")
    check_cmd.set_defaults(func=_cmd_market_check)

    asm = sub.add_parser("assumptions", help="list every assumption with default, unit, bounds")
    _add_db(asm)
    asm.add_argument("--group", choices=GROUPS, help="only this group")
    asm.set_defaults(func=_cmd_assumptions)

    data = sub.add_parser("data", help="build or check the dataset")
    data_sub = data.add_subparsers(title="data commands", metavar="ACTION", required=True)
    build = data_sub.add_parser("build", help="build the database from the CSV sources")
    build.add_argument("--csv-dir", type=Path, metavar="DIR", help=CSV_DIR_HELP)
    build.add_argument("--out", type=Path, metavar="DB",
                       help="default: chipscope.db in the folder --csv-dir defaults to")
    build.set_defaults(func=_cmd_data_build)
    check = data_sub.add_parser("check", help="check the CSV sources or a database")
    where = check.add_mutually_exclusive_group()
    where.add_argument("--csv-dir", type=Path, metavar="DIR", help=CSV_DIR_HELP)
    where.add_argument("--db", dest="check_db", type=Path, metavar="DB", help="a database")
    check.set_defaults(func=_cmd_data_check)

    chart = sub.add_parser("export-chart", help="write one chart as PNG or SVG")
    chart.add_argument("--chart", required=True, metavar="NAME",
                       help="which chart: vendor_share, chip_mix, vendor_absolute or adopters")
    chart.add_argument("--out", required=True, type=Path, metavar="FILE.png|.svg")
    chart.add_argument("--width", type=int, default=1920, metavar="W", help="pixels (1920)")
    chart.add_argument("--height", type=int, default=1080, metavar="H", help="pixels (1080)")
    chart.add_argument("--measure", choices=MEASURES, default="h100e",
                       help="compute (H100e), units (chips) or spend (USD)")
    chart.add_argument("--year", type=int, default=None,
                       help="year of the adopters chart (default: the horizon)")
    _add_inputs(chart)
    chart.set_defaults(func=_cmd_export_chart)

    from chipscope.cli_calibration import add_commands

    add_commands(sub)
    return parser


# --- shared steps -----------------------------------------------------------------------------
def _load(args: argparse.Namespace) -> Dataset:
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


def _assumptions(dataset: Dataset, scenario: Path | None, sets: Sequence[str]) -> Assumptions:
    from chipscope.model.assumptions import AssumptionSpecs, parse_set_options
    from chipscope.model.scenario import parse_scenario

    specs = AssumptionSpecs.for_dataset(dataset)
    values = specs.defaults()
    if scenario is not None:
        try:
            text = scenario.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            raise UsageError(f"cannot read the scenario file {scenario}: {reason}") from None
        try:
            values = parse_scenario(text, specs, source=str(scenario)).apply(values)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if sets:
        try:
            changes = parse_set_options(specs, sets)
        except ValueError as exc:
            raise UsageError(f"--set: {exc}") from None
        values = values.replace(changes)
        for key in _without_effect(dataset, changes):
            print(f"Note: --set {key} has no effect: that adopter cannot buy that vendor's "
                  "chips (no access, or export rules).", file=sys.stderr)
    return values


def _summary(dataset: Dataset, proj: Projection, rows: int, where: str) -> str:
    from chipscope.model.notes import projection_notes

    years = proj.years
    last = len(years) - 1
    shares = proj.vendor_shares("h100e")[last]
    names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    top = int(shares.argmax())
    parts = [f"{rows} rows for {int(years[0])}-{int(years[-1])} (history to {proj.base_year}) "
             f"written to {where}"]
    nvidia = [i for i, v in enumerate(proj.vendor_ids) if "nvidia" in f"{v} {names[v]}".lower()]
    shown = sorted({top, *nvidia}, key=lambda i: -shares[i])
    parts.append(", ".join(f"{names[proj.vendor_ids[i]]} {100 * shares[i]:.1f} %" for i in shown)
                 + f" of {int(years[-1])} compute ({proj.unit('h100e')})")
    notes = projection_notes(proj, dataset.adopter_names)
    return "; ".join(parts) + "." + "".join(f"\nNote: {n.detail}" for n in notes)


# --- commands ---------------------------------------------------------------------------------
def _cmd_gui(args: argparse.Namespace) -> int:
    from chipscope.platform_check import check_platform

    if (status := check_platform()) is not None:  # names the missing system library; exit 2
        return status
    try:
        from chipscope.ui.app import run_gui
    except ImportError as exc:
        print(f"{PROG}: error: the window cannot open: {exc}", file=sys.stderr)
        return 1
    result: int = run_gui(db=args.db)
    return result


def _project(dataset: Dataset, assumptions: Assumptions, basis: str) -> Projection:
    """The projection on ``basis``; says on stderr when the basis rests on an estimate."""
    from chipscope.model.basis import basis_note, project_on_basis

    if note := basis_note(dataset, basis):
        print(f"Note: {note}", file=sys.stderr)
    return project_on_basis(dataset, assumptions, basis)


def _cmd_run(args: argparse.Namespace) -> int:
    dataset = _load(args)
    assumptions = _assumptions(dataset, args.scenario, args.sets)
    proj = _project(dataset, assumptions, args.basis)
    frame = proj.to_frame()
    frame["basis"] = proj.basis
    report = write_csv(frame, args.out)
    print(_summary(dataset, proj, len(frame), "stdout" if args.out == "-" else args.out),
          file=report)
    return 0


def write_csv(frame: pd.DataFrame, out: str) -> TextIO:
    """Write a command's table as CSV to ``out`` ('-': stdout). Returns where the command's
    messages go: stderr when the CSV went to stdout, else stdout."""
    if out == "-":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
        sys.stdout.flush()
        return sys.stderr
    try:
        frame.to_csv(Path(out), index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    return sys.stdout


def _cmd_market_check(args: argparse.Namespace) -> int:
    from chipscope.model.market_check import legend, market_check, reported_frame, text_table

    dataset = _load(args)
    assumptions = _assumptions(dataset, args.scenario, args.sets)
    reported = reported_frame(dataset)
    if reported.empty:
        raise UsageError("the dataset has no reported figures to check against (its reported "
                         "table, data/reported.csv, is empty or missing)")
    proj = _project(dataset, assumptions, args.basis)
    frame = market_check(proj, reported)
    if frame.empty:
        raise UsageError(f"no reported figure falls in the projection's years "
                         f"{int(proj.years[0])}-{int(proj.years[-1])}")
    report = write_csv(frame, args.out)
    print(text_table(frame) + "\n\n" + legend(), file=report)
    if args.out != "-":
        print(f"\n{len(frame)} rows written to {args.out}.")
    return 0


def _table(rows: list[list[str]], out: TextIO) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


def _cmd_assumptions(args: argparse.Namespace) -> int:
    from chipscope.model.assumptions import AssumptionSpecs

    specs = AssumptionSpecs.for_dataset(_load(args))
    rows = [["key", "default", "unit", "bounds", "label"]]
    for spec in specs.values():
        if args.group is None or spec.group == args.group:
            bounds = spec.range_text()
            if spec.unit and bounds.endswith(spec.unit):
                bounds = bounds[: -len(spec.unit)].rstrip()
            elif spec.unit and f" {spec.unit}, or none" in bounds:
                bounds = bounds.replace(f" {spec.unit}, or none", ", or none")
            rows.append([spec.key, spec.format(spec.default), spec.unit or "-", bounds,
                         spec.label])
    _table(rows, sys.stdout)
    return 0


def _problems(what: str, problems: Sequence[str]) -> str:
    if len(problems) == 1:
        return problems[0]
    return f"{what} has {len(problems)} problems:\n" + "\n".join(f"  {p}" for p in problems)


def _has_dataset_csvs(folder: Path) -> bool:
    """Whether ``folder`` holds ``<table>.csv`` for every table of the dataset."""
    from chipscope.model.dataset import TABLES

    return all((folder / f"{name}.csv").is_file() for name, t in TABLES.items() if not t.optional)


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
    if _has_dataset_csvs(here):
        return here
    fallback = paths.data_source_dir()
    if _has_dataset_csvs(fallback) or not required:
        return fallback
    raise UsageError(f"no dataset CSVs found (looked in {here} and {fallback}): "
                     "use --csv-dir DIR to name the folder that holds them")


def _cmd_data_build(args: argparse.Namespace) -> int:
    from chipscope.model.dataset import DatasetError
    from chipscope.storage import build_database

    csv_dir: Path = args.csv_dir or _default_csv_dir()
    out: Path = args.out or _default_csv_dir(required=False) / "chipscope.db"
    try:
        ds = build_database(csv_dir, out)
    except DatasetError as exc:
        raise UsageError(_problems(str(csv_dir), exc.problems)) from None
    years = ds.history_years
    print(f"Built {out} from {csv_dir}: {len(ds.vendor_ids)} vendors, {len(ds.chip_ids)} chips, "
          f"{len(ds.adopter_ids)} adopters, {len(ds.history)} history rows "
          f"({int(years[0])}-{int(years[-1])}), {len(ds.deals)} deals.")
    return 0


def _cmd_data_check(args: argparse.Namespace) -> int:
    from chipscope.storage import check_csv_dir, check_database

    where: Path
    if args.check_db is not None:
        where = args.check_db
        problems = check_database(where)
    else:
        where = args.csv_dir or _default_csv_dir()
        problems = check_csv_dir(where)
    if problems:
        raise UsageError(_problems(str(where), problems))
    print(f"{where}: no problems found.")
    return 0


def _cmd_export_chart(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() not in EXPORT_SUFFIXES:
        raise UsageError(f"--out: {out} must end in .png or .svg")
    for name in ("width", "height"):
        if not 16 <= getattr(args, name) <= 16_384:
            raise UsageError(f"--{name}: {getattr(args, name)} is out of range (16 to 16384 px)")
    if not out.parent.is_dir():
        raise UsageError(f"cannot write {out}: the folder {out.parent} does not exist")
    dataset = _load(args)
    assumptions = _assumptions(dataset, args.scenario, args.sets)
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from chipscope.platform_check import check_platform

    if (status := check_platform()) is not None:
        return status
    try:
        from chipscope.ui.charts.export import export_chart_to_file
    except ImportError as exc:
        print(f"{PROG}: error: charts cannot be exported: {exc}", file=sys.stderr)
        return 1
    from chipscope.model.basis import basis_note

    if note := basis_note(dataset, args.basis):
        print(f"Note: {note}", file=sys.stderr)
    try:
        export_chart_to_file(dataset, assumptions, chart=args.chart, out=out, width=args.width,
                             height=args.height, measure=args.measure, year=args.year,
                             basis=args.basis)
    except ValueError as exc:  # unknown chart name and the like, raised before drawing
        raise UsageError(str(exc)) from None
    print(f"Wrote the {args.chart} chart ({args.width} x {args.height}) to {out}.")
    return 0


# --- entry point ------------------------------------------------------------------------------
def _user_errors() -> tuple[type[BaseException], ...]:
    from chipscope.model.dataset import DatasetError
    from chipscope.paths import MissingResourceError
    from chipscope.storage.schema import StorageError

    return (UsageError, StorageError, DatasetError, MissingResourceError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (0 ok, 1 unexpected error, 2 user error).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; defaults to ``sys.argv[1:]``.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `chipscope run --out - | head`
        _quiet_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - reported, not swallowed: exit 1 with the reason
        if isinstance(exc, _user_errors()):
            _error(str(exc))
            return 2
        _error(f"unexpected {type(exc).__name__}: {exc}")
        if os.environ.get("CHIPSCOPE_DEBUG"):
            import traceback

            traceback.print_exc()
        else:
            print("(set CHIPSCOPE_DEBUG=1 to see where; please report this)", file=sys.stderr)
        return 1


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _quiet_stdout() -> None:
    # Python flushes stdout at exit; point it at devnull so that flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
