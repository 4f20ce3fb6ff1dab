"""Assumption values along a leading draws axis: what the engine reads, for N runs at once.

:class:`DrawValues` answers the engine's questions (``scalar``, ``per_vendor``,
``per_adopter``, ``per_adopter_vendor``, ``array``) with arrays whose first axis is the draw:
the values of one :class:`~chipscope.model.assumptions.Assumptions`, except the keys given in
``draws`` (key -> (N,) values). :func:`chipscope.model.engine.project` uses it with N = 1 and no
draws; :func:`chipscope.model.ensemble.project_many` with the sampled values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from chipscope.model.arrays import F64
from chipscope.model.assumptions import Assumptions, _keys
from chipscope.model.dataset import Dataset

FIXED_KEYS = ("base_year", "horizon_year")
"""Keys that set the shape of the projection (its years): the same in every draw."""


class DrawValues:
    """N sets of assumption values: ``assumptions`` with ``draws`` (key -> (N,)) overriding.

    Raises
    ------
    ValueError
        A key is unknown, cannot vary per draw (base_year, horizon_year, an on/off switch),
        its values are not one (N,) array like the others, or a value is out of its bounds
        (NaN only where the assumption may be "none").
    """

    def __init__(self, dataset: Dataset, assumptions: Assumptions,
                 draws: Mapping[str, F64] | None = None):
        self.dataset = dataset
        self.assumptions = assumptions
        self.draws = _checked(assumptions, draws or {})
        self.n = len(next(iter(self.draws.values()))) if self.draws else 1
        self.base_year = int(assumptions["base_year"])
        self.horizon_year = int(assumptions["horizon_year"])

    def take(self, rows: slice) -> DrawValues:
        """The draws ``rows`` (a chunk), sharing everything else."""
        out = DrawValues.__new__(DrawValues)
        out.dataset, out.assumptions = self.dataset, self.assumptions
        out.draws = {k: v[rows] for k, v in self.draws.items()}
        out.n = len(range(self.n)[rows]) if self.draws else 1
        out.base_year, out.horizon_year = self.base_year, self.horizon_year
        return out

    def scalar(self, key: str) -> F64:
        """(N,) the values of one key."""
        got = self.draws.get(key)
        if got is not None:
            return got
        return np.full(self.n, self.assumptions[key])

    def array(self, keys: tuple[str, ...]) -> F64:
        """(N, K) the values of ``keys``, in order."""
        base = self.assumptions.array(keys)
        varied = [(i, k) for i, k in enumerate(keys) if k in self.draws] if self.draws else []
        if not varied:
            return base[None, :] if self.n == 1 else np.broadcast_to(base, (self.n, len(keys)))
        out = np.repeat(base[None, :], self.n, axis=0)
        for i, k in varied:  # a loop over keys, not over draws
            out[:, i] = self.draws[k]
        return out

    def per_vendor(self, name: str) -> F64:
        """(N, V) the values of ``vendor.<v>.<name>``."""
        return self.array(_keys(self.dataset, "vendor.{v}." + name))

    def per_adopter(self, name: str) -> F64:
        """(N, A) the values of ``adopter.<a>.<name>``."""
        return self.array(_keys(self.dataset, "adopter.{a}." + name))

    def per_adopter_vendor(self, name: str) -> F64:
        """(N, A, V) the values of ``adopter.<a>.<name>.<v>`` (affinity, min_share)."""
        flat = self.array(_keys(self.dataset, "adopter.{a}." + name + ".{v}"))
        return flat.reshape(flat.shape[0], len(self.dataset.adopter_ids),
                            len(self.dataset.vendor_ids))


def _checked(assumptions: Assumptions, draws: Mapping[str, F64]) -> dict[str, F64]:
    """The draws as float arrays, checked: one ValueError naming every bad key."""
    specs = assumptions.specs
    fixed = [k for k in draws if k in FIXED_KEYS
             or (k in specs and specs[k].kind == "bool")]
    if fixed:
        raise ValueError(f"{', '.join(sorted(fixed))}: cannot vary per draw (the years "
                         "projected and on/off switches are the same in every draw)")
    unknown = [k for k in draws if k not in specs]
    if unknown:
        raise ValueError(f"draws: unknown assumption {', '.join(sorted(unknown)[:5])}")
    out: dict[str, F64] = {}
    n: int | None = None
    for key, values in draws.items():
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 1 or (n is not None and len(arr) != n) or not len(arr):
            raise ValueError(f"{key}: draws must be one non-empty (N,) array per key, all "
                             f"of the same N; got shape {arr.shape}")
        n = len(arr)
        spec = specs[key]
        nan = np.isnan(arr)
        bad = (nan & (not spec.optional)) | (~nan & ((arr < spec.lo) | (arr > spec.hi)))
        if bad.any():
            value = float(arr[np.flatnonzero(bad)[0]])
            shown = "none" if math.isnan(value) else f"{value:g}"
            raise ValueError(f"{key}: draw value {shown} is out of range "
                             f"(allowed {spec.range_text()})")
        out[key] = arr
    return out
