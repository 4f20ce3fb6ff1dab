"""The engine's result: history joined to the projection, as arrays, with tidy views.

Arrays are indexed (year, adopter, chip) in the dataset's order. Aggregations are cheap numpy
reductions so the UI can call them on every slider tick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

Measure = Literal["h100e", "units", "spend_usd"]
MEASURES: tuple[Measure, ...] = ("h100e", "units", "spend_usd")
MEASURE_LABELS: dict[str, str] = {
    "h100e": "Compute (H100e)",
    "units": "Units (chips)",
    "spend_usd": "Spend (USD)",
}
MEASURE_UNITS: dict[str, str] = {"h100e": "H100e", "units": "chips", "spend_usd": "USD"}
BASIS_LABELS: dict[str, str] = {"bf16": "dense BF16", "8bit": "dense 8-bit"}
"""The compute basis as shown after "H100e" (the same as :data:`dataset.BASIS_LABELS`)."""


def measure_unit(measure: str, basis: str = "bf16") -> str:
    """The unit of ``measure`` as shown, with the basis for compute: "H100e, dense 8-bit"."""
    unit = MEASURE_UNITS[measure]
    return f"{unit}, {BASIS_LABELS[basis]}" if measure == "h100e" else unit


def measure_label(measure: str, basis: str = "bf16") -> str:
    """The measure's name with its unit: "Compute (H100e, dense 8-bit)", "Units (chips)"."""
    return f"{MEASURE_LABELS[measure].split(' (')[0]} ({measure_unit(measure, basis)})"

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Projection:
    """History (years up to ``base_year``) and projection (after it) of purchases.

    Attributes
    ----------
    years : (T,) int array, consecutive calendar years.
    is_history : (T,) bool array, True up to and including ``base_year``.
    h100e, units, spend_usd : (T, A, C) purchases of each chip by each adopter in each year.
    demand_h100e, unmet_h100e : (T, A) what each adopter wanted, and what no vendor could serve.
    committed_h100e : (T, A) H100e per year of each adopter's active deals (0 in history and
        when the engine did not say). More than ``demand_h100e`` means the deals were scaled
        down to fit the demand (see :func:`chipscope.model.notes.projection_notes`).
    minimum_share : (T, A) the share of each adopter's purchases its minimum shares reserve
        (0..1; 0 in history); deals share the rest.
    budget_usd : (T, A) each adopter's accelerator budget: its spend in history years, and in
        projected years the budget its demand follows from (after hosted deals are carved out).
    basis : what 1 H100e is in ``h100e``, ``demand_h100e`` and the other H100e arrays:
        ``bf16`` (989 dense BF16 TFLOP/s) or ``8bit`` (1,979 dense FP8/INT8); see
        :meth:`unit` and :meth:`label` for how to show it.
    band_p5, band_p95 : measure -> (T, V) 5th / 95th percentile of purchases per vendor in
        history years (sum of the source's per-row percentiles; NaN where there is none and
        in projected years).
    """

    years: npt.NDArray[np.int64]
    base_year: int
    is_history: npt.NDArray[np.bool_]
    adopter_ids: tuple[str, ...]
    vendor_ids: tuple[str, ...]
    chip_ids: tuple[str, ...]
    chip_vendor_index: npt.NDArray[np.int64]
    h100e: F64
    units: F64
    spend_usd: F64
    demand_h100e: F64
    unmet_h100e: F64
    band_p5: dict[str, F64] = field(default_factory=dict)
    band_p95: dict[str, F64] = field(default_factory=dict)
    committed_h100e: F64 | None = None
    minimum_share: F64 | None = None
    budget_usd: F64 | None = None
    basis: str = "bf16"

    # --- lookup ---------------------------------------------------------------------------
    def measure(self, measure: Measure) -> F64:
        """(T, A, C) array of one measure."""
        if measure not in MEASURES:
            raise ValueError(f"measure: {measure!r} is not one of {', '.join(MEASURES)}")
        arr: F64 = getattr(self, measure)
        return arr

    def unit(self, measure: str) -> str:
        """The unit of ``measure`` as shown, with this projection's basis for compute."""
        return measure_unit(measure, self.basis)

    def label(self, measure: str) -> str:
        """"Compute (H100e, dense BF16)", "Spend (USD)": axis labels, titles, menus."""
        return measure_label(measure, self.basis)

    def year_index(self, year: int) -> int:
        idx = int(year) - int(self.years[0])
        if not 0 <= idx < len(self.years):
            raise ValueError(
                f"year: {year} is outside {int(self.years[0])}-{int(self.years[-1])}"
            )
        return idx

    @property
    def _vendor_onehot(self) -> F64:
        cached: F64 | None = self.__dict__.get("_onehot")
        if cached is None:
            cached = np.zeros((len(self.chip_ids), len(self.vendor_ids)))
            cached[np.arange(len(self.chip_ids)), self.chip_vendor_index] = 1.0
            object.__setattr__(self, "_onehot", cached)
        return cached

    # --- aggregations ---------------------------------------------------------------------
    def by_vendor(self, measure: Measure = "h100e") -> F64:
        """(T, V) purchases per vendor per year."""
        out: F64 = self.measure(measure).sum(axis=1) @ self._vendor_onehot
        return out

    def by_chip(self, measure: Measure = "h100e") -> F64:
        """(T, C) purchases per chip per year."""
        out: F64 = self.measure(measure).sum(axis=1)
        return out

    def by_adopter_vendor(self, measure: Measure, year: int) -> F64:
        """(A, V) purchases of each adopter from each vendor in one year."""
        out: F64 = self.measure(measure)[self.year_index(year)] @ self._vendor_onehot
        return out

    def total(self, measure: Measure = "h100e") -> F64:
        """(T,) market total per year."""
        out: F64 = self.measure(measure).sum(axis=(1, 2))
        return out

    @staticmethod
    def shares(values: F64) -> F64:
        """Normalise along the last axis; rows that sum to 0 stay 0."""
        tot = values.sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            out: F64 = np.where(tot > 0, values / np.where(tot > 0, tot, 1.0), 0.0)
        return out

    def vendor_shares(self, measure: Measure = "h100e") -> F64:
        """(T, V) each vendor's share of each year's purchases."""
        return self.shares(self.by_vendor(measure))

    def top_chips(self, measure: Measure = "h100e", n: int = 8) -> tuple[list[int], F64]:
        """The ``n`` chips with the most purchases over all years, and a (T, n + 1) array of
        their purchases with the rest grouped in the last column."""
        per_chip = self.by_chip(measure)
        order = list(np.argsort(-per_chip.sum(axis=0), kind="stable")[:n])
        rest = per_chip.sum(axis=1) - per_chip[:, order].sum(axis=1)
        return order, np.column_stack([per_chip[:, order], np.clip(rest, 0.0, None)])

    # --- tidy views -----------------------------------------------------------------------
    def to_frame(self, drop_zero: bool = True) -> pd.DataFrame:
        """Tidy table: year, adopter, vendor, chip, h100e, units, spend_usd, is_history."""
        t, a, c = np.meshgrid(
            np.arange(len(self.years)), np.arange(len(self.adopter_ids)),
            np.arange(len(self.chip_ids)), indexing="ij",
        )
        frame = pd.DataFrame({
            "year": self.years[t.ravel()],
            "adopter": np.asarray(self.adopter_ids, dtype=object)[a.ravel()],
            "vendor": np.asarray(self.vendor_ids, dtype=object)[
                self.chip_vendor_index[c.ravel()]],
            "chip": np.asarray(self.chip_ids, dtype=object)[c.ravel()],
            "h100e": self.h100e.ravel(),
            "units": self.units.ravel(),
            "spend_usd": self.spend_usd.ravel(),
            "is_history": self.is_history[t.ravel()],
        })
        if drop_zero:
            frame = frame[(frame["h100e"] > 0) | (frame["units"] > 0)]
        return frame.reset_index(drop=True)
