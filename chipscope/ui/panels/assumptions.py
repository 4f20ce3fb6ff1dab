"""The assumption forms: every input of the engine, grouped, each bound both ways to the session.

Binding
-------
UI -> model: every editor's ``value_requested`` goes to one slot, :meth:`_apply`, which calls
``Session.set_value`` (``Assumptions.replace`` underneath). A rejected value (out of range, a
horizon before the base year) is shown in red next to its field and not applied.

Model -> UI: ``Session.assumptions_changed`` goes to :meth:`show_assumptions`, which sets each
editor whose value differs, with its signals blocked, so nothing echoes back.

Groups: Global (by section), Vendors (one block per vendor), Adopters (a chooser: one adopter's
fields at a time, pages built when first shown, so 25+ adopters x 12+ vendors stay quick),
Deals. Each group collapses; the whole form scrolls.

When the session's dataset is replaced (``Session.dataset_changed``) the forms are rebuilt for
the new dataset (:meth:`AssumptionsPanel.rebuild`); the Reset all bar stays.
"""

from __future__ import annotations

import html

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from chipscope.model import Assumptions, ParamSpec
from chipscope.model.arrays import same_value
from chipscope.model.provenance import adopter_provenance, deal_provenance, vendor_provenance
from chipscope.ui.palette import vendor_colours
from chipscope.ui.panels.param_widgets import (
    COMPACT_LABEL_WIDTH,
    CollapsibleSection,
    Editor,
    ParamEditor,
    make_editor,
)
from chipscope.ui.panels.table_model import swatch_icon
from chipscope.ui.session import Session

GROUP_TITLES = {"global": "Global", "vendor": "Vendors", "adopter": "Adopters", "deal": "Deals"}
VENDOR_ROW_SECTIONS = {"Affinity": "Affinity to each vendor (utils)",
                       "Minimum share": "Minimum share of purchases (%)"}
"""Per-adopter sections with one compact row per vendor, and their sub-headings."""


class AssumptionsPanel(QWidget):
    """Forms for every assumption of ``session``, bound both ways."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._build()
        session.dataset_changed.connect(self.rebuild)
        session.assumptions_changed.connect(self.show_assumptions)

    # --- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        reset_all = QPushButton("Reset all")
        reset_all.setToolTip("Every assumption back to its default")
        reset_all.clicked.connect(self._reset_all)
        self.reset_all_button = reset_all
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        hint = QLabel("Drag a slider: the charts follow.")
        hint.setStyleSheet("color: gray;")
        top.addWidget(hint)
        top.addStretch(1)
        top.addWidget(reset_all)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rebuild()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top)
        outer.addWidget(self.scroll_area, 1)

    def rebuild(self, *_: object) -> None:
        """Build the forms for the session's dataset (again, after it was replaced)."""
        self.editors: dict[str, Editor] = {}
        self.sections: dict[str, CollapsibleSection] = {}
        self._adopter_pages: dict[str, QWidget] = {}
        self._override_keys: list[str] = []  # adopters' demand growth overrides built so far
        self._colours = vendor_colours(self.session.dataset)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(4, 4, 4, 4)
        builders = (("global", self._global_form), ("vendor", self._vendor_form),
                    ("adopter", self._adopter_form), ("deal", self._deal_form))
        for group, build in builders:
            if not self.session.specs.group(group):  # type: ignore[arg-type]
                continue
            section = CollapsibleSection(GROUP_TITLES[group], build(), expanded=group != "deal")
            self.sections[group] = section
            body_layout.addWidget(section)
        body_layout.addStretch(1)
        self.scroll_area.setWidget(body)  # deletes the previous forms

    def _add_editor(self, layout: QVBoxLayout, spec: ParamSpec, label: str | None = None,
                    compact: bool = False) -> Editor:
        editor = make_editor(spec, self.session.assumptions[spec.key], label, compact)
        editor.value_requested.connect(self._apply)
        editor.edit_finished.connect(self._finish_edit)
        self.editors[spec.key] = editor
        layout.addWidget(editor)
        return editor

    def _global_form(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 0, 0)
        section = None
        for spec in self.session.specs.group("global"):
            if spec.section != section:
                section = spec.section
                lay.addWidget(_subheading(section))
            self._add_editor(lay, spec)
        return box

    def _vendor_form(self) -> QWidget:
        dataset = self.session.dataset
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 0, 0)
        names = _names(dataset.vendors, "vendor_id")
        base = _base_year_purchases(self.session)
        for vid in dataset.vendor_ids:
            heading = self._heading(names[vid], vendor_provenance(dataset, vid), vid)
            lay.addWidget(heading)
            for spec in self._owned("vendor", vid):
                editor = self._add_editor(lay, spec, _short_label(spec.label, names[vid]))
                if isinstance(editor, ParamEditor) and spec.optional:
                    # Unticking "no cap" starts from what the vendor sold in the base year.
                    editor.set_fallback(round(base.get(vid, spec.step), -4) or spec.step)
        return box

    def _adopter_form(self) -> QWidget:
        dataset = self.session.dataset
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Adopter:"))
        self.adopter_combo = QComboBox()
        names = _names(dataset.adopters, "adopter_id")
        for aid in dataset.adopter_ids:
            self.adopter_combo.addItem(names[aid], aid)
            self.adopter_combo.setItemData(self.adopter_combo.count() - 1,
                                           adopter_provenance(dataset, aid),
                                           Qt.ItemDataRole.ToolTipRole)
        chooser.addWidget(self.adopter_combo, 1)
        lay.addLayout(chooser)
        self.adopter_stack = QStackedWidget()
        lay.addWidget(self.adopter_stack)
        self.adopter_combo.currentIndexChanged.connect(
            lambda i: self.show_adopter(self.adopter_combo.itemData(i)))
        if dataset.adopter_ids:
            self.show_adopter(dataset.adopter_ids[0])
        return box

    def _adopter_page(self, adopter_id: str) -> QWidget:
        dataset = self.session.dataset
        names = _names(dataset.adopters, "adopter_id")
        vendor_names = _names(dataset.vendors, "vendor_id")
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        info = dataset.adopters.set_index("adopter_id").loc[adopter_id]
        heading = self._heading(f"{names[adopter_id]} \u00b7 {info['kind']}",
                                adopter_provenance(dataset, adopter_id))
        lay.addWidget(heading)
        for spec in self._owned("adopter", adopter_id):
            if spec.section in VENDOR_ROW_SECTIONS:
                vid = spec.key.rsplit(".", 1)[1]
                if vid == dataset.vendor_ids[0]:
                    lay.addWidget(_subheading(VENDOR_ROW_SECTIONS[spec.section]))
                self._vendor_row_editor(lay, spec, adopter_id, vid, vendor_names[vid])
            elif spec.key.endswith(".base_demand_h100e"):
                editor = self._add_editor(lay, spec, "Base-year purchases (none: history)")
                assert isinstance(editor, ParamEditor)
                # Unticking "none" starts from what the history says the adopter bought.
                proj = self.session.projection
                bought = float(proj.demand_h100e[proj.year_index(proj.base_year),
                                                 dataset.adopter_ids.index(adopter_id)])
                editor.set_fallback(round(bought, -4) or 100_000.0)
            else:
                editor = self._add_editor(lay, spec, "Demand growth (none: the global value)")
                assert isinstance(editor, ParamEditor)
                editor.set_fallback(self.session.assumptions["demand_growth_pct"])
                self._override_keys.append(spec.key)
        return page

    def _vendor_row_editor(self, layout: QVBoxLayout, spec: ParamSpec, adopter_id: str,
                         vendor_id: str, vendor_name: str) -> None:
        """One compact row: colour, (elided) vendor name, slider, value."""
        metrics = self.fontMetrics()
        name = metrics.elidedText(vendor_name, Qt.TextElideMode.ElideRight,
                                  COMPACT_LABEL_WIDTH - metrics.horizontalAdvance("\u25a0 ") - 4)
        swatch = f"<span style='color:{self._colours[vendor_id].name()}'>\u25a0</span>"
        editor = self._add_editor(layout, spec, f"{swatch} {html.escape(name)}", compact=True)
        dataset = self.session.dataset
        a, v = dataset.adopter_ids.index(adopter_id), dataset.vendor_ids.index(vendor_id)
        if not dataset.vendor_reach_matrix[a, v]:
            # The engine excludes vendors an adopter cannot reach: say so, and grey it out.
            why = ("no access in the dataset" if dataset.access_matrix[a, v] <= 0
                   else "export rules bar every one of its chips")
            editor.setEnabled(False)
            editor.setToolTip(f"No effect: this adopter cannot buy from {vendor_name} "
                              f"({why}).\n{editor.toolTip()}")

    def _deal_form(self) -> QWidget:
        dataset = self.session.dataset
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 0, 0)
        for did in dataset.deals["deal_id"]:
            specs = self._owned("deal", did)
            label = specs[0].label.rsplit(":", 1)[0]
            firmness = str(dataset.deals.set_index("deal_id").at[did, "firmness"] or "firm")
            words = {"loi": "letter of intent", "up_to": "up to"}.get(firmness)
            if words and words not in label.lower() and "loi" not in label.lower():
                label += f" ({words})"
            lay.addWidget(self._heading(label, deal_provenance(dataset, did)))
            for spec in specs:
                self._add_editor(lay, spec, "On" if spec.kind == "bool" else "Size")
        return box

    def _heading(self, text: str, tooltip: str, vendor_id: str | None = None) -> QWidget:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.setSpacing(4)
        if vendor_id is not None and vendor_id in self._colours:
            swatch = QLabel()
            swatch.setPixmap(swatch_icon(self._colours[vendor_id]).pixmap(12, 12))
            lay.addWidget(swatch)
        label = QLabel(f"<b>{text}</b>")
        label.setToolTip(tooltip)
        lay.addWidget(label)
        info = QLabel()  # a small "i": hover the heading for where the numbers come from
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        info.setPixmap(icon.pixmap(12, 12))
        info.setToolTip(tooltip)
        lay.addWidget(info)
        lay.addStretch(1)
        row.setToolTip(tooltip)
        return row

    def _owned(self, group: str, owner: str) -> list[ParamSpec]:
        return [s for s in self.session.specs.group(group)  # type: ignore[arg-type]
                if s.owner == owner]

    # --- navigation -----------------------------------------------------------------------
    def _ensure_page(self, adopter_id: str) -> QWidget:
        page = self._adopter_pages.get(adopter_id)
        if page is None:
            page = self._adopter_pages[adopter_id] = self._adopter_page(adopter_id)
            self.adopter_stack.addWidget(page)
        return page

    def show_adopter(self, adopter_id: str) -> None:
        """Show one adopter's fields (building them the first time)."""
        self.adopter_stack.setCurrentWidget(self._ensure_page(adopter_id))
        i = self.adopter_combo.findData(adopter_id)
        if i != self.adopter_combo.currentIndex():
            self.adopter_combo.setCurrentIndex(i)

    def editor(self, key: str) -> Editor:
        """The editor of ``key`` (an adopter's page is built, not shown, if needed)."""
        if key not in self.editors:
            spec = self.session.specs[key]
            if spec.group != "adopter":
                raise KeyError(key)
            self._ensure_page(spec.owner)
        return self.editors[key]

    # --- binding ----------------------------------------------------------------------------
    def _apply(self, key: str, value: float) -> None:
        """The one UI -> model slot."""
        editor = self.editors[key]
        try:
            self.session.set_value(key, value)
        except ValueError as exc:
            editor.show_error(f"Not applied: {exc}")
            return
        editor.show_error("")

    def _finish_edit(self, key: str) -> None:
        if not self.editors[key].error():
            self.session.finish_edit(key)

    def show_assumptions(self, assumptions: Assumptions) -> None:
        """Model -> UI: every editor shows ``assumptions`` (signals blocked; no echo)."""
        glob = assumptions["demand_growth_pct"]
        for key, editor in self.editors.items():
            value = assumptions[key]
            if editor.error():
                editor.show_error("")
            elif same_value(editor.value(), value):
                continue
            editor.show_value(value)
        for key in self._override_keys:  # unticking "none" starts from the global growth
            editor = self.editors[key]
            if isinstance(editor, ParamEditor):
                editor.set_fallback(glob)

    def _reset_all(self) -> None:
        self.session.reset_all()


def _subheading(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setStyleSheet("color: gray; font-size: 8pt; margin-top: 4px;")
    return label


def _short_label(label: str, owner_name: str) -> str:
    """"NVIDIA price change" under an NVIDIA heading reads "Price change"."""
    if label.startswith(owner_name + " "):
        rest = label[len(owner_name) + 1:]
        return rest[:1].upper() + rest[1:]
    return label


def _names(frame: pd.DataFrame, id_column: str) -> dict[str, str]:
    return dict(zip(frame[id_column], frame["name"], strict=True))


def _base_year_purchases(session: Session) -> dict[str, float]:
    """Each vendor's purchases in the base year (H100e), the starting point of a new cap."""
    proj = session.projection
    row = proj.by_vendor("h100e")[proj.year_index(proj.base_year)]
    return dict(zip(proj.vendor_ids, (float(x) for x in row), strict=True))
