"""Every input of the engine, each with key, label, unit, bounds, default and help, in one place.

A scenario is one full set of values, :class:`Assumptions`: an immutable mapping from key to a
float. Keys are global (``price_sensitivity``), per vendor (``vendor.nvidia.price_change_pct``),
per adopter (``adopter.openai.demand_growth_pct``, ``adopter.openai.affinity.aws``) or per deal
(``deal.openai_amd_6gw.enabled``). Optional values (no supply cap, no demand-growth override)
are NaN and are written ``none``. Each assumption is declared, with its help text, in
:mod:`chipscope.model.param_specs`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from operator import itemgetter

import numpy as np
import numpy.typing as npt

from chipscope.model.arrays import same_value
from chipscope.model.dataset import Dataset
from chipscope.model.formatting import capped
from chipscope.model.param_specs import Group, ParamSpec, specs_for_dataset
from chipscope.model.text_rules import shortened, undecodable_byte

__all__ = ["AssumptionSpecs", "Assumptions", "Group", "ParamSpec", "parse_set_options",
           "unknown_key_message"]


class AssumptionSpecs(Mapping[str, ParamSpec]):
    """All assumption specs for one dataset, in display order."""

    def __init__(self, specs: Iterable[ParamSpec], db: object = None):
        self._specs = {s.key: s for s in specs}
        self.db = db
        """The database the dataset was read from, as an advised command names it (``--db``;
        None: the default one): which keys there are depends on it."""

    @classmethod
    def for_dataset(cls, dataset: Dataset, db: object = None) -> AssumptionSpecs:
        """Every assumption of ``dataset``: global, then per vendor, adopter and deal
        (``db``: see :attr:`db`)."""
        return cls(specs_for_dataset(dataset), db)

    def __getitem__(self, key: str) -> ParamSpec:
        try:
            return self._specs[key]
        except KeyError:
            raise KeyError(unknown_key_message(key, self)) from None

    def __contains__(self, key: object) -> bool:
        # Mapping's default goes through __getitem__, whose KeyError message searches for
        # close matches: a membership test must not cost that.
        return key in self._specs

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def group(self, group: Group) -> list[ParamSpec]:
        return [s for s in self._specs.values() if s.group == group]

    def defaults(self) -> Assumptions:
        return Assumptions(self, {k: s.default for k, s in self._specs.items()})


SUGGESTED = 20
"""Unknown keys that get near-miss suggestions (a message lists about this many problems;
difflib over every key of a file or command line of 100,000 bad keys would take minutes)."""


def unknown_key_message(key: str, known: Iterable[str], suggest: bool = True,
                        listed: bool = True) -> str:
    """"unknown assumption 'x'", with near misses when ``suggest``; a long key is shortened.
    Without a near miss it points to `chipscope-cli assumptions` when ``listed`` (advice for a
    file or command line, not for a saved scenario's row: the window has no such command),
    with ``--db`` when ``known`` are the specs of a database named so (:attr:`AssumptionSpecs.db`:
    another database has other keys)."""
    shown = repr(key) if len(key) <= 60 else repr(key[:50]) + f"... ({len(key):,} characters)"
    odd = next((ch for ch in key if not ch.isascii()), None)
    odd_note = ""
    if odd is not None:  # a Cyrillic "a" (U+0430) in a key looks like the key it is not
        import unicodedata

        what = (undecodable_byte(odd)  # an undecodable byte (surrogateescape)
                or f"U+{ord(odd):04X} {unicodedata.name(odd, 'an unnamed character')}")
        odd_note = f" (it holds {what}; keys are plain ASCII)"
    if not suggest or len(key) > 200:
        return f"unknown assumption {shown}{odd_note}"
    shown += odd_note
    command = _assumptions_command(known)  # (known as given: the specs name their database)
    known = list(known)
    kind = key.partition(".")[0]
    near: list[str] = []
    if "" in key.split("."):  # vendor.amd..price_change_pct: not a vendor "amd."
        shown += " (it has an empty part: two dots together, or a dot at an end)"
    elif kind in ("deal", "adopter", "vendor", "chip") and (
            named := _row_named(key, kind, known)) is not None:
        row, tail, rows = named
        shown += f": the dataset has no {kind} {row!r}"
        from chipscope.model.typed_ids import near_ids

        if (found := near_ids(row, rows)) is None:
            shown += " (removed or renamed?)"
        else:  # NVIDIA for nvidia: that one key, not three look-alikes (pass 54 F3)
            why, ids = found
            if why and odd is not None and odd in row:  # named once, by near_ids' words
                shown = shown.replace(odd_note, "", 1)
            shown += f"; {why}" if why else ""
            near = [" or ".join(f"{kind}.{i}.{tail}" for i in ids)]
    near = near or _close_keys(key, known)
    hint = (f"; did you mean {', '.join(near)}?" if near
            else f"; `{command}` lists them" if listed else "")
    return f"unknown assumption {shown}{hint}"


def _assumptions_command(known: Iterable[str]) -> str:
    """The command that lists the keys of ``known`` (of its database when named)."""
    db = getattr(known, "db", None)
    if db is None:
        return "chipscope-cli assumptions"
    from chipscope.model.shell_words import shell_command

    return shell_command("chipscope-cli assumptions", [], [("--db", db)])


def _row_named(key: str, kind: str, known: list[str]) -> tuple[str, str, set[str]] | None:
    """The row id ``key`` (``kind.<row>.<tail>``) names, its tail, and the rows of the dataset
    that have ``tail`` (``adopter.X.affinity.aws``: row X, tail ``affinity.aws``); None when no
    known key of ``kind`` ends in any tail of ``key``."""
    rest = key[len(kind) + 1:]
    at = rest.find(".")
    while at > 0:
        row, tail = rest[:at], rest[at + 1:]
        start, end = len(kind) + 1, -len(tail) - 1
        rows = {k[start:end] for k in known
                if k.startswith(f"{kind}.") and k.endswith(f".{tail}") and len(k) > start - end}
        if rows:
            return row, tail, rows
        at = rest.find(".", at + 1)
    return None


def _close_keys(key: str, known: list[str]) -> list[str]:
    """Up to three of ``known`` most like ``key``, case ignored (vendor.AMD.x offers
    vendor.amd.x first)."""
    import difflib

    folded: dict[str, list[str]] = {}
    for k in known:
        folded.setdefault(k.casefold(), []).append(k)
    return [k for f in difflib.get_close_matches(key.casefold(), folded, n=3)
            for k in folded[f]][:3]


class Assumptions(Mapping[str, float]):
    """One full, validated set of values. Immutable: ``replace`` returns a new set."""

    def __init__(self, specs: AssumptionSpecs, values: Mapping[str, float]):
        self.specs = specs
        self._values = dict(values)

    def __getitem__(self, key: str) -> float:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assumptions):
            return NotImplemented
        return all(same_value(self._values[k], other._values.get(k, math.nan))
                   for k in self._values)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        # What differs from the defaults: enough to rebuild it (hypothesis prints this).
        return f"Assumptions(changed={self.changed()!r})"

    def replace(self, changes: Mapping[str, float], listed: bool = True) -> Assumptions:
        """A copy with ``changes`` applied; raises ValueError naming each bad key or value
        (``listed``: see :func:`unknown_key_message`)."""
        errors: list[str] = []
        new = dict(self._values)
        for key, value in changes.items():
            if key not in self.specs:
                errors.append(unknown_key_message(key, self.specs,
                                                  suggest=len(errors) < SUGGESTED,
                                                  listed=listed))
                continue
            try:
                new[key] = self.specs[key].check(value)
            except ValueError as exc:
                errors.append(str(exc))
        if errors:
            raise ValueError("; ".join(capped(errors, SUGGESTED)))
        out = Assumptions(self.specs, new)
        out.check_consistency()
        return out

    def check_consistency(self) -> None:
        """Cross-key rules that single bounds cannot express."""
        if self._values["horizon_year"] <= self._values["base_year"]:
            raise ValueError(
                f"horizon_year: {self._values['horizon_year']:g} must be after base_year "
                f"{self._values['base_year']:g}"
            )

    def differing(self, other: Assumptions) -> set[str]:
        """The keys whose value differs from ``other``'s (NaN equals NaN); every key when
        ``other`` has other keys."""
        if other._values.keys() != self._values.keys():
            return set(self._values)
        theirs = other._values
        return {k for k, v in self._values.items()
                if v != theirs[k] and not same_value(v, theirs[k])}

    def changed(self) -> dict[str, float]:
        """The values that differ from the defaults (what a scenario file needs to store)."""
        return {
            k: v for k, v in self._values.items() if not same_value(v, self.specs[k].default)
        }

    def vendor_values(self, dataset: Dataset, name: str) -> list[float]:
        return list(self.per_vendor(dataset, name))

    def per_vendor(self, dataset: Dataset, name: str) -> npt.NDArray[np.float64]:
        """(V,) the values of ``vendor.<v>.<name>``."""
        return self.array(_keys(dataset, "vendor.{v}." + name))

    def per_adopter(self, dataset: Dataset, name: str) -> npt.NDArray[np.float64]:
        """(A,) the values of ``adopter.<a>.<name>``."""
        return self.array(_keys(dataset, "adopter.{a}." + name))

    def per_adopter_vendor(self, dataset: Dataset, name: str) -> npt.NDArray[np.float64]:
        """(A, V) the values of ``adopter.<a>.<name>.<v>`` (affinity, min_share)."""
        return self.array(_keys(dataset, "adopter.{a}." + name + ".{v}")).reshape(
            len(dataset.adopter_ids), len(dataset.vendor_ids))

    def array(self, keys: tuple[str, ...]) -> npt.NDArray[np.float64]:
        """The values of ``keys``, in order, as a float array (one C-level lookup: the
        engine reads a few hundred keys per recompute)."""
        if not keys:
            return np.zeros(0)
        got = itemgetter(*keys)(self._values)
        return np.array(got if len(keys) > 1 else (got,), dtype=np.float64)


def _keys(dataset: Dataset, pattern: str) -> tuple[str, ...]:
    """The keys ``pattern`` names for every adopter ``{a}`` and/or vendor ``{v}``, adopters
    first (cached per dataset: the engine asks for them on every recompute)."""
    cache: dict[str, tuple[str, ...]] = dataset.__dict__.setdefault("_assumption_keys", {})
    if pattern not in cache:
        adopters = dataset.adopter_ids if "{a}" in pattern else [""]
        vendors = dataset.vendor_ids if "{v}" in pattern else [""]
        cache[pattern] = tuple(pattern.format(a=a, v=v) for a in adopters for v in vendors)
    return cache[pattern]


def repeated_set_keys(items: Iterable[str]) -> dict[str, list[str]]:
    """The keys given more than once among ``KEY=VALUE`` strings, each with its values in
    order (the last one wins in :func:`parse_set_options`)."""
    given: dict[str, list[str]] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if sep:
            given.setdefault(key.strip(), []).append(text.strip())
    return {k: v for k, v in given.items() if len(v) > 1}


_GLUED = re.compile(r"[A-Za-z][\w.]*\s*=")
"""A second ``KEY=`` inside a ``--set`` value: two settings typed as one item, glued by a
comma, a space within quotes or nothing (``lock_in=0.5,price_sensitivity=2``)."""


def parse_set_options(specs: AssumptionSpecs, items: Iterable[str]) -> dict[str, float]:
    """Parse ``KEY=VALUE`` strings; raise ValueError naming every bad one. A key given twice
    keeps its last value (:func:`repeated_set_keys` finds them, for a warning)."""
    out: dict[str, float] = {}
    errors = []
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:  # "=3": no key before the "="
            shown = shortened(item)
            why = " (no key before the =)" if sep else ""
            errors.append(f"{shown!r}: expected KEY=VALUE{why}")
            continue
        if key not in specs:
            errors.append(unknown_key_message(key, specs, suggest=len(errors) < SUGGESTED))
            continue
        if _GLUED.search(text):  # not "'0.5,bass_p=0.2' is not a number"
            errors.append(f"{shortened(item.strip())!r} holds two settings; give each its own "
                          "--set")
            continue
        try:
            out[key] = specs[key].parse(text)
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValueError("; ".join(capped(errors)))
    return out
