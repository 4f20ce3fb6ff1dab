"""What each chart shows, arranged from a :class:`Projection` (no Qt, no modelling).

A :class:`StackFrame` is one stacked chart's numbers: categories (years, or adopters) by series
(vendors, or chips), in the measure's unit and as shares of each category's total. The views
draw it, the hover read-out looks values up in it and the table shows it, so all three agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from chipscope.model.difference import Reference
from chipscope.model.projection import Measure, Projection
from chipscope.model.table_meta import Column, Table

F64 = npt.NDArray[np.float64]
OTHER_KEY = "__other__"
OTHER_LABEL = "Other chips"


@dataclass(frozen=True)
class StackFrame:
    """Categories x series of one stacked chart.

    Attributes
    ----------
    positions : (N,) where each category sits on its axis (a year, or a row number).
    labels : (N,) category names ("2027", "OpenAI").
    keys, vendor_keys, series : (S,) series ids, the vendor id of each series (for its
        colour; "" for grouped series) and display names.
    values : (N, S) purchases in ``unit``. shares : (N, S) fraction of the category's total.
    is_history : (N,) True for history, False for projection.
    band_lo, band_hi : (N, S) 5th / 95th percentile shares, NaN where there is none.
    """

    positions: F64
    labels: tuple[str, ...]
    keys: tuple[str, ...]
    vendor_keys: tuple[str, ...]
    series: tuple[str, ...]
    values: F64
    shares: F64
    is_history: npt.NDArray[np.bool_]
    unit: str
    band_lo: F64 | None = None
    band_hi: F64 | None = None

    @property
    def totals(self) -> F64:
        """(N,) each category's total in ``unit``."""
        out: F64 = self.values.sum(axis=1)
        return out


@dataclass(frozen=True)
class ProjectionInput:
    """What a projection chart draws: one projection, in one measure; ``year`` is the year of
    a one-year chart (the adopters chart), ignored by the others; ``reference``, if given, is
    drawn as ghost lines by the charts that can (see ``ui.charts.reference``) when exported."""

    projection: Projection
    measure: Measure
    year: int
    reference: Reference | None = None


@dataclass(frozen=True)
class CompareInput:
    """What the compare chart draws: ``table`` from
    :func:`~chipscope.model.compare.compare_vendor_shares` for ``scenarios`` (in order, the
    first the reference), the measure the shares are of, the base year to mark and the compute
    basis the title names."""

    table: pd.DataFrame
    scenarios: tuple[str, ...]
    measure: str
    base_year: int
    basis: str = "bf16"


ChartInput = ProjectionInput | CompareInput
"""The data a chart draws; each chart declares which one (see ``ui.charts.registry``)."""


def share_range(p5: F64, p95: F64) -> tuple[F64, F64]:
    """The range of each vendor's share when every vendor's purchases lie in its 5-95 % range.

    The sources give percentiles of each vendor's purchases, not of its share: a share's own
    percentiles would need the joint distribution. What the percentiles do bound is the share
    when the vendor is at its 5th percentile and every other vendor at its 95th (the low end),
    and the other way round (the high end): ``p5_v / (p5_v + sum of the others' p95)`` and
    ``p95_v / (p95_v + sum of the others' p5)``. Both lie in 0..1 and around the central share.
    (Dividing ``p95_v`` by the central total, as before, read 150 % for NVIDIA in 2022.)

    Parameters
    ----------
    p5, p95 : (N, S) each series' 5th / 95th percentile amounts; NaN where there is none.

    Returns
    -------
    (low, high) : (N, S) shares as fractions; NaN where a percentile is missing or the
    denominator is 0.
    """
    # The others' sum column by column, not the total minus the vendor (that cancels badly
    # when one vendor is most of the total).
    columns = np.arange(p5.shape[1])
    if not columns.size:
        return p5.copy(), p95.copy()
    others_hi = np.stack([p95[:, columns != j].sum(axis=1) for j in columns], axis=1)
    others_lo = np.stack([p5[:, columns != j].sum(axis=1) for j in columns], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        low_den, high_den = p5 + others_hi, p95 + others_lo
        low = np.where(low_den > 0, p5 / np.where(low_den > 0, low_den, 1.0), np.nan)
        high = np.where(high_den > 0, p95 / np.where(high_den > 0, high_den, 1.0), np.nan)
    return low, high


def vendor_frame(projection: Projection, measure: Measure,
                 names: Mapping[str, str]) -> StackFrame:
    """Purchases per vendor per year, with the history's 5-95 % share range
    (:func:`share_range`)."""
    values = projection.by_vendor(measure)
    band_lo = band_hi = None
    if measure in projection.band_p5 and measure in projection.band_p95:
        band_lo, band_hi = share_range(np.asarray(projection.band_p5[measure], np.float64),
                                       np.asarray(projection.band_p95[measure], np.float64))
    vids = tuple(projection.vendor_ids)
    return StackFrame(
        positions=projection.years.astype(np.float64),
        labels=tuple(str(int(y)) for y in projection.years),
        keys=vids, vendor_keys=vids, series=tuple(names.get(v, v) for v in vids),
        values=values, shares=Projection.shares(values), is_history=projection.is_history,
        unit=projection.unit(measure), band_lo=band_lo, band_hi=band_hi,
    )


def top_chip_order(projection: Projection, measure: Measure, n: int = 8) -> list[int]:
    """The ``n`` chips with the largest shares, every year counting equally (so the history's
    chips rank beside the projection's far larger volumes), stacked by vendor, then oldest
    first (the year a chip is first bought)."""
    per_chip = projection.by_chip(measure)
    score = Projection.shares(per_chip).sum(axis=0)
    chosen = [int(i) for i in np.argsort(-score, kind="stable")[:n] if score[i] > 0]
    bought = per_chip > 0
    first = np.where(bought.any(axis=0), bought.argmax(axis=0), len(per_chip))
    return sorted(chosen, key=lambda i: (int(projection.chip_vendor_index[i]), int(first[i]),
                                         -float(score[i])))


def history_has_chip_split(frame: StackFrame) -> bool:
    """Whether the frame's history years name any chip (not only "Other chips"): a dataset
    may give the history per vendor only."""
    hist = frame.values[frame.is_history]
    return bool(len(hist) == 0 or (hist[:, :-1] > 0).any())


def chip_frame(projection: Projection, measure: Measure, names: Mapping[str, str],
               n: int = 8) -> StackFrame:
    """The ``n`` chips of :func:`top_chip_order`, and the rest as "Other chips"."""
    order = top_chip_order(projection, measure, n)
    per_chip = projection.by_chip(measure)
    rest = np.clip(per_chip.sum(axis=1) - per_chip[:, order].sum(axis=1), 0.0, None)
    values = np.column_stack([per_chip[:, order], rest])
    chip_ids = tuple(projection.chip_ids[i] for i in order)
    vendors = tuple(projection.vendor_ids[projection.chip_vendor_index[i]] for i in order)
    return StackFrame(
        positions=projection.years.astype(np.float64),
        labels=tuple(str(int(y)) for y in projection.years),
        keys=(*chip_ids, OTHER_KEY), vendor_keys=(*vendors, ""),
        series=(*(names.get(c, c) for c in chip_ids), OTHER_LABEL),
        values=values, shares=Projection.shares(values), is_history=projection.is_history,
        unit=projection.unit(measure),
    )


def adopter_frame(projection: Projection, measure: Measure, year: int,
                  adopter_names: Mapping[str, str], vendor_names: Mapping[str, str]) -> StackFrame:
    """Each adopter's purchases from each vendor in one year; adopter ``i`` on row ``i``."""
    values = projection.by_adopter_vendor(measure, year)
    n = len(projection.adopter_ids)
    history = bool(projection.is_history[projection.year_index(year)])
    vids = tuple(projection.vendor_ids)
    return StackFrame(
        positions=np.arange(n, dtype=np.float64),
        labels=tuple(adopter_names.get(a, a) for a in projection.adopter_ids),
        keys=vids, vendor_keys=vids, series=tuple(vendor_names.get(v, v) for v in vids),
        values=values, shares=Projection.shares(values),
        is_history=np.full(n, history), unit=projection.unit(measure),
    )


def frame_table(frame: StackFrame, category: str, year: int | None = None,
                primary: str = "share") -> Table:
    """The numbers behind a chart as a :class:`~chipscope.model.table_meta.Table` (the
    columns of :func:`frame_columns`)."""
    return Table.build(frame_columns(frame, category, year, primary))


def frame_columns(frame: StackFrame, category: str, year: int | None = None,
                  primary: str = "share") -> list[tuple[Column, npt.NDArray[Any]]]:
    """The numbers behind a chart, one row per category, as (column, values) pairs: units in
    the column labels and in each :class:`~chipscope.model.table_meta.Column`. No DataFrame:
    the window's table is built from these arrays on every slider tick.

    Parameters
    ----------
    category : name of the first column ("year" or "adopter").
    year : for a one-year chart, the year (added as a column).
    primary : what the chart plots, ``"share"`` or ``"value"``: those columns come right after
        the category and period (the table shows what the chart shows first), then the other
        kind, the share ranges and the total.
    """
    unit = frame.unit
    pairs: list[tuple[Column, npt.NDArray[Any]]] = []
    if year is not None:
        pairs.append((Column("year", "year", "category"),
                      np.full(len(frame.labels), int(year), dtype=np.int64)))
    labels = (frame.positions.astype(np.int64) if category == "year"
              else np.array(frame.labels, dtype=object))
    pairs.append((Column(category, category, "category"), labels))
    pairs.append((Column("period", "period", "text"),
                  np.where(frame.is_history, "history", "projection")))
    named = list(enumerate(zip(frame.keys, frame.series, strict=True)))
    values = [(Column(f"value:{key}", f"{name} ({unit})", "value", unit, name),
               frame.values[:, j]) for j, (key, name) in named]
    shares = [(Column(f"share:{key}", f"{name} share (%)", "share", "%", name),
               frame.shares[:, j] * 100.0) for j, (key, name) in named]
    pairs += shares + values if primary == "share" else values + shares
    if frame.band_lo is not None and frame.band_hi is not None:
        for j, (key, name) in named:
            pairs.append((Column(f"low:{key}", f"{name} share range low (%)", "band", "%", name),
                          frame.band_lo[:, j] * 100.0))
            pairs.append((Column(f"high:{key}", f"{name} share range high (%)", "band", "%",
                                 name), frame.band_hi[:, j] * 100.0))
    pairs.append((Column("total", f"Total ({unit})", "value", unit), frame.totals))
    return pairs
