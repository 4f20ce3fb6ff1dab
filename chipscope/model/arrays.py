"""Small array helpers the engine's modules share (pure numpy)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]


def onehot(index: npt.NDArray[np.int64], n: int) -> F64:
    out = np.zeros((len(index), n))
    out[np.arange(len(index)), index] = 1.0
    return out


def safe_div(num: F64, den: F64) -> F64:
    """num / den, 0 where den is 0."""
    ok = den != 0
    with np.errstate(over="ignore"):  # a subnormal denominator: callers clip (floors <= 1)
        out: F64 = np.where(ok, num / np.where(ok, den, 1.0), 0.0)
    return out
