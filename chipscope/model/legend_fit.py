"""Which entries a chart legend too long for its room keeps, and what its last entry and the
chart's tooltip say of those it leaves out: pure (entries as weights and key flags).

A legend has series (named by the table too) and keys (the drawing styles' samples -
History, Projection, the 5-95 % whiskers - and overlays such as a reference), which the
table does not list: they explain how every series is drawn, so a short legend keeps them
ahead of all but its largest series (pass 36 F1), and counts whatever it leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence

STYLE_WORDS = {
    "solid": "solid fill",
    "projection": "pale fill, dashed edge",
    "whisker": "whiskers",
    "reference": "dashed line",
    "hatched": "hatched fill",
    "striped": "striped fill",
}
"""How a legend sample of each style looks, in words (the tooltip of a chart whose legend is
left out names its keys with them)."""


def shown_entries(weights: Sequence[float], keys: Sequence[bool],
                  limit: int | None) -> list[int]:
    """The indices (in order) of the entries a legend of at most ``limit`` entries shows,
    a "+N more" entry after them when they are not all (``limit`` None: no limit). The last
    slot is the "+N more" entry; the others go to the largest series (``weights``), then
    the keys (``keys[i]`` true) in their order as many as fit, then the next series by
    size: the keys explain the whiskers and the dashed projection the chart draws, the
    table names every series."""
    count = len(weights)
    if limit is None or count <= limit:
        return list(range(count))
    key_list = [i for i in range(count) if keys[i]]
    series = sorted((i for i in range(count) if not keys[i]), key=lambda i: (-weights[i], i))
    order = series[:1] + key_list + series[1:]
    return sorted(order[:max(limit - 1, 1)])


def more_in_table(count: int, noun: str, plural: str | None = None) -> str:
    """The last entry of a legend, or the last row of a chart, that leaves ``count`` of its
    ``noun``s out: "+N more NOUNS (see the table)", where the table names every one
    (``plural``: the noun's plural, ``noun`` + "s" when None; the noun itself below two)."""
    word = noun if count <= 1 else (plural or f"{noun}s")
    return f"+{count:,} more {word} (see the table)"


def more_text(series: int, keys: int = 0) -> str:
    """The last entry of a legend that shows only some: how many series and style keys it
    leaves out, and where the series are named (the table lists series, not the keys)."""
    plural = "s" if keys != 1 else ""
    if not series:
        return f"+{keys:,} more style key{plural}"
    text = more_in_table(series, "series", "series")
    return f"{text}, {keys:,} key{plural}" if keys else text


def legend_hidden_tip(keys: Sequence[tuple[str, str]]) -> str:
    """The tooltip of a chart too low for its legend, which is left out: the table names
    every series, and ``keys`` (name, sample style), which it does not list, are told here."""
    text = "The chart is too low for its legend: the table names every series"
    if keys:
        told = [f"{name} ({STYLE_WORDS[style]})" if style in STYLE_WORDS else name
                for name, style in keys]
        text += "; its keys: " + "; ".join(told)
    return text + " (make the window taller to see the legend)."
