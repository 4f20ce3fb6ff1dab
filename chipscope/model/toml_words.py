"""TOML text written for the user: strings and keys that a TOML reader parses back exactly."""

from __future__ import annotations

import re

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_NAMED = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
          "\r": "\\r"}


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if char.isprintable() or char == " ":
        return char
    code = ord(char)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: ``"`` and ``\\`` escaped, and every character a
    terminal would act on or not show (control characters, DEL, ...) as ``\\uXXXX``."""
    return '"' + "".join(_escaped(c) for c in text) + '"'


def toml_key(key: str) -> str:
    """``key`` as a TOML key: bare when TOML allows it, else quoted."""
    return key if _BARE_KEY.match(key) else toml_string(key)
