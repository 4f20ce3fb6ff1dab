"""Look at one part of the window on its own: ``python -m chipscope.ui.previews PART``.

The parts (``window``, ``charts``, ``assumptions``, ``details``, ``scenarios``, ``compare``,
``difference``)
open on the bundled dataset (else the CSV sources, else a synthetic one) with the default
assumptions. This is the only module that imports both the application start-up and the panels,
so the panels never import the app (no import circle).

``python -m chipscope.ui.previews charts --chart adopters --screenshot out.png`` saves the
chart area as PNG and exits (for review and tests). ``CHIPSCOPE_QUIT_AFTER_MS`` closes any
preview after that many milliseconds (smoke tests: open, paint, close).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from chipscope import paths
from chipscope.model import Dataset


def preview_dataset() -> Dataset:
    """The bundled dataset, else the CSV sources, else a synthetic one."""
    from chipscope.storage import StorageError, load_dataset

    try:
        return load_dataset(paths.bundled_db_path())
    except (StorageError, OSError):
        pass
    try:
        from chipscope.storage.csv_source import validate_csv_dir

        return validate_csv_dir(paths.data_source_dir())
    except (ValueError, OSError):
        from chipscope.model.synthetic import synthetic_dataset

        return synthetic_dataset()


def show_alone(factory: Callable[[], QWidget], title: str, screenshot: str | None = None,
               size: tuple[int, int] | None = None) -> int:
    """Open one widget in its own window (``size`` or a tall default); with ``screenshot``,
    save it as PNG and return."""
    from chipscope.ui.app import ensure_app

    app = ensure_app()
    widget = factory()
    widget.setWindowTitle(title)
    widget.resize(*(size or (max(widget.sizeHint().width(), 420), 800)))
    widget.show()
    if screenshot:
        for _ in range(3):  # axes measure their labels while painting, then re-lay out
            app.processEvents()
            widget.repaint()
        if not widget.grab().save(screenshot):
            raise SystemExit(f"could not write {screenshot}")
        return 0
    quit_after = os.environ.get("CHIPSCOPE_QUIT_AFTER_MS")
    if quit_after:
        QTimer.singleShot(int(quit_after), app.quit)
    return int(app.exec())


def _window() -> QWidget:
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session

    return MainWindow(Session(preview_dataset()))


def _assumptions() -> QWidget:
    from chipscope.ui.panels.assumptions import AssumptionsPanel
    from chipscope.ui.session import Session

    return AssumptionsPanel(Session(preview_dataset()))


def _details() -> QWidget:
    from chipscope.model import AssumptionSpecs, project
    from chipscope.ui.panels.details import DetailsPanel

    dataset = preview_dataset()
    panel = DetailsPanel(dataset)
    panel.set_projection(project(dataset, AssumptionSpecs.for_dataset(dataset).defaults()))
    panel.setCurrentWidget(panel.checks)
    return panel


def _scenarios() -> QWidget:
    from chipscope.storage.presets import usable_presets
    from chipscope.ui.scenarios.panel import ScenariosPanel
    from chipscope.ui.scenarios.working import WorkingScenario
    from chipscope.ui.session import Session

    session = Session(preview_dataset())
    presets, _ = usable_presets(session.specs)
    return ScenariosPanel(WorkingScenario(session, None, presets, session))


def _compare() -> QWidget:
    from chipscope.storage.presets import usable_presets
    from chipscope.ui.scenarios.compare_view import WORKING, CompareView
    from chipscope.ui.scenarios.working import WorkingScenario
    from chipscope.ui.session import Session

    session = Session(preview_dataset())
    presets, _ = usable_presets(session.specs)
    view = CompareView(WorkingScenario(session, None, presets, session))
    view.set_selection([p.name for p in presets[:2]] or [WORKING])
    return view


def _difference() -> QWidget:
    from chipscope.model import AssumptionSpecs
    from chipscope.model.basis import project_on_basis
    from chipscope.model.difference import default_year, vendor_deltas
    from chipscope.ui.charts.registry import vendor_names
    from chipscope.ui.difference.panel import DifferencePanel

    # The read-out of a what-if: the second vendor 30 % cheaper, against the Baseline.
    dataset = preview_dataset()
    base = AssumptionSpecs.for_dataset(dataset).defaults()
    cheap = base.replace({f"vendor.{dataset.vendor_ids[1]}.price_level_pct": -30.0})
    now, ref = project_on_basis(dataset, cheap), project_on_basis(dataset, base)
    year = default_year(now, ref)
    panel = DifferencePanel()
    panel.set_choices([("Baseline (every default)", "baseline")], "baseline")
    panel.set_years([int(y) for y in now.years], now.base_year, year)
    panel.show_deltas(vendor_deltas(now, ref, year, "h100e", vendor_names(dataset)),
                      f"{year} \u00b7 shares of {now.label('h100e')} \u00b7 against "
                      "\u201cBaseline\u201d", "H100e")
    return panel


PARTS: dict[str, tuple[str, Callable[[], QWidget]]] = {
    "window": ("ChipScope", _window),
    "assumptions": ("ChipScope assumptions", _assumptions),
    "details": ("ChipScope details", _details),
    "scenarios": ("Scenarios", _scenarios),
    "compare": ("Compare scenarios", _compare),
    "difference": ("Difference from reference", _difference),
}


def main(argv: list[str] | None = None) -> int:
    from chipscope.model.projection import MEASURES
    from chipscope.ui.charts.area import CHART_NAMES

    parser = argparse.ArgumentParser(prog="python -m chipscope.ui.previews",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["charts", *PARTS])
    parser.add_argument("--chart", choices=CHART_NAMES, default=CHART_NAMES[0],
                        help="charts: which chart to show")
    parser.add_argument("--measure", choices=MEASURES, default="h100e",
                        help="charts: which measure to show")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--screenshot", metavar="PATH", help="save a PNG and exit")
    args = parser.parse_args(argv)

    def _charts() -> QWidget:
        from chipscope.model import AssumptionSpecs, project
        from chipscope.ui.charts.area import ChartArea

        dataset = preview_dataset()
        area = ChartArea(dataset)
        area.set_chart(args.chart)
        area.set_measure(args.measure)
        area.set_projection(project(dataset, AssumptionSpecs.for_dataset(dataset).defaults()))
        return area

    def _themed(make: Callable[[], QWidget]) -> Callable[[], QWidget]:
        def build() -> QWidget:
            widget = make()
            if args.dark:
                from chipscope.ui.palette import dark_palette

                widget.setPalette(dark_palette())
            return widget
        return build

    if args.part == "charts":
        title, factory, size = "ChipScope charts", _charts, (1200, 720)
    else:
        (title, factory), size = PARTS[args.part], None
    return show_alone(_themed(factory), title, args.screenshot, size)


if __name__ == "__main__":
    sys.exit(main())
