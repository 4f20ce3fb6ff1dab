"""What a second ``chipscope FILE.toml`` says on its terminal once the window already running
took its files (:mod:`chipscope.ui.instance`): which opened, and why each other one did not."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

MAX_FILES = 10
"""The most files waiting to be opened; the files of a larger hand-over past it are not opened
(the second start names them)."""
REFUSED, TOO_MANY, CANCELLED, FULL = "refused", "too many", "cancelled", "full"
"""Why the window did not open a handed-over file: its open refused it (its message says why),
past :data:`MAX_FILES`, the user chose Cancel at its "Unsaved changes" question, or
:data:`MAX_FILES` files already wait there for a question (the answer ``full``)."""
_WHY = {
    TOO_MANY: f"the ChipScope window already running takes at most {MAX_FILES} files at "
              "once; open it with another chipscope call",
    CANCELLED: "you chose Cancel at the \u201cUnsaved changes\u201d question in the ChipScope "
               "window already running",
    FULL: f"the ChipScope window already running has {MAX_FILES} files waiting for an answer "
          "to a question there; answer it, then open this file again",
}


@dataclass(frozen=True)
class Handed:
    """The running window took the files; ``not_opened``: (path, cause) of those it did not
    open (:data:`REFUSED`, :data:`TOO_MANY`, :data:`CANCELLED`, :data:`FULL`)."""

    not_opened: tuple[tuple[str, str], ...] = ()

    @classmethod
    def full(cls, files: list[Path]) -> Handed:
        """The window answered ``full``: none of ``files`` was taken."""
        return cls(tuple((str(Path(f).absolute()), FULL) for f in files))

    def report(self, files: list[Path]) -> int:
        """Say on the terminal what the window opened and what not; the exit status (2: a
        file was not opened)."""
        from chipscope.model.text_rules import escaped_hidden  # names shown, never obeyed

        left = {path for path, _ in self.not_opened}
        opened = [str(f) for f in files if str(Path(f).absolute()) not in left]
        if opened:
            print("chipscope: opened in the ChipScope window already running: "
                  + escaped_hidden(", ".join(opened)))
        for path, cause in self.not_opened:
            print(f"chipscope: error: {escaped_hidden(path)} was not opened: " + _WHY.get(
                cause, "the ChipScope window already running could not open it: see its "
                "message there"), file=sys.stderr)
        return 2 if self.not_opened else 0
