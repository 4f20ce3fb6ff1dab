"""Building the assumption forms (:class:`AssumptionForms`, the base of
:class:`chipscope.ui.panels.assumptions.AssumptionsPanel`): one editor a spec, under headings the
filter knows (:class:`Block`), a block a vendor, one adopter's page at a time (built when first
shown) and a block a deal. The panel owns the binding: every editor's requests go to its
:meth:`AssumptionForms._apply` and :meth:`AssumptionForms._finish_edit`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from chipscope.model import ParamSpec
from chipscope.model.provenance import adopter_provenance, deal_provenance, vendor_provenance
from chipscope.ui.panels.filter import Block, FormFilter
from chipscope.ui.panels.form_parts import (
    base_year_purchases,
    heading,
    names_of,
    short_label,
    subheading,
)
from chipscope.ui.panels.param_widgets import (
    COMPACT_LABEL_WIDTH,
    CollapsibleSection,
    Editor,
    ParamEditor,
    make_editor,
)
from chipscope.ui.panels.wheel_guard import UndoKeyGuard, WheelSafeComboBox
from chipscope.ui.plain import literal
from chipscope.ui.session import Session

VENDOR_ROW_SECTIONS = {"Affinity": "Affinity to each vendor (utils)",
                       "Minimum share": "Minimum share of purchases (%)"}
"""Per-adopter sections with one compact row per vendor, and their sub-headings."""


class AssumptionForms(QWidget):
    """The forms of every assumption group; the panel (its subclass) sets the state below in
    ``rebuild`` and binds the editors to the session."""

    session: Session
    editors: dict[str, Editor]
    sections: dict[str, CollapsibleSection]
    blocks: list[Block]
    undo_keys: UndoKeyGuard
    form_filter: FormFilter
    adopter_combo: WheelSafeComboBox
    adopter_chooser: QWidget
    adopter_box: QWidget
    _blocks: tuple[Block | None, Block | None]
    _colours: dict[str, QColor]
    _adopter_pages: dict[str, QWidget]
    _adopter_filter: list[str] | None
    _override_keys: list[str]

    def _apply(self, key: str, value: float) -> None:
        """The one UI -> model slot (the panel's)."""
        raise NotImplementedError

    def _finish_edit(self, key: str) -> None:
        raise NotImplementedError

    def _add_editor(self, layout: QVBoxLayout, spec: ParamSpec, label: str | None = None,
                    compact: bool = False) -> Editor:
        editor = make_editor(spec, self.session.assumptions[spec.key], label, compact)
        editor.value_requested.connect(self._apply)
        editor.edit_finished.connect(self._finish_edit)
        self.editors[spec.key] = editor
        layout.addWidget(editor)
        if isinstance(editor, ParamEditor):
            self.undo_keys.watch(editor.spin)
        for block in self._blocks:
            if block is not None:
                block.keys.append(spec.key)
        return editor

    def _block(self, widget: QWidget, sub: bool = False) -> QWidget:
        """Register a heading (or a sub-heading) for the filter: the editors added next are
        under it."""
        block = Block(widget)
        self.blocks.append(block)
        self._blocks = (self._blocks[0], block) if sub else (block, None)
        return widget

    def _global_form(self) -> QWidget:
        box, lay = _group_box()
        section = None
        self._blocks = (None, None)
        for spec in self.session.specs.group("global"):
            if spec.section != section:
                section = spec.section
                lay.addWidget(self._block(subheading(section), sub=True))
            self._add_editor(lay, spec)
        return box

    def _vendor_form(self) -> QWidget:
        dataset = self.session.dataset
        box, lay = _group_box()
        names = names_of(dataset.vendors, "vendor_id")
        base = base_year_purchases(self.session)
        for vid in dataset.vendor_ids:
            heading = self._heading(names[vid], vendor_provenance(dataset, vid), vid)
            lay.addWidget(self._block(heading))
            for spec in self._owned("vendor", vid):
                editor = self._add_editor(lay, spec,
                                          literal(short_label(spec.label, names[vid])))
                if isinstance(editor, ParamEditor) and spec.optional:
                    # Unticking "no cap" starts from what the vendor sold in the base year.
                    editor.set_fallback(round(base.get(vid, spec.step), -4) or spec.step)
        return box

    def _adopter_form(self) -> QWidget:
        dataset = self.session.dataset
        box, lay = _group_box()
        chooser = QHBoxLayout()
        chooser.setContentsMargins(0, 0, 0, 0)
        chooser.addWidget(QLabel("Adopter:"))
        self.adopter_combo = WheelSafeComboBox()
        names = names_of(dataset.adopters, "adopter_id")
        for aid in dataset.adopter_ids:
            self.adopter_combo.addItem(names[aid], aid)
            self.adopter_combo.setItemData(self.adopter_combo.count() - 1,
                                           adopter_provenance(dataset, aid),
                                           Qt.ItemDataRole.ToolTipRole)
        chooser.addWidget(self.adopter_combo, 1)
        self.adopter_chooser = QWidget()
        self.adopter_chooser.setLayout(chooser)
        lay.addWidget(self.adopter_chooser)
        # One page at a time; every matching adopter's page while a filter is on.
        self.adopter_box = QWidget()
        QVBoxLayout(self.adopter_box).setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.adopter_box)
        self.adopter_combo.currentIndexChanged.connect(
            lambda i: self.show_adopter(self.adopter_combo.itemData(i)))
        if dataset.adopter_ids:
            self.show_adopter(dataset.adopter_ids[0])
        return box

    def _adopter_page(self, adopter_id: str) -> QWidget:
        dataset = self.session.dataset
        names = names_of(dataset.adopters, "adopter_id")
        vendor_names = names_of(dataset.vendors, "vendor_id")
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        info = dataset.adopters.set_index("adopter_id").loc[adopter_id]
        heading = self._heading(f"{names[adopter_id]} \u00b7 {info['kind']}",
                                adopter_provenance(dataset, adopter_id))
        lay.addWidget(self._block(heading))
        for spec in self._owned("adopter", adopter_id):
            if spec.section in VENDOR_ROW_SECTIONS:
                vid = spec.key.rsplit(".", 1)[1]
                if vid == dataset.vendor_ids[0]:
                    lay.addWidget(self._block(subheading(VENDOR_ROW_SECTIONS[spec.section]),
                                              sub=True))
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
            note = f"No effect: this adopter cannot buy from {vendor_name} ({why})."
            editor.setToolTip(literal(f"{note}\n{spec.help}\nAllowed: {spec.range_text()}. "
                                      f"Default: {spec.format(spec.default)}."))

    def _deal_form(self) -> QWidget:
        dataset = self.session.dataset
        box, lay = _group_box()
        for did in dataset.deals["deal_id"]:
            specs = self._owned("deal", did)
            label = specs[0].label.rsplit(":", 1)[0]
            firmness = str(dataset.deals.set_index("deal_id").at[did, "firmness"] or "firm")
            words = {"loi": "letter of intent", "up_to": "up to"}.get(firmness)
            if words and words not in label.lower() and "loi" not in label.lower():
                label += f" ({words})"
            lay.addWidget(self._block(self._heading(label, deal_provenance(dataset, did))))
            for spec in specs:
                self._add_editor(lay, spec, "On" if spec.kind == "bool" else "Size")
        return box

    def _heading(self, text: str, tooltip: str, vendor_id: str | None = None) -> QWidget:
        return heading(text, tooltip, self._colours.get(vendor_id or ""), self.style())

    def _owned(self, group: str, owner: str) -> list[ParamSpec]:
        return [s for s in self.session.specs.group(group)  # type: ignore[arg-type]
                if s.owner == owner]

    # --- adopter pages -----------------------------------------------------------------
    def _ensure_page(self, adopter_id: str) -> QWidget:
        page = self._adopter_pages.get(adopter_id)
        if page is None:
            page = self._adopter_pages[adopter_id] = self._adopter_page(adopter_id)
            page.hide()
            layout = self.adopter_box.layout()
            assert layout is not None
            layout.addWidget(page)
            self.form_filter.page_built()
        return page

    def show_adopter(self, adopter_id: str) -> None:
        """Show one adopter's fields (building them the first time)."""
        page = self._ensure_page(adopter_id)
        if self._adopter_filter is None:
            for other in self._adopter_pages.values():
                other.setVisible(other is page)
        i = self.adopter_combo.findData(adopter_id)
        if i != self.adopter_combo.currentIndex():
            self.adopter_combo.setCurrentIndex(i)

    def show_adopter_pages(self, adopter_ids: list[str] | None) -> None:
        """While filtering: the pages of ``adopter_ids``, one under another, and no chooser;
        None: back to the chosen adopter's page."""
        if "adopter" not in self.sections:
            return
        self._adopter_filter = adopter_ids
        self.adopter_chooser.setVisible(adopter_ids is None)
        if adopter_ids is None:
            self.show_adopter(self.adopter_combo.currentData())
            return
        for aid in adopter_ids:
            self._ensure_page(aid)
        for aid, page in self._adopter_pages.items():
            page.setVisible(aid in adopter_ids)


def _group_box() -> tuple[QWidget, QVBoxLayout]:
    """A group's form and its layout, indented under the group's title."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(12, 0, 0, 0)
    return box, lay
