"""Compare scenarios: each vendor's share per year in several projections, and the differences.

Pure: takes finished :class:`~chipscope.model.projection.Projection` objects (one engine run
per scenario) and lines their vendor shares up in one table. The first scenario is the
reference; every other scenario gets a difference column (its share minus the reference's).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from chipscope.model.projection import Measure, Projection
from chipscope.model.table_meta import Column, Table


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
    years = np.array(sorted({int(y) for p in projections for y in p.years}), dtype=np.int64)
    vendors = _union([list(p.vendor_ids) for p in projections])
    column_of = {v: j for j, v in enumerate(vendors)}
    history = np.ones(len(years), dtype=bool)
    shares: dict[str, npt.NDArray[np.float64]] = {}
    for name, proj in named_projections.items():
        # (T, V) on the common grid: NaN where this projection has no such year or vendor.
        grid = np.full((len(years), len(vendors)), np.nan)
        rows = np.searchsorted(years, proj.years.astype(np.int64))
        cols = np.array([column_of[v] for v in proj.vendor_ids], dtype=np.int64)
        grid[np.ix_(rows, cols)] = proj.vendor_shares(measure)
        shares[name] = grid
        covered = np.zeros(len(years), dtype=bool)
        covered[rows] = proj.is_history
        history &= covered
    columns: dict[str, object] = {
        "year": np.repeat(years, len(vendors)),
        "vendor": np.tile(np.array(vendors, dtype=object), len(years)),
        "is_history": np.repeat(history, len(vendors)),
    }
    for name, grid in shares.items():
        columns[share_column(name)] = grid.ravel()
    reference = shares[next(iter(named_projections))]
    for name in list(named_projections)[1:]:
        columns[diff_column(name)] = (shares[name] - reference).ravel()
    return pd.DataFrame(columns)


def compare_table(table: pd.DataFrame, scenarios: list[str],
                  vendor_names: Mapping[str, str]) -> Table:
    """The difference table as shown and exported: year, vendor name, each scenario's share
    (%), each scenario's difference from the first (percentage points).

    ``table`` is (a row selection of) :func:`compare_vendor_shares`'s result for ``scenarios``.
    """
    pairs: list[tuple[Column, object]] = [
        (Column("year", "Year", "category"), table["year"].to_numpy()),
        (Column("vendor", "Vendor", "category"),
         [vendor_names.get(v, v) for v in table["vendor"]]),
    ]
    for s in scenarios:
        pairs.append((Column(share_column(s), f"{s} share (%)", "share", "%", s),
                      table[share_column(s)].to_numpy() * 100.0))
    for s in scenarios[1:]:
        pairs.append((Column(diff_column(s), f"{s} \u2212 {scenarios[0]} (pp)", "diff", "pp", s),
                      table[diff_column(s)].to_numpy() * 100.0))
    return Table.build(pairs)


def _union(lists: list[list[str]]) -> list[str]:
    out: list[str] = []
    for ids in lists:
        out += [i for i in ids if i not in out]
    return out
