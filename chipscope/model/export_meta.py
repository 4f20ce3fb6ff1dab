"""What a CSV export says about itself: a block of ``# key: value`` lines before the header.

Every CSV ChipScope exports (the window's table, the compare table, ``chipscope run --out``,
``chipscope market-check --out``) starts with these lines, so a file found on a disk later
still names the dataset and its date, the scenario, what it changed from the defaults, the
compute basis and the ChipScope version. ``pandas.read_csv(path, comment="#")`` skips them
(text cells that contain "#" are quoted, so they survive); :func:`read_metadata` reads them.
A spreadsheet or ``csv.reader`` splits each line at its commas (or semicolons or tabs), so
every line is written as one self-contained record whose pieces never start a formula or a
quoted cell (see :func:`metadata_lines`). Qt-free, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from chipscope import __version__

if TYPE_CHECKING:
    from chipscope.model.assumptions import Assumptions
    from chipscope.model.dataset import Dataset

TABLE_PRECISION = ("amounts to 6 significant digits, shares and differences to 3 decimals "
                   "(% or pp)")
RUN_PRECISION = "12 significant digits (full model precision, for further computation)"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these is a formula to a spreadsheet (CWE-1236)."""

BASIS_TEXT = {"bf16": "bf16 (1 H100e = 989 dense BF16 TFLOP/s)",
              "8bit": "8bit (1 H100e = 1,979 dense FP8/INT8 TOP/s)"}


def changed_text(assumptions: Assumptions) -> str:
    """The values that differ from the defaults, compact: ``key=value; key=value`` (sorted;
    "none" for an optional value switched off); "none (the defaults)" when nothing differs."""
    changed = assumptions.changed()
    if not changed:
        return "none (the defaults)"
    return "; ".join(f"{k}={'none' if math.isnan(v) else f'{v:.10g}'}"
                     for k, v in sorted(changed.items()))


def one_line(text: str) -> str:
    """``text`` on one line (a name with a line break must not end the comment)."""
    return " ".join(str(text).split())


def export_metadata(dataset: Dataset, scenarios: Mapping[str, Assumptions], basis: str,
                    extra: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """The metadata of one export, in the order it is written.

    Parameters
    ----------
    dataset : the dataset the numbers come from.
    scenarios : scenario name -> its assumptions (one for a table, several for a comparison).
    basis : the compute basis, ``"bf16"`` or ``"8bit"``.
    extra : further (key, value) lines, e.g. the chart and measure.
    """
    out = {"exported_by": f"ChipScope {__version__}",
           "dataset": one_line(dataset.name) or "(unnamed)",
           "dataset_date": one_line(dataset.date) or "(undated)"}
    names = [one_line(n) for n in scenarios]
    out["scenario"] = " | ".join(names)
    for name, values in zip(names, scenarios.values(), strict=True):
        key = "changed_assumptions" if len(names) == 1 else f"changed_assumptions ({name})"
        out[key] = changed_text(values)
    out["compute_basis"] = BASIS_TEXT.get(basis, basis)
    for key, value in extra:
        out[one_line(key)] = one_line(value)
    return out


def metadata_lines(metadata: Mapping[str, str]) -> str:
    """The ``# key: value`` block (each line ends with a newline), every line one
    self-contained CSV record (see :func:`_record_safe`)."""
    return "".join(_record_safe(f"# {one_line(k)}: {one_line(v)}") + "\n"
                   for k, v in metadata.items())


def _record_safe(line: str) -> str:
    """A ``# key: value`` line whose pieces never start a formula or a quoted cell: a
    spreadsheet or ``csv.reader`` splits the line at its commas (or semicolons or tabs, if
    asked to). A scenario named "x,=cmd|..." (in a key or a value) must not run, and one named
    'Bull case,"AI boom' must not open a quoted cell that swallows the rest of the file. A
    piece starting (after spaces) with a quote, or like a formula cell, gets the leading
    apostrophe a formula-like cell gets; a quote inside a piece is plain text to the readers."""
    pieces = re.split(r"([,;\t])", line)  # the separators a spreadsheet may split at
    return "".join([pieces[0], *("'" + p if i % 2 == 0 and _opens_cell(p) else p
                                 for i, p in enumerate(pieces[1:], start=1))])


def _opens_cell(piece: str) -> bool:
    """Whether a piece would start a formula or a quoted cell."""
    return piece.startswith(FORMULA_START) or piece.lstrip()[:1] in (*FORMULA_START, '"')


def read_metadata(text: str) -> dict[str, str]:
    """The ``# key: value`` lines at the top of an exported CSV's text."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(": ")
        if sep:
            out[key] = value
    return out
