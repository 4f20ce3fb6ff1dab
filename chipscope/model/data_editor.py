"""Adding, editing, duplicating and retiring rows of the dataset as document commands, so the
one undo history covers them. Pure: no Qt; storage goes through the :class:`EditStore`
protocol (:mod:`~chipscope.model.edit_store`: ``storage.user_edits.DbEditStore`` over the
user's database; tests use a fake).

Each operation validates the row (:func:`~chipscope.model.edit_checks.check_edit`: one
message per bad field, :class:`~chipscope.model.edits.EditRejected`), saves the edit through
the store and replaces the document's dataset with the base plus every edit, keeping the
history (``Document.replace_dataset(keep_history=True)``): the projection follows at once, and
undo puts the previous edit (or none) back in the store and the dataset back with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import pandas as pd

from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edit_checks import check_edit, complete_row, withdrawal_users
from chipscope.model.edit_keys import key_problem
from chipscope.model.edit_steps import left_note, newly_broken, step_refused, without_own_pair
from chipscope.model.edit_store import EditStore, MemoryEditStore
from chipscope.model.edits import (
    Conflict,
    Edit,
    EditRejected,
    EditSource,
    Operation,
    Overlay,
    build_dataset,
    find_row,
    key_fields,
    key_of,
    rebase,
    row_digest,
)
from chipscope.model.undo import PassedOver

__all__ = ["BUYS_FROM", "DataEditor", "EditStore", "MemoryEditStore"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DataEditor:
    """The data edits of one document over one base (the bundled tables, as text).

    Parameters
    ----------
    document : the document whose dataset the edits change.
    base : the bundled tables as text (``edits.frames_as_text``).
    store : the user's edits.
    db : the database the advice commands name with --db (None: the default one, or none).
    stop_asked : whether the app was asked to end (a signal: ``storage.stop_request``); then a
        change, once stored, is not shown (the reload takes 6 s for 1,000 deals, and the window
        ended that late: pass 87, F1): the window that ends next shows nothing more.
    """

    def __init__(self, document: Document, base: Mapping[str, pd.DataFrame], store: EditStore,
                 db: object = None, stop_asked: Callable[[], bool] = lambda: False):
        self.document = document
        self.stop_asked = stop_asked
        self.base = dict(base)
        self.store = store
        self.db = db
        self._seen: dict[tuple[str, str], Edit] = {}
        """Each (table, key)'s edit as this editor last read it: a step changes a row only
        while the store still holds that (another window may have changed it since)."""
        self._overlay = build_dataset(self.base, self._read())[1]
        self.dataset = document.dataset
        """The dataset this editor last gave the document (another means it was replaced
        from elsewhere: this editor's base is stale)."""

    # --- what there is ------------------------------------------------------------------------
    @property
    def overlay(self) -> Overlay:
        return self._overlay

    @property
    def conflicts(self) -> list[Conflict]:
        return list(self._overlay.conflicts)

    def row(self, table: str, key: str) -> dict[str, str] | None:
        """The row as the dataset shows it now (base plus edits), as text."""
        return find_row(self._overlay.frames, table, key)

    def is_user_row(self, table: str, key: str) -> bool:
        return any(e.table == table and e.key == key for e in self._overlay.applied)

    # --- operations -----------------------------------------------------------------------------
    def add(self, table: str, fields: Mapping[str, str], source: EditSource,
            confidence: str) -> Edit:
        """Add a row (its key in ``fields``); EditRejected naming each bad field."""
        if table == "adopters":  # with its access rows (BUYS_FROM, else the usual vendors)
            named = [v for v in str(fields.get(BUYS_FROM, "")).split(",") if v.strip()]
            return self.add_adopter(fields, named or self.default_vendors(), source, confidence)
        key = key_of(table, fields)
        if self.row(table, key) is not None:
            raise EditRejected(dict([key_problem(table, key, there=True)]))
        # A bundled row the user's own edit hides (a Retire, an import) comes back with the
        # typed values: "the bundled data now has a row of its own" named the wrong cause.
        operation: Operation = "edit" if find_row(self.base, table, key) is not None else "add"
        return self._save(table, key, operation, fields, source, confidence)

    def default_vendors(self) -> list[str]:
        """The vendors a new adopter buys from unless told otherwise: those at least half of
        the adopters have access to (the open market: NVIDIA, AMD..., not a rival's own
        silicon), in the vendors' order."""
        frames = self._overlay.frames
        access = frames["access"]
        reach = access[pd.to_numeric(access["access"], errors="coerce") > 0]
        counts = reach["vendor_id"].astype(str).value_counts()
        half = len(frames["adopters"]) / 2
        return [v for v in frames["vendors"]["vendor_id"].astype(str) if counts.get(v, 0) >= half]

    def add_adopter(self, fields: Mapping[str, str], vendors: list[str], source: EditSource,
                    confidence: str) -> Edit:
        """Add an adopter with access 1 to each of ``vendors`` (its access rows, with the same
        source and confidence), as ONE undoable step: an adopter must reach a vendor, and an
        access row needs its adopter, so neither can be saved first."""
        key = key_of("adopters", fields)
        if self.row("adopters", key) is not None:
            raise _rejected("adopter_id", f"{key!r} is already a row of adopters; edit it or "
                                          "choose another id")
        known = set(self._overlay.frames["vendors"]["vendor_id"].astype(str))
        wanted = list(dict.fromkeys(v.strip() for v in vendors if v.strip()))
        unknown = [v for v in wanted if v not in known]
        if not wanted or unknown:
            why = (f"{', '.join(map(repr, unknown))} is not a vendor of the dataset"
                   if unknown else "name at least one vendor the adopter buys from")
            raise _rejected(BUYS_FROM, f"{why} (vendor ids: {', '.join(sorted(known))})")
        row = complete_row("adopters", fields, self._overlay.frames)
        edit = Edit("adopters", key, "add", row, source, confidence, _now())
        access = tuple(self._access_edit(key, v, source, confidence) for v in wanted)
        check_edit(self.base, (now := self.store.edits()), edit, access, self._aside(now))
        self._commands(f"{edit.describe()} with access to {', '.join(wanted)}",
                       [((e.table, e.key), e) for e in (edit, *access)])
        return edit

    def _access_edit(self, adopter: str, vendor: str, source: EditSource,
                     confidence: str) -> Edit:
        """Access 1 of a new adopter to a vendor (an add, or an edit of a bundled row left by
        an adopter of the same id retired before)."""
        fields = {"adopter_id": adopter, "vendor_id": vendor, "access": "1", "notes": ""}
        key = key_of("access", fields)
        upstream = find_row(self.base, "access", key)
        op: Operation = "add" if upstream is None else "edit"
        return Edit("access", key, op, complete_row("access", fields, self._overlay.frames),
                    source, confidence, _now(), "" if upstream is None else row_digest(upstream))

    def edit(self, table: str, key: str, fields: Mapping[str, str], source: EditSource,
             confidence: str) -> Edit:
        """Change a row (its key stays ``key``); EditRejected naming each bad field."""
        if self.row(table, key) is None:
            raise EditRejected(dict([key_problem(table, key, there=False)]))
        mine = self._mine(table, key)
        operation: Operation = "add" if mine is not None and mine.operation == "add" else "edit"
        return self._save(table, key, operation, {**fields, **key_fields(table, key)}, source,
                          confidence)

    def duplicate(self, table: str, key: str, new_key: str, source: EditSource,
                  confidence: str) -> Edit:
        """Add a copy of row ``key`` under ``new_key`` (then edit it)."""
        row = self.row(table, key)
        if row is None:
            raise EditRejected(dict([key_problem(table, key, there=False)]))
        copy = {**row, **key_fields(table, new_key)}
        if table == "adopters":  # the copy buys from the same vendors
            copy[BUYS_FROM] = ",".join(self.vendors_of(key))
        return self.add(table, copy, source, confidence)

    def vendors_of(self, adopter: str) -> list[str]:
        """The vendors ``adopter`` has some access to, as the dataset shows it now."""
        access = self._overlay.frames["access"]
        rows = access[(access["adopter_id"].astype(str) == adopter)
                      & (pd.to_numeric(access["access"], errors="coerce") > 0)]
        return list(rows["vendor_id"].astype(str))

    def retire(self, table: str, key: str, source: EditSource, confidence: str) -> Edit | None:
        """Take a row out of the dataset (recorded, with its source; undo brings it back). A
        row the user added is simply withdrawn (None is returned)."""
        row = self.row(table, key)
        if row is None:
            raise EditRejected(dict([key_problem(table, key, there=False)]))
        mine = self._mine(table, key)
        if mine is not None and mine.operation == "add":
            # A new adopter goes with the access rows added for it (they would name nobody).
            slots = [(table, key)] + [(e.table, e.key) for e in self.store.edits()
                                      if table == "adopters" and e.table == "access"
                                      and e.operation == "add"
                                      and e.fields.get("adopter_id") == key]
            self._check_withdrawal(slots)
            self._commands(f"withdrawal of {table} \u201c{key}\u201d",
                           [(slot, None) for slot in slots])
            return None
        edit = Edit(table, key, "retire", row, source, confidence, _now(),
                    self._base_digest(table, key))
        check_edit(self.base, (now := self.store.edits()), edit, set_aside=self._aside(now),
                   frames=self._overlay.frames, db=self.db)
        self._command(edit.describe(), edit, (table, key))
        return edit

    def import_edits(self, edits: list[Edit]) -> None:
        """Store edits checked elsewhere (``storage.edit_files.read_edits_csv``) as ONE step:
        undo puts back what each row had before."""
        self._commands(f"import of {len(edits)} data edit(s)",  # one transaction: 1,000
                       [((e.table, e.key), e) for e in edits])  # rows one by one took 21 s

    # --- conflicts --------------------------------------------------------------------------
    def keep(self, table: str, key: str) -> Edit:
        """Resolve a conflict by keeping the user's row over the current bundled one."""
        edit = rebase(self._conflict(table, key).edit, self.base)
        check_edit(self.base, (now := self.store.edits()), edit, set_aside=self._aside(now))
        self._command(f"keeping your {edit.describe()}", edit, (table, key))
        return edit

    def drop(self, table: str, key: str) -> None:
        """Resolve a conflict (or withdraw any edit) by dropping the user's edit."""
        if self._mine(table, key) is None:
            raise _rejected("", f"there is no edit of {table} \u201c{key}\u201d")
        self._command(f"dropping the edit of {table} \u201c{key}\u201d", None, (table, key))

    # --- the machinery ----------------------------------------------------------------------------
    def _read(self) -> list[Edit]:
        """The stored edits, remembered as what this editor last saw (:attr:`_seen`)."""
        edits = self.store.edits()
        self._seen = {(e.table, e.key): e for e in edits}
        return edits

    def _mine(self, table: str, key: str) -> Edit | None:
        return next((e for e in self.store.edits() if (e.table, e.key) == (table, key)), None)

    def _conflict(self, table: str, key: str) -> Conflict:
        found = next((c for c in self._overlay.conflicts
                      if (c.edit.table, c.edit.key) == (table, key)), None)
        if found is None:
            raise _rejected("", f"the edit of {table} \u201c{key}\u201d is not in conflict")
        return found

    def _check_withdrawal(self, slots: list[tuple[str, str]]) -> None:
        """Refuse to withdraw rows another edit needs (the only access row of an adopter, a
        chip a deal of yours is at): that edit would silently stop applying."""
        now = self.store.edits()
        broken = newly_broken(self.base, now, [e for e in now if (e.table, e.key) not in slots])
        if broken is not None:  # one sentence naming every row that uses it, as a retirement's
            told = withdrawal_users(self.base, now, slots)
            raise _rejected("", told or f"{broken.edit.describe()} needs it: without it, "
                            f"{without_own_pair(broken.reason, set(slots))}; change or "
                            "withdraw that first")

    def _aside(self, now: list[Edit]) -> set[tuple[str, str]]:
        """Edits set aside when this window built the data, if ``now`` is what it read then."""
        same = now == list(self._seen.values())
        return {(c.edit.table, c.edit.key) for c in self._overlay.conflicts} if same else set()

    def _base_digest(self, table: str, key: str) -> str:
        return "" if (upstream := find_row(self.base, table, key)) is None else row_digest(upstream)

    def _save(self, table: str, key: str, operation: Operation, fields: Mapping[str, str],
              source: EditSource, confidence: str) -> Edit:
        row = complete_row(table, fields, self._overlay.frames)
        row.update(key_fields(table, key))
        base_digest = "" if operation == "add" else self._base_digest(table, key)
        edit = Edit(table, key, operation, row, source, confidence, _now(), base_digest)
        check_edit(self.base, (now := self.store.edits()), edit, set_aside=self._aside(now),
                   frames=self._overlay.frames, db=self.db)
        self._command(edit.describe(), edit, (table, key))
        return edit

    def _command(self, label: str, edit: Edit | None, slot: tuple[str, str]) -> None:
        """Put ``edit`` (None: no edit) in the store's ``slot`` as one undoable step."""
        self._commands(label, [(slot, edit)])

    def _commands(self, label: str, changes: list[tuple[tuple[str, str], Edit | None]]) -> None:
        """Put each edit (None: no edit) in the store's slot, all as one undoable step: all or
        none (an adopter never goes without its access), and only over what this window saw
        (two windows, one database). Its undo and redo pass over (:class:`PassedOver`) when the
        store already holds what they would leave (another program dropped the edit); a row
        another program changed since is never overwritten but left, and a note names it."""
        previous = [(slot, self._seen.get(slot)) for slot, _ in changes]
        doc = self.document
        doc.commit()
        self._change(changes, previous)
        state, now = doc.state(), {(c.edit.table, c.edit.key) for c in self._overlay.conflicts}
        applied = frozenset(slot for slot, e in changes if e is not None and slot not in now)
        doc.history.push(label, state, state,  # a redo keeps what applied applying
                         redo_effect=lambda: self._step("Redo", label, changes, previous, applied),
                         undo_effect=lambda: self._step("Undo", label, previous, changes))

    def _change(self, values: list[tuple[tuple[str, str], Edit | None]],
                over: list[tuple[tuple[str, str], Edit | None]],
                left: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
        """Put ``values`` over what ``over`` says each slot holds, then show the data."""
        reached = self.store.change([e for _, e in values if e is not None],
                                    [slot for slot, value in values if value is None],
                                    dict(over), left=left)
        self.reload()  # not once a stop is asked: stored, and the app ends (pass 87, F1)
        return reached

    def _step(self, word: str, label: str, values: list[tuple[tuple[str, str], Edit | None]],
              over: list[tuple[tuple[str, str], Edit | None]],
              own: frozenset[tuple[str, str]] = frozenset()) -> None:
        """An undo (``word`` "Undo") or redo of :meth:`_commands`' step (one transaction);
        refused, nothing changed, when it would make an edit stop applying (:mod:`edit_steps`):
        another one, or one of ``own`` (a redo's edits that applied when the step was done)."""
        refused = step_refused(self.base, self.store.edits(), label, word, values, over, own,
                               self.db)
        if refused is not None:
            self.reload()  # the edit it names is listed in Edit data, the dataset is as stored
            raise _rejected("", refused)
        left: list[tuple[str, str]] = []
        reached = self._change(values, over, left)
        slots = {slot for slot, _ in values}
        if left:
            raise PassedOver(left_note(word, label, left, len(slots) - len(left)))
        if set(reached) >= slots:
            raise PassedOver(f"{word} of {label}: another window or program had already done "
                             "it in the database; passed over.")

    def reload(self) -> Dataset:
        """Rebuild the dataset from the base and the stored edits and show it (undo kept); not
        once a stop is asked (a signal in the read: the app ends next, pass 90 F1)."""
        edits = self._read()
        if self.stop_asked():
            return self.dataset
        dataset, self._overlay = build_dataset(self.base, edits)
        self.dataset = dataset
        self.document.replace_dataset(dataset, keep_history=True)
        return dataset

    def catch_up(self) -> bool:
        """:meth:`reload` if another window or program changed the stored edits since this
        editor last read them (Edit data opened again lists them); True if it did."""
        if self.store.edits() == list(self._seen.values()):
            return False
        self.reload()
        return True


BUYS_FROM = "buys_from"
"""The new adopter's field naming the vendors it buys from (not a column: access rows)."""


def _rejected(field: str, why: str) -> EditRejected:
    return EditRejected({field: f"{field}: {why}" if field else why})

