"""PNG, SVG and CSV export of the chart on screen, and a headless export for the CLI.

The pictures come from :mod:`chipscope.ui.charts.render` (a fresh copy of the chart, laid out
at the export's logical size and painted at the pixel ratio that fills the requested pixels;
the chart on screen is never resized); this module adds the window's and the CLI's inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtGui import QImage

from chipscope.model.export_labels import ScenarioLabel
from chipscope.model.export_size import export_size_problem
from chipscope.model.table_meta import Table
from chipscope.storage import files
from chipscope.ui.charts.area import ChartArea
from chipscope.ui.charts.registry import CHART_NAMES
from chipscope.ui.charts.render import (
    REFERENCE_SIZE,
    ensure_app,
    export_layout,
    render_image,
    render_svg,
    save_png,
)
from chipscope.ui.palette import ChartTheme, chart_theme, dark_palette, light_palette

__all__ = ["EXPORT_SUFFIXES", "PNG_PRESETS", "REFERENCE_SIZE", "export_chart_to_file",
           "export_layout", "export_png", "export_svg", "export_table_csv",
           "render_chart_image", "save_png"]

PNG_PRESETS: dict[str, tuple[int, int]] = {
    f"{w}x{h}": (w, h)
    for w, h in ((1280, 720), (1920, 1080), (2560, 1440), (3840, 2160), (1600, 1200),
                 (1200, 1200))
}
"""Common image sizes in pixels at scale 1 (16:9 HD to 4K, a 4:3 slide, a square)."""

EXPORT_SUFFIXES = (".png", ".svg")


def export_theme(dark: bool = False) -> ChartTheme:
    """Exports are drawn light (white background) whatever the window's appearance, since
    they go into documents and slides, which are mostly light; ``dark`` (the export dialog's
    "Dark background", ``export-chart --dark``) draws them on the dark theme instead."""
    return chart_theme(dark_palette() if dark else light_palette())


def render_chart_image(chart_area: ChartArea, width: int, height: int,
                       scale: float = 1.0, label: ScenarioLabel | None = None,
                       dark: bool = False) -> QImage:
    """The visible chart as an image of ``round(width * scale)`` x ``round(height * scale)``
    pixels, in memory (for tests and the clipboard); ``label``: the scenario under the title.
    Exports are light (:func:`export_theme`) whatever the window's appearance."""
    return render_image(chart_area.chart_name(), chart_area.chart_input(), width, height, scale,
                        dataset=chart_area.dataset(), theme=export_theme(dark), label=label)


def export_png(chart_area: ChartArea, path: Path, width: int, height: int,
               scale: float = 1.0, label: ScenarioLabel | None = None,
               dark: bool = False) -> None:
    """Save the visible chart as a PNG of ``width * scale`` x ``height * scale`` pixels,
    ``label``'s scenario under the title and in the PNG's text chunks.

    Raises
    ------
    StorageError
        ``path`` is a special file or the write failed (the old file is unchanged).
    """
    save_png(render_chart_image(chart_area, width, height, scale, label, dark), path)


def export_svg(chart_area: ChartArea, path: Path, width: int, height: int,
               label: ScenarioLabel | None = None, dark: bool = False) -> None:
    """Save the visible chart as SVG, ``width`` x ``height`` (its laid-out logical size
    scaled to fit, like :func:`export_png`), ``label`` under the title and in ``<desc>``;
    StorageError as :func:`export_png`."""
    render_svg(chart_area.chart_name(), chart_area.chart_input(), path, width, height,
               dataset=chart_area.dataset(), theme=export_theme(dark), label=label)


def export_table_csv(table: Table | pd.DataFrame, path: Path,
                     metadata: Mapping[str, str] | None = None) -> None:
    """Save a table as UTF-8 CSV without the index, formula-like text cells escaped, after
    ``metadata`` as ``# key: value`` lines; a :class:`Table`'s header row is its column labels
    (units included) and its numbers are rounded per column kind
    (:func:`~chipscope.model.table_display.rounded_frame`). Written atomically; StorageError
    as :func:`export_png`."""
    from chipscope.model.table_display import rounded_frame

    # A Table's frame is headed by its column labels (Table checks that they match).
    frame = table if isinstance(table, pd.DataFrame) else rounded_frame(table)
    files.write_csv(frame, path, "CSV file", metadata=metadata)


def export_chart_to_file(dataset: Any, assumptions: Any, chart: str, out: Path,
                         width: int = 1920, height: int = 1080,
                         measure: str = "h100e", year: int | None = None,
                         basis: str = "bf16", label: ScenarioLabel | None = None,
                         dark: bool = False) -> None:
    """Project ``dataset`` under ``assumptions`` and write chart ``chart`` to ``out`` (.png or
    .svg by suffix), without a window. ``year`` is the adopters chart's year (default: the
    horizon, where a what-if shows); ``basis`` what 1 H100e is (``bf16`` or ``8bit``; the
    title and axis say which); ``label`` the scenario under the title and in the file's
    metadata.

    Raises
    ------
    ValueError
        Unknown chart or measure, a suffix other than .png / .svg, or a bad size; raised
        before anything is computed or drawn.
    StorageError
        ``out`` is a special file (refused before anything is drawn) or the write failed;
        the old file is unchanged.
    """
    from chipscope.model.basis import BASES, project_on_basis
    from chipscope.model.chart_data import ProjectionInput
    from chipscope.model.projection import MEASURES

    out = Path(out)
    if chart not in CHART_NAMES:
        raise ValueError(f"chart: {chart!r} is not one of {', '.join(CHART_NAMES)}")
    if measure not in MEASURES:
        raise ValueError(f"measure: {measure!r} is not one of {', '.join(MEASURES)}")
    if basis not in BASES:
        raise ValueError(f"basis: {basis!r} is not one of {', '.join(BASES)}")
    suffix = out.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValueError(f"out: {out.name!r} has suffix {out.suffix or '(none)'!r}; "
                         "use .png or .svg")
    if (problem := export_size_problem(width, height, prefix="")) is not None:
        raise ValueError(problem)  # "height: 200 px is too small ..." (the CLI's --height)
    files.write_target(out, "PNG file" if suffix == ".png" else "SVG file")
    ensure_app()
    projection = project_on_basis(dataset, assumptions, basis)
    if year is not None:
        projection.year_index(year)  # ValueError naming the year and the range
    data = ProjectionInput(projection, measure,
                           int(projection.years[-1]) if year is None else int(year))
    if suffix == ".svg":
        render_svg(chart, data, out, width, height, dataset=dataset, theme=export_theme(dark),
                   label=label)
    else:
        save_png(render_image(chart, data, width, height, dataset=dataset,
                              theme=export_theme(dark), label=label), out)
