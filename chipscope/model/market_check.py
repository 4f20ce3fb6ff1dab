"""Checks against the public record: modelled spend per vendor beside reported figures.

Pure (numpy and pandas). The reported figures are the dataset's ``reported`` table
(``data/reported.csv``): vendor revenue, guidance and run rates, each with the part of it that is
accelerator chips (``comparable_fraction``), how that part was derived, a source and a confidence.
The modelled figure is the projection's spend (chips x price, nominal USD) summed over the
vendors a row names. How the two are compared is in docs/model.md, "Checks against the record":

* annual = value_usd x 12 / period_months (a quarter's guidance becomes a run rate);
* comparable = annual x comparable_fraction (empty for ``context`` rows: not compared);
* gap_pct = (modelled - comparable) / comparable x 100;
* ``lower_bound`` / ``upper_bound`` rows say whether the model is above the floor or under the
  ceiling rather than how far it is from a central figure.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from chipscope.model.dataset import Dataset
from chipscope.model.export_meta import one_line
from chipscope.model.projection import Projection

F64 = npt.NDArray[np.float64]

COLUMNS = (
    "year", "is_history", "vendor_group", "vendor_ids", "metric", "kind", "period",
    "modelled_usd", "reported_usd", "period_months", "annual_usd", "comparable_fraction",
    "comparable_usd", "gap_pct", "comparison", "reading", "basis", "period_note",
    "fraction_derivation", "source_id", "confidence", "record_id",
)
"""Columns of :func:`market_check`'s frame, in order (amounts in nominal USD)."""

_STATIC = ("year", "vendor_group", "vendor_ids", "metric", "kind", "period", "period_months",
           "comparison", "basis", "period_note", "fraction_derivation", "source_id",
           "confidence", "record_id")


def reported_frame(dataset: Dataset) -> pd.DataFrame:
    """The dataset's reported figures (empty when the dataset has none)."""
    return dataset.frames["reported"]


@dataclass(frozen=True)
class CheckPlan:
    """What does not change while the sliders move: the rows to show (reported figures whose
    year the projection covers), the vendors each row sums and the comparable figures. Build
    once per (vendors, years) with :meth:`prepare`; :meth:`frame` then costs one matrix
    product per projection."""

    vendor_ids: tuple[str, ...]
    years: tuple[int, ...]
    rows: pd.DataFrame
    year_index: npt.NDArray[np.int64]
    vendor_mask: F64  # (rows, vendors): 1 where the row's figure covers the vendor
    comparable_usd: F64

    @classmethod
    def prepare(cls, reported: pd.DataFrame, vendor_ids: tuple[str, ...],
                years: npt.NDArray[np.int64]) -> CheckPlan:
        """Select and prepare the rows of ``reported`` for a projection's vendors and years.

        Raises
        ------
        ValueError
            If a row names a vendor the projection does not have.
        """
        year_list = tuple(int(y) for y in years)
        rows = reported[reported["year"].isin(year_list)]
        rows = rows.sort_values("year", kind="stable").reset_index(drop=True)
        v_pos = {v: i for i, v in enumerate(vendor_ids)}
        mask = np.zeros((len(rows), len(vendor_ids)))
        for r, (ids, record) in enumerate(zip(rows["vendor_ids"], rows["record_id"],
                                              strict=True)):
            for vid in str(ids).split("+"):
                if vid.strip() not in v_pos:
                    raise ValueError(f"vendor_ids: {vid.strip()!r} (reported record "
                                     f"{record!s}) is not a vendor of the projection")
                mask[r, v_pos[vid.strip()]] = 1.0
        annual = (rows["value_usd"].to_numpy(np.float64) * 12.0
                  / rows["period_months"].to_numpy(np.float64))
        fraction = rows["comparable_fraction"].to_numpy(np.float64)
        comparable = np.where(rows["comparison"].to_numpy() == "context", np.nan,
                              annual * fraction)
        static = rows[list(_STATIC)].copy()
        static["reported_usd"] = rows["value_usd"].to_numpy(np.float64)
        static["annual_usd"] = annual
        static["comparable_fraction"] = fraction
        static["comparable_usd"] = comparable
        first = year_list[0] if year_list else 0
        return cls(tuple(vendor_ids), year_list, static,
                   rows["year"].to_numpy(np.int64) - first, mask, comparable)

    def fits(self, projection: Projection) -> bool:
        """Whether this plan was made for ``projection``'s vendors and years."""
        return (self.vendor_ids == tuple(projection.vendor_ids)
                and self.years == tuple(int(y) for y in projection.years))

    def modelled_usd(self, projection: Projection) -> F64:
        """(rows,) modelled spend (USD) of each row's vendors in its year."""
        spend = projection.by_vendor("spend_usd")
        out: F64 = (spend[self.year_index] * self.vendor_mask).sum(axis=1)
        return out

    def frame(self, projection: Projection) -> pd.DataFrame:
        """The check table for ``projection`` (columns :data:`COLUMNS`)."""
        modelled = self.modelled_usd(projection)
        gap = gap_pct(modelled, self.comparable_usd)
        out = self.rows.copy()
        out["modelled_usd"] = modelled
        out["gap_pct"] = gap
        out["is_history"] = self.year_index <= projection.year_index(projection.base_year)
        out["reading"] = [reading(c, g) for c, g in zip(out["comparison"], gap, strict=True)]
        return out[list(COLUMNS)]


def gap_pct(modelled: F64, comparable: F64) -> F64:
    """(modelled - comparable) / comparable x 100; NaN where nothing is compared."""
    with np.errstate(invalid="ignore", divide="ignore"):
        out: F64 = np.where(comparable > 0, (modelled - comparable) / comparable * 100.0,
                            np.nan)
    return out


def reading(comparison: str, gap: float) -> str:
    """One phrase saying how the model stands against one figure."""
    if comparison == "context" or not np.isfinite(gap):
        return "context: not compared"
    if comparison == "lower_bound":
        return ("at or above the floor" if gap >= 0
                else f"{-gap:.0f} % below the floor")
    if comparison == "upper_bound":
        return ("under the ceiling" if gap <= 0
                else f"{gap:.0f} % above the ceiling")
    if abs(gap) < 0.5:
        return "matches"
    return f"model {abs(gap):.0f} % {'above' if gap > 0 else 'below'}"


def market_check(projection: Projection, reported: pd.DataFrame) -> pd.DataFrame:
    """Modelled spend per vendor group beside the reported figures, one row per figure.

    Parameters
    ----------
    projection : Projection
        History and projection; its ``spend_usd`` (chips x price) is summed per row's vendors.
    reported : pandas.DataFrame
        The dataset's ``reported`` table (:func:`reported_frame`). Rows for years the
        projection does not cover are left out.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, sorted by year (the table's order within a year). Amounts are
        nominal USD; ``gap_pct`` is in %, NaN for context rows.
    """
    return CheckPlan.prepare(reported, projection.vendor_ids, projection.years).frame(projection)


# --- a readable table (the CLI prints it) ---------------------------------------------------
def _usd_b(x: float) -> str:
    return "" if math.isnan(float(x)) else f"{float(x) / 1e9:,.1f}"


def short_period(period: str) -> str:
    """"FY2023" of "FY2023 (31 Jan 2022 - 29 Jan 2023)": the period without its dates."""
    return period.split(" (")[0].split(",")[0].strip()


def text_table(check: pd.DataFrame) -> str:
    """The check as an aligned plain-text table (amounts in $B, gaps in %), then the basis of
    each figure, lettered."""
    head = ["Year", "Vendor group", "Figure", "Modelled $B", "Reported $B", "Annual $B",
            "Fraction", "Comparable $B", "Gap %", "Reading", "Conf.", "Basis"]
    rows = [head]
    bases: dict[str, str] = {}
    for r in check.to_dict("records"):
        figure = f"{r['metric']}, {short_period(str(r['period']))}"
        fraction, gap = float(r["comparable_fraction"]), float(r["gap_pct"])
        letter = bases.setdefault(str(r["basis"]), _letter(len(bases)))
        rows.append([str(r["year"]) + ("" if r["is_history"] else "*"), str(r["vendor_group"]),
                     figure, _usd_b(r["modelled_usd"]), _usd_b(r["reported_usd"]),
                     _usd_b(r["annual_usd"]), "" if math.isnan(fraction) else f"{fraction:.3g}",
                     _usd_b(r["comparable_usd"]), "" if math.isnan(gap) else f"{gap:+.0f}",
                     str(r["reading"]), str(r["confidence"]), letter])
    rows = [[one_line(c) for c in row] for row in rows]  # a name's line break (pass 78, F1)
    numeric = {3, 4, 5, 6, 7, 8}
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for row in rows:
        cells = [c.rjust(w) if i in numeric else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    if bases:
        lines += ["", "Basis of each figure (what the reported amount includes):"]
        lines += [f"  {letter}  {basis}" for basis, letter in bases.items()]
    return "\n".join(lines)


def _letter(n: int) -> str:
    return chr(ord("a") + n) if n < 26 else f"z{n - 25}"


def legend(width: int = 100) -> str:
    """:data:`LEGEND` wrapped to ``width`` columns."""
    return textwrap.fill(LEGEND, width)


LEGEND = (
    "Modelled = spend on the vendors' chips (chips x price, nominal USD); history years are "
    "Epoch AI's units at ChipScope's reference prices, * marks projected years. Reported = the "
    "figure as published (a quarter, a fiscal year or a run rate); Annual = reported x 12 / "
    "months covered; Comparable = Annual x Fraction, the part that is accelerator chips (no "
    "networking, CPUs or other segments); Gap = (Modelled - Comparable) / Comparable. Fiscal "
    "years are compared with the calendar year most of their months fall in (NVIDIA FY2026 = "
    "Feb 2025-Jan 2026 ~ CY2025). Each row's basis, period mapping and fraction derivation are "
    "in the CSV and in docs/model.md, 'Checks against the record'."
)
