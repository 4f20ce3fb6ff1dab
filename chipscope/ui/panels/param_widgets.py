"""Editors for one assumption: a slider and a spin box bound both ways, a reset button, an error
label; and a collapsible section to group them.

An editor never holds the truth: it shows a value (:meth:`ParamEditor.show_value`, signals
blocked) and reports what the user does (:attr:`ParamEditor.value_requested`,
:attr:`ParamEditor.edit_finished`). The panel turns those into session calls.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chipscope.model import ParamSpec
from chipscope.model.arrays import same_value
from chipscope.ui.panels.number_box import keep_previous, refusal
from chipscope.ui.panels.slider_scale import SliderScale
from chipscope.ui.panels.wheel_guard import (
    WheelSafeDoubleSpinBox,
    WheelSafeSlider,
    WheelSafeSpinBox,
)
from chipscope.ui.plain import literal, plain_label

__all__ = ["BoolEditor", "CollapsibleSection", "Editor", "ParamEditor", "SliderScale",
           "make_editor"]

SPIN_WIDTH = 118
"""Narrowest spin box, so that sliders line up; wider only where the largest value needs it."""
SPIN_WIDTH_MAX = 196
COMPACT_LABEL_WIDTH = 112
class ParamEditor(QWidget):
    """One numeric assumption: label, slider, spin box (unit as suffix), optional "none" box,
    reset button and an error label.

    Signals
    -------
    value_requested(str, float)
        The user moved the slider, stepped or typed in the spin box, or ticked "none" (NaN).
    edit_finished(str)
        key: the edit finished (slider released, spin box editing finished, reset pressed, or
        a single slider step from the keyboard or wheel). The document keeps the value the
        edit started from; a finish without a change records nothing.
    """

    value_requested = Signal(str, float)
    edit_finished = Signal(str)

    def __init__(self, spec: ParamSpec, value: float, label: str | None = None,
                 compact: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.compact = compact  # label beside the slider instead of above it
        self.scale = SliderScale(spec)
        self._value = value
        # What the slider and spin box show while "none" is ticked, and the value unticking
        # "none" applies; the panel sets a better one (e.g. the global demand growth).
        self.fallback = float(spec.lo if math.isnan(spec.default) else spec.default)
        self._build(label if label is not None else literal(spec.label))
        self.show_value(value)

    # --- construction -------------------------------------------------------------------------
    def _build(self, label: str) -> None:
        spec = self.spec
        # Names from Edit data are in the help and labels: shown as text, never as HTML.
        tip = literal(f"{spec.help}\nAllowed: {spec.range_text()}. Default: "
                      f"{spec.format(spec.default)}.")
        self.setToolTip(tip)
        self.label = QLabel(label)  # may be HTML (a colour swatch): callers escape names
        self.label.setToolTip(tip)
        self.label.setWordWrap(True)
        self.slider: QSlider = WheelSafeSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self.scale.positions)
        self.slider.setTracking(True)  # live: every mouse move, not only on release
        self.slider.setMinimumWidth(90)
        self.slider.setPageStep(max(1, self.scale.positions // 10))
        self.slider.setToolTip(tip)
        self.spin = _make_spin(spec)
        self.spin.setToolTip(tip)
        self.none_box: QCheckBox | None = None
        if spec.optional:
            self.none_box = QCheckBox(_none_text(spec))
            self.none_box.setToolTip(literal(f"Tick for no value: {spec.help}"))
        self.reset_button = QToolButton()
        self.reset_button.setText("\u21ba")
        self.reset_button.setAutoRaise(True)
        self.reset_button.setToolTip(f"Reset to the default ({_value_text(spec, spec.default)})")
        self.error_label = plain_label(QLabel())
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c00000;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 1 if self.compact else 2, 0, 1 if self.compact else 2)
        outer.setSpacing(1)
        # One line [label] slider | number box [none] reset; in a narrow dock two lines, the
        # slider above the number box (:meth:`resizeEvent`), so the box is never cut off.
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._row.setSpacing(4)
        self._lead, self._values = QHBoxLayout(), QHBoxLayout()
        self._lead.setSpacing(4)
        self._values.setSpacing(4)
        if self.compact:
            self.label.setWordWrap(False)
            self.label.setFixedWidth(COMPACT_LABEL_WIDTH)
            self._lead.addWidget(self.label)
        else:
            heading = QHBoxLayout()
            heading.addWidget(self.label, 1)
            if self.none_box is not None:  # beside the label: the value row stays uncrowded
                heading.addWidget(self.none_box)
            outer.addLayout(heading)
        self._lead.addWidget(self.slider, 1)
        self._values.addWidget(self.spin)
        if self.none_box is not None and self.compact:
            self._values.addWidget(self.none_box)
        self._values.addWidget(self.reset_button)
        self._row.addLayout(self._lead, 1)
        self._row.addLayout(self._values)
        outer.addLayout(self._row)
        outer.addWidget(self.error_label)

    def _one_line_width(self) -> int:
        return (self._lead.minimumSize().width() + self._row.spacing()
                + self._values.minimumSize().width())

    def is_two_lines(self) -> bool:
        """True when the slider is on a line of its own, above the number box."""
        return self._row.direction() == QBoxLayout.Direction.TopToBottom

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Qt override: the two lines' width, so that a narrow dock's form gives way."""
        hint = super().minimumSizeHint()
        two_lines = max(self._lead.minimumSize().width(), self._values.minimumSize().width())
        return QSize(min(hint.width(), max(two_lines, self.label.minimumSizeHint().width())),
                     hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: one line when it fits, else the slider above the number box."""
        super().resizeEvent(event)
        two = event.size().width() < self._one_line_width()
        if two != self.is_two_lines():
            self._row.setDirection(QBoxLayout.Direction.TopToBottom if two
                                   else QBoxLayout.Direction.LeftToRight)
            self._row.setAlignment(self._values, Qt.AlignmentFlag.AlignRight if two
                                   else Qt.AlignmentFlag(0))
            self.updateGeometry()

    def _connect(self) -> None:
        self.slider.valueChanged.connect(self._on_slider)
        self.slider.sliderReleased.connect(self._finish_edit)
        self.spin.valueChanged.connect(self._on_spin)
        self.spin.editingFinished.connect(self._finish_edit)
        self.spin.refused.connect(lambda text: self.show_error(refusal(self.spec, self.spin, text)))
        self.reset_button.clicked.connect(self._on_reset)
        if self.none_box is not None:
            self.none_box.toggled.connect(self._on_none)

    # --- model -> widgets ---------------------------------------------------------------------
    def value(self) -> float:
        """The value shown (NaN when "none" is ticked)."""
        return self._value

    def set_fallback(self, value: float) -> None:
        """The value shown greyed out while "none" is ticked, applied when it is unticked."""
        self.fallback = min(self.spec.hi, max(self.spec.lo, value))
        if math.isnan(self._value):
            self.show_value(self._value)

    def show_value(self, value: float) -> None:
        """Show ``value`` in every widget without emitting anything."""
        self._value = value
        none = math.isnan(value)
        for w in (self.slider, self.spin, self.none_box):
            if w is not None:
                w.blockSignals(True)
        shown = self.fallback if none else value
        _set_spin(self.spin, shown)
        self.slider.setValue(self.scale.to_position(shown))
        if self.none_box is not None:
            self.none_box.setChecked(none)
        self.slider.setEnabled(not none)
        self.spin.setEnabled(not none)
        for w in (self.slider, self.spin, self.none_box):
            if w is not None:
                w.blockSignals(False)
        self.reset_button.setEnabled(not same_value(value, self.spec.default))

    def show_error(self, message: str) -> None:
        """Show why the last value was not applied ("" hides the label)."""
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def error(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    # --- widgets -> model ---------------------------------------------------------------------
    def _request(self, value: float) -> None:
        self._value = value
        self.reset_button.setEnabled(not same_value(value, self.spec.default))
        self.value_requested.emit(self.spec.key, value)

    def _on_slider(self, position: int) -> None:
        value = self.scale.to_value(position)
        self.spin.blockSignals(True)
        _set_spin(self.spin, value)
        self.spin.blockSignals(False)
        self._request(value)
        if not self.slider.isSliderDown():
            self._finish_edit()  # keyboard, wheel or page click: one step is one edit

    def _on_spin(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(self.scale.to_position(value))
        self.slider.blockSignals(False)
        self._request(float(value))

    def _on_none(self, checked: bool) -> None:
        if checked:
            self._request(math.nan)
        else:
            self._request(self.fallback)
            self.show_value(self._value)
        self.slider.setEnabled(not checked)
        self.spin.setEnabled(not checked)
        self._finish_edit()

    def _on_reset(self) -> None:
        self.show_value(self.spec.default)
        self._request(self.spec.default)
        self._finish_edit()

    def _finish_edit(self) -> None:
        self.edit_finished.emit(self.spec.key)


class BoolEditor(QWidget):
    """An on/off assumption: a check box and a reset button. Same signals as ParamEditor."""

    value_requested = Signal(str, float)
    edit_finished = Signal(str)

    def __init__(self, spec: ParamSpec, value: float, label: str | None = None,
                 compact: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        tip = literal(f"{spec.help}\nDefault: {spec.format(spec.default)}.")
        self.check = QCheckBox(label if label is not None else spec.label)
        self.check.setToolTip(tip)
        self.setToolTip(tip)
        self.reset_button = QToolButton()
        self.reset_button.setText("\u21ba")
        self.reset_button.setAutoRaise(True)
        self.reset_button.setToolTip(f"Reset to the default ({spec.format(spec.default)})")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.check, 1)
        row.addWidget(self.reset_button)
        self.show_value(value)
        self.check.toggled.connect(self._on_toggled)
        self.reset_button.clicked.connect(lambda: self.check.setChecked(bool(spec.default)))

    def value(self) -> float:
        return 1.0 if self.check.isChecked() else 0.0

    def show_value(self, value: float) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(bool(value))
        self.check.blockSignals(False)
        self.reset_button.setEnabled(value != self.spec.default)

    def show_error(self, message: str) -> None:
        self.check.setToolTip(literal(message or self.spec.help))

    def error(self) -> str:
        return ""

    def _on_toggled(self, checked: bool) -> None:
        new = 1.0 if checked else 0.0
        self.reset_button.setEnabled(new != self.spec.default)
        self.value_requested.emit(self.spec.key, new)
        self.edit_finished.emit(self.spec.key)


Editor = ParamEditor | BoolEditor


def make_editor(spec: ParamSpec, value: float, label: str | None = None,
                compact: bool = False, parent: QWidget | None = None) -> Editor:
    """The right editor for the spec's kind."""
    if spec.kind == "bool":
        return BoolEditor(spec, value, label, compact, parent)
    return ParamEditor(spec, value, label, compact, parent)


class CollapsibleSection(QWidget):
    """A heading that folds its content away when clicked."""

    def __init__(self, title: str, content: QWidget, expanded: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.content = content
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.toggle)
        lay.addWidget(content)
        self.toggle.toggled.connect(self.set_expanded)
        self.toggle.setChecked(expanded)
        self.set_expanded(expanded)

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.content.setVisible(expanded)

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()


def _make_spin(spec: ParamSpec) -> WheelSafeSpinBox | WheelSafeDoubleSpinBox:
    spin: WheelSafeSpinBox | WheelSafeDoubleSpinBox
    # The wheel changes them only when focused (wheel_guard.py).
    if spec.kind == "int":
        spin = WheelSafeSpinBox()
        spin.setRange(int(spec.lo), int(spec.hi))
        spin.setSingleStep(max(1, int(spec.step)))
    else:
        spin = WheelSafeDoubleSpinBox()
        spin.setDecimals(spec.decimals)
        spin.setRange(spec.lo, spec.hi)
        spin.setSingleStep(spec.step)
        spin.setGroupSeparatorShown(spec.hi >= 100_000)
    if spec.unit and spec.unit != "year":
        spin.setSuffix(f" {spec.unit}")
    spin.setKeyboardTracking(False)  # typed numbers apply on Enter or focus out
    keep_previous(spin)  # "nan" or an emptied box keeps the value, and says so (number_box.py)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setFixedWidth(_spin_width(spin, spec))
    return spin


def _set_spin(spin: QSpinBox | QDoubleSpinBox, value: float) -> None:
    if isinstance(spin, QSpinBox):
        spin.setValue(int(round(value)))
    else:
        spin.setValue(value)


def _spin_width(spin: QSpinBox | QDoubleSpinBox, spec: ParamSpec) -> int:
    """Wide enough for the largest value with its unit (the buttons and frame take ~34 px)."""
    # The two branches differ only in type (int or float maximum), for the type checker.
    widest = (spin.textFromValue(spin.maximum()) if isinstance(spin, QSpinBox)  # noqa: RUF034
              else spin.textFromValue(spin.maximum())) + spin.suffix()
    wanted = spin.fontMetrics().horizontalAdvance(widest) + 34
    return max(SPIN_WIDTH, min(SPIN_WIDTH_MAX, wanted))


def _none_text(spec: ParamSpec) -> str:
    return "no cap" if "cap" in spec.key else "none"


def _value_text(spec: ParamSpec, value: float) -> str:
    text = spec.format(value)
    return f"{text} {spec.unit}" if spec.unit and not math.isnan(value) else text
