"""The one rule for a scenario ChipScope stores, saved or autosaved: its name (not empty, not
too long, no control or bidi character; NFC), its description (no control character: the file
it exports to must read back) and its values (finite numbers or NaN for "none", each named
when it is not), written as JSON (:func:`values_json`) and read back (:func:`values_from_json`,
the one reader of the ``values_json`` column of ``scenarios`` and ``autosave``)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

from chipscope.model.scenario import clean_name, name_problem
from chipscope.model.text_rules import hidden_character, quoted, shortened, underflows
from chipscope.storage.schema import StorageError


def values_json(values: Mapping[str, float]) -> str:
    out: dict[str, float | None] = {}
    for key, value in values.items():
        try:
            number = float(value)
        except (TypeError, ValueError):  # "abc", None: named, not Python's own words
            raise ValueError(f"{key}: {shortened(repr(value))} is not a number") from None
        if math.isinf(number):
            raise ValueError(f"{key}: {value!r} is not a finite number")
        out[str(key)] = None if math.isnan(number) else number
    return json.dumps(out, sort_keys=True, allow_nan=False)


def checked_name(name: str) -> str:
    if why := name_problem(name):  # empty, too long, control or bidi characters
        raise ValueError(f"name: {why}")
    return clean_name(name)  # NFC: one name however its accents were typed


def checked_entry(name: str, description: str, values: Mapping[str, float]) -> tuple[str, str]:
    """(NFC name, values as JSON) of a scenario to store, saved or autosaved alike; ValueError
    naming the field for a bad name, description (a control character: the file it exports
    to must read back) or value."""
    clean = checked_name(name)
    if why := hidden_character(description):
        raise ValueError(f"description: {why}")
    return clean, values_json(values)


# --- reading values_json back ---------------------------------------------------------------
class _NotFinite:
    """NaN, Infinity or -Infinity where a saved value should be: ``json.loads`` takes them."""

    def __init__(self, text: str) -> None:
        self.text = text


class _TooSmall:
    """A number written non-zero that a float reads as 0 (``1e-400``): refused as scenario
    files and ``--set`` refuse it (:func:`~chipscope.model.text_rules.underflows`)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _number(text: str) -> float | _TooSmall:
    """A JSON number with a fraction or exponent, or :class:`_TooSmall` if it reads as 0."""
    value = float(text)
    return _TooSmall(text) if underflows(text, value) else value


class _Object(dict[str, object]):
    """A JSON object, with the first key it names more than once (``json`` keeps the last
    value without a word; another program may have written two)."""

    def __init__(self, pairs: list[tuple[str, object]]) -> None:
        super().__init__(pairs)
        self.repeated: str | None = None
        seen: set[str] = set()
        for key, _ in pairs if len(self) < len(pairs) else ():
            if key in seen:
                self.repeated = key
                break
            seen.add(key)


_OBJECT = "a JSON object of key: number"
"""What a saved scenario's values_json holds (pass 47, F5: "a list, not a flat list" read as
a contradiction)."""


def values_from_json(text: object, where: str) -> dict[str, float]:
    """The values of a saved scenario or the autosave: one JSON object of key -> number or
    null, each key once. Anything else (deep nesting included, which would exhaust the decoder's
    recursion; a key named twice, which would keep one of its values without a word) is a
    StorageError beginning with ``where`` ("The saved scenario 'x' in <file> is damaged")."""
    if not isinstance(text, (str, bytes)):
        raise StorageError(f"{where} (its values are {json_kind(text)}, not JSON text).")
    try:  # NaN and Infinity are no JSON (Python writes them): kept apart, refused below
        raw = json.loads(text, parse_constant=_NotFinite, parse_float=_number,
                         object_pairs_hook=_Object)
    except RecursionError:
        raise StorageError(f"{where} (its values nest too deeply; they must be {_OBJECT}, "
                           "one level deep).") from None
    except ValueError as exc:  # not JSON (or not UTF-8), or an integer of more than 4300 digits
        cause = ("it holds an integer of more than 4,300 digits" if "4300 digits" in str(exc)
                 else "its values are not JSON (they cannot be read as JSON text)")  # not the
        # decoder's words ("Expecting value: line 1 column 1 (char 0)": pass 47, F5)
        raise StorageError(f"{where} ({cause}).") from None
    if not isinstance(raw, _Object):
        raise StorageError(f"{where} (its values are {json_kind(raw)}, not {_OBJECT}).")
    if raw.repeated is not None:
        raise StorageError(f"{where} (its values_json names {quoted(raw.repeated)} twice, so "
                           "which value holds is unclear).")
    out: dict[str, float] = {}
    for key, value in raw.items():
        if value is None:
            out[key] = math.nan
        elif isinstance(value, _NotFinite):
            raise StorageError(f"{where} (the value of {quoted(key)} is {value.text}, not a "
                               "number; a key without a value is null).")
        elif isinstance(value, _TooSmall):  # 1e-400: never opened as 0 without a word
            raise StorageError(f"{where} (the value of {quoted(key)} is "
                               f"{shortened(value.text, 40, inside=True)}, too small for a number: "
                               "it would read as 0).")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                out[key] = float(value)
            except OverflowError:
                out[key] = math.inf
            if math.isinf(out[key]):  # 1e400 is read as infinity
                raise StorageError(f"{where} (the value of {quoted(key)} is not a finite "
                                   "number).")
        else:
            raise StorageError(f"{where} (the value of {quoted(key)} is {json_kind(value)}, not a "
                               "number).")
    return out


def json_kind(value: object) -> str:
    """What a value read from the database or its JSON is, in words ("a table", "text")."""
    if isinstance(value, dict):
        return "a table"
    kinds = {list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number",
             type(None): "null", bytes: "bytes", _NotFinite: "NaN or Infinity",
             _TooSmall: "a number"}
    return kinds.get(type(value), "a value of another kind")  # not Python's "a int" (pass 47)
