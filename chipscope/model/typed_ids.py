"""An id typed on the command line that names no row, told apart from one that is an existing
id but for spaces around it, an invisible character or case, which no message shows by
itself (pass 53 F6). Pure."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from chipscope.model.invisible import JOINERS, invisible_named, never_shown
from chipscope.model.text_rules import quoted


def _bare(text: str) -> str:
    """``text`` without spaces around it or characters that show as nothing."""
    return "".join(ch for ch in text.strip() if never_shown(ch) is None and ch not in JOINERS)


def _plain(text: str) -> str:
    """``text`` bare and NFKC-normalised: a fullwidth "n" (U+FF4E) is "n", as the data checks
    take it."""
    return unicodedata.normalize("NFKC", _bare(text))


def _look_alike(text: str) -> str | None:
    """The first character of ``text`` that NFKC writes otherwise, named with what it stands
    for ("U+FF4E FULLWIDTH LATIN SMALL LETTER N for 'n'"); None when there is none."""
    ch = next((c for c in _bare(text) if unicodedata.normalize("NFKC", c) != c), None)
    if ch is None:
        return None
    name = unicodedata.name(ch, "an unnamed character")
    return f"U+{ord(ch):04X} {name} for {unicodedata.normalize('NFKC', ch)!r}"


def near_id(typed: str, ids: Iterable[str]) -> str | None:
    """Why ``typed``, which is none of ``ids``, names none, when it is one of them but for
    spaces around it, an invisible character, look-alike (fullwidth) characters or case: "the
    id has spaces around it; did you
    mean 'abc'?"; else None.

    >>> near_id("abc ", ["abc", "x"])
    "the id has spaces around it; did you mean 'abc'?"
    >>> near_id("ABC\\u200b", ["abc"])[:52]
    'the id holds an invisible character U+200B (ZERO WID'
    >>> near_id("ABC", ["abc", "Abc"])
    "the id differs in case; did you mean 'Abc' or 'abc'?"
    >>> near_id("\\uff41bc", ["abc"])[32:]
    "characters (U+FF41 FULLWIDTH LATIN SMALL LETTER A for 'a'); did you mean 'abc'?"
    >>> near_id("abd", ["abc"]) is None
    True
    """
    found = near_ids(typed, ids)
    if found is None:
        return None
    why, near = found
    meant = f"did you mean {' or '.join(quoted(i) for i in near)}?"
    return f"{why}; {meant}" if why else meant


def near_ids(typed: str, ids: Iterable[str]) -> tuple[str, list[str]] | None:
    """The parts of :func:`near_id`: why ``typed`` names none of ``ids`` ("the id differs in
    case", or "" when no cause can be named) and the ids it is but for that, sorted; None
    when it is none of them but for spaces, an invisible character, look-alike characters
    (equal after NFKC, as the data checks take them) or case. For a message
    that suggests more than the id (an assumption key holding it).

    >>> near_ids("NVIDIA", ["amd", "nvidia"])
    ('the id differs in case', ['nvidia'])
    """
    plain = _plain(typed)
    near = sorted({i for i in ids if i != typed and _plain(i).casefold() == plain.casefold()})
    if not near:
        return None
    causes = []
    if typed != typed.strip():
        causes.append("has spaces around it")
    if (invisible := invisible_named(typed)) is not None:
        causes.append(f"holds {invisible}")
    if (look_alike := _look_alike(typed)) is not None:
        causes.append(f"is written in look-alike characters ({look_alike})")
    if all(_plain(i) != plain for i in near):
        causes.append("differs in case")
    return (f"the id {' and '.join(causes)}" if causes else ""), near
