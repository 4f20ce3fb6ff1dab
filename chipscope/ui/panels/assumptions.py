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
Also: the filter bar (``filter.py``), wheel-safe controls and undo keys in number boxes
(``wheel_guard.py``), the greying-out of editors that have no effect now (``inert_marks.py``).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chipscope.model import Assumptions, ParamSpec
from chipscope.model.arrays import same_value
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.provenance import adopter_provenance, deal_provenance, vendor_provenance
from chipscope.ui.elided import ElidedLabel
from chipscope.ui.palette import vendor_colours
from chipscope.ui.panels.filter import Block, FilterBar, FormFilter
from chipscope.ui.panels.form_parts import (
    FormScrollArea,
    base_year_purchases,
    heading,
    names_of,
    short_label,
    subheading,
)
from chipscope.ui.panels.inert_marks import InertMarks
from chipscope.ui.panels.param_widgets import (
    COMPACT_LABEL_WIDTH,
    CollapsibleSection,
    Editor,
    ParamEditor,
    make_editor,
)
from chipscope.ui.panels.shown_values import ShownValues
from chipscope.ui.panels.wheel_guard import UndoKeyGuard, WheelSafeComboBox
from chipscope.ui.plain import literal
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
        reset_all.clicked.connect(lambda _=False: self.session.reset_all())
        self.reset_all_button = reset_all
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        hint = ElidedLabel("Drag a slider: the charts follow.")  # "…" in a narrow dock
        hint.setStyleSheet("color: gray;")
        top.addWidget(hint)
        top.addStretch(1)
        top.addWidget(reset_all)
        self.scroll_area = FormScrollArea()  # as wide as the rows need (form_parts.py)
        self.undo_keys = UndoKeyGuard(self)
        self.inert = InertMarks(self.session.dataset)
        self.filter_bar = FilterBar()
        self.form_filter = FormFilter(self, self.filter_bar, self.session.dataset)
        self.filter_bar.filter_changed.connect(self.apply_filter)
        self.find_action = QAction("Filter assumptions", self, shortcut=QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.filter_bar.focus)
        self.addAction(self.find_action)
        self.rebuild()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.filter_bar)
        outer.addLayout(top)
        outer.addWidget(self.scroll_area, 1)

    def dock_floor(self) -> int:
        """The least width ``window_fit`` gives the panel: each row's number box in sight."""
        return self.scroll_area.minimumSizeHint().width()

    def rebuild(self, *_: object) -> None:
        """Build the forms for the session's dataset (again, after it was replaced)."""
        self.editors: dict[str, Editor] = {}
        self._shown = ShownValues()
        self.sections: dict[str, CollapsibleSection] = {}
        self._adopter_pages: dict[str, QWidget] = {}
        self._override_keys: list[str] = []  # adopters' demand growth overrides built so far
        self.blocks: list[Block] = []  # headings and the keys under them, for the filter
        self._blocks: tuple[Block | None, Block | None] = (None, None)  # current heading, sub
        self._adopter_filter: list[str] | None = None  # adopters shown while filtering
        self._expanded: dict[str, bool] = {}  # the groups' folding before a filter opened them
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
        self.inert.reset(self.session.dataset)
        self.inert.update(self.editors, self.session.assumptions)
        self.form_filter.reset(self.session.dataset)
        self.apply_filter()

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
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 0, 0)
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
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 0, 0)
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
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 0, 0)
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
            lay.addWidget(self._block(self._heading(label, deal_provenance(dataset, did))))
            for spec in specs:
                self._add_editor(lay, spec, "On" if spec.kind == "bool" else "Size")
        return box

    def _heading(self, text: str, tooltip: str, vendor_id: str | None = None) -> QWidget:
        return heading(text, tooltip, self._colours.get(vendor_id or ""), self.style())

    def _owned(self, group: str, owner: str) -> list[ParamSpec]:
        return [s for s in self.session.specs.group(group)  # type: ignore[arg-type]
                if s.owner == owner]

    # --- navigation -----------------------------------------------------------------------
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

    def section_shown(self, group: str, shown: bool) -> None:
        """Filter: a group with no match is hidden, one with matches is unfolded (and folded
        back as it was when the filter is cleared)."""
        section = self.sections[group]
        section.setVisible(shown)
        if self.form_filter.shown is not None:
            if shown:
                self._expanded.setdefault(group, section.is_expanded())
                section.toggle.setChecked(True)
        elif group in self._expanded:
            section.toggle.setChecked(self._expanded.pop(group))

    def apply_filter(self) -> None:
        """Show the assumptions the filter bar asks for (all when it is empty)."""
        self.form_filter.apply(self.session.assumptions)

    @property
    def specs(self) -> AssumptionSpecs:
        return self.session.specs

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
            self._shown.errors.add(key)
            return
        editor.show_error("")
        self._shown.errors.discard(key)

    def _finish_edit(self, key: str) -> None:
        if not self.editors[key].error():
            self.session.finish_edit(key)

    def show_assumptions(self, assumptions: Assumptions) -> None:
        """Model -> UI: every editor shows ``assumptions`` (signals blocked; no echo)."""
        glob = assumptions["demand_growth_pct"]
        for key in self._shown.keys(assumptions, self.editors):  # the changed ones
            editor = self.editors[key]
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
        self.inert.update(self.editors, assumptions)
        self.form_filter.values_changed(assumptions)
