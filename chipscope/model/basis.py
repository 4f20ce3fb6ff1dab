"""The compute basis: projecting with 1 H100e = 989 dense BF16 TFLOP/s (``bf16``, the default)
or 1,979 dense FP8/INT8 TOP/s (``8bit``, Epoch AI's basis).

The dataset converts itself (:meth:`Dataset.with_basis`); the engine then runs unchanged on
it. What is left is the assumptions given in H100e: deal sizes, supply caps and base-year
purchases. A scenario's values are always on its dataset's basis (the bundled data's dense
BF16), so that a saved scenario means the same whichever basis is shown; they are converted
here, each by the factor that keeps the same hardware or the same money:

- a deal's size by its chip's factor (the same chips);
- a vendor's supply cap by its base-year purchases' factor (the same mix of its chips; a
  vendor with no base-year purchases: its chips' mean factor);
- an adopter's base-year purchases by the market's base-year factor, which keeps the budget
  they stand for (purchases x the market's cost per H100e) the same in USD.

Pure (numpy only); the window calls :func:`project_on_basis` on every recompute, and all it adds
to the engine's time is one dictionary copy (the converted dataset, its assumption specs and
the factors are built once per basis and kept).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from chipscope.model import engine
from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.dataset import BASES, Dataset
from chipscope.model.projection import BASIS_LABELS, Projection

__all__ = ["BASES", "BASIS_LABELS", "basis_note", "project_on_basis", "rebase_assumptions"]


def project_on_basis(dataset: Dataset, assumptions: Assumptions, basis: str = "bf16"
                     ) -> Projection:
    """:func:`~chipscope.model.engine.project` with H100e on ``basis``.

    Parameters
    ----------
    dataset : the dataset ``assumptions`` belong to (any basis; the bundled one is ``bf16``).
    assumptions : values on ``dataset``'s basis.
    basis : ``"bf16"`` or ``"8bit"``.

    Returns
    -------
    The projection, with ``basis`` set. Units and spend follow the buyers' choices, which
    compare chips by cost per H100e on the chosen basis.
    """
    target = dataset.with_basis(basis)
    proj = engine.project(target, rebase_assumptions(assumptions, dataset, basis))
    return proj if proj.basis == basis else dataclasses.replace(proj, basis=basis)


def rebase_assumptions(assumptions: Assumptions, dataset: Dataset, basis: str) -> Assumptions:
    """``assumptions`` (on ``dataset``'s basis) with every H100e value on ``basis`` (the
    module docstring says by which factor); the same object when the basis is the same."""
    if basis == dataset.basis:
        return assumptions
    target = dataset.with_basis(basis)
    factors = _factors(dataset, basis, int(assumptions["base_year"]))
    values = dict(assumptions)
    for key, factor in factors.items():
        values[key] = values[key] * factor  # NaN ("none") stays NaN
    return Assumptions(_specs(target), values)


def basis_note(dataset: Dataset, basis: str) -> str:
    """One sentence on the chips whose 8-bit figure is the 2 x BF16 fallback ('' if none or
    on the BF16 basis): shown wherever the 8-bit basis is."""
    missing = dataset.estimated_8bit_chips
    if basis != "8bit" or not missing:
        return ""
    names = dict(zip(dataset.chips["chip_id"], dataset.chips["name"], strict=True))
    return ("On the 8-bit basis, " + ", ".join(names[c] for c in missing)
            + (" has" if len(missing) == 1 else " have")
            + " no dense 8-bit figure in the data: counted at 2 x dense BF16 (an estimate).")


def _specs(dataset: Dataset) -> AssumptionSpecs:
    cached: AssumptionSpecs | None = dataset.__dict__.get("_basis_specs")
    if cached is None:
        cached = AssumptionSpecs.for_dataset(dataset)
        dataset.__dict__["_basis_specs"] = cached
    return cached


def _factors(dataset: Dataset, basis: str, base_year: int) -> dict[str, float]:
    """Assumption key -> the factor that takes its H100e value to ``basis``."""
    cache: dict[tuple[str, int], dict[str, float]] = dataset.__dict__.setdefault(
        "_basis_factors", {})
    key = (basis, base_year)
    if key in cache:
        return cache[key]
    chip = dataset.basis_factors(basis)  # (C,)
    c_pos = {c: i for i, c in enumerate(dataset.chip_ids)}
    out: dict[str, float] = {}
    for deal, cid in zip(dataset.deals["deal_id"], dataset.deals["chip_id"], strict=True):
        out[f"deal.{deal}.size_h100e_per_year"] = float(chip[c_pos[cid]]) if cid else 1.0
    years = dataset.history_years
    year = int(np.clip(base_year, years[0], years[-1])) - int(years[0])
    source = dataset.history_cube("h100e")[year].sum(axis=0)  # (C,) base-year purchases
    converted = source * chip
    vendor_of = dataset.chip_vendor_index
    for v, vid in enumerate(dataset.vendor_ids):
        mine = vendor_of == v
        bought = float(source[mine].sum())
        factor = (float(converted[mine].sum()) / bought if bought > 0
                  else float(np.mean(chip[mine])) if mine.any() else 1.0)
        out[f"vendor.{vid}.supply_cap_h100e"] = factor
    market = float(converted.sum()) / max(float(source.sum()), 1e-12)
    for aid in dataset.adopter_ids:
        out[f"adopter.{aid}.base_demand_h100e"] = market
    cache[key] = out
    return out

