"""Where the document's saved scenarios live, as the model sees it: the :class:`ScenarioStore`
protocol (storage implements it over a database; tests use an in-memory fake), the list row
:class:`ScenarioRecord` (a preset file or a saved scenario), the document's list
(:class:`ScenarioList`), :func:`free_name`, and the storage side of undoable steps, each write
or delete checking the stamp it last saw (:func:`stamped_change`, :func:`stamped_deletion`,
:func:`stamped_rename`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NoReturn, Protocol

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.free_names import free_name as free_name  # re-exported
from chipscope.model.free_names import restored_name as restored_name  # re-exported
from chipscope.model.scenario import Scenario, clean_name
from chipscope.model.shown_names import NAME_SHOWN as NAME_SHOWN  # re-exported
from chipscope.model.shown_names import in_quotes as in_quotes  # re-exported
from chipscope.model.shown_names import named as named  # re-exported
from chipscope.model.shown_names import quoted_apart
from chipscope.model.undo import PassedOver
from chipscope.model.write_log import WriteLog


@dataclass(frozen=True, eq=False)
class ScenarioRecord:
    """One row of the scenario list: a preset (a file) or a saved scenario (storage), when it
    was last saved (ISO 8601 UTC; "" for presets) and where it is saved (the database's path,
    for messages; "" if the store names none)."""

    scenario: Scenario
    updated_at: str = ""
    is_preset: bool = False
    origin: str = ""

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def description(self) -> str:
        return self.scenario.description

    @property
    def values(self) -> dict[str, float]:
        return self.scenario.values


class UnopenableScenario(ValueError):
    """A saved scenario whose values do not fit the dataset (see :func:`record_assumptions`).
    ``str()`` is the whole sentence (the Open box); ``cause`` is the short cause and advice,
    without the scenario's name or a full stop, for a note that names the scenario itself
    (the compare view's hint, the difference view's reference note: see :func:`reason`)."""

    def __init__(self, sentence: str, cause: str) -> None:
        super().__init__(sentence)
        self.cause = cause


def reason(exc: Exception) -> str:
    """How a note that names the scenario itself says why it cannot be used: the short cause
    of an :class:`UnopenableScenario`, else the error's own words."""
    return exc.cause if isinstance(exc, UnopenableScenario) else str(exc)


def record_assumptions(specs: AssumptionSpecs, record: ScenarioRecord,
                       doing: str = "opened") -> Assumptions:
    """The full values of a preset or saved scenario; ValueError if they do not fit ``specs``.
    For a saved one (its values may come from another program or another version of
    ChipScope: an unknown key) it is an :class:`UnopenableScenario` naming the scenario and
    its database, what it cannot be (``doing``: "opened", "duplicated"), and how to repair
    it: it stays listed, so it can be deleted."""
    if record.is_preset or not record.origin:
        return specs.defaults().replace(record.values)
    try:
        return specs.defaults().replace(record.values, listed=False)
    except ValueError as exc:
        raise UnopenableScenario(
            f"The saved scenario {named(record.name)!r} in {record.origin} cannot be {doing} "
            f"({exc}); delete it in the scenario list, or repair its row in the scenarios "
            "table with an SQLite tool.",
            f"{exc}; delete it in the scenario list, or open it to see how to repair it",
        ) from None


class ScenarioStore(Protocol):
    """Where saved scenarios live (storage implements it over a database path)."""

    def records(self) -> list[ScenarioRecord]:
        """Every saved scenario, by name."""

    def taken_names(self) -> list[str]:
        """Every name a saved row holds, also a row :meth:`records` leaves out (damaged, or one
        of two rows of a name in two forms): a free name avoids them all (pass 110 F3)."""

    def left_out(self, name: str, done: str) -> str | None:
        """Why a saved row :meth:`records` leaves out holds ``name`` (a sentence naming where,
        saying nothing was ``done``: "saved", "renamed"); None if no such row holds it."""

    def save(self, name: str, description: str, values: Mapping[str, float],
             expected: str | None = None, undoing: bool = False) -> str | None:
        """Save or overwrite ``name``; returns its new ``updated_at`` stamp (None if the store
        keeps none). ``expected``: the stamp the caller last saw; if the stored one differs
        (saved elsewhere since), raise an error (storage: SaveConflict) and write nothing; ``""``:
        the name must not be saved at all (the undo of a deletion). ``undoing``: the write is an
        undo or redo step (the conflict is worded for it, not for a Save)."""

    def rename(self, old: str, new: str, expected: str | None = None,
               undoing: bool = False) -> None:
        """Rename ``old``; an error if ``new`` is taken (worded for an undo or redo step if
        ``undoing``: there is no name to choose there). ``expected``: the stamp the caller last
        saw for ``old`` (an undo or redo of a rename); if the stored one differs (saved
        elsewhere since), raise an error (storage: SaveConflict) and rename nothing."""

    def delete(self, name: str, expected: str | None = None, undoing: bool = False) -> None:
        """Delete ``name``; an error if there is none, unless ``undoing`` (an undo or redo step,
        whose goal, no saved copy, already holds). ``expected``: the stamp the caller last
        saw; if the stored one differs (saved elsewhere since: the redo of a deletion after
        another window saved that name again), raise an error (storage: SaveConflict) and
        delete nothing."""


class NoStore:
    """The store of a document that saves nothing: lists nothing, refuses every write."""

    def records(self) -> list[ScenarioRecord]:
        return []

    def taken_names(self) -> list[str]:
        return []

    def left_out(self, name: str, done: str) -> str | None:
        return None

    def _refuse(self, *_: object, **__: object) -> None:
        raise ValueError("Scenarios cannot be saved here: there is no database to save to.")

    save = rename = delete = _refuse


class ScenarioList:
    """The scenario list of a document (mixed into
    :class:`~chipscope.model.document.Document`): presets first, then the store's saved ones."""

    store: ScenarioStore
    presets: list[Scenario]

    def entries(self) -> list[ScenarioRecord]:
        """Presets (files) first, then the saved scenarios as the store lists them."""
        presets = [ScenarioRecord(p, "", True) for p in self.presets]
        return presets + [r for r in self.store.records() if not r.is_preset]

    def records_if_readable(self) -> list[ScenarioRecord] | None:
        """The store's saved scenarios, or None if it cannot be read just now (whatever error
        the store raises for that: storage's StorageError, a test fake's own)."""
        try:
            return self.store.records()
        except Exception:  # noqa: BLE001 - the store's own kind; the caller treats it as unknown
            return None

    def entry(self, name: str) -> ScenarioRecord:
        """The preset or saved scenario called ``name``; KeyError if there is none. Names are
        compared as stored (:func:`~chipscope.model.scenario.clean_name`: NFC, no surrounding
        spaces), so "Cafe" + combining accent finds the saved "Café" it would replace."""
        clean = clean_name(name)
        preset = next((p for p in self.presets if clean_name(p.name) == clean), None)
        if preset is not None:  # found without the store: a database gone keeps the presets
            return ScenarioRecord(preset, "", True)  # (the compare view: pass 75, F3)
        found = next((e for e in self.entries() if clean_name(e.name) == clean), None)
        if found is None:
            raise KeyError(f"There is no scenario named {named(name)!r}.")
        return found

    def saved_record(self, name: str) -> ScenarioRecord:
        """The saved (not preset) scenario ``name``; ValueError for a preset, KeyError if none."""
        clean = clean_name(name)
        if any(clean_name(p.name) == clean for p in self.presets):
            raise ValueError(f"{named(name)!r} is a preset scenario, which cannot be changed; "
                             "save a copy under another name.")
        found = next((r for r in self.store.records() if clean_name(r.name) == clean), None)
        if found is None:
            raise KeyError(f"There is no saved scenario named {named(name)!r}.")
        return found

    def names(self) -> list[str]:
        return [e.name for e in self.entries()]

    def taken(self) -> list[str]:
        """Every name a new copy may not take: the listed ones and those of stored rows the
        list leaves out (damaged, twins), which a save would replace or refuse (pass 111 F1).
        The store's names hold the listed ones: one read, not two."""
        return [p.name for p in self.presets] + self.store.taken_names()

    def renaming(self, old: str, new: str) -> tuple[str, str] | None:
        """``new`` as stored and the step label of renaming the saved scenario ``old``; None
        if ``new`` is ``old``'s own name as stored (:func:`~chipscope.model.scenario.clean_name`:
        "Cafe" + combining accent is "Caf\u00e9"): nothing to rename, no step. ValueError if
        ``new`` is a preset's name, KeyError if ``old`` is not saved."""
        clean = self._not_a_preset(new)
        record = self.saved_record(old)
        if clean == clean_name(record.name):
            return None
        self.not_hidden(clean, any(clean_name(r.name) == clean for r in self.store.records()),
                        "renamed")
        return clean, rename_label(record.name, clean)

    def not_hidden(self, clean: str, listed: bool, done: str) -> None:
        """ValueError if ``clean`` is not ``listed`` but a stored row the list leaves out holds
        it: a new copy there would replace or be refused (pass 111 F1, pass 113 F2); the
        store's sentence says which row and where (``done``: what was not done)."""
        if not listed and (why := self.store.left_out(clean, done)):
            raise ValueError(why)

    def _not_a_preset(self, name: str) -> str:
        clean = clean_name(name)
        if any(clean_name(p.name) == clean for p in self.presets):
            raise ValueError(f"{named(clean)!r} is a preset scenario, which cannot be changed; "
                             "choose another name.")
        return clean


Known = Callable[[], Iterable[str]]  # the names a document holds a copy's stamp of, and works on


def _no_names() -> Iterable[str]:
    return ()


def stamped_change(store: ScenarioStore, name: str, before: Scenario | None,
                   after: Scenario | None, seen: str | None, left: WriteLog | None = None,
                   label: str = "", known: Known = _no_names
                   ) -> tuple[Callable[[], str | None], Callable[[], str | None]]:
    """The storage side of an undoable step (``label``) that turns the stored copy of ``name``
    from ``before`` into ``after`` (None: no saved copy; a Scenario: that copy saved): the step
    and its undo. The one rule for every undo and redo that writes or deletes a saved scenario
    (save as, import, duplicate, delete): the first run checks ``seen`` (None: no check; "":
    the name must not be saved), every later one the stamp the document's own last write of
    ``name`` left (``left``, shared with its saves and its other steps, so its own later save
    is no conflict). A copy another window or program saved in between is never overwritten
    or deleted, and the history moves on (:class:`PassedOver`, with a note): a copy the step
    would delete is left; a copy it would put back (the undo of a deletion) is saved under a
    free name ("A (restored)"; never one of the names ``known`` gives, which the document still
    takes for a copy it saw or works on, pass 106 F1, but for one this step put back under before
    and its redo deleted), which its redo then deletes. An undo or redo whose goal is no saved
    copy is done if the copy is already gone (deleted elsewhere). Each returns the new stamp."""
    memory = WriteLog() if left is None else left
    runs, where = [0], [name]  # where: the name the step's copy was last put back under
    taken = [False]  # another window or program deleted or renamed the step's copy since
    spares: list[str] = []  # every name it was put back under

    def put(target: Scenario | None, word: str) -> str | None:
        undoing = runs[0] > 0  # the first run is the user's own action, every later one a step
        at = where[0] if target is None else name
        expected = seen if not undoing else memory.get(at)
        if undoing and expected and _stored_stamp(store, at) is None:
            taken[0] = True  # its copy was deleted or renamed elsewhere: never silently back
        if undoing and (_saved_since(store, at, expected) or (target and taken[0])):
            if target is None:
                raise PassedOver(f"{word} of {label or in_quotes(at)} passed over: another "
                                 f"window or program saved {in_quotes(at)} since, so it is "
                                 f"left as it is{_ON[word]}")
            _put_back(store, memory, name, target, (where, spares),
                      f"{word} of {label or in_quotes(name)}", known)
        stamp: str | None = ""
        if target is None:
            store.delete(at, expected, undoing=undoing)
            where[0] = name
        else:
            stamp = store.save(target.name, target.description, target.values, expected,
                               undoing=undoing)
        runs[0] += 1
        memory.wrote(at, stamp)
        return stamp or None

    return (lambda: put(after, "Redo")), (lambda: put(before, "Undo"))


def _put_back(store: ScenarioStore, memory: WriteLog, name: str, target: Scenario,
              names: tuple[list[str], list[str]], step: str, known: Known) -> NoReturn:
    """Put ``target`` back under a free name, as its own name was saved, deleted or renamed by
    another window or program since (see :func:`stamped_change`); raises the note
    (:class:`PassedOver`). The copy the step last put back under a free name (``names``: that
    name, kept in a list, and every one it used) is saved over while it is as the step left it
    (a redo after an undo that kept it), never anything else."""
    where, spares = names
    spare = where[0]
    mine = memory.get(spare) if spare != name else None
    if not (mine and _stored_stamp(store, spare) == mine):
        spare, mine = restored_name(_taken(store, known, spares), name), ""
    stamp = store.save(spare, target.description, target.values, mine, undoing=True)
    where[0] = spare
    spares.append(spare)
    memory.wrote(spare, stamp or None)
    q = quoted_apart(name, spare)
    why = (f"saved {q[name]} since, so it is left as it is" if _stored_stamp(store, name)
           is not None else f"deleted or renamed {q[name]} since, so it is not put back "
           "under that name")
    raise PassedOver(f"{step}: another window or program {why}; the copy this step puts back "
                     f"is saved as {q[spare]}.", renamed=(name, spare))


def stamped_rename(store: ScenarioStore, old: str, new: str, left: WriteLog,
                   where: list[str] | None = None, known: Known = _no_names
                   ) -> tuple[Callable[[], None], Callable[[], None]]:
    """The effects of renaming ``old`` to ``new`` as an undoable step, keeping ``left`` (see
    :func:`stamped_change`) true: the old name is gone, the new one has the store's new stamp.
    An undo or redo whose scenario another window or program deleted, renamed or saved since
    is passed over (:class:`PassedOver`: nothing renamed, the history moves on, a note says
    why): its change is never moved away. One whose target name was saved since (here or
    elsewhere) leaves that one as it is and gives the scenario a free name instead ("A
    (restored)", not one of the names ``known`` gives; with a note), so it is never refused for
    good. ``where`` (``[old]``, shared with the caller): the name the scenario has now, after
    this step's runs."""
    runs, where = [0], [old] if where is None else where
    label = rename_label(old, new)
    spares: list[str] = []  # every free name an undo or redo gave it (see stamped_change)

    def move(b: str, word: str) -> None:
        a, undoing = where[0], runs[0] > 0
        gone = undoing and _stored_stamp(store, a) is None
        if gone or (undoing and _saved_since(store, a, left.get(a))):
            where[0] = b  # passed over as if done: the next run starts from that name
            raise PassedOver(f"{word} of {label} passed over: another window or program "
                             f"{'deleted or renamed' if gone else 'saved'} "
                             f"{quoted_apart(old, new, a)[a]} "
                             f"since{_ON[word]}")
        to = b if not undoing or _stored_stamp(store, b) is None else restored_name(
            _taken(store, known, spares), b)
        store.rename(a, to, left.get(a) if undoing else None, undoing=undoing)
        runs[0] += 1
        where[0] = to
        left.wrote(a, "")
        try:
            stamp = _stored_stamp(store, to)
        except Exception:  # noqa: BLE001 - unreadable just now: its next write goes unchecked
            stamp = None
        left.wrote(to, stamp or None)
        if to != b:
            spares.append(to)
            q = quoted_apart(old, new, to)
            raise PassedOver(f"{word} of {label}: another window or program saved {q[b]} "
                             f"since, so it is left as it is; the scenario this step renames "
                             f"is named {q[to]} instead.", renamed=(b, to))

    return (lambda: move(new, "Redo")), (lambda: move(old, "Undo"))


def rename_label(old: str, new: str) -> str:
    """The step label of renaming ``old`` to ``new``, the two names told apart."""
    q = quoted_apart(old, new)
    return f"rename of {q[old]} to {q[new]}"


_ON = {w: f"; Edit > {w} goes on with the {a} steps." for w, a in (("Undo", "older"),
                                                                  ("Redo", "newer"))}


def _taken(store: ScenarioStore, known: Known, spares: list[str]) -> list[str]:
    """The names a copy put back under a free name must not take: every stored one (listed or
    not) and those ``known`` gives, but for the ``spares`` the step itself used (its own)."""
    return store.taken_names() + [n for n in known() if n not in spares]


HIDDEN = "(a row the list leaves out)"
"""The stamp :func:`_stored_stamp` gives a name held by a row the store does not list (damaged,
or one of twins): no step ever expects it, so a step takes it for a copy saved elsewhere."""


def _stored_stamp(store: ScenarioStore, name: str) -> str | None:
    """The stamp of the saved scenario ``name`` ("" if it has none; :data:`HIDDEN` for a row the
    list leaves out: pass 111 F2-F3), None if none is saved."""
    clean = clean_name(name)
    found = next((r.updated_at for r in store.records()
                  if not r.is_preset and clean_name(r.name) == clean), None)
    return found if found is not None or clean not in store.taken_names() else HIDDEN


def _saved_since(store: ScenarioStore, name: str, expected: str | None) -> bool:
    """Whether a saved ``name`` is not the one ``expected`` says (None: unknown, not checked;
    "": none should be saved): another window or program saved it since."""
    if expected is None:
        return False
    stamp = _stored_stamp(store, name)
    return stamp is not None and (expected == "" or stamp != expected)


def stamped_deletion(store: ScenarioStore, record: ScenarioRecord, left: WriteLog | None = None,
                     known: Known = _no_names
                     ) -> tuple[Callable[[], str | None], Callable[[], str | None]]:
    """The effects of deleting ``record`` from ``store`` as an undoable step (see
    :func:`stamped_change`): its undo puts the copy back (under a free name if another window
    or program saved the name since), its redo deletes it only while nobody saved it since."""
    return stamped_change(store, record.name, record.scenario, None, record.updated_at or None,
                          left, f"deletion of {in_quotes(record.name)}", known)
