"""The texts of a row of the scenario list (pure: no Qt)."""

from __future__ import annotations

import textwrap

from chipscope.model.text_rules import shortened


def wrapped(text: str, width: int = 80, limit: int = 2000) -> str:
    """``text`` wrapped for a tooltip, at most ``limit`` characters of it (both ends and its
    length): a row another program wrote may hold megabytes of one word, and textwrap is
    quadratic in a long word (a 10 MB one took 27 s at every list refresh: pass 114 F2)."""
    return "\n".join(textwrap.fill(p, width) for p in shortened(text, limit).split("\n"))
