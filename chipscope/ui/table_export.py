"""The metadata the window's CSV exports carry (see :mod:`chipscope.model.export_meta`):
the window's table (File > Export table as CSV) and the compare view's table."""

from __future__ import annotations

from collections.abc import Mapping

from chipscope.model.assumptions import Assumptions
from chipscope.model.export_meta import TABLE_PRECISION, export_metadata
from chipscope.model.projection import MEASURE_LABELS
from chipscope.ui.charts.area import ChartArea
from chipscope.ui.charts.registry import CHART_TITLES
from chipscope.ui.session import Session


def window_table_metadata(session: Session, scenario: str,
                          chart_area: ChartArea) -> dict[str, str]:
    """The window's table: its dataset, the working scenario and its changes, the basis, the
    chart and measure it is the table of, and how its numbers are rounded."""
    chart = chart_area.chart_name()
    extra = [("table", f"numbers behind the chart '{CHART_TITLES.get(chart, chart)}'"),
             ("measure", session.projection.label(chart_area.measure())
              if chart_area.measure() in MEASURE_LABELS else chart_area.measure())]
    if chart == "adopters" and chart_area.adopter_year() is not None:
        extra.append(("year", str(chart_area.adopter_year())))
    extra.append(("precision", TABLE_PRECISION))
    return export_metadata(session.dataset, {scenario: session.assumptions}, session.basis,
                           extra)


def compare_table_metadata(session: Session, scenarios: Mapping[str, Assumptions],
                           measure: str) -> dict[str, str]:
    """The compare view's table: every scenario compared (the first the reference) with its
    changes from the defaults."""
    extra = [("table", "vendor shares by scenario; differences from the first in pp"),
             ("measure", session.projection.label(measure)),
             ("precision", TABLE_PRECISION)]
    return export_metadata(session.dataset, scenarios, session.basis, extra)
