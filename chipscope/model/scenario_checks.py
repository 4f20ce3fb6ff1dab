"""Checks on a scenario's text that :mod:`chipscope.model.scenario` runs: its name (as stored
and compared, and the characters it may hold) and the length of its dotted keys before TOML
parsing. Pure."""

from __future__ import annotations

import unicodedata


def clean_name(name: str) -> str:
    """A scenario name as stored and compared: surrounding spaces removed, Unicode in NFC
    form, so "café" typed as e + combining accent and as one é is one name."""
    return unicodedata.normalize("NFC", name.strip())


MAX_NAME_LENGTH = 200
"""Characters a scenario name may have (it is a line in the scenario list)."""

_HIDDEN = frozenset("\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                    "\u2066\u2067\u2068\u2069\ufeff")
"""Bidirectional overrides and zero-width characters: a name holding one shows in the list
as another text than it is ("abc" followed by U+202E reads backwards)."""


def name_problem(name: str) -> str | None:
    """Why ``name`` (cleaned, :func:`clean_name`) cannot name a scenario, or None."""
    clean = clean_name(name)
    if not clean:
        return "a scenario needs a name"
    if len(clean) > MAX_NAME_LENGTH:
        return f"at most {MAX_NAME_LENGTH} characters"
    bad = next((ch for ch in clean
                if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _HIDDEN), None)
    if bad is not None:
        return (f"contains the invisible or control character U+{ord(bad):04X}; a name may not "
                "(the scenario list would show another text)")
    return None


MAX_DOTS_PER_LINE = 1000
"""A scenario key has at most three dots; tomllib takes quadratic time over a dotted key (5 s
for 20,000 parts, about an hour for the 500,000 that fit in a 1 MB file)."""


def dotted_too_far(text: str) -> str | None:
    """The problem with a line of more than :data:`MAX_DOTS_PER_LINE` dots (a key cannot span
    lines, so this bounds every key), or None."""
    if text.count(".") <= MAX_DOTS_PER_LINE:
        return None
    for number, line in enumerate(text.split("\n"), start=1):  # TOML ends lines with \n
        if (dots := line.count(".")) > MAX_DOTS_PER_LINE:
            return (f"nested too deeply (line {number} holds {dots:,} dots, more than the "
                    f"{MAX_DOTS_PER_LINE:,} a line of a scenario file may have; a key has at "
                    "most a few)")
    return None
