"""Editors of the dataset rows (Edit > Edit data...): see docs/data-editing.md."""

from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.data_edit.opening import report_conflicts

__all__ = ["open_data_dialog", "report_conflicts"]
