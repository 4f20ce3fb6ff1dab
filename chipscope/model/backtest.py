"""Back-test: project from an earlier base year and score the later history years.

Pure (numpy/pandas). Written against the engine's public API only
(``project(dataset, assumptions) -> Projection``), so it keeps working when the engine changes.

Shares are compute shares (H100e) per vendor. Spend on both sides is units x each chip's
reference price (``chips.price_usd``): that is how the engine values history years (history
must not move with the price sliders), so the modelled years are valued the same way. The
spend error then measures the error in the units and chip mix the model buys, not the price
path; the projection's own prices (``Projection.spend_usd``) are not used here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.projection import F64, Projection

COLUMNS = ("year", "vendor", "modelled_share_pct", "history_share_pct", "error_pp",
           "modelled_spend_usd", "history_spend_usd", "spend_error_pct")
MIN_HISTORY_YEARS = 3
"""A back-test needs a base year after the first history year and a later year to score."""


def base_year_range(dataset: Dataset) -> tuple[int, int]:
    """The base years a back-test can start from: the second to the second-last history
    year. Raises ValueError (one sentence) when the history is too short for any."""
    years = [int(y) for y in dataset.history_years]
    if len(years) < MIN_HISTORY_YEARS:
        span = f"{years[0]}-{years[-1]}" if years else "empty"
        raise ValueError(
            f"the dataset's history ({span}) is too short: a back-test or a calibration needs "
            f"at least {MIN_HISTORY_YEARS} history years")
    return years[1], years[-2]


def check_base_year(dataset: Dataset, base_year: int) -> None:
    """Raise ValueError, naming the allowed range, unless ``base_year`` can be back-tested."""
    first, last = base_year_range(dataset)
    if not first <= base_year <= last:
        years = dataset.history_years
        raise ValueError(
            f"base year {base_year} cannot be back-tested: choose {first} to {last} (the "
            f"history runs {int(years[0])}-{int(years[-1])}; the base year needs a history "
            "year before it and one after it)")


def history_projection(dataset: Dataset, assumptions: Assumptions | None = None) -> Projection:
    """The projection from the last history year: its history years are what is scored."""
    a = assumptions or AssumptionSpecs.for_dataset(dataset).defaults()
    last = int(dataset.history_years[-1])
    return project(dataset, a.replace({"base_year": last, "horizon_year": last + 1}))


def reference_spend_by_vendor(dataset: Dataset, proj: Projection) -> F64:
    """(T, V) spend in USD at each chip's reference price (the basis of history spend)."""
    price = dataset.chips.set_index("chip_id")["price_usd"].reindex(list(proj.chip_ids))
    units_by_chip = proj.units.sum(axis=1)  # (T, C)
    onehot = np.zeros((len(proj.chip_ids), len(proj.vendor_ids)))
    onehot[np.arange(len(proj.chip_ids)), proj.chip_vendor_index] = 1.0
    out: F64 = (units_by_chip * price.to_numpy(np.float64)[None, :]) @ onehot
    return out


@dataclass(frozen=True)
class _Side:
    years: list[int]
    shares: F64  # (T, V)
    spend: F64  # (T, V)


def _side(dataset: Dataset, proj: Projection) -> _Side:
    return _Side([int(y) for y in proj.years], proj.vendor_shares("h100e"),
                 reference_spend_by_vendor(dataset, proj))


def backtest(dataset: Dataset, assumptions: Assumptions) -> pd.DataFrame:
    """Project from ``assumptions["base_year"]`` to the last history year and compare.

    Returns
    -------
    DataFrame with :data:`COLUMNS`: one row per later history year and vendor with a share in
    the model or in the history. Shares in %, errors in percentage points (model - history);
    ``spend_error_pct`` is (model / history - 1) in %, NaN where the history has no spend.
    """
    base = int(assumptions["base_year"])
    check_base_year(dataset, base)
    last = int(dataset.history_years[-1])
    # The horizon cannot be a history year (its spec starts after the history): project one
    # year past the history and score the history years only.
    model = _side(dataset, project(dataset, assumptions.replace({"horizon_year": last + 1})))
    hist = _side(dataset, history_projection(dataset, assumptions))
    rows = []
    for year in range(base + 1, last + 1):
        m, h = model.years.index(year), hist.years.index(year)
        for v, vendor in enumerate(dataset.vendor_ids):
            ms, hs = float(model.shares[m, v]), float(hist.shares[h, v])
            if ms <= 0 and hs <= 0:
                continue
            mu, hu = float(model.spend[m, v]), float(hist.spend[h, v])
            rows.append((year, vendor, 100 * ms, 100 * hs, 100 * (ms - hs), mu, hu,
                         100 * (mu / hu - 1) if hu > 0 else np.nan))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def vendor_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per vendor: mean absolute share error (pp) over the scored years and the error of its
    total spend over those years (%); vendors in the order they first appear."""
    g = frame.groupby("vendor", sort=False)
    out = pd.DataFrame({
        "mean_abs_error_pp": g["error_pp"].apply(lambda s: float(s.abs().mean())),
        "modelled_spend_usd": g["modelled_spend_usd"].sum(),
        "history_spend_usd": g["history_spend_usd"].sum(),
    })
    hist = out["history_spend_usd"]
    out["spend_error_pct"] = np.where(hist > 0, 100 * (out["modelled_spend_usd"]
                                                        / hist.where(hist > 0, 1.0) - 1), np.nan)
    return out.reset_index()


def overall(frame: pd.DataFrame) -> dict[str, float]:
    """The back-test in three numbers.

    ``mean_abs_error_pp``: mean absolute share error over the vendor-years listed;
    ``misallocated_pct``: half the sum of absolute share errors in a year (the share of the
    market's compute the model gives to the wrong vendor), averaged over the scored years;
    ``spend_error_pct``: total modelled spend over the scored years against the history's.
    """
    per_year = frame.groupby("year")["error_pp"].apply(lambda s: float(s.abs().sum()) / 2)
    hist = float(frame["history_spend_usd"].sum())
    return {
        "mean_abs_error_pp": float(frame["error_pp"].abs().mean()),
        "misallocated_pct": float(per_year.mean()),
        "spend_error_pct": (100 * (float(frame["modelled_spend_usd"].sum()) / hist - 1)
                            if hist > 0 else float("nan")),
    }
