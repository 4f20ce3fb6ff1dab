"""A whole number in a TOML text with more digits than Python reads (4,300 unless
``sys.set_int_max_str_digits`` changed it). :func:`tomllib.loads` refuses a decimal one with
a bare ValueError that names no place, and reads a hexadecimal, octal or binary one (``0xff…``)
whatever its size, which then no ``str()`` can write; :func:`too_long_integer` finds the line
of the first such number in the text. Pure."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

_TOKEN = re.compile(r'''
    """[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""("{0,2})   # multi-line basic string
  | \'\'\'[^']*(?:'(?!'')[^']*)*\'\'\'('{0,2})        # multi-line literal string
  | "[^"\\\n]*(?:\\.[^"\\\n]*)*"?                     # basic string (to its line's end)
  | '[^'\n]*'?                                        # literal string
  | \#[^\n]*                                          # comment
  | (?P<based>0[xob][0-9A-Za-z_]*)                    # 0x1f, 0o17, 0b11 (or a key such as 0xfg)
    (?P<based_key>[ \t]*[=.]|-)?
  | [A-Za-z_][A-Za-z0-9_-]*                           # a bare word: a key, true, inf
  | (?P<digits>[0-9][0-9_]*)
    (?P<other>\.[0-9][0-9_]*|[eE][+-]?[0-9]|[ \t]*[=.]|[-:A-Za-z])?  # a decimal, date or key
  | (?P<head>^[ \t]*\[\[?)                            # a table's header, or lists in a list
  | (?P<open>[\[{])
  | (?P<close>[\]}])
''', re.VERBOSE | re.DOTALL | re.MULTILINE)
"""The parts of a TOML text where digits are no whole number (strings, comments, words such
as keys, a table header's name), each run of digits (with the underscores TOML allows between
them, ``1_000``) and each ``0x``/``0o``/``0b`` number, and the brackets and braces that tell a
table header (``[a.1]``, ``[[1]]``, a ``[`` first on its line outside any list or inline table)
from a list (``[1, 2]``). A run of digits followed by ``=`` or ``.`` (``1 = 2``, ``a.1.b``), by
``-`` (a dashed key ``1-2-a``, a date ``2024-01-01``: TOML writes a negative number's ``-``
before its digits, never after) or by a letter is no whole number either. Each part is matched
once, from the start: linear in the text."""


@lru_cache(maxsize=4)
def _smallest_too_long(limit: int) -> int:
    least: int = 10 ** limit
    return least  # the smallest whole number of limit + 1 decimal digits


def too_long(value: int) -> bool:
    """Whether ``str(value)`` would refuse ``value``: more decimal digits than Python writes
    (told by its bits, never by writing it)."""
    limit = sys.get_int_max_str_digits()
    if not limit:
        return False
    least = _smallest_too_long(limit)
    return value.bit_length() >= least.bit_length() and abs(value) >= least


def holds_too_long(doc: object) -> bool:
    """Whether a parsed TOML document holds a whole number :func:`too_long` says is too
    long (iterative: no recursion to exhaust)."""
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool) and too_long(item):
            return True
    return False


def _based_too_long(written: str) -> bool:
    try:
        value = int(written, 0)  # linear for bases 16, 8 and 2
    except ValueError:  # 0xfg: a key, not a number
        return False
    return too_long(value)


def too_long_integer(text: str) -> str:
    """Why ``text`` cannot be read when it holds a whole number of more digits than Python
    writes (:func:`tomllib.loads` raised Python's ValueError on a decimal one, or read a
    hexadecimal, octal or binary one :func:`holds_too_long` found): "line N: ..." for the
    first such number (no line when none is found)."""
    limit = sys.get_int_max_str_digits()
    said = (f"a whole number of more than {limit:,} digits, too long for any value; "
            "shorten it")
    depth, in_header = 0, False
    for match in _TOKEN.finditer(text) if limit else ():
        if head := match.group("head"):
            if depth or in_header:
                depth += head.count("[")
            else:
                in_header = True
        elif match.group("open"):
            depth += 1
        elif match.group("close"):
            if in_header:
                in_header = False
            else:
                depth = max(depth - 1, 0)
        elif in_header:
            continue
        elif digits := match.group("digits"):
            if not match.group("other") and len(digits) - digits.count("_") > limit:
                return f"line {text.count(chr(10), 0, match.start()) + 1}: {said}"
        elif (based := match.group("based")) and not match.group("based_key") \
                and _based_too_long(based):
            return f"line {text.count(chr(10), 0, match.start()) + 1}: {said}"
    return said
