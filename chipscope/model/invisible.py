"""Characters that show as nothing where they stand, or as what they are not, and naming one a
parser stopped at. Pure.

:func:`never_shown` is the rule of scenario names (:mod:`chipscope.model.scenario_checks`);
:func:`invisible_at` turns a TOML syntax error at such a character (a zero-width space, a
right-to-left mark, a NUL, a byte-order mark not at the start, a no-break space where TOML
wants a space, a fullwidth digit or a minus sign in a number), which no editor shows or tells
from the ASCII one, into one sentence naming it; :func:`in_a_number` names one in a number
typed or read from a CSV cell (:func:`chipscope.model.written_numbers.not_a_number`)."""

from __future__ import annotations

import re
import unicodedata

HIDDEN = frozenset("\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2060"
                   "\u2800\u3164\uffa0")
"""Characters that show as nothing (besides the format characters, category Cf, all refused
but the joiners): a name holding one looks like the name without it in the list. U+17B4 and
U+17B5 are Khmer vowels that are never written; U+2800 is the blank Braille pattern."""

JOINERS = frozenset("\u200c\u200d")
"""Zero-width non-joiner and joiner: needed inside emoji sequences and Persian or Indic words,
invisible next to a Latin letter, digit or space ("a" + U+200D + "b" looks like "ab")."""


def never_shown(ch: str) -> str | None:
    """Why ``ch`` shows as nothing wherever it stands ("U+XXXX" and why), or None."""
    code, category = ord(ch), unicodedata.category(ch)
    if category in ("Cc", "Cs", "Zl", "Zp") or ch in HIDDEN or (
            category == "Cf" and ch not in JOINERS):
        return f"U+{code:04X}"
    if 0xE0000 <= code <= 0xE007F:  # tag characters (most are unassigned: Cn)
        return f"U+{code:04X}"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"U+{code:04X}, which is not a character (a noncharacter)"
    return None


_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION",
                  0x0A: "LINE FEED", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                  0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE"}
"""Names of the control characters a file may hold by mistake (``unicodedata.name`` has none
for a control character)."""

_AT = re.compile(r"\(at line ([0-9]+), column ([0-9]+)\)\s*$")
"""Where tomllib's message says it stopped: "Invalid statement (at line 3, column 5)"."""


def _name(ch: str) -> str:
    """``ch``'s Unicode name ("ZERO WIDTH SPACE"), in words where it has none; U+FEFF is
    named as what it is at the start of a file too."""
    if ch == "\ufeff":
        return "ZERO WIDTH NO-BREAK SPACE, a byte-order mark"
    return (unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch))
            or ("a control character" if unicodedata.category(ch) == "Cc"
                else "an unnamed character"))


MINUS_LOOKALIKES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d")
"""Dashes that look like the minus '-' (U+2212 MINUS SIGN, the en dash a word processor makes
of "-", the fullwidth one): no reader takes them as a sign."""


def _ascii_advice(ch: str) -> str | None:
    """What to write instead of ``ch``, a character that looks like an ASCII one of a number: a
    digit of another script (U+FF14 FULLWIDTH DIGIT FOUR, U+0664 ARABIC-INDIC DIGIT FOUR) or a
    minus lookalike; else None."""
    if ch.isdigit() and not ch.isascii():
        return "write it with ASCII digits 0-9"
    if ch in MINUS_LOOKALIKES:
        return "write the minus as '-'"
    return None


def invisible_named(text: str) -> str | None:
    """"an invisible character U+200B (ZERO WIDTH SPACE)" for the first character of ``text``
    that shows as nothing (:func:`never_shown`, or a joiner), else None: the one wording of
    such a character a message names."""
    ch = next((c for c in text if never_shown(c) is not None or c in JOINERS), None)
    return None if ch is None else f"an invisible character U+{ord(ch):04X} ({_name(ch)})"


def space_named(text: str) -> str | None:
    """"a no-break space U+00A0 that looks like a space" for the first space of ``text`` other
    than the plain one (category Zs: U+00A0, U+2002 EN SPACE, U+3000), else None: a name
    holding one looks like the name with a plain space, and is another.

    >>> space_named("h\u2002h")
    'an en space U+2002 that looks like a space'
    """
    ch = next((c for c in text if unicodedata.category(c) == "Zs" and c != " "), None)
    if ch is None:
        return None
    name = _name(ch).lower()
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name} U+{ord(ch):04X} that looks like a space"


def in_a_number(text: str) -> str | None:
    """What to do about the first character of ``text`` (a number as typed or as a CSV cell holds
    it, not read as one) that is not a printable ASCII one, naming it; None when there is none.

    >>> in_a_number("3\u200b")
    'it holds an invisible character U+200B (ZERO WIDTH SPACE); delete it'
    >>> in_a_number("\uff14"), in_a_number("\u22120.5")
    ('write it with ASCII digits 0-9 (it holds U+FF14 FULLWIDTH DIGIT FOUR)', \
"write the minus as '-' (it holds U+2212 MINUS SIGN)")
    """
    ch = next((c for c in text if not (c.isascii() and c.isprintable())), None)
    if ch is None:
        return None
    if (invisible := invisible_named(ch)) is not None:
        return f"it holds {invisible}; delete it"
    advice = _ascii_advice(ch) or "write it with ASCII characters only"
    return f"{advice} (it holds U+{ord(ch):04X} {_name(ch)})"


def invisible_at(text: str, error: str) -> str | None:
    """"line 3, column 5: an invisible character U+200B (ZERO WIDTH SPACE) stands here; delete
    it" when the TOML parser's message ``error`` about ``text`` (as the parser read it) points
    at a character that shows as nothing (:func:`never_shown`, or a joiner), or at a space other
    than the plain one (U+00A0, U+3000: TOML takes only spaces and tabs); else None, and the
    parser's own message stands. A tab, a line break or a plain space is no such character.

    >>> invisible_at("a = 1\\n\\u200bb = 2\\n", "Invalid statement (at line 2, column 1)")
    'line 2, column 1: an invisible character U+200B (ZERO WIDTH SPACE) stands here; delete it'
    >>> invisible_at("a\\u00a0= 1", "Expected '=' (at line 1, column 2)")[:50]
    'line 1, column 2: U+00A0 (NO-BREAK SPACE) stands h'
    """
    found = _AT.search(error)
    if found is None:
        return None
    line, column = int(found[1]), int(found[2])
    lines = text.split("\n", line)  # tomllib counts lines by "\n" alone
    if not (1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1])):
        return None
    ch = lines[line - 1][column - 1]
    where, shown = f"line {line}, column {column}", f"U+{ord(ch):04X} ({_name(ch)})"
    if unicodedata.category(ch) == "Zs" and ch != " ":
        return (f"{where}: {shown} stands here, a space TOML does not take; type a plain "
                "space instead")
    if ch not in "\t\n\r" and (never_shown(ch) is not None or ch in JOINERS):
        return f"{where}: an invisible character {shown} stands here; delete it"
    if advice := _ascii_advice(ch):  # lock_in = \uff14, or \u22120.5: "Invalid value" alone
        return f"{where}: {shown} stands here; {advice.replace('write it ', 'write numbers ')}"
    return None
