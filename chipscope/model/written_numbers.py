"""Numbers as a file or a user wrote them: a TOML decimal that keeps its text
(:class:`WrittenFloat`), whether a written number is whole, an int too large for a float, and
what a value is for a message. Pure; the assumptions that read them are
:mod:`chipscope.model.param_specs`."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation


def is_whole(text: str) -> bool:
    """Whether the decimal number ``text`` is exactly a whole number: ``2024.0`` and
    ``2.024e3`` are, ``2024.9999999999999999`` is not (float() would round it to 2025)."""
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return False
    return number.is_finite() and number == number.to_integral_value()


def as_float(value: float) -> float:
    """A number (an int or a float, as a file or a caller gives it) as a float: an int too
    large for a float is infinite, with its sign, where ``float()`` raises OverflowError.
    Every reader of a number from a file goes through here (values, ranges, sweep grids)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def type_name(value: object) -> str:
    """What ``value`` is, for a message: "a number", "text", "a list", "a table", ..."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):  # a WrittenFloat too
        return "a number"
    names: dict[type, str] = {str: "text", list: "a list", dict: "a table"}
    return names.get(type(value), f"a {type(value).__name__}")


class WrittenFloat(float):
    """A TOML decimal that remembers how it was written (``tomllib.loads(text,
    parse_float=WrittenFloat)``), so a whole-number key can refuse ``2024.9999999999999999``
    (which float() rounds to 2025) and take ``2024.0`` (:meth:`ParamSpec.take`)."""

    text: str

    def __new__(cls, text: str) -> WrittenFloat:
        out = super().__new__(cls, text.replace("_", ""))
        out.text = text
        return out
