"""The working document: what the window shows and edits, with one undo history. No Qt, no I/O.

A :class:`Document` holds the dataset, the current assumptions, the working scenario's
:class:`Identity` (name, description, source new / preset / saved) and ONE
:class:`~chipscope.model.undo.CommandStack` of :class:`State` (assumptions + identity). Every
change is a command: a finished value edit (:meth:`Document.commit`), reset all, new, open,
restore, rename, delete, save as, import, duplicate. Undo puts back the values *and* the
identity; commands that changed storage (rename, delete, import, duplicate) carry the side
effect that reverses them, run through the :class:`ScenarioStore` protocol (storage, or a fake)
and checking the stamp it last saw (:func:`stamped_change`: never over another window's save);
those commands and save are :class:`~chipscope.model.document_saves.ScenarioSaves`'.

Edits between commands (:meth:`Document.set_value`, every slider tick) change the values at
once; the document keeps the one baseline, the values at the last command, so the next
:meth:`Document.commit` records baseline -> current as one step. Editors keep no start value.

Whether there are unsaved changes is a comparison of values, not of stack positions: the values
differ from what the identity's stored copy holds (a saved scenario's row, a preset's file, the
defaults of a new scenario; a deleted or restored-unsaved one has no stored copy). Saving passes
the stored copy's stamp as last seen here: the store refuses (SaveConflict) if another window saved
it since, unless :meth:`Document.save` or :meth:`Document.save_as` is told to overwrite. A dataset
replacement (:meth:`Document.replace_dataset`) clears the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from chipscope.model.arrays import same_value
from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.document_saves import ScenarioSaves
from chipscope.model.document_state import (
    UNTITLED,
    Identity,
    Notifier,
    Source,
    State,
    carry_history,
    exact_fit,
    fit_values,
    map_assumptions,
)
from chipscope.model.scenario import Scenario, clean_name
from chipscope.model.scenario_store import (
    NoStore,
    ScenarioRecord,
    ScenarioStore,
    free_name,
    in_quotes,
    record_assumptions,
)
from chipscope.model.undo import Command, CommandStack, Effect, describe_change, passing_over
from chipscope.model.write_log import Stamps, WriteLog

RESET_LABEL = "reset of all assumptions"

__all__ = ["RESET_LABEL", "UNTITLED", "Document", "Identity", "NoStore", "Notifier",
           "ScenarioRecord", "ScenarioStore", "Source", "State", "free_name", "map_assumptions"]


class Document(ScenarioSaves):
    """Dataset, assumptions, identity and one undo history; see the module docstring.

    Parameters
    ----------
    dataset : the dataset the assumptions apply to.
    assumptions : the starting values (the dataset's defaults when omitted).
    store : saved scenarios (:class:`NoStore` when omitted: nothing can be saved).
    presets : read-only scenarios (shipped files), listed before the saved ones.

    Notifications (:class:`Notifier`)
    ---------------------------------
    assumptions_changed(Assumptions): the values changed (an edit tick or a command).
    state_changed(): the identity or the unsaved-changes flag may have changed.
    history_changed(): the undo history changed (labels, what can be undone).
    scenarios_changed(): saved scenarios were added, renamed or deleted.
    dataset_changed(Dataset): the dataset was replaced (sent before assumptions_changed).
    """

    def __init__(self, dataset: Dataset, assumptions: Assumptions | None = None,
                 store: ScenarioStore | None = None, presets: Iterable[Scenario] = ()):
        self._dataset = dataset
        self._specs = AssumptionSpecs.for_dataset(dataset)
        self._assumptions = assumptions if assumptions is not None else self._specs.defaults()
        self._baseline = self._assumptions
        self._identity = Identity()
        self.store: ScenarioStore = store if store is not None else NoStore()
        self.presets: list[Scenario] = list(presets)
        self._stored: dict[str, Assumptions | None] = {}  # saved values by name (a cache)
        self._stamps: dict[str, str] = {}  # updated_at of each saved copy as last seen here
        self._carried: dict[str, str] = {}  # marks a step moved (ScenarioSaves._marked...)
        self._left = WriteLog()  # the stamp each of its own writes left, each write counted
        self._kept: list[Stamps] = []  # marks a step's redo gives back (see _keeping)
        self.history: CommandStack[State] = CommandStack()
        self.assumptions_changed, self.state_changed, self.history_changed = (
            Notifier(), Notifier(), Notifier())
        self.scenarios_changed, self.dataset_changed = Notifier(), Notifier()
        self._was_modified = self.is_modified()
        self.history.subscribe(self.history_changed.emit)

    # --- state ------------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def specs(self) -> AssumptionSpecs:
        return self._assumptions.specs

    @property
    def assumptions(self) -> Assumptions:
        return self._assumptions

    @property
    def baseline(self) -> Assumptions:
        """The values at the last command: where the next :meth:`commit` starts from."""
        return self._baseline

    @property
    def identity(self) -> Identity:
        return self._identity

    def state(self) -> State:
        return State(self._assumptions, self._identity)

    def is_modified(self) -> bool:
        """True when the values differ from the stored copy (or it has none or is unreadable)."""
        reference = self._reference()
        return reference is None or self._assumptions != reference

    def _reference(self) -> Assumptions | None:
        ident = self._identity
        if ident.source == "saved":
            if ident.name not in self._stored:
                if (records := self.records_if_readable()) is None:  # unknown, not cached
                    return None
                record = next((r for r in records if r.name == ident.name), None)
                self._stored[ident.name] = (None if record is None
                                            else exact_fit(record.values, self._specs))
                if record is not None and record.updated_at:
                    self._stamps.setdefault(ident.name, record.updated_at)
            return self._stored[ident.name]
        if ident.source == "preset":
            preset = next((p for p in self.presets if p.name == ident.name), None)
            return None if preset is None else exact_fit(preset.values, self._specs)
        # An untitled scenario's stored copy is the defaults, also after its unsaved changes
        # were restored (Reset all then leaves nothing to save); a deleted saved one has none.
        return None if ident.unsaved and ident.name != UNTITLED else self._specs.defaults()

    def _notify_state(self) -> None:
        self._was_modified = self.is_modified()
        self.state_changed.emit()

    # --- edits between commands -------------------------------------------------------------
    def set_value(self, key: str, value: float) -> None:
        """Change one value at once (a slider tick); ValueError naming the key if it is bad.
        Recorded for undo by the next :meth:`commit`."""
        if same_value(self._assumptions[key], value):
            return
        self._assumptions = self._assumptions.replace({key: value})
        self._after_edit()

    def set_assumptions(self, assumptions: Assumptions) -> None:
        """Replace every value at once (recorded by the next :meth:`commit`); ValueError if
        they belong to another dataset. Announced even when equal, so a field showing a
        rejected value goes back to the model."""
        if assumptions.specs is not self.specs and list(assumptions.specs) != list(self.specs):
            raise ValueError("assumptions: they belong to a different dataset")
        assumptions.check_consistency()
        self._assumptions = assumptions
        self._after_edit()

    def _after_edit(self) -> None:
        self.assumptions_changed.emit(self._assumptions)
        if self.is_modified() != self._was_modified:
            self._notify_state()

    def commit(self, label: str | None = None) -> bool:
        """Record baseline -> current values as one undo step (True if anything changed)."""
        before, after = self._baseline, self._assumptions
        self._baseline = after
        if before == after:
            return False
        text = label if label is not None else describe_change(before, after)
        return self.history.push(text, State(before, self._identity),
                                 State(after, self._identity))

    # --- commands ---------------------------------------------------------------------------
    def _run(self, label: str, after: State, effect: Effect | None = None,
             undo_effect: Effect | None = None) -> None:
        """The one way a command is done: pending edits recorded first, the side effect run
        (if it raises, nothing changes), the step pushed, the new state shown."""
        self.commit()
        before, left, prior = self.state(), self._left.copy(), dict(self._stamps)
        if effect is not None:
            stored = self._stored_stamps()
            effect()
            if marks := self._take_writes(left, stored, prior):
                effect, undo_effect = self._keeping(marks, before, after, effect, undo_effect)
        self.history.push(label, before, after, redo_effect=effect, undo_effect=undo_effect)
        self._show(after)
        if effect is not None or undo_effect is not None:
            self.scenarios_changed.emit()

    def _keeping(self, marks: Stamps, before: State, after: State, effect: Effect,
                 undo_effect: Effect | None) -> tuple[Effect, Effect | None]:
        """A step's effects after its own writes replaced ``marks`` (names marked as saved,
        deleted or renamed elsewhere since seen here): its undo puts back what a mark was of,
        so the mark is back after it (pass 101 F2); a step on another scenario (a rename or
        duplicate onto the working name, which another window deleted) leaves that name with
        another copy than the one seen: its mark stays, also after a redo (pass 104 F3)."""
        ident = after.identity
        kept = {n: m for n, m in marks.items() if ident is before.identity
                and ident.source == "saved" and n == ident.name}
        self._stamps.update(kept)
        if kept:  # until one's own Save there (ScenarioSaves._write)
            self._kept.append(kept)
        return (self._marking(effect, kept) if kept else effect,
                None if undo_effect is None else self._marking(undo_effect, marks))

    def _show(self, state: State) -> None:
        self._assumptions = self._baseline = state.assumptions
        self._identity = state.identity
        self.assumptions_changed.emit(self._assumptions)
        self._notify_state()

    def undo(self) -> bool:
        """Go back one step (pending edits are recorded first, then undone)."""
        return self._move(self.history.next_undo, self.history.undo)

    def redo(self) -> bool:
        """Go forward one step (a pending edit is recorded first: a new step, none to redo)."""
        return self._move(self.history.next_redo, self.history.redo)

    def _move(self, peek: Callable[[], Command[State] | None],
              step: Callable[[], State | None]) -> bool:
        """Show where the step leads (also a step passed over: its note is raised after)."""
        self.commit()
        touches_store = (command := peek()) is not None and command.has_effects
        left, stored = self._left.copy(), self._stored_stamps() if touches_store else {}
        shown, passed = passing_over(step)
        if shown is None:
            return False
        moved = command is not None and command.before.identity is not command.after.identity
        target = shown.renamed(None if passed is None or not moved else passed.renamed)  # the
        # window follows a copy put back under a free name if the step set the identity (an
        # import, even of the same name: pass 110 F1), not if it kept it (a rename or duplicate
        # of another scenario onto the working name: pass 109)
        if touches_store:
            self._stored.clear()  # read again; the stamps of the step's own writes are seen
            self._take_writes(left, stored)  # here, every other stays as last seen (read
            # again, a copy another window saved, deleted or renamed since was taken for the
            # one seen: pass 96 F1, 97 F1, 99 F1); a rename's mark moves with it
        self._show(target)
        if touches_store:
            self.scenarios_changed.emit()
        if passed is not None:
            raise passed
        return True

    def reset_all(self) -> bool:
        """Every value back to its default, as one step (after the pending edits' own)."""
        self.commit()
        self._assumptions = self._specs.defaults()
        self._after_edit()
        return self.commit(RESET_LABEL)

    def new(self) -> None:
        """An untitled scenario at the defaults."""
        self._run("new scenario", State(self._specs.defaults(), Identity()))

    def open(self, name: str) -> None:
        """Show a preset or saved scenario; KeyError if there is none, ValueError if its
        values no longer fit the dataset (nothing changes)."""
        entry = self.entry(name)
        values = self.fitted(entry)
        source: Source = "preset" if entry.is_preset else "saved"
        self._run(f"opening {in_quotes(entry.name)}",
                  State(values, Identity(entry.name, entry.description, source)))
        self._seen(entry)

    def restore(self, name: str, description: str, values: Mapping[str, float],
                unsaved: bool = True, autosaved_at: str | None = None,
                based_on: str | None = None) -> list[str]:
        """Show autosaved values as unsaved changes of ``name``; returns those left out.
        ``based_on``: the stamp of the saved copy the values were made on ("" none: they are an
        untitled scenario's, whatever is saved under its name now); Save asks if the saved copy
        has another stamp now (pass 93 F1-F2). Unknown (None, an older version's autosave): a
        saved copy saved (or renamed to that name, imported...) after ``autosaved_at`` (ISO
        8601) makes Save ask (pass 92 F1-F2)."""
        (full, left_out), name = fit_values(values, self._specs), clean_name(name)  # NFC
        known = next((e for e in self.entries() if e.name == name), None)
        if based_on == "" and known is not None and not known.is_preset:
            known = None  # an untitled scenario's, not that saved scenario's changes
        hidden = known is None and bool(based_on) and name in self.store.taken_names()
        source: Source = "new" if known is None and not hidden else (
            "preset" if known is not None and known.is_preset else "saved")
        self._run("restore of unsaved changes",
                  State(full, Identity(name, description, source, unsaved and source == "new")))
        self._seen(known)
        if hidden:  # its row left out just now (pass 113 F1): Save refuses until it is
            self._stamps[name] = based_on or ""  # readable again, then asks if not this copy
        if known is None or name not in self._stamps:
            return left_out
        if based_on:
            self._stamps[name] = based_on  # another stamp now: Save asks
        elif autosaved_at is not None and not _before(known.updated_at, autosaved_at):
            self._stamps[name] = autosaved_at or "unknown"  # not its stamp: Save asks
        return left_out

    def _stored_stamps(self) -> Stamps:
        """The stored stamp of each saved scenario (none if the store cannot be read now)."""
        return {r.name: r.updated_at for r in self.records_if_readable() or ()}

    def _take_writes(self, left: WriteLog, stored: Stamps, prior: Stamps | None = None
                     ) -> Stamps:
        """After a step's side effect: the stamps of its own writes since ``left`` (a copy of
        ``_left``; ``stored``: the stored stamps before it) are seen here, then the marks the
        step moved (``_carried``: a rename's, a put-back's) are put back. Returns the marks
        (of ``prior``, the stamps seen before the step) its own writes replaced."""
        own = self._own_writes(left, stored)
        self._stamps.update(own)
        self._stamps.update(self._carried)
        self._carried.clear()
        return {n: mark for n, mark in (prior or {}).items()  # a name written over, not
                if self._left.get(n) and n in own  # deleted or renamed away (pass 105 F2)
                and mark != stored.get(n) and self._stamps.get(n) != mark}

    def _own_writes(self, left: WriteLog, stored: Stamps) -> Stamps:
        """The stamps this document's own writes left since ``left``, seen here: never taken
        for another window's save, as an older stamp of a name deleted or renamed elsewhere
        was (pass 97). A name it deleted or renamed away keeps the stamp its copy had: a copy
        another window saves there later is never taken for the one seen here, also not when
        an undo goes back to a step that names it (pass 104 F1)."""
        changed = self._left.since(left)  # every own write, also "" over "" (pass 112 F3)
        kept = {n: stored.get(n) or left.get(n) or self._stamps.get(n)  # (also if it found
                for n, stamp in changed.items() if not stamp}  # the copy gone: pass 105 F1)
        return {n: stamp or kept[n] or "" for n, stamp in changed.items() if stamp or kept[n]}

    def based_on(self) -> str | None:
        """The stamp of the saved copy the working values were made on, as last seen here
        ("" none: untitled or a preset; None unknown), kept with the autosave."""
        ident = self._identity
        return self._stamps.get(ident.name) if ident.source == "saved" else ""

    def _seen(self, record: ScenarioRecord | None) -> None:
        """Remember the stamp of the saved copy the values came from (see save)."""
        if record is not None and not record.is_preset and record.updated_at:
            self._stamps[record.name] = record.updated_at

    # --- the list (entries, entry, saved_record, names: ScenarioList) ----------------------
    def assumptions_of(self, name: str) -> Assumptions:
        """The full values of a preset or saved scenario (ValueError if they do not fit)."""
        return self.fitted(self.entry(name))

    def fitted(self, record: ScenarioRecord) -> Assumptions:
        """The full values of a listed preset or saved scenario (ValueError if they do not fit;
        for a saved one it names the scenario, its database and how to repair it)."""
        return record_assumptions(self._specs, record)

    # --- the dataset ------------------------------------------------------------------------
    def replace_dataset(self, dataset: Dataset, presets: Iterable[Scenario] | None = None,
                        keep_history: bool = False) -> list[str]:
        """Apply the document to another dataset; returns the values that fell back.

        The values are carried over by :func:`map_assumptions`, the identity is kept (it shows
        as modified if the values no longer match its stored copy), ``presets`` (if given)
        replace the presets, the undo history is cleared (it holds values of the old dataset)
        or, with ``keep_history`` (a data edit), mapped. ``dataset_changed`` goes first.
        """
        specs = AssumptionSpecs.for_dataset(dataset)
        mapped, problems = map_assumptions(self._assumptions, specs)
        self._dataset, self._specs = dataset, specs
        if presets is not None:
            self.presets = list(presets)
        self._stored.clear()
        self._assumptions = self._baseline = mapped
        carry_history(self.history, specs, keep_history)
        self._kept = self._kept if keep_history else []  # the steps' kept marks go with them
        self.dataset_changed.emit(dataset)
        self.assumptions_changed.emit(mapped)
        self._notify_state()
        if presets is not None:
            self.scenarios_changed.emit()
        return problems


def _before(stamp: str, moment: str) -> bool:
    """Whether the saved copy's ``stamp`` is not later than ``moment`` (both ISO 8601; the
    autosave's to the second, so the stamp is cut to its second; False if either cannot be
    read: the safe side, Save then asks)."""
    try:
        return datetime.fromisoformat(stamp).replace(microsecond=0) <= \
            datetime.fromisoformat(moment)
    except (TypeError, ValueError):
        return False
