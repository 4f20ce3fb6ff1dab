"""The Checks table: the projection's spend per vendor beside the public record, as a frame.

Pure (it runs on the window's background worker): the rows, texts and comparable figures are
prepared once per set of vendors and years (:class:`CheckRows`, over a
:class:`~chipscope.model.market_check.CheckPlan`); each update (:func:`compute_checks`) is one
matrix product and three columns. :data:`CHECK_FORMATS` says how each column is written, so
the view formats by column, not by parsing header text.
"""

from __future__ import annotations

import html
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chipscope.model.dataset import Dataset
from chipscope.model.market_check import CheckPlan, gap_pct, reading, short_period
from chipscope.model.projection import Projection
from chipscope.model.provenance import source_text

CHECK_FORMATS: dict[str, str] = {
    "Modelled ($B)": "{:,.1f}",
    "Reported ($B)": "{:,.1f}",
    "Annual ($B)": "{:,.1f}",
    "Chips part (%)": "{:.0f}",
    "Comparable ($B)": "{:,.1f}",
    "Gap (%)": "{:+.0f}",
}
"""Number format of each numeric column (one decimal for $B, whole signed % for gaps)."""


@dataclass(frozen=True)
class CheckRows:
    """What does not move with the sliders: the plan, the fixed columns and the row tooltips.
    Made again only when the projection's vendors or years change."""

    plan: CheckPlan
    static: pd.DataFrame
    tips: tuple[str, ...]

    @classmethod
    def prepare(cls, dataset: Dataset, reported: pd.DataFrame, proj: Projection) -> CheckRows:
        plan = CheckPlan.prepare(reported, proj.vendor_ids, proj.years)
        rows = plan.rows
        base = proj.base_year
        nan = np.full(len(rows), np.nan)
        static = pd.DataFrame({
            "Year": [f"{y}" if y <= base else f"{y} (projected)" for y in rows["year"]],
            "Vendor group": rows["vendor_group"],
            "Figure": [f"{m}, {short_period(p)}" for m, p in
                       zip(rows["metric"], rows["period"], strict=True)],
            "Modelled ($B)": nan,
            "Reported ($B)": rows["reported_usd"] / 1e9,
            "Annual ($B)": rows["annual_usd"] / 1e9,
            "Chips part (%)": rows["comparable_fraction"] * 100.0,
            "Comparable ($B)": rows["comparable_usd"] / 1e9,
            "Gap (%)": nan,
            "Reading": [""] * len(rows),
            "Confidence": rows["confidence"],
            "Source": rows["source_id"],
        })
        tips = tuple(_tip(dataset, r) for r in rows.itertuples(index=False))
        return cls(plan, static, tips)


@dataclass(frozen=True)
class CheckResult:
    """One update of the table: the projection it is for, the rows it used, the frame to show."""

    projection: Projection
    rows: CheckRows
    frame: pd.DataFrame
    compute_ms: float


def compute_checks(dataset: Dataset, reported: pd.DataFrame, rows: CheckRows | None,
                   proj: Projection) -> CheckResult:
    """The table for ``proj``: the modelled column, the gaps and the readings, beside the
    fixed columns of ``rows`` (prepared again if they do not fit ``proj``). Pure."""
    start = time.perf_counter()
    if rows is None or not rows.plan.fits(proj):
        rows = CheckRows.prepare(dataset, reported, proj)
    plan = rows.plan
    modelled = plan.modelled_usd(proj)
    gap = gap_pct(modelled, plan.comparable_usd)
    frame = rows.static.copy()
    frame["Modelled ($B)"] = modelled / 1e9
    frame["Gap (%)"] = gap
    frame["Reading"] = [reading(c, g) for c, g in zip(plan.rows["comparison"], gap, strict=True)]
    return CheckResult(proj, rows, frame, (time.perf_counter() - start) * 1000.0)


def _tip(dataset: Dataset, r: Any) -> str:
    months = int(r.period_months)
    annual = ("" if months == 12 else
              f" \u00d7 12 / {months} months = ${r.annual_usd / 1e9:,.1f}B a year")
    if math.isfinite(r.comparable_fraction):
        part = (f"Comparable part: {r.comparable_fraction:.3g} \u2192 "
                f"${r.comparable_usd / 1e9:,.1f}B. {r.fraction_derivation}")
    else:
        part = f"Not compared ({r.comparison}). {r.fraction_derivation}"
    lines = [
        f"{r.vendor_group}: {r.metric}, {r.period} ({r.kind})",
        f"Reported: ${r.reported_usd / 1e9:,.2f}B{annual}",
        f"Compared with: {r.vendor_ids.replace('+', ' + ')} in {r.year}",
        f"Basis: {r.basis}",
        f"Period: {r.period_note}",
        part,
        f"Source: {source_text(dataset, str(r.source_id))}",
        f"Confidence: {r.confidence}",
    ]
    return "<p>" + "</p><p>".join(html.escape(line) for line in lines) + "</p>"
