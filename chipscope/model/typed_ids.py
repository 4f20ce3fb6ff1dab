"""An id typed on the command line that names no row, told apart from one that is an existing
id but for spaces around it, an invisible character or case, which no message shows by
itself (pass 53 F6). Pure."""

from __future__ import annotations

from collections.abc import Iterable

from chipscope.model.invisible import JOINERS, invisible_named, never_shown
from chipscope.model.text_rules import quoted


def _bare(text: str) -> str:
    """``text`` without spaces around it or characters that show as nothing."""
    return "".join(ch for ch in text.strip() if never_shown(ch) is None and ch not in JOINERS)


def near_id(typed: str, ids: Iterable[str]) -> str | None:
    """Why ``typed``, which is none of ``ids``, names none, when it is one of them but for
    spaces around it, an invisible character or case: "the id has spaces around it; did you
    mean 'abc'?"; else None.

    >>> near_id("abc ", ["abc", "x"])
    "the id has spaces around it; did you mean 'abc'?"
    >>> near_id("ABC\\u200b", ["abc"])[:52]
    'the id holds an invisible character U+200B (ZERO WID'
    >>> near_id("ABC", ["abc", "Abc"])
    "the id differs in case; did you mean 'Abc' or 'abc'?"
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
    when it is none of them but for spaces, an invisible character or case. For a message
    that suggests more than the id (an assumption key holding it).

    >>> near_ids("NVIDIA", ["amd", "nvidia"])
    ('the id differs in case', ['nvidia'])
    """
    bare = _bare(typed)
    near = sorted({i for i in ids if i != typed and _bare(i).casefold() == bare.casefold()})
    if not near:
        return None
    causes = []
    if typed != typed.strip():
        causes.append("has spaces around it")
    if (invisible := invisible_named(typed)) is not None:
        causes.append(f"holds {invisible}")
    if all(_bare(i) != bare for i in near):
        causes.append("differs in case")
    return (f"the id {' and '.join(causes)}" if causes else ""), near
