"""Where the document's saved scenarios live, as the model sees it: the :class:`ScenarioStore`
protocol (storage implements it over a database; tests use an in-memory fake), the list row
:class:`ScenarioRecord` (a preset file or a saved scenario), and :func:`free_name`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from chipscope.model.scenario import Scenario, clean_name


@dataclass(frozen=True, eq=False)
class ScenarioRecord:
    """One row of the scenario list: a preset (a file) or a saved scenario (storage), and when
    it was last saved (ISO 8601 UTC; "" for presets)."""

    scenario: Scenario
    updated_at: str = ""
    is_preset: bool = False

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def description(self) -> str:
        return self.scenario.description

    @property
    def values(self) -> dict[str, float]:
        return self.scenario.values


class ScenarioStore(Protocol):
    """Where saved scenarios live (storage implements it over a database path)."""

    def records(self) -> list[ScenarioRecord]:
        """Every saved scenario, by name."""

    def save(self, name: str, description: str, values: Mapping[str, float]) -> None:
        """Save or overwrite ``name``."""

    def rename(self, old: str, new: str) -> None:
        """Rename ``old``; an error if ``new`` is taken."""

    def delete(self, name: str) -> None:
        """Delete ``name``; an error if there is none."""


class NoStore:
    """The store of a document that saves nothing: lists nothing, refuses every write."""

    def records(self) -> list[ScenarioRecord]:
        return []

    def _refuse(self, *_: object) -> None:
        raise ValueError("Scenarios cannot be saved here: there is no database to save to.")

    save = rename = delete = _refuse


def free_name(taken: Iterable[str], wanted: str) -> str:
    """``wanted``, or "wanted (2)", "wanted (3)"... whichever is not in ``taken`` (names
    compared as :func:`~chipscope.model.scenario.clean_name` makes them: NFC)."""
    names = {clean_name(n) for n in taken}
    base = clean_name(wanted) or "Scenario"
    if base not in names:
        return base
    n = 2
    while f"{base} ({n})" in names:
        n += 1
    return f"{base} ({n})"
