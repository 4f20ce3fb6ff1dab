"""Numbers as a file or a user wrote them: a TOML decimal that keeps its text
(:class:`WrittenFloat`), whether a written number is whole, an int too large for a float, and
what a value is for a message. Pure; the assumptions that read them are
:mod:`chipscope.model.param_specs`."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from chipscope.model.invisible import in_a_number
from chipscope.model.text_rules import quoted

DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
"""A number as a user types one (``--set``) or a CSV cell holds one: ASCII digits, an optional
sign, point and exponent (``10``, ``-0.5``, ``.5``, ``1e6``). ``float()`` also takes ``1_0``
(``0_5``, a typo for 0.5, reads as 5), fullwidth (U+FF11) and Arabic-Indic (U+0661) digits,
"inf" and "nan"."""


def number_advice(text: str) -> str | None:
    """What to do about ``text`` (stripped), which is not a number by :data:`DECIMAL`, when a
    character that looks right is the cause: an invisible one, a digit of another script or a
    minus lookalike (:func:`~chipscope.model.invisible.in_a_number`), or underscores between its
    digits; else None. The one rule of ``--set`` values and of CSV number cells."""
    if (advice := in_a_number(text)) is not None:
        return advice
    if "_" in text and DECIMAL.fullmatch(text.replace("_", "")):
        return f"write it without the {'underscores' if text.count('_') > 1 else 'underscore'}"
    return _separator_advice(text)


_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?P<sep>[, ])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?",
                      re.ASCII)
"""1,000,000 or 1 000.5: digits in groups of three, as a spreadsheet shows them."""
_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]*,[0-9]+", re.ASCII)
"""0,5: a decimal comma, as French or German write it."""
_DOTTED_GROUPS = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+", re.ASCII)
"""1.000,5: points between the groups and a decimal comma (German)."""


def _separator_advice(text: str) -> str | None:
    """The number ``text`` means when it is written with thousands separators or a decimal
    comma ("1,000,000", "1 000", "0,5", "1.000,5"), as advice: "write it without the
    thousands separators: 1000000"; a lone comma before three digits ("1,000") may be either,
    so both readings are given. Each advised number is one TOML and ``--set`` both read
    (:func:`_plain`: ",5" advises 0.5, not .5). None for anything else."""
    if _GROUPED.fullmatch(text):
        advice = ("write it without the thousands separators: "
                  + _plain(text.replace(",", "").replace(" ", "")))
        if text.count(",") == 1 and "." not in text:
            advice += f", or {_plain(text.replace(',', '.'))} if the comma is a decimal point"
        return advice
    if _COMMA_DECIMAL.fullmatch(text):
        return f"write the decimal comma as a point: {_plain(text.replace(',', '.'))}"
    if _DOTTED_GROUPS.fullmatch(text):
        plain = text.replace(".", "").replace(",", ".")
        return f"write it with a decimal point and no separators: {_plain(plain)}"
    return None


def _plain(number: str) -> str:
    """``number`` (an optional sign, digits, an optional point and digits) as TOML writes it:
    one digit before the point ("0.5", not ".5") and no leading zeros ("12", not "012")."""
    sign = number[0] if number[:1] in ("+", "-") else ""
    whole, point, fraction = number.removeprefix(sign).partition(".")
    whole = whole.lstrip("0") or "0"
    return sign + whole + (point + fraction if fraction else "")


def not_a_number(text: str) -> str:
    """The words after a value ``text`` (stripped) that is not a number, as every reader of a
    typed number or a CSV cell says them: "is not a number", with :func:`number_advice`.

    >>> not_a_number("1_000_000"), not_a_number("lots")
    ('is not a number: write it without the underscores', 'is not a number')
    """
    advice = number_advice(text)
    return f"is not a number: {advice}" if advice else "is not a number"


def quoted_number(value: str, hint: str = "a number") -> str:
    """The words for a value a file gives in quotes where a number (``hint``) is read: text to
    TOML, even when it spells one. The one rule of assumption values, grid values, range
    bounds and sample sizes.

    >>> quoted_number("1")
    "'1' is text; write a number without quotes"
    """
    advice = number_advice(value.strip()) if hint == "a number" else None
    if advice is not None and not DECIMAL.fullmatch(value.strip()):  # '1,000', a full-width digit
        return f"{quoted(value, 40)} is text; write {hint} without quotes, and {advice}"
    return f"{quoted(value, 40)} is text; write {hint} without quotes"


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
