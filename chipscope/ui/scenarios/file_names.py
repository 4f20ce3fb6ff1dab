"""The file name File > Export scenario suggests for a scenario name.

Any name may be a scenario's, but not every name can be a file's: the suggestion keeps letters,
digits, "-" and "_", stays under the file systems' 255-byte limit (200 Chinese characters are
600 bytes of UTF-8), and never is a name Windows reserves for a device (``CON``, ``NUL``,
``COM1``...: "con.toml" there opens the console, not a file).
"""

from __future__ import annotations

WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                             *(f"lpt{i}" for i in range(10))})
MAX_STEM_BYTES = 120
"""Room for ".toml", a " (2)" and a longer name the user types, under the 255-byte limit."""


def suggested_file_name(name: str, suffix: str = ".toml") -> str:
    """A file name for the scenario ``name``: ``"Cheaper AMD"`` -> ``"cheaper-amd.toml"``."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in name).lower()
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.strip("-") or "scenario"
    if stem in WINDOWS_DEVICES or stem.split(".")[0] in WINDOWS_DEVICES:
        stem = f"scenario-{stem}"
    return stem + suffix
