"""The difference from a reference: each vendor's share, spend and compute in one year of the
current projection beside a pinned reference projection (the "difference from reference" view).

Pure: two finished :class:`~chipscope.model.projection.Projection` objects in, numbers out. The
reference is projected once (when it is chosen, or the dataset or compute basis changes); a
slider tick only changes the current projection, so :func:`vendor_deltas` is all a tick costs
(a few (T, V) reductions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from chipscope.model.formatting import format_si
from chipscope.model.projection import Measure, Projection

F64 = npt.NDArray[np.float64]

PREFERRED_YEAR = 2030
"""The year the read-out opens on when the projection reaches it (the market's usual
milestone); otherwise the horizon."""

DELTA_COLUMNS = ("vendor", "name", "share_now", "share_reference", "delta_pp",
                 "spend_now_usd", "spend_reference_usd", "delta_spend_usd",
                 "h100e_now", "h100e_reference", "delta_h100e")
"""The columns of :meth:`VendorDeltas.to_frame`, in order."""
NEUTRAL_PP = 0.05
"""Differences smaller than this (pp) read as no change: no sign, no arrow, no colour."""
MINUS = "\u2212"


@dataclass(frozen=True)
class Reference:
    """A pinned reference: its name as shown ("Baseline", a saved scenario's name, "Pinned
    14:05") and its projection."""

    name: str
    projection: Projection

    def fits(self, projection: Projection) -> bool:
        """Whether the reference can be set beside ``projection``: same vendors, same compute
        basis (otherwise it must be recomputed first)."""
        return (tuple(self.projection.vendor_ids) == tuple(projection.vendor_ids)
                and self.projection.basis == projection.basis)


def common_years(current: Projection, reference: Projection) -> list[int]:
    """The years both projections cover, ascending."""
    mine = {int(y) for y in current.years}
    return sorted(mine.intersection(int(y) for y in reference.years))


def default_year(current: Projection, reference: Projection) -> int:
    """The year the read-out opens on: :data:`PREFERRED_YEAR` if both projections project it,
    else the last year both cover.

    Raises
    ------
    ValueError
        If the projections share no year.
    """
    years = common_years(current, reference)
    if not years:
        raise ValueError("year: the current and the reference projections share no year")
    projected = [y for y in years if y > max(current.base_year, reference.base_year)]
    if PREFERRED_YEAR in projected:
        return PREFERRED_YEAR
    return projected[-1] if projected else years[-1]


@dataclass(frozen=True)
class VendorDeltas:
    """Each vendor's numbers in one year, now and in the reference, sorted by the size of the
    share change (largest first). Arrays, not a DataFrame: the read-out refreshes on every
    slider tick; :meth:`to_frame` gives the table.

    Attributes
    ----------
    year : the year. measure : what the shares are shares of. vendor, name : (V,) ids, names.
    share_now, share_reference : (V,) fractions 0..1. delta_pp : (V,) percentage points.
    spend_now_usd, spend_reference_usd, delta_spend_usd : (V,) USD bought in ``year``.
    h100e_now, h100e_reference, delta_h100e : (V,) H100e (the projections' basis).
    """

    year: int
    measure: str
    vendor: tuple[str, ...]
    name: tuple[str, ...]
    share_now: F64
    share_reference: F64
    delta_pp: F64
    spend_now_usd: F64
    spend_reference_usd: F64
    delta_spend_usd: F64
    h100e_now: F64
    h100e_reference: F64
    delta_h100e: F64

    def __len__(self) -> int:
        return len(self.vendor)

    def to_frame(self) -> pd.DataFrame:
        """One row per vendor, the columns of :data:`DELTA_COLUMNS`."""
        return pd.DataFrame({c: getattr(self, c) for c in DELTA_COLUMNS},
                            columns=list(DELTA_COLUMNS))


def vendor_deltas(current: Projection, reference: Projection, year: int,
                  measure: Measure = "h100e",
                  names: Mapping[str, str] | None = None) -> VendorDeltas:
    """Each vendor's share in ``year`` now and in the reference, and the differences.

    Parameters
    ----------
    current, reference : Projection
        The projection on screen and the pinned reference, on the same compute basis.
    year : int
        A year both projections cover.
    measure : {"h100e", "units", "spend_usd"}
        What the shares are shares of (the chart's measure).
    names : vendor id -> display name (the id when missing).

    Returns
    -------
    VendorDeltas
        One entry per vendor (the vendors of either projection), sorted by the absolute share
        difference, largest first (ties in the current projection's vendor order): shares as
        fractions 0..1, ``delta_pp`` in percentage points (share now minus reference share,
        x100), spend in USD and compute in H100e bought in ``year``, and their differences
        (now minus reference). A vendor one projection lacks counts as 0 there.

    Raises
    ------
    ValueError
        If ``year`` is outside either projection, the bases differ or ``measure`` is unknown.
    """
    if current.basis != reference.basis:
        raise ValueError(f"reference: it is on the {reference.basis} basis, the projection on "
                         f"{current.basis}; recompute it first")
    vendors = list(current.vendor_ids)
    vendors += [v for v in reference.vendor_ids if v not in vendors]
    measures: tuple[Measure, ...] = (measure, "spend_usd", "h100e")
    now = {m: _per_vendor(current, m, year, vendors) for m in measures}
    ref = {m: _per_vendor(reference, m, year, vendors) for m in measures}
    share_now, share_ref = _share(now[measure]), _share(ref[measure])
    delta_pp = (share_now - share_ref) * 100.0
    order = np.argsort(-np.abs(delta_pp), kind="stable")
    names = names or {}
    return VendorDeltas(
        year=int(year), measure=measure,
        vendor=tuple(vendors[i] for i in order),
        name=tuple(names.get(vendors[i], vendors[i]) for i in order),
        share_now=share_now[order], share_reference=share_ref[order], delta_pp=delta_pp[order],
        spend_now_usd=now["spend_usd"][order], spend_reference_usd=ref["spend_usd"][order],
        delta_spend_usd=(now["spend_usd"] - ref["spend_usd"])[order],
        h100e_now=now["h100e"][order], h100e_reference=ref["h100e"][order],
        delta_h100e=(now["h100e"] - ref["h100e"])[order],
    )


def reference_edges(reference: Projection, measure: Measure, shares: bool) -> F64:
    """(T, V) the top edge of each vendor's band when ``reference`` is stacked in vendor
    order: cumulative shares in % (``shares``) or cumulative purchases in the measure's unit.
    What the ghost lines over a vendor chart trace."""
    values = reference.by_vendor(measure)
    stacked = Projection.shares(values) * 100.0 if shares else values
    out: F64 = np.cumsum(stacked, axis=1)
    return out


def _per_vendor(projection: Projection, measure: Measure, year: int,
                vendors: list[str]) -> F64:
    # One year only: (A, C) summed over adopters, then onto vendors.
    row = projection.by_adopter_vendor(measure, year).sum(axis=0)
    column = {v: j for j, v in enumerate(projection.vendor_ids)}
    return np.array([row[column[v]] if v in column else 0.0 for v in vendors], dtype=np.float64)


def _share(values: F64) -> F64:
    total = float(values.sum())
    return values / total if total > 0 else np.zeros_like(values)


def format_pp(delta_pp: float) -> str:
    """A share difference with its sign and unit: ``+1.2 pp``, ``-0.4 pp`` (a true minus
    sign), ``0.0 pp``."""
    if not math.isfinite(delta_pp):
        return "n/a"
    if abs(delta_pp) < NEUTRAL_PP:
        return "0.0 pp"
    return f"{'+' if delta_pp > 0 else MINUS}{abs(delta_pp):.1f} pp"


def format_signed(value: float, unit: str) -> str:
    """An amount's difference with its sign and unit: ``+1.2B USD``, ``-350k H100e`` (a true
    minus sign)."""
    if not math.isfinite(value):
        return "n/a"
    if abs(value) < 0.5:  # less than half a dollar or an H100e: no change worth a sign
        return f"0 {unit}".strip()
    return f"{'+' if value > 0 else MINUS}{format_si(abs(value), unit)}"
