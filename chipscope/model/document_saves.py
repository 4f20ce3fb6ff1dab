"""The commands of a :class:`~chipscope.model.document.Document` that change saved scenarios:
save, save as, rename, delete, duplicate and import. Mixed into the document (as
:class:`~chipscope.model.scenario_store.ScenarioList`, which it extends, is); each one that
changes storage is one undo step carrying the side effect that reverses it, checked against the
stamp the document last saw (:func:`~chipscope.model.scenario_store.stamped_change`: never over
another window's save). No Qt, no I/O: storage goes through the document's ``store``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.document_state import Identity, Notifier, State
from chipscope.model.scenario import Scenario, clean_name
from chipscope.model.scenario_checks import name_problem
from chipscope.model.scenario_store import (
    ScenarioList,
    free_name,
    in_quotes,
    record_assumptions,
    stamped_change,
    stamped_deletion,
    stamped_rename,
)
from chipscope.model.undo import Effect, PassedOver
from chipscope.model.write_log import Stamps, WriteLog


class ScenarioSaves(ScenarioList):
    """Save, save as, rename, delete, duplicate and import of a document (see the module
    docstring); the state below is the document's own: :class:`~chipscope.model.document.Document`
    sets it up and runs the commands (``state``, ``commit``, ``_run``, ``_notify_state``)."""

    _assumptions: Assumptions
    _specs: AssumptionSpecs
    _identity: Identity
    _stored: dict[str, Assumptions | None]  # saved values by name (a cache)
    _stamps: dict[str, str]  # updated_at of each saved copy as last seen here
    _left: WriteLog  # the stamp each of its own writes left, each write counted
    _carried: Stamps  # marks of copies saved elsewhere, renamed by a step (see _marked)
    _kept: list[Stamps]  # marks the redo of a step gives back (Document._keeping)
    scenarios_changed: Notifier

    if TYPE_CHECKING:  # the document's (model/document.py)
        def state(self) -> State: ...

        def commit(self, label: str | None = None) -> bool: ...

        def _run(self, label: str, after: State, effect: Effect | None = None,
                 undo_effect: Effect | None = None) -> None: ...

        def _notify_state(self) -> None: ...

    def save(self, overwrite: bool | str = False) -> None:
        """Save under the current name (not a command: saving is not undone); ValueError if
        it needs a name (untitled or a preset: use :meth:`save_as`); the store's conflict
        error if it was saved elsewhere since (unless ``overwrite``: True any copy, a stamp
        only the copy of that stamp, "" none: the copy a question was about, pass 116 F2)."""
        ident = self._identity
        if ident.source != "saved":
            raise ValueError(f"name: {ident.name!r} cannot be overwritten; save it under a name")
        self._write(ident.name, ident.description, self._expected(ident.name, overwrite))
        self._notify_state()

    def _expected(self, name: str, overwrite: bool | str) -> str | None:
        """The stamp a Save of ``name`` checks (see :meth:`save`)."""
        if isinstance(overwrite, str):
            return overwrite
        return None if overwrite else self._stamps.get(name)

    def save_as(self, name: str, description: str | None = None,
                overwrite: bool | str = False) -> None:
        """Save under ``name`` and work on it, as one step. Undo gives the old name back and,
        if a saved scenario of that name was overwritten, its old copy (a new copy stays saved);
        undo and redo refuse if another window saved that name in between. Saving as the
        working saved scenario's own name is a plain save (checked unless ``overwrite``)."""
        clean = self._not_a_preset(name)
        text = self._identity.description if description is None else description
        self.commit()
        identity = Identity(clean, text, "saved")
        if identity == self._identity:
            self._write(clean, text, self._expected(clean, overwrite))
            self.scenarios_changed.emit()
            self._notify_state()
            return
        previous = next((r for r in self.store.records() if clean_name(r.name) == clean), None)
        self.not_hidden(clean, previous is not None, "saved")
        values = self._assumptions
        same = overwrite is False and self._identity.source == "saved" and \
            self._identity.name == clean
        put, put_back = stamped_change(  # a new copy stays saved on undo; redo checks it
            self.store, clean, None if previous is None else previous.scenario,
            Scenario(clean, text, values.changed()), self._stamps.get(clean) if same else
            overwrite if isinstance(overwrite, str) else None,  # the copy asked about (F3)
            self._left, label := f"save as {in_quotes(clean)}", self._known)

        def write() -> None:  # its stamp is seen here by _run (or _move): _take_writes
            put()
            self._stored[clean] = values

        self._run(label, State(values, identity), write,
                  put_back if previous is not None else None)

    def _write(self, name: str, description: str, expected: str | None) -> None:
        self.commit()
        stamp = self.store.save(name, description, self._assumptions.changed(), expected)
        self._stored[clean_name(name)] = self._assumptions
        self._stamps.pop(clean_name(name), None)
        self._stamps.update({clean_name(name): stamp} if stamp else {})
        self._left.wrote(clean_name(name), stamp or None)
        for marks in self._kept:  # saved here (asked first, if it had to): a redo that
            marks.pop(clean_name(name), None)  # brings the copy back asks nothing (pass 105)
        self._kept[:] = [marks for marks in self._kept if marks]  # (a step's own wrapper
        # holds its dict: an emptied one is dropped here, the list stays bounded)

    def rename(self, old: str, new: str) -> None:
        """Rename a saved scenario (undo renames it back); the working one follows. ValueError
        if ``new`` is a preset's name (a preset is never shadowed); no step if it is old's own."""
        if (found := self.renaming(old, new)) is None:
            return
        clean, label = found
        it = self._identity
        working = (it.source, it.name) == ("saved", old)
        after = replace(it, name=clean) if working else it
        self._stored.pop(old, None)
        where = [old]  # the name the scenario has now, after the step's runs (see _marked)
        rename, rename_back = stamped_rename(self.store, old, clean, self._left, where,
                                             self._known)
        self._run(label, State(self._assumptions, after), self._marked(rename, where, clean),
                  self._marked(rename_back, where, old))

    def _marked(self, effect: Effect, where: list[str], b: str) -> Effect:
        """A rename's effect (from the name it has now, ``where[0]``, to ``b``; its undo and
        redo too) that takes the mark of a copy saved elsewhere since it was seen here along
        to the new name: Save there still asks (pass 93 F3, pass 94 F1), also under the free
        name it gets if ``b`` was saved since (pass 101). The mark is the stamp last seen, not
        the stored one; the document puts it back after it reads again (``_take_writes``)."""
        def run() -> None:
            a = where[0]  # "Mine (restored)" after an undo put it back there (pass 101 F1)
            seen = self._stamps.get(a)
            stale = seen is not None and seen != next(
                (r.updated_at for r in self.store.records() if r.name == a), seen)
            try:
                effect()
            except PassedOver as note:
                if note.renamed is not None:  # renamed, to a free name: the mark goes along
                    self._stamps.pop(a, None)
                    self._carried.update({note.renamed[1]: seen} if stale and seen else {})
                elif seen is not None:  # not renamed (deleted, renamed or saved elsewhere):
                    self._carried[b] = seen  # the window goes to ``b``, which holds no copy
                raise  # seen here (pass 98 F1)
            self._stamps.pop(a, None)
            if stale and seen is not None:
                self._carried[b] = seen
        return run

    def delete(self, name: str) -> None:
        """Delete a saved scenario (undo saves it back); if it is the working one, its values
        become unsaved changes of an untitled scenario of that name."""
        record = self.saved_record(name)
        if why := name_problem(record.name):  # (pass 110 F2)
            raise ValueError(f"name: {in_quotes(record.name)} cannot be deleted here: another "
                             f"program or an older version saved it under a name ChipScope "
                             f"cannot save back ({why}), so the deletion could not be undone; "
                             "rename it first.")
        ident = self._identity
        working = ident.source == "saved" and ident.name == name
        after = Identity(name, ident.description, "new", unsaved=True) if working else ident
        self._stored.pop(name, None)
        seen = self._stamps.pop(name, None)
        remove, put_back = stamped_deletion(self.store, record, self._left, self._known)
        stale = seen is not None and seen != record.updated_at  # saved elsewhere since seen
        self._run(f"deletion of {in_quotes(name)}", State(self._assumptions, after), remove,
                  self._marking(put_back, {name: seen}) if stale and seen else put_back)

    def _marking(self, effect: Effect, marks: Stamps) -> Effect:
        """``effect`` (say an undo that saves a name back), then each name of ``marks`` that it
        wrote marked as saved elsewhere since the stamp it gives: Save there still asks (pass
        95 F1; see :meth:`_marked`); a copy put back under a free name takes its name's mark
        along (pass 101). A name the run did not write keeps what it holds now: say one's own
        copy, saved by another step since (pass 109 F1)."""
        def run() -> None:
            left = self._left.copy()
            try:
                effect()
            except PassedOver as note:
                if note.renamed is not None and note.renamed[0] in marks:
                    self._carried[note.renamed[1]] = marks[note.renamed[0]]
                self._carried.update(self._written(marks, left))
                raise
            self._carried.update(self._written(marks, left))
        return run

    def _written(self, marks: Stamps, left: WriteLog) -> Stamps:
        """The ``marks`` of the names written here since ``left``."""
        written = self._left.since(left)
        return {n: m for n, m in marks.items() if n in written}

    def duplicate(self, name: str) -> str:
        """Save a copy of a preset or saved scenario under a free name (one step; undo deletes
        the copy); returns the copy's name. ValueError, and nothing saved, if its values do not
        fit (a saved row that cannot be opened is not copied: it names the scenario)."""
        entry = self.entry(name)
        record_assumptions(self._specs, entry, "duplicated")
        copy, label = self.suggest_name(entry.name), f"duplicate of {in_quotes(entry.name)}"
        self._run(label, self.state(), *stamped_change(
            self.store, copy, None, Scenario(copy, entry.description, entry.values), None,
            self._left, label, self._known))
        return copy

    def import_scenario(self, scenario: Scenario) -> str:
        """Save a (validated) scenario under a free name and open it, as one step (undo
        deletes it and shows the previous values); returns the name it was saved under."""
        values = self._specs.defaults().replace(scenario.values)
        name = free_name(self.taken(), scenario.name)
        label = f"import of {in_quotes(name)}"
        self._run(label, State(values, Identity(name, scenario.description, "saved")),
                  *stamped_change(self.store, name, None, Scenario(name, scenario.description,
                                  scenario.values), None, self._left, label, self._known))
        return name

    def _known(self) -> list[str]:
        """The names a copy a step puts back under a free name never takes: the working one
        and each whose copy's stamp is held here (seen, written, or deleted or renamed away:
        a tombstone). Such a name, free in the store, still stands for a copy this window saw:
        a put-back there would be taken for it, Save (pass 106 F1) or another step's undo
        would overwrite it."""
        return [self._identity.name, *self._stamps, *self._left]

    def suggest_name(self, wanted: str | None = None) -> str:
        """A free name for a new copy ("Price war (2)")."""
        return free_name(self.taken(), wanted or self._identity.name)
