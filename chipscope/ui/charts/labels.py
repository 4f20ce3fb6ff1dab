"""An exported chart's scenario on the image and in the file: the subtitle (elided to the
chart's width), the SVG's ``<title>``/``<desc>`` and the PNG's text chunks, and the window's
label of its working scenario. The text itself is :mod:`chipscope.model.export_labels`'.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage

from chipscope.model.export_labels import ScenarioLabel, scenario_label
from chipscope.ui.charts.chrome import SUBTITLE_POINTS, ChartBase

SIDE_MARGIN_PX = 24
"""Room left and right of the subtitle, in logical pixels."""


def elided(text: str, width_px: float, points: float = SUBTITLE_POINTS) -> str:
    """``text`` cut with "…" to fit ``width_px`` logical pixels in the chart's font."""
    font = QFont()
    font.setPointSizeF(points)
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width_px)


def apply_label(chart: ChartBase, label: ScenarioLabel | None, width_px: int) -> None:
    """Show ``label``'s subtitle under ``chart``'s title, elided to ``width_px``."""
    if label is not None:
        chart.set_subtitle(elided(label.subtitle(), width_px - 2 * SIDE_MARGIN_PX))


def svg_title(chart: ChartBase, label: ScenarioLabel | None) -> str:
    """The SVG's ``<title>``: the chart's title, then the scenario's name."""
    return chart.title if label is None else f"{chart.title} \u2014 {label.name}"


def svg_description(chart: ChartBase, label: ScenarioLabel | None) -> str:
    """The SVG's ``<desc>``: every changed assumption, then the data credit."""
    parts = [label.description()] if label is not None else []
    return "\n".join([*parts, chart.credit_text])


def tag_png(image: QImage, chart: ChartBase, label: ScenarioLabel | None) -> None:
    """PNG text chunks: Title, Description (the full list of changes), Source, Software."""
    image.setText("Title", svg_title(chart, label))
    image.setText("Description", svg_description(chart, label))
    image.setText("Source", chart.credit_text)
    image.setText("Software", "ChipScope")


def window_label(working: Any, assumptions: Any) -> ScenarioLabel:
    """The label of the window's working scenario (``WorkingScenario``): its name, with
    "(modified)" when its values differ from its saved or preset copy."""
    name = str(working.name)
    if name != "Untitled" and working.is_modified():
        name = f"{name} (modified)"
    return scenario_label(name, assumptions)
