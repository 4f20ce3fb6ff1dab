"""The compare window's exports: the chart as PNG or SVG and the table as CSV.

A chart's file name follows the rule of File > Export chart (:func:`chart_path`: another type
than .png / .svg, or a space or dot at the end, is refused with one sentence, never written
as a PNG under that name). A refusal and each saved file are said in the note beside the
export buttons ("Chart saved to ..."); a write that fails is one warning box. With no scenario
in the comparison both exports are refused before any file dialog or write, and the view
disables their buttons; :func:`refusal` says why, in the note and as the buttons' tooltip:
nothing ticked (:data:`NOTHING`), or every ticked scenario left out as one that cannot be
compared (:func:`left_out`, the hint above names them and the cause).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from chipscope.storage import StorageError
from chipscope.ui.charts.render import render_svg, save_png
from chipscope.ui.export_dialog import ChartPathError, chart_path

if TYPE_CHECKING:
    from chipscope.ui.scenarios.compare_view import CompareView

NOTHING = ("Tick at least one scenario to export: nothing is compared yet, "
           "so there is nothing to save.")
"""Why the exports are refused (and their buttons disabled) while no scenario is ticked."""
EMPTY = "The comparison table has no rows, so there is nothing to save."
"""Why the exports are refused when scenarios are compared but the table is empty."""


def left_out(ticked: int) -> str:
    """Why the exports are refused when all ``ticked`` scenarios cannot be compared (the
    hint above the buttons names each and its cause)."""
    who = ("The ticked scenario cannot be compared" if ticked == 1
           else f"None of the {ticked} ticked scenarios can be compared")
    return (f"{who} (the note above says why), so there is nothing to export; "
            "tick one that can be.")


def refusal(view: CompareView) -> str:
    """Why the comparison cannot be exported now, or "" when it can."""
    if view.labels:
        return "" if view.table_model.rowCount() > 0 else EMPTY
    ticked = len(view.selected_keys())
    return left_out(ticked) if ticked else NOTHING


def nothing_to_export(view: CompareView) -> bool:
    """True, and :func:`refusal`'s sentence in the note, when nothing can be exported (no
    file is asked for or written then: an empty table is never "saved" over an older export)."""
    why = refusal(view)
    if not why:
        return False
    view.export_note.setText(why)
    return True


def export_chart(view: CompareView) -> None:
    """The Export chart button: ask for a file, then write it at 1920 x 1080."""
    if nothing_to_export(view):
        return
    path, _ = QFileDialog.getSaveFileName(view, "Export comparison chart",
                                          str(Path.home() / "chipscope-compare.png"),
                                          "PNG image (*.png);;SVG drawing (*.svg)")
    if path:
        export_chart_to(view, path, 1920, 1080)


def export_chart_to(view: CompareView, target: Path | str, width: int, height: int) -> bool:
    """PNG or SVG (by the name's type) of the chart; a refused name or a failure is shown,
    not raised. Returns success."""
    if nothing_to_export(view):
        return False
    try:
        path = chart_path(str(target), Path.home())
    except ChartPathError as exc:
        view.export_note.setText(str(exc))
        return False
    try:
        if path.suffix.lower() == ".svg":
            render_svg(view.make_chart(), view.chart_input(), path, width, height)
        else:
            save_png(view.render_chart(width, height), path)
    except StorageError as exc:  # names the file and the cause; the old file is unchanged
        return _failed(view, str(exc))
    except (OSError, ValueError) as exc:
        return _failed(view, f"Could not export to {path}: {exc}")
    view.export_note.setText(f"Chart saved to {path}")
    return True


def export_table(view: CompareView) -> None:
    """The Export table button: ask for a file, then write the table there."""
    if nothing_to_export(view):
        return
    path, _ = QFileDialog.getSaveFileName(view, "Export comparison table",
                                          str(Path.home() / "chipscope-compare.csv"),
                                          "CSV table (*.csv)")
    if path:
        export_table_to(view, Path(path))


def export_table_to(view: CompareView, path: Path) -> bool:
    """The table as CSV with its metadata; a failure is shown, not raised."""
    from chipscope.ui.charts import export
    from chipscope.ui.table_export import compare_table_metadata

    if nothing_to_export(view):
        return False
    try:
        metadata = compare_table_metadata(view.working.session, view.compared_assumptions(),
                                          view.measure())
        export.export_table_csv(view.table_model.table(), path, metadata)
    except StorageError as exc:
        return _failed(view, str(exc))
    except (OSError, ValueError) as exc:
        return _failed(view, f"Could not save the table to {path}: {exc}")
    view.export_note.setText(f"Table saved to {path}")
    return True


def _failed(view: CompareView, text: str) -> bool:
    view.export_note.clear()
    view._warn(text)
    return False
