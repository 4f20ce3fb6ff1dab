"""A folder marked append-only (``chattr +a``) for the tests of writes into one (one helper for
all): it needs root and a file system with attributes, and the test is skipped elsewhere."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def append_only(folder: Path) -> Iterator[Path]:
    """``folder`` marked append-only for the ``with`` block (unmarked after, even on failure:
    pytest could not remove it otherwise)."""
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+a", str(folder)],
                                        capture_output=True).returncode != 0:
        pytest.skip("chattr +a is not possible here")
    try:
        yield folder
    finally:
        subprocess.run([chattr, "-a", str(folder)], check=True)


@contextmanager
def marked(path: Path, flag: str) -> Iterator[Path]:
    """``path`` (a file or folder) marked ``flag`` (``+i`` immutable, ``+a`` append-only) for the
    ``with`` block, unmarked after; the test is skipped where chattr cannot mark it."""
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, flag, str(path)],
                                        capture_output=True).returncode != 0:
        pytest.skip(f"chattr {flag} is not possible here")
    try:
        yield path
    finally:
        subprocess.run([chattr, flag.replace("+", "-"), str(path)], check=True)
