"""Named outputs of a projection, for a tornado, a sweep or an ensemble: "share:aws:2030".

A metric is ``<kind>:<vendor>:<year>``: ``share`` (the vendor's share of the year's purchases
in H100e, %), ``h100e`` (its purchases, H100e), ``units`` (chips) or ``spend`` (USD).
:func:`parse_metric` checks a name against a dataset; :meth:`Metric.value_single` reads it
from one :class:`~chipscope.model.projection.Projection`, :meth:`Metric.value` from many
draws at once (an ensemble's arrays, shaped (draws, years, vendors)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from chipscope.model.arrays import F64
from chipscope.model.dataset import Dataset
from chipscope.model.invisible import in_a_number
from chipscope.model.projection import Projection
from chipscope.model.text_rules import shortened

KINDS: dict[str, tuple[str, str]] = {
    "share": ("h100e", "%"),
    "h100e": ("h100e", "H100e"),
    "units": ("units", "chips"),
    "spend": ("spend_usd", "USD"),
}
"""Metric kind -> (the projection's measure it reads, its unit)."""

LAST_YEAR = 2040
"""The latest year a metric may name (the horizon's upper bound)."""


class ManyVendorArrays(Protocol):
    """What :meth:`Metric.value` needs of an ensemble's per-draw result."""

    @property
    def years(self) -> npt.NDArray[np.int64]: ...
    @property
    def vendor_ids(self) -> tuple[str, ...]: ...
    @property
    def h100e(self) -> F64: ...
    @property
    def units(self) -> F64: ...
    @property
    def spend_usd(self) -> F64: ...


@dataclass(frozen=True)
class Metric:
    """One output: a vendor's share, compute, units or spend in one year."""

    kind: str
    vendor_id: str
    year: int
    vendor_name: str = ""

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.vendor_id}:{self.year}"

    @property
    def unit(self) -> str:
        return KINDS[self.kind][1]

    @property
    def label(self) -> str:
        """"AWS share of purchases 2030 (%)", on one line (a name's line break must not split
        the report's first line: pass 79, F1)."""
        from chipscope.model.export_meta import one_line

        what = {"share": "share of purchases (H100e)", "h100e": "purchases",
                "units": "units", "spend": "spend"}[self.kind]
        return f"{one_line(self.vendor_name or self.vendor_id)} {what} {self.year} ({self.unit})"

    def value_single(self, projection: Projection) -> float:
        """The metric in one projection, in :attr:`unit`."""
        measure = KINDS[self.kind][0]
        t = _year_index(projection.years, self.year, self.name)
        v = _vendor_index(projection.vendor_ids, self.vendor_id, self.name)
        per_vendor = projection.by_vendor(measure)[t]  # type: ignore[arg-type]
        return float(self._pick(per_vendor[None, :], v)[0])

    def value(self, many: ManyVendorArrays) -> F64:
        """(N,) the metric in each of N draws; ``many``'s arrays are (N, years, vendors)."""
        measure = KINDS[self.kind][0]
        t = _year_index(many.years, self.year, self.name)
        v = _vendor_index(many.vendor_ids, self.vendor_id, self.name)
        arr: F64 = getattr(many, measure)
        return self._pick(arr[:, t, :], v)

    def _pick(self, per_vendor: F64, v: int) -> F64:
        """(N,) from (N, V) purchases of one year: the vendor's amount or its share in %."""
        if self.kind != "share":
            out: F64 = per_vendor[:, v].astype(np.float64)
            return out
        total = per_vendor.sum(axis=1)
        safe = np.where(total > 0, total, 1.0)
        share: F64 = np.where(total > 0, 100.0 * per_vendor[:, v] / safe, 0.0)
        return share


def _year_index(years: npt.NDArray[np.int64], year: int, name: str) -> int:
    first, last = int(years[0]), int(years[-1])
    if not first <= year <= last:
        raise ValueError(f"metric {name!r}: {year} is outside the projection's years "
                         f"{first}-{last} (move the horizon or pick another year)")
    return year - first


def _vendor_index(vendor_ids: tuple[str, ...] | list[str], vendor: str, name: str) -> int:
    try:
        return list(vendor_ids).index(vendor)
    except ValueError:
        raise ValueError(f"metric {name!r}: vendor {vendor!r} is not in the result") from None


def parse_metric(text: str, dataset: Dataset) -> Metric:
    """Parse ``<kind>:<vendor>:<year>`` (``share:aws:2030``); ValueError, one sentence
    naming the bad part and listing the valid ones, otherwise. The vendor may be given by id
    or by name, in any case."""
    shown = shortened(text)  # never echo a huge value
    parts = [p.strip()[:60] for p in text.strip().split(":")]
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"metric {shown!r}: expected KIND:VENDOR:YEAR, e.g. share:nvidia:2030 "
                         f"(kinds: {', '.join(KINDS)})")
    kind, vendor, year_text = parts
    kind = kind.lower()
    if kind not in KINDS:
        raise ValueError(f"metric {shown!r}: unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    ids = list(dataset.vendor_ids)
    names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    by_lower = {v.lower(): v for v in ids} | {str(n).lower(): v for v, n in names.items()}
    vid = by_lower.get(vendor.lower())
    if vid is None:
        raise ValueError(f"metric {shown!r}: unknown vendor {vendor!r} "
                         f"(vendors: {', '.join(ids)})")
    first = int(dataset.history_years[0])
    if not (year_text.isascii() and year_text.isdigit()) \
            or not first <= int(year_text) <= LAST_YEAR:
        advice = f": {why}" if (why := in_a_number(year_text)) else ""  # \uff12\uff10\uff13\uff10
        raise ValueError(f"metric {shown!r}: year {year_text!r} is not a year from {first} "
                         f"to {LAST_YEAR}{advice}")
    return Metric(kind, vid, int(year_text), str(names.get(vid, vid)))
