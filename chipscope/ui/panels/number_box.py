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
    allowed = spec.range_text()
    return (f"Not applied: {refused_why(spin, text)} (allowed {allowed}); "
            f"the value stays {kept_text(spin)}.")


def range_refusal(end: str, spin: QSpinBox | QDoubleSpinBox, text: str) -> str:
    """The same words for a range row's ``end`` box ("low" or "high"), for its error label:
    "Range not applied: low 'nan' is not a number; it stays 0.1000"."""
    return f"Range not applied: {refused_why(spin, text, end)}; it stays {kept_text(spin)}."


def kept_text(spin: QSpinBox | QDoubleSpinBox) -> str:
    """The value ``spin`` keeps, as it shows it (prefix and suffix included)."""
    # The two branches differ only in type (int or float value), for the type checker.
    kept = (spin.textFromValue(spin.value()) if isinstance(spin, QSpinBox)  # noqa: RUF034
            else spin.textFromValue(spin.value()))
    return f"{spin.prefix()}{kept}{spin.suffix()}"


def refused_why(spin: QSpinBox | QDoubleSpinBox, text: str, name: str = "") -> str:
    """Why ``text`` (what ``spin`` held) is no value: "the box is empty", "'nan' is not a
    number", "'70' is out of range"; ``name`` ("low") names the box: "the low box is empty",
    "low 'nan' is not a number"."""
    prefix, suffix = spin.prefix(), spin.suffix()
    core = text.strip()
    if prefix and core.startswith(prefix.strip()):
        core = core[len(prefix.strip()):].strip()
    if suffix.strip() and core.endswith(suffix.strip()):
        core = core[:-len(suffix.strip())].strip()
    named = f"{name} " if name else ""
    if not core:
        return f"the {named}box is empty"
    if DECIMAL.fullmatch(core.replace(",", "")):
        return f"{named}{quoted(core)} is out of range"
    return f"{named}{quoted(core)} {not_a_number(core)}"
