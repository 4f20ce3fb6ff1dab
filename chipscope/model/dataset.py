"""The in-memory dataset: chips, vendors, adopters, access, deals, history and sources.

Pure: built from pandas DataFrames (storage reads them from CSV or SQLite), validated here, and
exposed to the engine as numpy arrays. The table layouts are in :mod:`chipscope.model.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from chipscope.model.projection import BASIS_LABELS
from chipscope.model.relations import check_relations
from chipscope.model.tables import (
    CONFIDENCE,
    H100_DENSE_8BIT_TFLOPS,
    H100_DENSE_BF16_TFLOPS,
    TABLES,
    Column,
    ColumnType,
    DatasetError,
    Table,
    check_table,
    coerce_table,
)

__all__ = [
    "BASES", "BASIS_LABELS", "CONFIDENCE", "H100_DENSE_8BIT_TFLOPS", "H100_DENSE_BF16_TFLOPS",
    "TABLES", "Basis", "Column", "ColumnType", "Dataset", "DatasetError", "Table",
    "check_relations", "check_table", "coerce_table",
]

Basis = Literal["bf16", "8bit"]
BASES: tuple[Basis, ...] = ("bf16", "8bit")

EIGHT_BIT_FALLBACK = 2.0
"""A chip with no ``dense_8bit_tflops`` counts at this many times its dense BF16 on the 8-bit
basis (the ratio of every Hopper, Blackwell, CDNA3 and TPU7x part), and is flagged
(:attr:`Dataset.estimated_8bit_chips`)."""


@dataclass(frozen=True)
class Dataset:
    """A validated dataset. Build with :meth:`from_frames`; never mutate the frames."""

    frames: dict[str, pd.DataFrame] = field(repr=False)
    basis: Basis = "bf16"
    """What 1 H100e means in :attr:`h100e_per_unit` and the history's ``h100e`` columns:
    ``bf16`` (989 dense BF16 TFLOP/s) or ``8bit`` (1,979 dense FP8/INT8). See
    :meth:`with_basis`."""

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame], row_offset: int = 2) -> Dataset:
        """Validate and type the raw tables; raise :class:`DatasetError` listing every problem.

        ``row_offset`` turns a frame's 0-based index into the line a user sees (2 for a CSV
        with a header line).
        """
        problems: list[str] = []
        frames = dict(frames)
        for name, table in TABLES.items():
            if name not in frames and table.optional:
                frames[name] = pd.DataFrame(columns=table.column_names)
            if name not in frames:
                problems.append(f"{name}: table is missing")
                continue
            problems += check_table(name, frames[name], row_offset)
        if "history" in frames and len(frames["history"]) == 0:
            problems.append("history: has no rows; the projection starts from the purchases "
                            "it records")
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

    @property
    def budgets(self) -> pd.DataFrame:
        return self.frames["budgets"]

    @property
    def export_rules(self) -> pd.DataFrame:
        return self.frames["export_rules"]

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
    def adopter_names(self) -> dict[str, str]:
        """Adopter id -> display name."""
        return dict(zip(self.adopters["adopter_id"], self.adopters["name"], strict=True))

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
        """H100e per chip on this dataset's basis: dense BF16 TFLOP/s / 989, or dense 8-bit
        / 1,979 (2 x dense BF16 where a chip has no 8-bit figure)."""
        bf16 = self.chips["dense_bf16_tflops"].to_numpy(np.float64)
        if self.basis == "bf16":
            return bf16 / H100_DENSE_BF16_TFLOPS
        eight = self.chips["dense_8bit_tflops"].to_numpy(np.float64)
        eight = np.where(np.isnan(eight), EIGHT_BIT_FALLBACK * bf16, eight)
        return eight / H100_DENSE_8BIT_TFLOPS

    @cached_property
    def estimated_8bit_chips(self) -> tuple[str, ...]:
        """Chips with no ``dense_8bit_tflops``: on the 8-bit basis they count at 2 x dense
        BF16 (:data:`EIGHT_BIT_FALLBACK`), which every place that shows that basis says."""
        missing = self.chips["dense_8bit_tflops"].isna().to_numpy()
        return tuple(c for c, m in zip(self.chip_ids, missing, strict=True) if m)

    def basis_factors(self, basis: str) -> npt.NDArray[np.float64]:
        """(C,) H100e on ``basis`` per H100e on this dataset's basis, chip by chip."""
        if basis not in BASES:
            raise ValueError(f"basis: {basis!r} is not one of {', '.join(BASES)}")
        target = Dataset(self.frames, basis).h100e_per_unit
        out: npt.NDArray[np.float64] = target / self.h100e_per_unit
        return out

    def with_basis(self, basis: str) -> Dataset:
        """This dataset with H100e on ``basis`` (``"bf16"`` or ``"8bit"``), built once per
        basis and kept (the same object every call).

        Units, prices and money are unchanged. What is in H100e is converted chip by chip:
        :attr:`h100e_per_unit`, the history's ``h100e``, ``h100e_p5`` and ``h100e_p95`` (and so
        :meth:`history_cube`), and each deal's ``h100e_per_year`` (at its chip's factor; a
        deal naming no chip keeps its size).
        """
        if basis not in BASES:
            raise ValueError(f"basis: {basis!r} is not one of {', '.join(BASES)}")
        if basis == self.basis:
            return self
        cache: dict[str, Dataset] = self.__dict__.setdefault("_bases", {})
        if basis not in cache:
            factor = dict(zip(self.chip_ids, self.basis_factors(basis), strict=True))
            frames = dict(self.frames)
            history = self.history.copy()
            per_row = history["chip_id"].map(factor).to_numpy(np.float64)
            for col in ("h100e", "h100e_p5", "h100e_p95"):
                history[col] = history[col] * per_row
            frames["history"] = history
            deals = self.deals.copy()
            deals["h100e_per_year"] = deals["h100e_per_year"] * deals["chip_id"].map(
                factor).fillna(1.0).to_numpy(np.float64)
            frames["deals"] = deals
            other = Dataset(frames, basis)
            other.__dict__["_bases"] = {self.basis: self}
            cache[basis] = other
        return cache[basis]

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

    @cached_property
    def chip_access_matrix(self) -> npt.NDArray[np.bool_]:
        """(adopters, chips): whether the adopter may buy the chip in the projection. An
        export variant (``only_for``) is sold to that adopter only; an export-controlled chip
        (``not_for``) to everyone but that adopter. History is what it was."""
        chips = self.chips
        a_pos = {a: i for i, a in enumerate(self.adopter_ids)}
        out = np.ones((len(self.adopter_ids), len(self.chip_ids)), dtype=bool)
        for c, (only, never) in enumerate(zip(chips["only_for"], chips["not_for"], strict=True)):
            if only:
                out[:, c] = False
                out[a_pos[only], c] = True
            if never:
                out[a_pos[never], c] = False
        return out

    @cached_property
    def vendor_reach_matrix(self) -> npt.NDArray[np.bool_]:
        """(adopters, vendors): whether the adopter can buy at least one of the vendor's chips
        in the projection (access, and a chip not barred from it by export rules)."""
        onehot = np.zeros((len(self.chip_ids), len(self.vendor_ids)))
        onehot[np.arange(len(self.chip_ids)), self.chip_vendor_index] = 1.0
        allowed = (self.chip_access_matrix.astype(np.float64) @ onehot) > 0
        out: npt.NDArray[np.bool_] = (self.access_matrix > 0) & allowed
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
