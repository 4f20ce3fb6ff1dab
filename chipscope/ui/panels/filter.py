"""The filter at the top of the assumptions panel: words and "Changed from default".

Every assumption gets a search text (:func:`search_texts`): its label, key, group and section,
the name of its vendor, adopter or deal, and for a deal the names of its adopter and vendor.
Typed words are matched case- and accent-insensitively (:func:`fold`: "nvídia" finds NVIDIA),
all of them, anywhere in that text ("openai aws" finds "OpenAI: minimum share from AWS").
"Changed from default" keeps the assumptions whose value differs from its default; an
assumption that becomes changed while the view is on joins it, and one set back to its default
stays until the filter changes, so a row never vanishes under the pointer.

:class:`FormFilter` shows the matching editors and hides the rest, with any heading left with
nothing under it and any empty group; the adopters' pages of every matching adopter are shown
one under another while a filter is on (the adopter chooser is hidden).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from chipscope.model import Assumptions, AssumptionSpecs
from chipscope.model.arrays import same_value
from chipscope.model.dataset import Dataset
from chipscope.ui.elided import ElidedLabel

FILTER_DELAY_MS = 150
"""Typing waits this long for the next key before the form is filtered (one pass per word)."""
MIN_CHARS = 2
"""A filter of one letter filters nothing: it would match nearly all and build every adopter's
page at the first key typed (a second or more with 12 adopters)."""


def fold(text: str) -> str:
    """Lower case without accents: "Nvídia Ÿ" -> "nvidia y"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_texts(specs: AssumptionSpecs, dataset: Dataset) -> dict[str, str]:
    """Key -> the folded text the filter searches."""
    names = {**_names(dataset.vendors, "vendor_id"), **_names(dataset.adopters, "adopter_id")}
    deals = dataset.deals.set_index("deal_id")
    out: dict[str, str] = {}
    for key, spec in specs.items():
        parts = [spec.label, key, spec.group, spec.section, names.get(spec.owner, spec.owner)]
        if spec.group == "deal" and spec.owner in deals.index:
            row = deals.loc[spec.owner]
            parts += [names.get(str(row["adopter_id"]), ""), names.get(str(row["vendor_id"]), ""),
                      str(row["firmness"])]
        elif spec.group == "adopter":
            parts.append(names.get(key.rsplit(".", 1)[1], ""))  # the vendor of a vendor row
        out[key] = fold(" ".join(p for p in parts if p))
    return out


def matching(texts: Mapping[str, str], words: Iterable[str]) -> set[str]:
    """The keys whose text contains every word (folded)."""
    folded = [fold(w) for w in words if w]
    return {k for k, text in texts.items() if all(w in text for w in folded)}


def changed_keys(specs: AssumptionSpecs, values: Assumptions) -> set[str]:
    return {k for k, spec in specs.items() if not same_value(values[k], spec.default)}


class FilterBar(QWidget):
    """The filter box, the "Changed from default" toggle and the "n of N" count.

    ``filter_changed`` fires once typing pauses (:data:`FILTER_DELAY_MS`) or the toggle flips.
    """

    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText("Filter: vendor, adopter, deal or words (Ctrl+F)")
        self.line.setClearButtonEnabled(True)
        self.line.setToolTip("Shows only the assumptions whose label, vendor, adopter or deal "
                             "contains every word typed (any case, accents ignored).\n"
                             "Ctrl+F comes here; Esc clears.")
        self.changed_only = QCheckBox("Changed from default")
        self.changed_only.setToolTip("Show only the assumptions whose value differs from its "
                                     "default")
        self.count = ElidedLabel()  # ends in "…" in a narrow dock, whole in its tooltip
        self.count.setStyleSheet("color: gray;")
        self.count.setToolTip("Assumptions shown, of all of them")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.changed_only)
        row.addStretch(1)
        row.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 0)
        lay.setSpacing(2)
        lay.addWidget(self.line)
        lay.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.filter_changed)
        self.line.textChanged.connect(lambda _text: self._timer.start())
        self.changed_only.toggled.connect(lambda _on: self.filter_changed.emit())
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.line)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.clear)

    def words(self) -> list[str]:
        """The words typed (none while fewer than :data:`MIN_CHARS` letters are typed)."""
        words = self.line.text().split()
        return words if sum(len(w) for w in words) >= MIN_CHARS else []

    def is_active(self) -> bool:
        return bool(self.words()) or self.changed_only.isChecked()

    def clear(self) -> None:
        """Esc: no words (the toggle stays as it is)."""
        self.line.clear()
        self._timer.stop()
        self.filter_changed.emit()

    def focus(self) -> None:
        """Ctrl+F: into the box, its text selected for typing over."""
        self.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line.selectAll()

    def set_count(self, shown: int, total: int) -> None:
        self.count.setText(f"{shown:,} of {total:,} assumptions")


@dataclass
class Block:
    """A heading or sub-heading of the form and the keys of the editors under it."""

    widget: QWidget
    keys: list[str] = field(default_factory=list)


class Filterable(Protocol):
    """What :class:`FormFilter` needs of the panel."""

    blocks: list[Block]

    @property
    def editors(self) -> Mapping[str, QWidget]: ...
    @property
    def sections(self) -> Mapping[str, QWidget]: ...
    @property
    def specs(self) -> AssumptionSpecs: ...
    def section_shown(self, group: str, shown: bool) -> None: ...
    def show_adopter_pages(self, adopter_ids: list[str] | None) -> None: ...


class FormFilter:
    """Applies the bar's filter to the panel's editors, headings, groups and adopter pages."""

    def __init__(self, panel: Filterable, bar: FilterBar, dataset: Dataset):
        self.panel, self.bar = panel, bar
        self.texts = search_texts(panel.specs, dataset)
        self.shown: set[str] | None = None  # None: no filter, everything
        self._showing = False

    def reset(self, dataset: Dataset) -> None:
        """The forms were rebuilt (perhaps for another dataset)."""
        self.texts = search_texts(self.panel.specs, dataset)

    def apply(self, values: Assumptions) -> None:
        """Recompute what matches and show it."""
        specs = self.panel.specs
        if not self.bar.is_active():
            self.shown = None
        else:
            keys = matching(self.texts, self.bar.words())
            if self.bar.changed_only.isChecked():
                keys &= changed_keys(specs, values)
            self.shown = keys
        self._show()

    def page_built(self) -> None:
        """An adopter's page was built (shown by the chooser or asked for by key): filter it
        too, unless this filter is building it."""
        if self.shown is not None and not self._showing:
            self._show()

    def values_changed(self, values: Assumptions) -> None:
        """A value changed: in the changed view, newly changed assumptions join (none leave)."""
        if self.shown is None or not self.bar.changed_only.isChecked():
            return
        new = (changed_keys(self.panel.specs, values) & matching(self.texts, self.bar.words())
               ) - self.shown
        if new:
            self.shown |= new
            self._show()

    def _show(self) -> None:
        self._showing = True
        try:
            self._show_matches()
        finally:
            self._showing = False

    def _show_matches(self) -> None:
        panel, shown = self.panel, self.shown
        total = len(panel.specs)
        self.bar.set_count(total if shown is None else len(shown), total)
        if shown is None:
            panel.show_adopter_pages(None)
        else:
            order = self._adopter_order()
            adopters = sorted({panel.specs[k].owner for k in shown
                               if panel.specs[k].group == "adopter"}, key=order.__getitem__)
            panel.show_adopter_pages(adopters)  # builds the pages, so their editors exist
        for key, editor in panel.editors.items():
            editor.setVisible(shown is None or key in shown)
        for block in panel.blocks:
            block.widget.setVisible(shown is None or any(k in shown for k in block.keys))
        for group in panel.sections:
            panel.section_shown(group, shown is None or any(
                panel.specs[k].group == group for k in shown))

    def _adopter_order(self) -> dict[str, int]:
        order: dict[str, int] = {}
        for spec in self.panel.specs.group("adopter"):
            order.setdefault(spec.owner, len(order))
        return order


def _names(frame: pd.DataFrame, id_column: str) -> dict[str, str]:
    return dict(zip(frame[id_column].astype(str), frame["name"].astype(str), strict=True))
