"""The stamps a document's own writes left, each write counted (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Iterator

Stamps = dict[str, str]  # name -> a stamp (an updated_at, "" for none)


class WriteLog:
    """Name -> the stamp the document's own last write of it left ("": it deleted the copy or
    renamed it away); never cleared. Every write is counted, also one that leaves the stamp the
    name had (a second deletion of a name leaves "" over ""), so a step's own writes are found
    by their count, never by a changed stamp alone (pass 112 F3)."""

    def __init__(self) -> None:
        self._stamps: Stamps = {}
        self._writes: dict[str, int] = {}

    def get(self, name: str) -> str | None:
        return self._stamps.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._stamps

    def __iter__(self) -> Iterator[str]:
        return iter(self._stamps)

    def wrote(self, name: str, stamp: str | None) -> None:
        """An own write of ``name`` left ``stamp`` ("": none; None: unknown, so the next write
        there is not checked, and a name without a stamp here is not written to by it)."""
        if stamp is None:
            if self._stamps.pop(name, None) is None:
                return
        else:
            self._stamps[name] = stamp
        self._writes[name] = self._writes.get(name, 0) + 1

    def copy(self) -> WriteLog:
        out = WriteLog()
        out._stamps, out._writes = dict(self._stamps), dict(self._writes)
        return out

    def since(self, earlier: WriteLog) -> Stamps:
        """The names written since ``earlier`` (a :meth:`copy`), with their stamps now."""
        return {n: self._stamps.get(n, "") for n in self._writes.keys() | earlier._writes.keys()
                if self._writes.get(n) != earlier._writes.get(n)}
