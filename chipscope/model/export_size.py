"""The sizes a chart can be exported at: the one floor the CLI's ``export-chart`` and the
headless export (:func:`chipscope.ui.charts.export.export_chart_to_file`) check, before Qt is
imported or anything is drawn.

Below the floor the chart's chrome (title, legend, axis titles and the data credit, which the
CC BY licence of the data requires) left the plot no height, or ran out of the image, while
the export said "Wrote ...". Measured for every chart ``export-chart`` draws (vendor_share,
chip_mix, vendor_absolute, adopters) on the bundled dataset: at 480 x 400 each holds its
title, a plot at least 80 px high, its legend and the credit inside the image; at 480 x 390
(vendor_share, vendor_absolute) or 440 px wide the plot shrinks under 80 px or the legend and
credit run off. A larger image is laid out at no less than this logical size
(:func:`chipscope.ui.charts.render.export_layout` scales up only past 1280 x 720).
"""

from __future__ import annotations

MIN_WIDTH = 480
"""The least width, in pixels, of an exported chart."""
MIN_HEIGHT = 400
"""The least height, in pixels, of an exported chart."""
MAX_SIDE = 16_384
"""The largest width or height, in pixels (a larger image is more memory than a chart needs)."""


def export_size_problem(width: int, height: int, prefix: str = "--") -> str | None:
    """Why a ``width`` x ``height`` pixel export cannot be drawn whole, as one sentence naming
    the option (``prefix`` + "width" / "height": the CLI's ``--width``), the size asked and
    the least (or largest) size; None when it can."""
    sizes = {"width": (width, MIN_WIDTH), "height": (height, MIN_HEIGHT)}
    for name, (value, least) in sizes.items():
        other, (_, other_least) = next((k, v) for k, v in sizes.items() if k != name)
        if value < least:
            return (f"{prefix}{name}: {value} px is too small to hold the chart's title, plot, "
                    f"legend and data credit; give at least {least} px (and {prefix}{other} "
                    f"at least {other_least} px).")
        if value > MAX_SIDE:
            return (f"{prefix}{name}: {value} px is too large; give at most {MAX_SIDE} px.")
    return None
