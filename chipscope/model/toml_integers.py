"""A whole number in a TOML text with more digits than Python reads (4,300 unless
``sys.set_int_max_str_digits`` changed it): :func:`tomllib.loads` refuses it with a bare
ValueError that names no place, so :func:`too_long_integer` finds its line in the text. Pure."""

from __future__ import annotations

import re
import sys

_TOKEN = re.compile(r'''
    """[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""("{0,2})   # multi-line basic string
  | \'\'\'[^']*(?:'(?!'')[^']*)*\'\'\'('{0,2})        # multi-line literal string
  | "[^"\\\n]*(?:\\.[^"\\\n]*)*"?                     # basic string (to its line's end)
  | '[^'\n]*'?                                        # literal string
  | \#[^\n]*                                          # comment
  | [A-Za-z_][A-Za-z0-9_-]*                           # a bare word: a key, true, inf, x of 0x1f
  | (?P<digits>[0-9][0-9_]*)
    (?P<other>\.[0-9][0-9_]*|[eE][+-]?[0-9]|[ \t]*[=.])?  # a decimal's, or a key's digits
''', re.VERBOSE | re.DOTALL)
"""The parts of a TOML text where digits are no whole number (strings, comments, words such
as keys and hexadecimal digits after ``0x``) and each run of digits (with the underscores
TOML allows between them, ``1_000``), matched once each from the start: linear in the text."""


def too_long_integer(text: str) -> str:
    """Why ``text`` cannot be read when :func:`tomllib.loads` raised Python's ValueError on an
    integer's digits: "line N: ..." for the first whole number written with more digits than
    Python reads (no line when none is found, as for a run of digits in a table's name)."""
    limit = sys.get_int_max_str_digits()
    said = (f"a whole number of more than {limit:,} digits, too long for any value; "
            "shorten it")
    for match in _TOKEN.finditer(text) if limit else ():
        digits = match.group("digits")
        if digits and not match.group("other") and len(digits) - digits.count("_") > limit:
            return f"line {text.count(chr(10), 0, match.start()) + 1}: {said}"
    return said
