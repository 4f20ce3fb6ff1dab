"""The pieces of a :class:`~chipscope.model.document.Document`'s state: the scenario's
:class:`Identity`, the :class:`State` one undo step goes back to, :func:`map_assumptions` (values
carried onto another dataset), :func:`fit_values` (the values that fit) and :class:`Notifier`,
the plain-Python signal the document sends its changes through (:func:`notifiers` lists them).
No Qt, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.text_rules import escaped_hidden, shortened
from chipscope.model.undo import CommandStack

UNTITLED = "Untitled"
Source = Literal["new", "preset", "saved"]


class Notifier:
    """A plain-Python signal: ``connect(callback)``, ``disconnect(callback)``, ``emit(*args)``."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., None]] = []

    def connect(self, callback: Callable[..., None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., None]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)

    def clear(self) -> None:
        """Drop every callback (their owner, a window, is gone)."""
        self._callbacks.clear()


def notifiers(owner: object) -> list[Notifier]:
    """The :class:`Notifier` attributes of ``owner`` (a document's five notifications)."""
    return [value for value in vars(owner).values() if isinstance(value, Notifier)]


@dataclass(frozen=True)
class Identity:
    """Which scenario the values are: name, description, source. ``unsaved`` (new only):
    no stored copy at all (the saved one was deleted, or unsaved changes were restored)."""

    name: str = UNTITLED
    description: str = ""
    source: Source = "new"
    unsaved: bool = False


@dataclass(frozen=True)
class State:
    """What one undo step goes back to: the values and the identity."""

    assumptions: Assumptions
    identity: Identity

    def mapped(self, specs: AssumptionSpecs) -> State:
        """This state with its values carried onto ``specs`` (:func:`map_assumptions`)."""
        return State(map_assumptions(self.assumptions, specs)[0], self.identity)

    def renamed(self, renamed: tuple[str, str] | None) -> State:
        """This state, its saved scenario called ``renamed[1]`` if it was ``renamed[0]`` (an
        undo put its copy back under a free name: the window works on that copy)."""
        ident = self.identity
        if renamed is None or ident.source != "saved" or ident.name != renamed[0]:
            return self
        return State(self.assumptions, replace(ident, name=renamed[1]))


def map_assumptions(assumptions: Assumptions,
                    specs: AssumptionSpecs) -> tuple[Assumptions, list[str]]:
    """``assumptions`` carried onto another dataset's ``specs``.

    Every value that differs from its default is kept when its key exists in ``specs`` and the
    value is valid there; the others fall back to the defaults, and each is reported.

    Returns
    -------
    (Assumptions, list[str])
        The values on ``specs``, and one line per value that fell back.
    """
    return fit_values(assumptions.changed(), specs, "not in the new dataset (dropped)",
                      "back to the default")


def fit_values(values: Mapping[str, float], specs: AssumptionSpecs,
               unknown: str = "not in this dataset",
               invalid: str = "") -> tuple[Assumptions, list[str]]:
    """The defaults of ``specs`` with each of ``values`` that fits them (its key exists and
    the value is valid there), and one line per value left out: "<key>: ``unknown``" or the
    reason it is invalid (followed by "(``invalid``)" if given). An unknown key (a file's,
    an autosave's) is shown shortened, its hidden characters as escapes (``\\u202e``)."""
    out = specs.defaults()
    problems: list[str] = []
    for key, value in values.items():
        if key not in specs:
            problems.append(f"{escaped_hidden(shortened(key))}: {unknown}")
            continue
        try:
            out = out.replace({key: value})
        except ValueError as exc:
            problems.append(f"{exc} ({invalid})" if invalid else str(exc))
    return out, problems


def exact_fit(values: Mapping[str, float], specs: AssumptionSpecs) -> Assumptions | None:
    """The defaults of ``specs`` with all of ``values``, or None if any does not fit."""
    try:
        return specs.defaults().replace(values)
    except ValueError:
        return None


def carry_history(history: CommandStack[State], specs: AssumptionSpecs, keep: bool) -> None:
    """After a dataset replacement: clear the undo history (its states hold values of the old
    dataset) or, with ``keep`` (a data edit, model/data_editor.py), map them onto ``specs``."""
    if keep:
        history.map_states(lambda s: s.mapped(specs))
    else:
        history.clear()
