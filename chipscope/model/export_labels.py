"""What an exported chart says about its scenario: the scenario's name, the assumptions that
differ from the defaults (compact, for a subtitle; in full, for the file's metadata) and a
file-name slug. Pure text, no Qt: the window, the CLI and tests build it the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from chipscope.model.assumptions import Assumptions

BASELINE = "Baseline"
"""The name of a scenario with every assumption at its default."""
CUSTOM = "Custom scenario"
"""The name of unnamed changes (an untitled window scenario, ``--set`` alone)."""
_SLUG_CHARS = 40


@dataclass(frozen=True)
class ScenarioLabel:
    """An exported chart's scenario.

    Attributes
    ----------
    name : the scenario's name ("Baseline" when nothing differs from the defaults).
    changes : one "label: value unit" text per assumption that differs from its default.
    """

    name: str
    changes: tuple[str, ...] = ()

    @property
    def is_baseline(self) -> bool:
        return not self.changes

    def subtitle(self) -> str:
        """One line for the image: the name, then the changes (the image elides it)."""
        if self.is_baseline:
            return f"Scenario: {self.name} (default assumptions)"
        n = len(self.changes)
        return (f"Scenario: {self.name} · {n} assumption{'s' if n > 1 else ''} changed: "
                + "; ".join(self.changes))

    def description(self) -> str:
        """Every change on its own line (the SVG's ``<desc>``, the PNG's text metadata)."""
        if self.is_baseline:
            return f"Scenario: {self.name}; every assumption at its default."
        lines = [f"Scenario: {self.name}", "Assumptions changed from the defaults:"]
        return "\n".join(lines + [f"- {c}" for c in self.changes])

    def file_name(self, chart: str, suffix: str) -> str:
        """The default export file name, e.g. ``chipscope-vendor_share-aws-30pct.png``."""
        return f"chipscope-{chart}-{slug(self.name)}{suffix}"


def value_text(value: float, unit: str, decimals: int, kind: str = "float") -> str:
    """A value as the forms show it: "none", "yes"/"no", or the number and its unit."""
    if math.isnan(value):
        return "none"
    if kind == "bool":
        return "yes" if value else "no"
    group = "" if unit == "year" else ","  # 2031, not 2,031
    number = (f"{value:{group}.{max(decimals, 0)}f}" if kind != "int"
              else f"{round(value):{group}d}")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    number = number.replace("-", "\u2212")
    return f"{number} {unit}".strip() if unit and unit != "year" else number


def change_texts(assumptions: Assumptions) -> tuple[str, ...]:
    """"label: value unit" for each assumption that differs from its default, in the specs'
    (the forms') order."""
    changed = assumptions.changed()
    specs = [assumptions.specs[k] for k in assumptions.specs if k in changed]
    return tuple(f"{s.label}: {value_text(changed[s.key], s.unit, s.decimals, s.kind)}"
                 for s in specs)


def scenario_label(name: str, assumptions: Assumptions) -> ScenarioLabel:
    """The label of ``assumptions`` called ``name``: "Baseline" when nothing differs from the
    defaults and the scenario has no name of its own (``name`` empty or "Untitled"), "Custom
    scenario" for unnamed changes."""
    changes = change_texts(assumptions)
    name = " ".join(name.split())
    if not name or name == "Untitled":
        name = CUSTOM if changes else BASELINE
    return ScenarioLabel(name, changes)


def slug(name: str) -> str:
    """``name`` as a file-name part: ASCII, lower case, "%" as "pct", words joined by "-",
    at most 40 characters ("scenario" when nothing is left)."""
    text = unicodedata.normalize("NFKD", re.sub(r"\s*%", "pct", name))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > _SLUG_CHARS:
        text = text[:_SLUG_CHARS].rsplit("-", 1)[0] or text[:_SLUG_CHARS]
    return text or "scenario"
