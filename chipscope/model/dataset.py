"""The in-memory dataset: chips, vendors, adopters, access, deals, history and sources.

Pure: built from pandas DataFrames (storage reads them from CSV or SQLite), validated here, and
exposed to the engine as numpy arrays. The table layouts in :data:`TABLES` are the single
definition of the columns used by the CSV sources, the SQLite schema and the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

H100_DENSE_BF16_TFLOPS = 989.0
"""H100 SXM dense BF16 TFLOP/s: the unit of compute (1 H100e), as Epoch AI uses it."""

ColumnType = Literal["str", "int", "float", "bool"]


@dataclass(frozen=True)
class Column:
    """One column of a dataset table."""

    name: str
    type: ColumnType
    required: bool = True
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] | None = None
    references: str | None = None  # "table.column" this column must match
    help: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    help: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


CONFIDENCE = ("high", "medium", "low")
_SRC = Column("source_id", "str", references="sources.source_id", help="Row's source")
_CONF = Column("confidence", "str", choices=CONFIDENCE, help="high | medium | low")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources",
            ("source_id",),
            (
                Column("source_id", "str"),
                Column("citation", "str"),
                Column("url", "str", required=False),
                Column("retrieved", "str", help="Date the copy was taken, YYYY-MM-DD"),
                Column("licence", "str"),
            ),
            "Every source cited by another table.",
        ),
        Table(
            "vendors",
            ("vendor_id",),
            (
                Column("vendor_id", "str"),
                Column("name", "str"),
                Column("kind", "str", choices=("merchant", "hyperscaler custom", "startup")),
                Column("colour", "str", help="#rrggbb, colour-blind-safe palette"),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
            ),
        ),
        Table(
            "chips",
            ("chip_id",),
            (
                Column("chip_id", "str"),
                Column("vendor_id", "str", references="vendors.vendor_id"),
                Column("name", "str"),
                Column("launch_year", "int", lo=2000, hi=2040),
                Column("dense_bf16_tflops", "float", lo=1, hi=100_000,
                       help="Dense (no sparsity) BF16/FP16 tensor TFLOP/s"),
                Column("memory_gb", "float", required=False, lo=0, hi=10_000),
                Column("bandwidth_tbs", "float", required=False, lo=0, hi=100_000),
                Column("tdp_w", "float", required=False, lo=1, hi=100_000),
                Column("price_usd", "float", lo=100, hi=10_000_000,
                       help="Reference price per chip (USD)"),
                Column("price_year", "int", lo=2000, hi=2040),
                Column("price_is_estimate", "bool"),
                Column("price_derivation", "str", help="Where the price comes from"),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
            ),
        ),
        Table(
            "adopters",
            ("adopter_id",),
            (
                Column("adopter_id", "str"),
                Column("name", "str"),
                Column("kind", "str", choices=("AI lab", "hyperscaler", "region", "other")),
                Column("derivation", "str", help="How the adopter's purchases were derived"),
                _SRC,
                _CONF,
            ),
        ),
        Table(
            "access",
            ("adopter_id", "vendor_id"),
            (
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("vendor_id", "str", references="vendors.vendor_id"),
                Column("access", "float", lo=0, hi=1,
                       help="0: cannot buy or rent; 1: full access"),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
            ),
        ),
        Table(
            "deals",
            ("deal_id",),
            (
                Column("deal_id", "str"),
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("vendor_id", "str", references="vendors.vendor_id"),
                Column("chip_id", "str", required=False, references="chips.chip_id"),
                Column("first_year", "int", lo=2000, hi=2045),
                Column("last_year", "int", lo=2000, hi=2045),
                Column("amount", "float", lo=0),
                Column("amount_unit", "str", choices=("h100e", "units", "GW", "USD")),
                Column("h100e_per_year", "float", lo=0,
                       help="Committed purchases per year, converted to H100e"),
                Column("conversion", "str", help="How amount became h100e_per_year"),
                Column("description", "str"),
                _SRC,
                _CONF,
            ),
        ),
        Table(
            "history",
            ("year", "adopter_id", "chip_id"),
            (
                Column("year", "int", lo=2000, hi=2040),
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("chip_id", "str", references="chips.chip_id"),
                Column("units", "float", lo=0),
                Column("units_p5", "float", required=False, lo=0),
                Column("units_p95", "float", required=False, lo=0),
                Column("h100e", "float", lo=0),
                Column("h100e_p5", "float", required=False, lo=0),
                Column("h100e_p95", "float", required=False, lo=0),
                Column("derivation", "str"),
                _SRC,
                _CONF,
            ),
        ),
        Table(
            "meta",
            ("key",),
            (Column("key", "str"), Column("value", "str")),
            "Dataset name, date and version.",
        ),
    )
}


class DatasetError(ValueError):
    """The dataset is malformed. ``problems`` lists each one ("table, row N, column: why")."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = problems[0] if problems else "invalid dataset"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(head + more)


def _row_label(table: str, idx: Any, row_offset: int) -> str:
    # row_offset: how to turn a 0-based frame index into the line the user sees (CSV: +2).
    try:
        return f"{table}, line {int(idx) + row_offset}"
    except (TypeError, ValueError):
        return f"{table}, row {idx}"


def check_table(name: str, frame: pd.DataFrame, row_offset: int = 2) -> list[str]:
    """Check one table's columns, types, ranges and choices. Returns a list of problems."""
    table = TABLES[name]
    problems: list[str] = []
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        return [f"{name}: missing column(s) {', '.join(missing)}"]
    for col in table.columns:
        series = frame[col.name]
        empty = series.isna() | (series.astype(str).str.strip() == "")
        if col.required:
            for idx in series.index[empty]:
                problems.append(f"{_row_label(name, idx, row_offset)}, column {col.name}: empty")
        present = series[~empty]
        if col.type in ("int", "float"):
            numeric = pd.to_numeric(present, errors="coerce")
            for idx in numeric.index[numeric.isna()]:
                problems.append(
                    f"{_row_label(name, idx, row_offset)}, column {col.name}: "
                    f"{present[idx]!r} is not a number"
                )
            numeric = numeric.dropna()
            if col.type == "int":
                for idx in numeric.index[(numeric % 1) != 0]:
                    problems.append(
                        f"{_row_label(name, idx, row_offset)}, column {col.name}: "
                        f"{present[idx]!r} is not a whole number"
                    )
            bad = pd.Series(False, index=numeric.index)
            if col.lo is not None:
                bad |= numeric < col.lo
            if col.hi is not None:
                bad |= numeric > col.hi
            for idx in numeric.index[bad]:
                problems.append(
                    f"{_row_label(name, idx, row_offset)}, column {col.name}: {numeric[idx]:g} "
                    f"is outside [{col.lo if col.lo is not None else '-inf'}, "
                    f"{col.hi if col.hi is not None else 'inf'}]"
                )
        elif col.type == "bool":
            ok = present.astype(str).str.lower().isin(["true", "false", "1", "0"])
            for idx in present.index[~ok]:
                problems.append(
                    f"{_row_label(name, idx, row_offset)}, column {col.name}: "
                    f"{present[idx]!r} is not true/false"
                )
        if col.choices is not None:
            ok = present.astype(str).isin(col.choices)
            for idx in present.index[~ok]:
                problems.append(
                    f"{_row_label(name, idx, row_offset)}, column {col.name}: {present[idx]!r} "
                    f"is not one of {', '.join(col.choices)}"
                )
    dup = frame.duplicated(subset=list(table.key), keep="first")
    for idx in frame.index[dup]:
        key = ", ".join(f"{k}={str(frame.at[idx, k])}" for k in table.key)
        problems.append(f"{_row_label(name, idx, row_offset)}: duplicate key ({key})")
    return problems


def coerce_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return the table's columns with their declared types (call after :func:`check_table`)."""
    table = TABLES[name]
    out = pd.DataFrame(index=frame.index)
    for col in table.columns:
        series = frame[col.name]
        if col.type == "str":
            out[col.name] = series.where(series.notna(), "").astype(str).str.strip()
        elif col.type == "bool":
            out[col.name] = series.astype(str).str.lower().isin(["true", "1"])
        elif col.type == "int":
            out[col.name] = pd.to_numeric(series).astype("int64")
        else:
            out[col.name] = pd.to_numeric(series, errors="coerce").astype("float64")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Dataset:
    """A validated dataset. Build with :meth:`from_frames`; never mutate the frames."""

    frames: dict[str, pd.DataFrame] = field(repr=False)

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame], row_offset: int = 2) -> Dataset:
        """Validate and type the raw tables; raise :class:`DatasetError` listing every problem.

        ``row_offset`` turns a frame's 0-based index into the line a user sees (2 for a CSV
        with a header line).
        """
        problems: list[str] = []
        for name in TABLES:
            if name not in frames:
                problems.append(f"{name}: table is missing")
                continue
            problems += check_table(name, frames[name], row_offset)
        if problems:
            raise DatasetError(problems)
        typed = {name: coerce_table(name, frames[name]) for name in TABLES}
        problems = check_relations(typed)
        if problems:
            raise DatasetError(problems)
        return cls(typed)

    # --- tables -----------------------------------------------------------------------------
    @property
    def sources(self) -> pd.DataFrame:
        return self.frames["sources"]

    @property
    def vendors(self) -> pd.DataFrame:
        return self.frames["vendors"]

    @property
    def chips(self) -> pd.DataFrame:
        return self.frames["chips"]

    @property
    def adopters(self) -> pd.DataFrame:
        return self.frames["adopters"]

    @property
    def deals(self) -> pd.DataFrame:
        return self.frames["deals"]

    @property
    def history(self) -> pd.DataFrame:
        return self.frames["history"]

    @cached_property
    def meta(self) -> dict[str, str]:
        m = self.frames["meta"]
        return dict(zip(m["key"], m["value"], strict=True))

    @property
    def name(self) -> str:
        return self.meta.get("name", "ChipScope dataset")

    @property
    def date(self) -> str:
        return self.meta.get("date", "")

    # --- ids and arrays for the engine ------------------------------------------------------
    @cached_property
    def vendor_ids(self) -> list[str]:
        return list(self.vendors["vendor_id"])

    @cached_property
    def chip_ids(self) -> list[str]:
        return list(self.chips["chip_id"])

    @cached_property
    def adopter_ids(self) -> list[str]:
        return list(self.adopters["adopter_id"])

    @cached_property
    def history_years(self) -> npt.NDArray[np.int64]:
        return np.array(sorted(self.history["year"].unique()), dtype=np.int64)

    @cached_property
    def chip_vendor_index(self) -> npt.NDArray[np.int64]:
        """For each chip, the index of its vendor in :attr:`vendor_ids`."""
        pos = {v: i for i, v in enumerate(self.vendor_ids)}
        return np.array([pos[v] for v in self.chips["vendor_id"]], dtype=np.int64)

    @cached_property
    def h100e_per_unit(self) -> npt.NDArray[np.float64]:
        """Dense BF16 TFLOP/s / 989 for each chip."""
        return self.chips["dense_bf16_tflops"].to_numpy(np.float64) / H100_DENSE_BF16_TFLOPS

    @cached_property
    def access_matrix(self) -> npt.NDArray[np.float64]:
        """(adopters, vendors) in [0, 1]; pairs not listed have no access (0)."""
        acc = self.frames["access"]
        out = np.zeros((len(self.adopter_ids), len(self.vendor_ids)))
        a_pos = {a: i for i, a in enumerate(self.adopter_ids)}
        v_pos = {v: i for i, v in enumerate(self.vendor_ids)}
        for a, v, x in zip(acc["adopter_id"], acc["vendor_id"], acc["access"], strict=True):
            out[a_pos[a], v_pos[v]] = x
        return out

    def history_cube(self, column: str = "h100e", fill_from: str | None = None
                     ) -> npt.NDArray[np.float64]:
        """(history years, adopters, chips) array of one history column; cells with no row
        are 0. ``fill_from`` names a column whose value stands in where ``column`` is empty
        (a row without percentiles contributes its median to a band)."""
        cache: dict[tuple[str, str | None], npt.NDArray[np.float64]] = self.__dict__.setdefault(
            "_cubes", {})
        key = (column, fill_from)
        if key not in cache:
            h = self.history
            years = {int(y): i for i, y in enumerate(self.history_years)}
            a_pos = {a: i for i, a in enumerate(self.adopter_ids)}
            c_pos = {c: i for i, c in enumerate(self.chip_ids)}
            cube = np.zeros((len(years), len(a_pos), len(c_pos)))
            yi = h["year"].map(years).to_numpy()
            ai = h["adopter_id"].map(a_pos).to_numpy()
            ci = h["chip_id"].map(c_pos).to_numpy()
            vals = h[column]
            if fill_from is not None:
                vals = vals.fillna(h[fill_from])
            np.add.at(cube, (yi, ai, ci), vals.fillna(0.0).to_numpy(np.float64))
            cache[key] = cube
        return cache[key]


def check_relations(frames: dict[str, pd.DataFrame]) -> list[str]:
    """Cross-table checks on typed frames: foreign keys, and the market-level invariants."""
    problems: list[str] = []
    for name, table in TABLES.items():
        frame = frames[name]
        for col in table.columns:
            if col.references is None:
                continue
            ref_table, ref_col = col.references.split(".")
            known = set(frames[ref_table][ref_col])
            values = frame[col.name]
            for idx in values.index:
                v = values[idx]
                if (v == "" and not col.required) or v in known:
                    continue
                problems.append(
                    f"{name}, line {idx + 2}, column {col.name}: {v!r} is not a known "
                    f"{ref_table[:-1]} ({col.references})"
                )
    deals = frames["deals"]
    for idx in deals.index[deals["last_year"] < deals["first_year"]]:
        problems.append(f"deals, line {idx + 2}: last_year is before first_year")
    chips = frames["chips"]
    if not chips.empty:
        # Dense-only: an H100 row carrying the sparse datasheet figure (1979) would double it.
        h100 = chips[chips["name"].str.contains("H100", case=False)]
        for idx in h100.index[h100["dense_bf16_tflops"] > 1.5 * H100_DENSE_BF16_TFLOPS]:
            problems.append(
                f"chips, line {idx + 2}, column dense_bf16_tflops: "
                f"{chips['dense_bf16_tflops'].to_numpy()[chips.index.get_loc(idx)]:g} looks like a sparse figure "
                f"(H100 dense BF16 is {H100_DENSE_BF16_TFLOPS:g})"
            )
    hist = frames["history"]
    if not hist.empty and not chips.empty:
        # h100e must equal units x dense BF16 / 989 within the rounding of the source (5 %).
        per_unit = chips.set_index("chip_id")["dense_bf16_tflops"] / H100_DENSE_BF16_TFLOPS
        expected = hist["units"] * hist["chip_id"].map(per_unit)
        rel = (hist["h100e"] - expected).abs() / expected.clip(lower=1.0)
        for idx in hist.index[(rel > 0.05) & (hist["h100e"] > 100)]:
            problems.append(
                f"history, line {idx + 2}: h100e {hist['h100e'].to_numpy()[hist.index.get_loc(idx)]:g} does not match "
                f"units x dense TFLOP/s / 989 = {expected[idx]:.0f} for chip "
                f"{str(hist.at[idx, 'chip_id'])} (dense and sparse mixed?)"
            )
        # Whoever bought a vendor's chips can reach that vendor (the engine relies on it).
        vendor_of = chips.set_index("chip_id")["vendor_id"]
        reach = {(a, v) for a, v, x in zip(frames["access"]["adopter_id"],
                                           frames["access"]["vendor_id"],
                                           frames["access"]["access"], strict=True) if x > 0}
        for idx in hist.index[hist["h100e"] > 0]:
            pair = (str(hist.at[idx, "adopter_id"]),
                    str(vendor_of.get(hist.at[idx, "chip_id"], "")))
            if pair not in reach:
                problems.append(
                    f"history, line {idx + 2}: {pair[0]} bought {str(hist.at[idx, 'chip_id'])} but "
                    f"access.csv gives {pair[0]} no access to {pair[1]}"
                )
        for lo, mid, hi in (("units_p5", "units", "units_p95"), ("h100e_p5", "h100e", "h100e_p95")):
            have = hist[lo].notna() & hist[hi].notna()
            bad = have & ((hist[lo] > hist[mid] * 1.0001) | (hist[hi] < hist[mid] * 0.9999))
            for idx in hist.index[bad]:
                problems.append(f"history, line {idx + 2}: {mid} is outside [{lo}, {hi}]")
    return problems
