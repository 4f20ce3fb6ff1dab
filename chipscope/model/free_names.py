"""Free names for new copies of scenarios: "Price war (2)" for a duplicate or an import,
"Price war (restored)" for a copy an undo puts back while its name is taken. Names compare as
:func:`~chipscope.model.scenario.clean_name` makes them and stay within the length limit."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from chipscope.model.scenario_checks import MAX_NAME_LENGTH, clean_name


def free_name(taken: Iterable[str], wanted: str) -> str:
    """``wanted``, or "wanted (2)", "wanted (3)"... whichever is not in ``taken`` (names
    compared as :func:`~chipscope.model.scenario.clean_name` makes them: NFC)."""
    names = {clean_name(n) for n in taken}
    base = clean_name(wanted) or "Scenario"
    return base if base not in names else _numbered(names, base, lambda n: f" ({n})", 2)


def _numbered(names: set[str], base: str, tail: Callable[[int], str], n: int) -> str:
    """``base`` + ``tail(n)`` for the first ``n`` from the one given whose name is not in
    ``names``, ``base`` cut to keep the name within the length limit (pass 108 F3)."""
    while (name := clean_name(base[:MAX_NAME_LENGTH - len(tail(n))] + tail(n))) in names:
        n += 1
    return name


def restored_name(taken: Iterable[str], name: str) -> str:
    """A free name for a copy put back while ``name`` is taken: "A (restored)", then
    "A (restored 2)"... (cut to fit the name's length limit)."""
    return _numbered({clean_name(n) for n in taken}, clean_name(name),
                     lambda n: " (restored)" if n == 1 else f" (restored {n})", 1)
