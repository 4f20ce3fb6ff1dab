"""Every chart ChipScope draws, by name: its title, tooltip, the input it draws and how to
build it for a dataset. The chart area's selector, the CLI's ``export-chart``, the previews and
the compare view all build charts from here; there is no other list of charts.

To add a chart: write a :class:`~chipscope.ui.charts.chrome.ChartBase` subclass (usually a
:class:`~chipscope.ui.charts.base.StackChart`) and add a :class:`ChartSpec` to :data:`CHARTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chipscope.model.chart_data import CompareInput, ProjectionInput
from chipscope.ui.charts.bars import AdoptersView, VendorAbsoluteView
from chipscope.ui.charts.chip_mix import ChipMixView
from chipscope.ui.charts.chrome import DEFAULT_CREDIT, ChartBase
from chipscope.ui.charts.compare import CompareChart
from chipscope.ui.charts.stacked import VendorShareView
from chipscope.ui.palette import ChartTheme, vendor_colours


@dataclass(frozen=True)
class ChartSpec:
    """One chart.

    Attributes
    ----------
    name : its id (CLI ``--chart``, settings). title, tip : the selector's text and tooltip.
    draws : the input its :meth:`~ChartBase.draw` takes (``ProjectionInput`` charts are the
        chart area's; ``CompareInput`` is the compare view's).
    factory : (dataset, theme) -> a new, empty chart.
    """

    name: str
    title: str
    tip: str
    draws: type[ProjectionInput] | type[CompareInput]
    factory: Callable[[Any, ChartTheme], ChartBase]


def dataset_credit(dataset: Any) -> str:
    """The credit line under every chart: the dataset's ``chart_credit`` (a short form) or
    ``credit`` meta value, or :data:`DEFAULT_CREDIT`; then its name and date."""
    credit = dataset.meta.get("chart_credit") or dataset.meta.get("credit") or DEFAULT_CREDIT
    name = ", ".join(p for p in (dataset.name, dataset.date) if p)
    return f"{credit} · {name}" if name else credit


def vendor_names(dataset: Any) -> dict[str, str]:
    """Vendor id -> display name."""
    return dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))


def _chip_names(dataset: Any) -> dict[str, str]:
    return dict(zip(dataset.chips["chip_id"], dataset.chips["name"], strict=True))


CHARTS: dict[str, ChartSpec] = {spec.name: spec for spec in (
    ChartSpec("vendor_share", "Vendor share",
              "Each vendor's share of a year's purchases, history then projection",
              ProjectionInput,
              lambda d, t: VendorShareView(t, vendor_names(d), vendor_colours(d),
                                           dataset_credit(d))),
    ChartSpec("chip_mix", "Chip mix (top chips)",
              "The most-bought chips' share of a year's purchases; the rest as Other chips",
              ProjectionInput,
              lambda d, t: ChipMixView(t, _chip_names(d), vendor_colours(d), dataset_credit(d))),
    ChartSpec("vendor_absolute", "Purchases by vendor",
              "Purchases per vendor per year, in the chosen measure's unit",
              ProjectionInput,
              lambda d, t: VendorAbsoluteView(t, vendor_names(d), vendor_colours(d),
                                              dataset_credit(d))),
    ChartSpec("adopters", "Who buys what (by adopter)",
              "For one year, how each buyer splits its purchases between vendors",
              ProjectionInput,
              lambda d, t: AdoptersView(t, vendor_names(d), vendor_colours(d), dataset_credit(d),
                                        d.adopter_names)),
    ChartSpec("compare", "Compare scenarios",
              "Each vendor's share per year in several scenarios, one line style per scenario",
              CompareInput,
              lambda d, t: CompareChart(t, vendor_names(d), vendor_colours(d),
                                        dataset_credit(d))),
)}
"""Every chart, in the order the chart selector lists them."""

CHART_NAMES: tuple[str, ...] = tuple(n for n, s in CHARTS.items() if s.draws is ProjectionInput)
"""The projection charts (the chart area's selector and ``export-chart --chart``)."""
CHART_TITLES: dict[str, str] = {n: CHARTS[n].title for n in CHART_NAMES}
CHART_TIPS: dict[str, str] = {n: CHARTS[n].tip for n in CHART_NAMES}


def chart_spec(name: str) -> ChartSpec:
    """The chart called ``name``; ValueError naming the known ones otherwise."""
    spec = CHARTS.get(name)
    if spec is None:
        raise ValueError(f"chart: {name!r} is not one of {', '.join(CHARTS)}")
    return spec


def build_chart(name: str, dataset: Any, theme: ChartTheme) -> ChartBase:
    """A new, empty chart ``name`` for ``dataset`` in ``theme``."""
    return chart_spec(name).factory(dataset, theme)
