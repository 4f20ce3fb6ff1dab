"""Small array helpers the engine's modules share (pure numpy)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]


def onehot(index: npt.NDArray[np.int64], n: int) -> F64:
    out = np.zeros((len(index), n))
    out[np.arange(len(index)), index] = 1.0
    return out


TINY = 1e-250
"""Denominators smaller than this in magnitude count as 0 (a subnormal one would overflow)."""


def safe_div(num: F64 | float, den: F64 | float) -> F64:
    """num / den, 0 where den is 0 (or below :data:`TINY` in magnitude)."""
    out: F64 = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=np.abs(den) > TINY)
    return out


def same_value(a: float, b: float) -> bool:
    """Equal, counting NaN ("none") as equal to NaN."""
    return (math.isnan(a) and math.isnan(b)) or a == b
