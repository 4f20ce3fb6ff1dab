"""Compare scenarios: each vendor's share per year in several projections, and the differences.

Pure: takes finished :class:`~chipscope.model.projection.Projection` objects (one engine run
per scenario) and lines their vendor shares up in one table. The first scenario is the
reference; every other scenario gets a difference column (its share minus the reference's).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from chipscope.model.projection import Measure, Projection


def share_column(name: str) -> str:
    """Column holding scenario ``name``'s share (0..1) in :func:`compare_vendor_shares`."""
    return f"share: {name}"


def diff_column(name: str) -> str:
    """Column holding scenario ``name``'s share minus the first scenario's (in share points,
    -1..1) in :func:`compare_vendor_shares`."""
    return f"diff: {name}"


def compare_vendor_shares(named_projections: Mapping[str, Projection],
                          measure: Measure = "h100e") -> pd.DataFrame:
    """Each vendor's share of each year's purchases in several scenarios, side by side.

    Parameters
    ----------
    named_projections : Mapping[str, Projection]
        Scenario name -> its projection, in display order; the first is the reference. At
        least one.
    measure : {"h100e", "units", "spend_usd"}
        Which measure the shares are of.

    Returns
    -------
    pandas.DataFrame
        One row per (year, vendor), years ascending, vendors in the first projection's order
        (vendors only another projection has follow). Columns:

        * ``year`` (int), ``vendor`` (vendor id);
        * ``is_history`` (bool): the year is history in every scenario;
        * :func:`share_column` ``(name)`` for every scenario: the share, 0..1;
        * :func:`diff_column` ``(name)`` for every scenario after the first: its share minus
          the first scenario's.

        A year one scenario does not cover (a shorter horizon) has NaN in its columns.

    Raises
    ------
    ValueError
        If no projection is given or ``measure`` is unknown.
    """
    if not named_projections:
        raise ValueError("named_projections: give at least one scenario to compare")
    projections = list(named_projections.values())
    years = sorted({int(y) for p in projections for y in p.years})
    vendors = _union([list(p.vendor_ids) for p in projections])
    grid = pd.MultiIndex.from_product([years, vendors], names=["year", "vendor"])
    columns: dict[str, pd.Series] = {}
    history = pd.Series(True, index=grid)
    for name, proj in named_projections.items():
        own = pd.MultiIndex.from_product([proj.years.astype(int).tolist(),
                                          list(proj.vendor_ids)], names=["year", "vendor"])
        shares = pd.Series(proj.vendor_shares(measure).ravel(), index=own)
        columns[share_column(name)] = shares.reindex(grid)
        is_hist = pd.Series(proj.is_history, index=proj.years.astype(int))
        history &= is_hist.reindex(grid.get_level_values("year"), fill_value=False).to_numpy()
    reference = columns[share_column(next(iter(named_projections)))]
    for name in list(named_projections)[1:]:
        columns[diff_column(name)] = columns[share_column(name)] - reference
    frame = pd.DataFrame(columns, index=grid)
    frame.insert(0, "is_history", history.to_numpy(dtype=bool))
    frame = frame.reset_index()
    frame["year"] = frame["year"].astype(np.int64)
    return frame


def _union(lists: list[list[str]]) -> list[str]:
    out: list[str] = []
    for ids in lists:
        out += [i for i in ids if i not in out]
    return out
