"""Checks on a scenario's text that :mod:`chipscope.model.scenario` runs: its name (as stored
and compared, and the characters it may hold) and the length of its dotted keys before TOML
parsing. Pure."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Collection, Mapping
from typing import Any

from chipscope.model.invisible import JOINERS, invisible_at, never_shown
from chipscope.model.param_specs import ParamSpec, WrittenFloat
from chipscope.model.text_rules import instead_of_too_small, shortened, too_small, underflows
from chipscope.model.toml_integers import holds_too_long, too_long_integer


def clean_name(name: str) -> str:
    """A scenario name as stored and compared: surrounding spaces removed, Unicode in NFC
    form, so "café" typed as e + combining accent and as one é is one name."""
    return unicodedata.normalize("NFC", name.strip())


MAX_NAME_LENGTH = 200
"""Characters a scenario name may have (it is a line in the scenario list)."""

def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F


def _invisible(name: str) -> str | None:
    """The first character of ``name`` (cleaned) that shows as nothing where it stands, as
    "U+XXXX" and why, or None. A variation selector is kept only after a symbol other than
    ASCII (an emoji: "\u2764\ufe0f") or in a keycap ("1\ufe0f\u20e3"); a joiner only between two
    characters other than ASCII; a combining mark only after a character it can sit on."""
    found = _first_invisible(name)
    return None if found is None else found[1]


def _first_invisible(name: str) -> tuple[int, str] | None:
    """Where :func:`_invisible`'s character stands in ``name``, and why."""
    for i, ch in enumerate(name):
        code, category = ord(ch), unicodedata.category(ch)
        before = name[i - 1] if i else ""
        after = name[i + 1] if i + 1 < len(name) else ""
        if (why := never_shown(ch)) is not None:
            return i, why
        if ch in JOINERS and (not before or not after or before.isascii() or after.isascii()):
            return i, f"U+{code:04X} (a zero-width joiner here joins nothing)"
        if _is_variation_selector(ch):
            keycap = before in "0123456789#*" and before != "" and after == "\u20e3"
            symbol = before != "" and not before.isascii() and unicodedata.category(
                before) in ("So", "Sm")
            if not (keycap or symbol):
                return i, f"U+{code:04X} (a variation selector changes nothing after {before!r})"
        elif category.startswith("M") and (not before or before.isspace()):
            return i, f"U+{code:04X} (a combining mark with no letter to sit on)"
    return None


def name_problem(name: str) -> str | None:
    """Why ``name`` (cleaned, :func:`clean_name`) cannot name a scenario, or None. Besides
    control characters it may not hold one that shows as nothing (:func:`_invisible`): "a",
    "a" + U+FE0F and "a" + U+E0041 would be three scenarios that look the same."""
    clean = clean_name(name)
    if not clean:
        return "a scenario needs a name"
    if len(clean) > MAX_NAME_LENGTH:
        return f"at most {MAX_NAME_LENGTH} characters"
    if (bad := _invisible(clean)) is not None:
        return (f"contains the invisible or control character {bad}, which a name may not "
                "hold: the scenario list would show another text")
    return None


RESTORED_NAME = "Restored scenario"
"""The name of a restored scenario whose stored name has nothing left that may name one."""


def repaired_name(name: str, taken: Collection[str] = ()) -> str:
    """``name`` (cleaned) if it may name a scenario and is not in ``taken``; else ``name``
    without the characters :func:`name_problem` refuses, cut to :data:`MAX_NAME_LENGTH`; else
    (nothing left, or taken) :data:`RESTORED_NAME`, numbered past the taken ones. For a name an
    older version stored before the rule (an autosave), so that it can be saved again.

    >>> repaired_name("a\\x00b\\u202e" + "c" * 300) == "ab" + "c" * 198
    True
    >>> repaired_name("\\x00", taken={"Restored scenario"})
    'Restored scenario 2'
    """
    clean = clean_name(name)
    if name_problem(clean) is None and clean not in taken:
        return clean
    kept = "".join(ch for ch in clean if never_shown(ch) is None)  # one pass: any length
    kept = clean_name(kept)[:MAX_NAME_LENGTH]
    while (found := _first_invisible(kept)) is not None:  # at most 200 characters left
        kept = kept[:found[0]] + kept[found[0] + 1:]
    kept = clean_name(kept)
    if kept and name_problem(kept) is None and kept not in taken:
        return kept
    number, candidate = 1, RESTORED_NAME
    while candidate in taken:
        number += 1
        candidate = f"{RESTORED_NAME} {number}"
    return candidate


MAX_DOTS_PER_LINE = 1000
"""A scenario key has at most three dots; tomllib takes quadratic time over a dotted key (5 s
for 20,000 parts, about an hour for the 500,000 that fit in a 1 MB file)."""


def dotted_too_far(text: str, kind: str = "scenario file") -> str | None:
    """The problem with a line of more than :data:`MAX_DOTS_PER_LINE` dots that can join key
    parts (a key cannot span lines, so this bounds every key), or None. Dots inside strings
    and comments, and the decimal point of a number, join nothing and are not counted: a long
    description of prose, or a sweep grid of decimals on one line, is no deep key."""
    if text.count(".") <= MAX_DOTS_PER_LINE:
        return None
    line, dots = 1, 0
    for match in _DOT_SCAN.finditer(text):
        token = match.group()
        if token == "\n":
            line, dots = line + 1, 0
        elif token == ".":
            if _is_decimal_point(text, match.start()):
                continue
            dots += 1
            if dots > MAX_DOTS_PER_LINE:
                return (f"nested too deeply (line {line} holds more than "
                        f"{MAX_DOTS_PER_LINE:,} dots outside strings and numbers, the most a "
                        f"line of a {kind} may have; a key has at most a few)")
        else:  # a string or a comment: skipped whole; a multi-line string moves the line on
            line, dots = line + token.count("\n"), 0 if "\n" in token else dots
    return None


_DOT_SCAN = re.compile(
    r'""".*?"""|\'\'\'.*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[.\n]',
    re.DOTALL)
"""What :func:`dotted_too_far` looks at: strings and comments (skipped whole; an unclosed one
is not matched and its dots count, which only makes the bound stricter), dots and line ends."""


def _is_decimal_point(text: str, at: int) -> bool:
    """Whether the dot at ``at`` is a number's decimal point: digits on both sides, and the
    digits before it start a value (not a key part such as the "2" of ``1.2.3``)."""
    if not (0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()):
        return False
    start = at - 1
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] == "_"):
        start -= 1
    before = text[start - 1] if start > 0 else " "
    return not (before.isalnum() or before in "._-")


MAX_NESTING = 16
"""Tables and lists nested deeper than this are refused: a scenario file is flat (the deepest
key, ``[assumptions.adopter.ID.affinity]``, is four tables down), a sweep spec too; deeper
nesting would only exhaust the recursion of the parser or of the flattening."""


class TomlProblem(ValueError):
    """A TOML text ChipScope cannot read: the message says why, without the file's name."""


def too_deep(kind: str) -> str:
    return (f"nested too deeply (more than {MAX_NESTING} levels of tables or lists; a {kind} "
            "is a flat list of values)")


def _depth(value: object) -> int:
    """How deep tables and lists nest in ``value`` (iterative: no recursion to exhaust)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children = (item.values() if isinstance(item, dict)
                    else item if isinstance(item, list) else None)
        if children is None:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def load_toml(text: str, kind: str) -> dict[str, Any]:
    """``text`` (a leading byte-order mark dropped) parsed as TOML with the limits every
    ChipScope TOML reader needs: dotted keys bounded before parsing (:func:`dotted_too_far`),
    whole numbers of more than 4,300 digits, hexadecimal, octal and binary ones too (their
    line named), nesting past :data:`MAX_NESTING` (or deep enough to exhaust the parser's
    recursion). Decimals are :class:`WrittenFloat`.

    Raises
    ------
    TomlProblem
        One sentence (without the file's name) for each of these and for TOML syntax errors
        (naming the character, when the parser stopped at one no editor shows:
        :func:`~chipscope.model.invisible.invisible_at`).
    """
    text = text.removeprefix("\ufeff")
    if problem := dotted_too_far(text, kind):  # tomllib reads a dotted key in quadratic time
        raise TomlProblem(problem)
    try:
        doc = tomllib.loads(text, parse_float=WrittenFloat)
    except tomllib.TOMLDecodeError as exc:  # at a character no editor shows: named
        raise TomlProblem(invisible_at(text, str(exc)) or f"not valid TOML: {exc}") from None
    except ValueError:  # Python's limit on the digits of an integer (4300): which line
        raise TomlProblem(too_long_integer(text)) from None
    except RecursionError:  # inline tables or lists hundreds deep: the parser recurses
        raise TomlProblem(too_deep(kind)) from None
    if _depth(doc) > MAX_NESTING:
        raise TomlProblem(too_deep(kind))
    if holds_too_long(doc):  # 0x, 0o and 0b numbers are read whatever their size
        raise TomlProblem(too_long_integer(text))
    return doc


def too_small_numbers(doc: Mapping[str, Any], text: str,
                      takes: Callable[[str, int], bool] = lambda path, lists: True,
                      specs: Mapping[str, ParamSpec] | None = None) -> list[str]:
    """Every number in a scenario file's or sweep spec's ``doc`` (``text`` parsed by
    :func:`load_toml`) written non-zero that a float reads as 0 (``1e-400``), at a key path
    and depth in lists (0: the key's own value, 1: an item of its list, ...) that ``takes``
    says is a place the file reads a single number (assumption values, range bounds, sample
    sizes, the items of a grid's list). One problem each, naming the line of its key's
    number (none when it cannot be told), the key and the number as written. A number at any
    other path (an unknown key, ``format_version``) is left to the file's own checks, which
    refuse it as any other wrong value there: "write 0 or a larger value" would be wrong
    advice. So is a number in a list where one number is read (``bass_p = [1e-400]``), or one
    number where a list is read (a grid's ``bass_p = 1e-400``): the file's checks tell the
    shape first. The advice keeps to the range of the assumption (of ``specs``) the number is
    for. A caller that passes ``takes`` calls this again without it before taking the file,
    so that no such number is ever read as 0. Not part of :func:`load_toml`, which also tells
    a scenario file from another file before overwriting it."""
    found = [(path, written) for path, written, lists in _underflows(doc)
             if takes(path, lists)]
    lines = _lines_of(text, found) if found else {}
    placed: dict[tuple[str, str, str], int] = {}  # one number repeated on a line: told once
    for path, written in found:
        line = lines[(path, written)].popleft() if lines.get((path, written)) else ""
        placed[(line, path, written)] = placed.get((line, path, written), 0) + 1
    return [f"{line}{path}: {shortened(written, 40)}{f' ({n:,} times)' if n > 1 else ''} "
            f"{too_small(_instead(path, written, specs))}"
            for (line, path, written), n in placed.items()]


def range_number(path: str, lists: int, specs: Mapping[str, ParamSpec]) -> bool:
    """Whether ``path`` (below ``[ranges]``), ``lists`` lists deep, is a number a range takes:
    ``KEY.low``, ``.high`` or ``.mode`` of a known assumption that is not a switch (a range on
    a switch is refused as one that cannot carry a range, whatever its numbers), written as
    one number (``low = [1e-400]`` is refused as not a number)."""
    key, _, name = path.rpartition(".")
    return (lists == 0 and key in specs and specs[key].kind != "bool"
            and name in ("low", "high", "mode"))


def _instead(path: str, written: str, specs: Mapping[str, ParamSpec] | None) -> str:
    """What to write instead of ``written`` at ``path``: a value the key there takes (an
    assumption's value, grid value or range bound: within the assumption's range)."""
    if path == "sample.n":
        return "a whole number from 1 to 100,000"
    if path == "sample.seed":
        return instead_of_too_small(written, lo=0)
    head, _, rest = path.partition(".")
    key = rest.rpartition(".")[0] if head == "ranges" else rest
    spec = (specs or {}).get(key if head in ("assumptions", "grid", "ranges") else path)
    return spec.too_small_advice(written) if spec else instead_of_too_small(written)


def _underflows(doc: Mapping[str, Any]) -> list[tuple[str, str, int]]:
    """(key path, text as written, how many lists it is inside) of each number in ``doc``
    that a float reads as 0."""
    found: list[tuple[str, str, int]] = []

    def walk(value: object, path: str, lists: int) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key), lists)
        elif isinstance(value, list):
            for item in value:
                walk(item, path, lists + 1)
        elif isinstance(value, WrittenFloat) and underflows(value.text, value):
            found.append((path, value.text, lists))

    walk(doc, "", 0)
    return found


def _lines_of(text: str, found: list[tuple[str, str]]) -> dict[tuple[str, str], deque[str]]:
    """For each (key path, text) of ``found``, "line N: " of its numbers in file order. Each
    place that holds one of the written texts gets a marker number of its own
    (``3e-999999999999``) and the file is read again, once: a key's number is at the place
    whose marker it then holds; one that holds none (the text was also in its key) gets no
    line."""
    lines: dict[tuple[str, str], deque[str]] = {}
    text = text.removeprefix("\ufeff")
    tag = "e-999999999999"
    while tag in text:
        tag += "9"
    wanted = {w for _, w in found}
    places: list[re.Match[str]] = []

    def mark(match: re.Match[str]) -> str:
        if match.group() not in wanted:
            return match.group()
        places.append(match)
        return f"{len(places)}{tag}"

    marked = _NUMBER.sub(mark, text)
    try:
        doc = tomllib.loads(marked, parse_float=WrittenFloat)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return lines
    breaks = [m.start() for m in re.finditer("\n", text)]  # a line number: by bisection
    for path, shown, _ in _underflows(doc):
        if (hit := re.fullmatch(rf"([0-9]+){tag}", shown)) and int(hit[1]) <= len(places):
            place = places[int(hit[1]) - 1]
            lines.setdefault((path, place.group()), deque()).append(
                f"line {bisect_left(breaks, place.start()) + 1}: ")
    return lines


_NUMBER = re.compile(r"(?<![\w.+-])[+-]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?(?![\w.])")
"""A number as a TOML file may write it (a marker stands for each that is too small)."""


def flat_keys(table: Mapping[str, Any], is_leaf: Callable[[Any], bool], twice: list[str],
              prefix: str = "") -> dict[str, Any]:
    """``table``'s nested tables as dotted keys, down to the values ``is_leaf`` takes (a value
    that is not a table always is one): ``[ranges."vendor.amd.x"]`` and
    ``[ranges.vendor.amd.x]`` are both ``vendor.amd.x``. The one flattening of assumptions,
    ranges and sweep grids: a key reached both ways is appended to ``twice`` (the caller refuses
    it, :func:`given_twice`), never silently replaced by whichever TOML wrote last."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        items = (flat_keys(value, is_leaf, twice, full + ".")
                 if isinstance(value, dict) and not is_leaf(value) else {full: value})
        for k, v in items.items():
            if k in out and k not in twice:
                twice.append(k)
            out[k] = v
    return out


def given_twice(key: str) -> str:
    """The problem of a key :func:`flat_keys` reached twice."""
    return (f"{key}: given twice (once as a dotted key, once in a table); keep one of the two "
            "spellings")
