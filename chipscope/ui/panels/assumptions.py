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
The forms themselves (editors, headings, the adopter pages) are built in ``assumption_forms.py``.
Also: the filter bar (``filter.py``), wheel-safe controls and undo keys in number boxes
(``wheel_guard.py``), the greying-out of editors that have no effect now (``inert_marks.py``).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from chipscope.model import Assumptions
from chipscope.model.arrays import same_value
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.ui.elided import ElidedLabel
from chipscope.ui.palette import vendor_colours
from chipscope.ui.panels.assumption_forms import VENDOR_ROW_SECTIONS, AssumptionForms
from chipscope.ui.panels.filter import FilterBar, FormFilter
from chipscope.ui.panels.form_parts import FormScrollArea
from chipscope.ui.panels.inert_marks import InertMarks
from chipscope.ui.panels.param_widgets import CollapsibleSection, Editor, ParamEditor
from chipscope.ui.panels.shown_values import ShownValues
from chipscope.ui.panels.wheel_guard import UndoKeyGuard
from chipscope.ui.session import Session

__all__ = ["GROUP_TITLES", "VENDOR_ROW_SECTIONS", "AssumptionsPanel"]

GROUP_TITLES = {"global": "Global", "vendor": "Vendors", "adopter": "Adopters", "deal": "Deals"}


class AssumptionsPanel(AssumptionForms):
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
        self.undo_keys.release()  # the old forms' boxes, deleted below, unwatched first
        self.editors = {}
        self._shown = ShownValues()
        self.sections = {}
        self._adopter_pages = {}
        self._override_keys = []  # adopters' demand growth overrides built so far
        self.blocks = []  # headings and the keys under them, for the filter
        self._blocks = (None, None)  # current heading, sub
        self._adopter_filter = None  # adopters shown while filtering
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

    # --- filter and navigation ---------------------------------------------------------------
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
