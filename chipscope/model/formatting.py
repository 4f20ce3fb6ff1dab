"""How numbers read on charts, in read-outs, in exports and in messages: k / M / B / T, never
1e6; a figure as a reader writes it (1,000,000; 2.5); and long lists of problems, capped."""

from __future__ import annotations

import math

import numpy as np

_PREFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def format_si(value: float, unit: str = "", digits: int = 3) -> str:
    """``value`` with a k/M/B/T suffix and ``digits`` significant digits, then ``unit``.

    Examples
    --------
    >>> format_si(1_234_567, "H100e")
    '1.23M H100e'
    >>> format_si(4.5e9, "USD")
    '4.5B USD'
    >>> format_si(0)
    '0'
    """
    if not math.isfinite(value):
        return f"n/a {unit}".strip()
    size = abs(value)
    scaled, suffix = value, ""
    for factor, prefix in _PREFIXES:
        # 0.9995: 999,700 rounds to "1M", not "1e+03k".
        if size >= factor * 0.9995:
            scaled, suffix = value / factor, prefix
            break
    text = f"{scaled:.{digits}g}"
    if "e" in text:
        text = f"{scaled:.0f}"
    return f"{text}{suffix} {unit}".strip()


def format_share(share: float) -> str:
    """A 0..1 share as a percentage with one decimal: ``0.7234 -> '72.3 %'``."""
    if not math.isfinite(share):
        return "n/a"
    return f"{share * 100:.1f} %"


def figure(number: float) -> str:
    """``number`` as a reader writes it: thousands separated, decimals only when it has them
    (1,000,000; 3.5; 0.0001), an exponent only past 1e15 or below 1e-6."""
    if not math.isfinite(number) or abs(number) >= 1e15 or 0 < abs(number) < 1e-6:
        return f"{number:.3g}"
    sign = "-" if number < 0 else ""
    whole, _, decimals = np.format_float_positional(abs(number), trim="-").partition(".")
    return f"{sign}{int(whole):,}" + (f".{decimals}" if decimals else "")


def capped(items: list[str], limit: int = 20) -> list[str]:
    """The first ``limit`` items, then "... and N more" if there are more: a message lists
    enough to act on (a file of 20,000 bad rows is one broken file, not 20,000 lines)."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], f"... and {len(items) - limit:,} more"]
