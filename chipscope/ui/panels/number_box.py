"""What a number box says when Enter or leaving it finds text that is no value (pass 67): the
box keeps its value (``CorrectToPreviousValue``, :func:`keep_previous`) and its editor shows why,
in the model's number words (:func:`~chipscope.model.written_numbers.not_a_number`). Before,
Qt's ``CorrectToNearestValue`` made "nan", "inf" or an emptied box a silent 0."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox

from chipscope.model import ParamSpec
from chipscope.model.text_rules import quoted
from chipscope.model.written_numbers import DECIMAL, not_a_number


def keep_previous(spin: QAbstractSpinBox) -> None:
    """A text that is no value in range leaves the box's value as it was."""
    spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)


def refusal(spec: ParamSpec, spin: QSpinBox | QDoubleSpinBox, text: str) -> str:
    """One sentence for the editor's error label: what ``spin`` held (``text`` without its
    prefix and suffix), why it is no value, and the value it keeps (Qt has not restored its
    text yet, its value is the previous one)."""
    prefix, suffix = spin.prefix(), spin.suffix()
    # The two branches differ only in type (int or float value), for the type checker.
    kept = (spin.textFromValue(spin.value()) if isinstance(spin, QSpinBox)  # noqa: RUF034
            else spin.textFromValue(spin.value()))
    core = text.strip()
    if prefix and core.startswith(prefix.strip()):
        core = core[len(prefix.strip()):].strip()
    if suffix.strip() and core.endswith(suffix.strip()):
        core = core[:-len(suffix.strip())].strip()
    if not core:
        why = "the box is empty"
    elif DECIMAL.fullmatch(core.replace(",", "")):
        why = f"{quoted(core)} is out of range"
    else:
        why = f"{quoted(core)} {not_a_number(core)}"
    allowed = spec.range_text()
    return f"Not applied: {why} (allowed {allowed}); the value stays {prefix}{kept}{suffix}."
