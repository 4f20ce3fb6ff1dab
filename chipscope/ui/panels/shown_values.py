"""Which editors of the assumptions panel a new set of values has to touch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from chipscope.model import Assumptions

__all__ = ["ShownValues"]


class ShownValues:
    """The values the panel's editors last showed, and the editors showing an error.

    A slider step changes one value of about 400: only the editors whose value changed since
    the last call, or that show an error (to clear it), are touched (a pass over every editor
    was a quarter of a millisecond of each step). The first call, and any call after editors
    were added (an adopter's page built), goes over all of them.
    """

    def __init__(self) -> None:
        self.last: tuple[Assumptions, int] | None = None
        self.errors: set[str] = set()

    def keys(self, assumptions: Assumptions, editors: Mapping[str, object]) -> Iterable[str]:
        previous, self.last = self.last, (assumptions, len(editors))
        errors, self.errors = self.errors, set()
        if previous is None or previous[1] != len(editors):
            return list(editors)
        return [k for k in assumptions.differing(previous[0]) | errors if k in editors]
