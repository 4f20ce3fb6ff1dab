"""Undo and redo: a Qt-free command stack in the style of glue's.

Each entry is one finished change: the full immutable state before and after it (the
:class:`~chipscope.model.assumptions.Assumptions`, or the document's ``State`` holding them
with the scenario's identity), so undo is "go back to ``before``" with no replaying. An entry
may also carry side effects outside the state (a scenario renamed or deleted in storage):
``redo_effect`` does the change again, ``undo_effect`` reverses it; they run before the stack
moves, so a failing effect leaves the stack where it was.

The stack also remembers which position matches the saved file (the *clean* marker), so the
window can say whether there are unsaved changes after any sequence of edits, undos and redos.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar, cast

from chipscope.model.arrays import same_value
from chipscope.model.assumptions import Assumptions

DEFAULT_MAX_DEPTH = 200
"""Entries kept before the oldest are dropped; each holds two references, so this is cheap."""

_NEVER = -1
"""Clean index meaning "no reachable position matches the saved state"."""


T = TypeVar("T")

Effect = Callable[[], object]  # what it returns is ignored (a store save returns a stamp)
"""A side effect outside the stacked state (storage), run on undo or redo."""


class PassedOver(Exception):
    """Raised by an effect whose aim is already reached, or that would overwrite what another
    window or program changed since (so it changes nothing): the stack moves past the step all
    the same, then raises it again with :attr:`state`, the state to show; ``str()`` is the
    note for the user (what happened and that the older steps stay reachable).
    ``renamed``: (name, new name) if the step put a saved copy back under another name (its
    own was taken), so the state shown names that copy."""

    state: object = None

    def __init__(self, note: str, renamed: tuple[str, str] | None = None):
        super().__init__(note)
        self.renamed = renamed


@dataclass(frozen=True, eq=False)
class Command(Generic[T]):
    """One undoable change: a label ("NVIDIA price change"), the state either side, and the
    side effects that redo and undo it outside the state (None: none)."""

    label: str
    before: T
    after: T
    redo_effect: Effect | None = None
    undo_effect: Effect | None = None

    @property
    def has_effects(self) -> bool:
        return self.redo_effect is not None or self.undo_effect is not None


def changed_keys(before: Assumptions, after: Assumptions) -> list[str]:
    """Keys whose value differs between two sets (NaN equals NaN), in spec order."""
    out = []
    for key in before.specs:
        if not same_value(before[key], after[key]):
            out.append(key)
    return out


def describe_change(before: Assumptions, after: Assumptions) -> str:
    """A short label for the change from ``before`` to ``after``.

    One key: its spec label, ending in "change" ("NVIDIA price change", "Lock-in (lambda)
    change"); an on/off key says which way ("OpenAI-AMD 6 GW off"). Several keys:
    "3 changes". None: "no change".
    """
    keys = changed_keys(before, after)
    if not keys:
        return "no change"
    if len(keys) > 1:
        return f"{len(keys)} changes"
    spec = before.specs[keys[0]]
    label = spec.label
    if spec.kind == "bool":
        base = label.removesuffix(": on").removesuffix(" on")
        return f"{base} {'on' if after[spec.key] else 'off'}"
    return label if label.lower().endswith("change") else f"{label} change"


class CommandStack(Generic[T]):
    """Undo/redo history of state changes, with a clean marker and a maximum depth.

    Parameters
    ----------
    max_depth : int
        Most entries kept; pushing past it drops the oldest (which can no longer be undone).

    Notes
    -----
    The stack never applies a state itself: :meth:`undo` and :meth:`redo` run the entry's
    side effect, if any, and return the state the caller should now show. Listeners added
    with :meth:`subscribe` are called after every change of the stack's state (push, undo,
    redo, clear, clean marker), so a UI can refresh its action texts without polling.
    """

    def __init__(self, max_depth: int = DEFAULT_MAX_DEPTH):
        if max_depth < 1:
            raise ValueError(f"max_depth: {max_depth} must be at least 1")
        self.max_depth = max_depth
        self._commands: list[Command[T]] = []
        self._index = 0  # commands[:index] are done; commands[index:] can be redone
        self._clean_index = 0
        self._listeners: list[Callable[[], None]] = []

    # --- listeners --------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every change of the stack's state."""
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[], None]) -> None:
        """Stop calling ``callback``; ValueError if it was not subscribed."""
        self._listeners.remove(callback)

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback()

    # --- recording --------------------------------------------------------------------------
    def push(self, label: str | None, before: T, after: T, *,
             redo_effect: Effect | None = None, undo_effect: Effect | None = None) -> bool:
        """Record a finished change from ``before`` to ``after`` (the change itself, and its
        ``redo_effect``, have already been done by the caller).

        Parameters
        ----------
        label : str or None
            What changed, without "Undo" ("NVIDIA price change"); None builds it with
            :func:`describe_change` (Assumptions only).
        before, after : T
            The state before the edit started and after it finished.
        redo_effect, undo_effect : callable or None
            Side effects outside the state that :meth:`redo` and :meth:`undo` run.

        Returns
        -------
        bool
            False (and nothing recorded) when ``before`` equals ``after`` and there are no
            side effects.

        Notes
        -----
        Anything that could be redone is dropped, as in every editor. If the saved state was
        among the dropped entries, or falls off the bottom at ``max_depth``, no position is
        clean any more until :meth:`set_clean`.
        """
        command = Command(self._label(label, before, after), before, after, redo_effect,
                          undo_effect)
        if before == after and not command.has_effects:
            return False
        del self._commands[self._index:]
        if self._clean_index > self._index:
            self._clean_index = _NEVER
        self._commands.append(command)
        self._index += 1
        overflow = len(self._commands) - self.max_depth
        if overflow > 0:
            del self._commands[:overflow]
            self._index -= overflow
            if self._clean_index != _NEVER:
                self._clean_index -= overflow
                if self._clean_index < 0:
                    self._clean_index = _NEVER
        self._notify()
        return True

    @staticmethod
    def _label(label: str | None, before: T, after: T) -> str:
        if label is not None:
            return label
        if isinstance(before, Assumptions) and isinstance(after, Assumptions):
            return describe_change(before, after)
        raise ValueError("label: needed for a change of anything but assumptions")

    def map_states(self, convert: Callable[[T], T]) -> None:
        """Replace every recorded state by ``convert(state)`` (a dataset edit carries the
        history onto the new dataset's assumptions); effects, labels and positions stay."""
        self._commands = [replace(c, before=convert(c.before), after=convert(c.after))
                          for c in self._commands]

    def clear(self) -> None:
        """Forget every entry and mark the current state clean (a scenario was loaded)."""
        self._commands.clear()
        self._index = 0
        self._clean_index = 0
        self._notify()

    # --- moving -----------------------------------------------------------------------------
    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def next_undo(self) -> Command[T] | None:
        """The entry :meth:`undo` would step back over (None: nothing to undo)."""
        return self._commands[self._index - 1] if self.can_undo() else None

    def next_redo(self) -> Command[T] | None:
        """The entry :meth:`redo` would step forward over (None: nothing to redo)."""
        return self._commands[self._index] if self.can_redo() else None

    def undo(self) -> T | None:
        """Run the entry's ``undo_effect``, step back one entry and return the state to show
        (None: nothing to undo). If the effect raises, the stack does not move; if it raises
        :class:`PassedOver`, it moves and that is raised again, holding the state to show."""
        command = self.next_undo()
        if command is None:
            return None
        passed = _run(command.undo_effect)
        self._index -= 1
        self._notify()
        return _moved(self._commands[self._index].before, passed)  # re-read: effects map_states

    def redo(self) -> T | None:
        """Run the entry's ``redo_effect``, step forward one entry and return the state to
        show (None: nothing to redo). If the effect raises, the stack does not move (but see
        :meth:`undo` for :class:`PassedOver`)."""
        command = self.next_redo()
        if command is None:
            return None
        passed = _run(command.redo_effect)
        self._index += 1
        self._notify()
        return _moved(self._commands[self._index - 1].after, passed)

    def undo_label(self) -> str:
        """"Undo NVIDIA price change", or "Undo" when there is nothing to undo."""
        return f"Undo {self._commands[self._index - 1].label}" if self.can_undo() else "Undo"

    def redo_label(self) -> str:
        """"Redo NVIDIA price change", or "Redo" when there is nothing to redo."""
        return f"Redo {self._commands[self._index].label}" if self.can_redo() else "Redo"

    # --- clean marker -----------------------------------------------------------------------
    def is_clean(self) -> bool:
        """True when the current position is the one last marked clean (nothing unsaved)."""
        return self._index == self._clean_index

    def set_clean(self) -> None:
        """Mark the current position as saved."""
        self._clean_index = self._index
        self._notify()

    def set_dirty(self) -> None:
        """Mark that no position matches the saved state (e.g. the saved copy was deleted)."""
        self._clean_index = _NEVER
        self._notify()

    # --- inspection -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._commands)

    @property
    def index(self) -> int:
        """Number of entries currently done (undo moves it down, redo up)."""
        return self._index

    def labels(self) -> list[str]:
        """Every entry's label, oldest first."""
        return [c.label for c in self._commands]


def _run(effect: Effect | None) -> PassedOver | None:
    """Run an undo or redo effect; the note if it passed its step over."""
    try:
        if effect is not None:
            effect()
    except PassedOver as passed:
        return passed
    return None


def _moved(state: T, passed: PassedOver | None) -> T:
    if passed is not None:
        passed.state = state
        raise passed
    return state


def passing_over(step: Callable[[], T | None]) -> tuple[T | None, PassedOver | None]:
    """Run :meth:`CommandStack.undo` or :meth:`~CommandStack.redo`: the state to show, and the
    note if the step's effect was passed over (the stack moved all the same)."""
    try:
        return step(), None
    except PassedOver as passed:
        return cast(T, passed.state), passed
