"""Ranges next to the assumptions' fields: a small "±" button beside each numeric field opens a
row under it (distribution, low, high) to set that assumption's uncertainty range.

A bad range (low above high, outside the assumption's bounds, a log-normal from 0...) is shown
under the field in one sentence (from :func:`chipscope.model.uncertainty.check_range`) and not
applied. Ranges the user sets live in the window's :class:`RangeSet` (not in the undo
history); the ensemble and the tornado use them over ChipScope's defaults, and File > Export
scenario writes them to the file (scenario format 2).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.param_specs import ParamSpec
from chipscope.model.uncertainty import DISTRIBUTIONS, Range, check_range, varying_keys
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.number_box import keep_previous, range_refusal
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.panels.wheel_guard import WheelSafeDoubleSpinBox
from chipscope.ui.plain import MessageLabel, literal

DIST_LABELS = {"uniform": "Uniform", "triangular": "Triangular",
               "normal": "Normal (5-95 %)", "lognormal": "Log-normal (5-95 %)"}


class RangeSet(QObject):
    """The ranges the user set in this window, by assumption key.

    Signals
    -------
    changed() : a range was set or cleared.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ranges: dict[str, Range] = {}

    def ranges(self) -> dict[str, Range]:
        """A copy: key -> the user's range."""
        return dict(self._ranges)

    def get(self, key: str) -> Range | None:
        return self._ranges.get(key)

    def set(self, spec: ParamSpec, r: Range) -> None:
        """Set ``r`` for ``spec`` after :func:`check_range` (ValueError: not set)."""
        check_range(spec, r)
        if self._ranges.get(spec.key) != r:
            self._ranges[spec.key] = r
            self.changed.emit()

    def clear(self, key: str) -> None:
        """Back to ChipScope's default range for ``key``."""
        if self._ranges.pop(key, None) is not None:
            self.changed.emit()

    def replace(self, ranges: dict[str, Range]) -> None:
        """All at once (a scenario's ranges); emits once."""
        if ranges != self._ranges:
            self._ranges = dict(ranges)
            self.changed.emit()

    def keep_fitting(self, specs: AssumptionSpecs) -> list[str]:
        """Keep the ranges that still fit ``specs`` (the dataset changed: a data edit, its
        undo, another dataset); returns the keys of those dropped."""
        kept: dict[str, Range] = {}
        for key, r in self._ranges.items():
            try:
                check_range(specs[key], r)
            except (KeyError, ValueError):
                continue
            kept[key] = r
        dropped = sorted(set(self._ranges) - set(kept))
        self.replace(kept)
        return dropped


def _spin(tip: str) -> WheelSafeDoubleSpinBox:
    spin = WheelSafeDoubleSpinBox()
    spin.setRange(-1e15, 1e15)  # wide on purpose: check_range says what is wrong, not the box
    spin.setDecimals(4)
    spin.setButtonSymbols(WheelSafeDoubleSpinBox.ButtonSymbols.NoButtons)
    spin.setKeyboardTracking(False)
    keep_previous(spin)  # "nan" or an emptied box keeps the value, and says so (number_box.py)
    spin.setToolTip(tip)
    return spin


class RangeRow(QWidget):
    """Under one field: distribution, low, high, Apply, Default, and the range's error."""

    def __init__(self, spec: ParamSpec, ranges: RangeSet, default: Range | None,
                 current: float) -> None:
        super().__init__()
        self.spec, self.ranges = spec, ranges
        unit = f" ({spec.unit})" if spec.unit else ""
        self.dist = QComboBox()
        self.dist.setToolTip("How the value is spread between low and high")
        for d in DISTRIBUTIONS:
            self.dist.addItem(DIST_LABELS.get(d, d), d)
        self.low = _spin(f"Low end of {spec.label}'s range{unit}; for normal and log-normal "
                         "its 5th percentile")
        self.high = _spin(f"High end of {spec.label}'s range{unit}; for normal and log-normal "
                          "its 95th percentile")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Use this range in the bands and the tornado")
        self.default_button = QPushButton("Default")
        self.default_button.setToolTip("Back to ChipScope's range for this assumption")
        self.error_label = QLabel()
        self.error_label.setObjectName("range_error")
        self.error_label.setStyleSheet("color: #c00000;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.source = MessageLabel()  # an id or a name in it is text, never HTML
        self.source.setStyleSheet("color: gray;")
        self.source.setWordWrap(True)
        # Two short lines: the assumptions dock is narrow.
        top, values = QHBoxLayout(), QHBoxLayout()
        for line, widgets in ((top, (self.dist, self.apply_button, self.default_button)),
                              (values, (QLabel("low"), self.low, QLabel("high"), self.high))):
            line.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                line.addWidget(w)
            line.addStretch(1)
        for spin in (self.low, self.high):
            if spec.unit:
                spin.setSuffix(f" {spec.unit}")
            spin.setMinimumWidth(70)
            spin.setMaximumWidth(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.addLayout(top)
        layout.addLayout(values)
        layout.addWidget(self.source)
        layout.addWidget(self.error_label)
        self._refused = ""  # what a box refused since the last Apply (leaving it for Apply)
        for end, spin in (("low", self.low), ("high", self.high)):
            spin.refused.connect(lambda text, e=end, s=spin: self._on_refused(e, s, text))
            spin.lineEdit().textEdited.connect(self._forget_refused)
        self.apply_button.clicked.connect(self.apply)
        self.default_button.clicked.connect(self._default)
        self._default_range = default
        self.show_range(ranges.get(spec.key) or default, current)

    def show_range(self, r: Range | None, current: float) -> None:
        """Fill the row from ``r`` (None: the value ±20 %, within the bounds)."""
        self._refused = ""
        if r is None:
            span = abs(current) * 0.2 or (self.spec.hi - self.spec.lo) * 0.1
            r = Range(self.spec.key, "uniform", max(self.spec.lo, current - span),
                      min(self.spec.hi, current + span), None, "")
        self.dist.setCurrentIndex(max(0, self.dist.findData(r.dist)))
        self.low.setValue(r.low)
        self.high.setValue(r.high)
        user = self.ranges.get(self.spec.key) is not None
        self.source.setText("Your range" if user else
                            f"ChipScope's range: {r.source}" if r.source else "No range yet")

    def candidate(self) -> Range:
        return Range(self.spec.key, self.dist.currentData(), self.low.value(),
                     self.high.value(), None, "user")

    def apply(self) -> bool:
        """Set the row's range; a bad one is shown under the field and not applied, as is a
        row whose box holds no number ("nan", nothing) or just refused one (a click on Apply
        leaves the box first)."""
        for spin in (self.low, self.high):
            # What was typed and not yet taken (Enter, leaving the box); text that is no
            # number is refused (refused) and the box keeps its value.
            spin.interpretText()
        if refused := self._refused:
            self._refused = ""  # the boxes show the values kept: a second Apply takes them
            self.show_error(refused)
            return False
        try:
            self.ranges.set(self.spec, self.candidate())
        except ValueError as exc:
            self.show_error(f"Range not applied: {exc}")
            return False
        self.show_error("")
        self.source.setText("Your range")
        return True

    def _on_refused(self, end: str, spin: WheelSafeDoubleSpinBox, text: str) -> None:
        self._refused = range_refusal(end, spin, text)
        self.show_error(self._refused)

    def _forget_refused(self) -> None:
        """Typed again after a refusal: the next Apply takes what the boxes hold."""
        self._refused = ""

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _default(self) -> None:
        self.ranges.clear(self.spec.key)
        self.show_error("")
        self.show_range(self._default_range, self.low.value())


def _layout_holding(layout: QLayout, widget: QWidget) -> QLayout | None:
    """The layout, ``layout`` or one nested in it, that holds ``widget`` (asked by indexOf
    and the layouts' children, never through itemAt's QWidgetItem wrappers: see
    :func:`chipscope.ui.accessibility._label_before`)."""
    if layout.indexOf(widget) >= 0:
        return layout
    for child in layout.findChildren(QLayout, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if (found := _layout_holding(child, widget)) is not None:
            return found
    return None


class RangeFields(QObject):
    """Adds the "±" buttons to an :class:`AssumptionsPanel`'s numeric fields (again after a
    rebuild; fields built later, an adopter's page, get theirs on :meth:`attach`)."""

    def __init__(self, panel: AssumptionsPanel, ranges: RangeSet,
                 defaults: DefaultsSource) -> None:
        super().__init__(panel)
        self.panel, self.ranges, self.defaults = panel, ranges, defaults
        self.rows: dict[str, RangeRow] = {}
        self.buttons: dict[str, QToolButton | None] = {}
        self._seen: dict[str, QWidget] = {}  # the editors given a button or a menu
        ranges.changed.connect(self._mark_buttons)
        self._combo: QObject | None = None
        panel.session.dataset_changed.connect(lambda _d: self.attach())
        self.attach()

    def attach(self) -> None:
        """Give every numeric field that may carry a range its "±" button (idempotent)."""
        self.rows = {k: r for k, r in self.rows.items() if _alive(r)}
        self._seen = {k: e for k, e in self._seen.items() if _alive(e)}
        self.buttons = {k: b for k, b in self.buttons.items() if k in self._seen}
        combo = getattr(self.panel, "adopter_combo", None)
        if combo is not None and combo is not self._combo:  # rebuilt with the forms
            self._combo = combo
            combo.currentIndexChanged.connect(lambda _i: self.attach())
        allowed = set(varying_keys(self.panel.specs))
        for key, editor in self.panel.editors.items():
            if self._seen.get(key) is editor or key not in allowed \
                    or not isinstance(editor, ParamEditor):
                continue
            self._seen[key] = editor
            # Beside the label (the value row has no width to spare in the narrow dock); a
            # compact row (label beside the slider) gets a context menu instead.
            editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            editor.customContextMenuRequested.connect(
                lambda pos, k=key, e=editor: self._menu(k, e, pos))
            outer = editor.layout()
            holder = _layout_holding(outer, editor.label) if outer else None
            if editor.compact or not isinstance(holder, QHBoxLayout):
                self.buttons[key] = None
                continue
            button = QToolButton()
            button.setText("±")
            button.setObjectName("range_button")
            button.setAutoRaise(True)
            button.setToolTip(literal(f"Uncertainty range of {editor.spec.label}: how far it "
                                      "may vary in the bands and the tornado (also on a "
                                      "right-click)"))
            button.clicked.connect(lambda _=False, k=key: self.toggle(k))
            holder.addWidget(button)
            # Tab reaches it at the end of its own row, not after every other panel.
            QWidget.setTabOrder(editor.reset_button, button)
            self.buttons[key] = button
        self._mark_buttons()

    def toggle(self, key: str, show: bool | None = None) -> RangeRow:
        """Show (or hide) the range row under ``key``'s field; returns it."""
        row = self.rows.get(key)
        if row is None:
            editor = self.panel.editor(key)
            assert isinstance(editor, ParamEditor)
            row = RangeRow(editor.spec, self.ranges, self.defaults.default_range(key),
                           self.panel.session.assumptions[key])
            layout = editor.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(editor.error_label), row)
            row.hide()
            self.rows[key] = row
        row.setVisible(not row.isVisible() if show is None else show)
        return row

    def _menu(self, key: str, editor: QWidget, pos: QPoint) -> None:
        menu = QMenu(editor)
        menu.addAction("Uncertainty range…", lambda: self.toggle(key, True))
        menu.popup(editor.mapToGlobal(pos))

    def _mark_buttons(self) -> None:
        for key, button in self.buttons.items():
            if button is None:
                continue
            user = self.ranges.get(key)
            font = button.font()
            font.setBold(user is not None)
            button.setFont(font)
            if user is not None:
                button.setToolTip(f"Your range: {user.describe()}")


class DefaultsSource:
    """Where the range rows get ChipScope's default ranges from (the controller)."""

    def default_range(self, key: str) -> Range | None:
        raise NotImplementedError


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # its C++ object was deleted with a rebuilt form
        return False
    return True
