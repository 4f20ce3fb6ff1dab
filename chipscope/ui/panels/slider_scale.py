"""Where a slider can land: round values only (the number box beside it takes any value).

The rule (docs/user-guide.md, "Finding and editing assumptions"):

- **Linear ranges** snap to the smallest *nice* step (1, 2 or 5 times a power of ten) that is
  at least the assumption's own step and gives at most :data:`SNAP_POSITIONS_MAX` positions
  over its range: 1 % for shares (0-100 %) and yearly price changes (-50..50 %/yr), 5 % for
  price levels (-90..300 %) and growth rates (-50..300 %/yr), 0.1 for affinities (-5..5 utils),
  0.01 for the switching speed, 1 year for years. The values are multiples of that step
  (``-30``, ``33``), plus the range's two ends when they are not (bass p: 0.001, 0.01, 0.02).
- **Ranges of several orders of magnitude** (supply caps, base-year purchases, deal sizes:
  0 to 1e7-1e9) are geometric: 0, then 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times each power of
  ten from the assumption's step up to the top of the range, so every decade gets the same
  travel and a drag lands on 250,000 or 1.5M rather than 21,544.
"""

from __future__ import annotations

import bisect
import math

from chipscope.model import ParamSpec

SNAP_POSITIONS_MAX = 100
"""A linear slider has at most this many steps (one per pixel or more on a 100 px slider)."""
LINEAR_STEPS_MAX = 1000
"""More of the assumption's own steps than this and the slider goes geometric."""
NICE = (1.0, 2.0, 5.0)
MANTISSAS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
"""The round values of one decade on a geometric slider."""


def snap_step(spec: ParamSpec) -> float:
    """The drag step of a linear slider: the smallest 1-2-5 step >= ``spec.step`` that gives
    at most :data:`SNAP_POSITIONS_MAX` positions over the range."""
    span = float(spec.hi) - float(spec.lo)
    wanted = max(float(spec.step), span / SNAP_POSITIONS_MAX)
    exponent = math.floor(math.log10(wanted)) if wanted > 0 else 0
    for power in (exponent - 1, exponent, exponent + 1):
        for nice in NICE:
            step = _tidy(nice * 10.0 ** power)
            if step >= wanted * (1 - 1e-9):
                return step
    return wanted  # not reached: 10 ** (exponent + 1) > wanted


class SliderScale:
    """Maps a spec's value range onto integer slider positions, each a round value.

    ``values[i]`` is the value of position ``i``; ``to_position`` finds the nearest one, so a
    typed value between two positions puts the handle at the nearer.
    """

    def __init__(self, spec: ParamSpec):
        self.lo, self.hi, self.step = float(spec.lo), float(spec.hi), float(spec.step)
        steps = round((self.hi - self.lo) / self.step)
        self.geometric = steps > LINEAR_STEPS_MAX and self.lo >= 0 and self.hi > self.step
        self.values = self._geometric() if self.geometric else self._linear(snap_step(spec))
        self.positions = len(self.values) - 1

    def _linear(self, snap: float) -> list[float]:
        first = math.ceil(self.lo / snap - 1e-9)
        last = math.floor(self.hi / snap + 1e-9)
        values = [_tidy(k * snap) for k in range(first, last + 1)]
        return _with_ends(values, self.lo, self.hi)

    def _geometric(self) -> list[float]:
        values: list[float] = []
        power = 10.0 ** math.floor(math.log10(self.step))
        while power <= self.hi:
            values += [v for m in MANTISSAS if self.step <= (v := _tidy(m * power)) < self.hi]
            power *= 10.0
        return _with_ends(values, self.lo, self.hi)

    def to_position(self, value: float) -> int:
        if math.isnan(value):
            return 0
        i = bisect.bisect_left(self.values, value)
        if i <= 0:
            return 0
        if i > self.positions:
            return self.positions
        below, above = self.values[i - 1], self.values[i]
        if self.geometric and below > 0:  # nearer in ratio, as the eye reads a log scale
            return i if value * value >= below * above else i - 1
        return i if value - below >= above - value else i - 1

    def to_value(self, position: int) -> float:
        return self.values[min(self.positions, max(0, int(position)))]


def _with_ends(values: list[float], lo: float, hi: float) -> list[float]:
    inside = [v for v in values if lo < v < hi]
    return [lo, *inside, hi]


def _tidy(value: float) -> float:
    """``0.15000000000000002`` -> ``0.15``: twelve significant digits."""
    return float(f"{value:.12g}")
