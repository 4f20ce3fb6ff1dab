"""What free text (a note, a derivation, a description, a source) may hold. Pure.

Free text may hold any printable character, tabs and line breaks. It may not hold the other
control characters (U+0000-U+001F but tab, line feed and carriage return; U+007F-U+009F:
a terminal obeys ESC sequences, a NUL cuts a C string, a spreadsheet shows them as boxes), a
bidirectional embedding, override or isolate (U+202A-U+202E, U+2066-U+2069: "abc" after U+202E
shows as "cba", so the text would read as another text than it is), or a lone surrogate (not
a character: UTF-8 cannot even hold it). Ids, keys and scenario names follow stricter rules
(:mod:`chipscope.model.table_checks`, :mod:`chipscope.model.scenario_checks`).
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata

from chipscope.model.toml_integers import too_long

ALLOWED_CONTROLS = frozenset("\t\n\r")
"""The control characters free text may hold: tab and line breaks."""

MAX_WHOLE_DIGITS = 30
"""Digits a whole-number option or setting (a seed, a size, a count) may have: more is no
count, size or seed anyone means, and every such value is read with the same bound."""

SHORT_LIMIT = 60
"""The most characters of one value a one-line message repeats by default."""


def shortened(text: str, limit: int = SHORT_LIMIT, *, inside: bool = False) -> str:
    """``text`` for a message, its middle replaced by "…" and its length named when it is
    longer than ``limit`` characters: a pasted 5,000-digit number or a 4,000-byte path stays
    recognisable by both ends, and the message stays one line. Every message that repeats a
    user's value goes through here (the window's :func:`chipscope.ui.plain.elide` too).
    ``inside`` a phrase in brackets the length follows a comma ("1…9, 500 characters long"),
    not in brackets of its own."""
    if len(text) <= limit:
        return text
    keep = max(limit - 1, 2) // 2
    count = (f", {len(text):,} characters long" if inside else
             f" ({len(text):,} characters)")
    return f"{text[:keep]}\u2026{text[-keep:]}{count}"


def value_shown(value: object, limit: int = 40) -> str:
    """A value read from a file, for a message, as the file writes it (:func:`_as_written`:
    2024-01-01, not Python's ``datetime.date(2024, 1, 1)``; true, not True); shortened like
    :func:`shortened`.

    >>> import datetime
    >>> value_shown(datetime.date(2024, 1, 1)), value_shown("x")
    ('2024-01-01', "'x'")
    """
    return shortened(_as_written(value), limit)


def shown_whole(value: object, limit: int = 40) -> bool:
    """Whether :func:`value_shown` (with ``limit``) shows ``value`` whole, as the file can
    take it back, not shortened."""
    return len(_as_written(value)) <= limit


def _as_written(value: object) -> str:
    """A TOML value as a file writes it: dates and times in ISO form, true and false, a
    list in brackets and a table in braces (their items likewise), text in quotes."""
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and isinstance(written := getattr(value, "text", None), str):
        return written  # a WrittenFloat: 1e-400 as the file wrote it, not 0.0
    if isinstance(value, int) and too_long(value):  # str() would raise Python's ValueError
        return hex(value)  # as TOML writes it too, and linear
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_inner(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_inner(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _inner(value: object) -> str:
    """An item of a TOML list or table: text in TOML's double quotes, ["lhs"] not ['lhs']."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else \
        _as_written(value)


def quoted(text: str, limit: int = SHORT_LIMIT) -> str:
    """``text`` in quotes (``repr``) for a message, shortened like :func:`shortened`; the
    length named is the text's own, after the quotes (not counting them or any escapes)."""
    if len(text) <= limit:
        return repr(text)
    keep = max(limit - 1, 2) // 2
    return f"{text[:keep] + chr(0x2026) + text[-keep:]!r} ({len(text):,} characters)"


def undecodable_byte(text: str) -> str | None:
    """"the byte 0xFF, which is not UTF-8 text" for the first byte of ``text`` that was not
    UTF-8 where it was read (a command-line word or a file name: Python keeps it as a lone
    surrogate, U+DC80 to U+DCFF, which a message would show as '\\udcff'); else None."""
    odd = next((ch for ch in text if 0xDC80 <= ord(ch) <= 0xDCFF), None)
    return None if odd is None else f"the byte 0x{ord(odd) - 0xDC00:02X}, which is not UTF-8 text"


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional embeddings, overrides and isolates."""


def hidden_character(text: str) -> str | None:
    """Why ``text`` cannot be free text (one phrase naming the first bad character), or None.

    Examples
    --------
    >>> hidden_character("two\\nlines") is None
    True
    >>> hidden_character("red\\x1b[31m")[:40]
    'contains the control character U+001B (t'
    """
    if text.isprintable():  # fast path: no control, format, surrogate or unassigned character
        return None
    for ch in text:
        if ch in ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return (f"contains the control character U+{ord(ch):04X} (text may hold tabs and "
                    "line breaks, no other control characters)")
        if ch in BIDI_CONTROLS:
            return (f"contains the bidirectional control U+{ord(ch):04X}, which makes the text "
                    "show as another text than it is")
        if category == "Cs":
            return f"contains U+{ord(ch):04X}, half of a character (a lone surrogate)"
    return None


def without_hidden(text: str) -> str:
    """``text`` without the characters :func:`hidden_character` refuses (free text an older
    version saved before the rule: it still shows, saves and exports as a file that reads back).

    >>> without_hidden("red\\x1b[31m\\u202e ok\\n")
    'red[31m ok\\n'
    """
    if hidden_character(text) is None:
        return text
    return "".join(ch for ch in text if ch in ALLOWED_CONTROLS or not (
        unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI_CONTROLS))



def escaped_hidden(text: str, keep: str = "") -> str:
    r"""``text`` for a message, each character that would not show as itself spelled out as
    its escape (``\u202e``, ``\n``, ``\x1b``): control characters (but those in ``keep``),
    bidirectional controls (after U+202E a whole message box reads backwards), invisible
    format characters (zero-width space, BOM), line separators and lone surrogates. The one
    rule for paths, names and values a message repeats.

    >>> print(escaped_hidden("/tmp/\u202eimp\u200b.toml\n"))
    /tmp/\u202eimp\u200b.toml\n
    """
    if text.isprintable() and not any(ch in BIDI_CONTROLS for ch in text):
        return text
    return "".join(ch if ch in keep or (ch.isprintable() and ch not in BIDI_CONTROLS)
                   else ascii(ch)[1:-1] for ch in text)


def instead_of_too_small(written: str, lo: float | None = None, hi: float | None = None,
                         within: str = "") -> str:
    """What to write instead of a non-zero number ``written`` (as the file or option gave it)
    that a float reads as 0, where the key or column takes values from ``lo`` to ``hi`` (None:
    no bound): "0 or a larger value", or for a negative one where negatives are allowed "0 or a
    number further from 0" (a larger magnitude, not a larger value); where 0 itself is refused,
    ``within``: the range as that key's or column's out-of-range message words it ("a number
    from 0.001 to 1 /yr"; by default "a number from LO to HI").

    >>> instead_of_too_small("-1e-400", -5, 5), instead_of_too_small("-1e-400", 0, 5)
    ('0 or a number further from 0', '0 or a larger value')
    >>> instead_of_too_small("1e-400", 1, 100000)
    'a number from 1 to 100000'
    """
    if (lo is not None and lo > 0) or (hi is not None and hi < 0):
        return within or (f"a number of at most {hi:g}" if lo is None else
                          f"a number of at least {lo:g}" if hi is None else
                          f"a number from {lo:g} to {hi:g}")
    negatives, positives = lo is None or lo < 0, hi is None or hi > 0
    if written.strip().startswith("-") and negatives:
        return "0 or a number further from 0"
    if positives:
        return "0 or a larger value"
    return "0 or a negative number" if negatives else "0"


def too_small(instead: str, what: str = "it") -> str:
    """The one wording of a non-zero number that reads as 0, after the number as written:
    "is too small for a number here (it would read as 0); write ``instead``". ``what`` reads
    as 0 when not the number itself: a deal's amount whose H100e per year would (pass 50, F5)."""
    return f"is too small for a number here ({what} would read as 0); write {instead}"


def underflows(written: str, value: float) -> bool:
    """Whether a number written non-zero (``1e-400``) reads as 0 (``value``, as a float read
    ``written``); a subnormal such as 5e-324 is kept and is not. The one rule of scenario files,
    sweep specs, ``--set``, the data CSVs and the edits."""
    return value == 0 and bool(re.search("[1-9]", written.lower().partition("e")[0]))
