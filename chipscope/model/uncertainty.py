"""Ranges on inputs: how unsure each assumption is, as a distribution with bounds.

A :class:`Range` says how one assumption may vary: uniform or triangular between ``low`` and
``high``, or normal / log-normal with ``low`` and ``high`` as its 5th and 95th percentiles.
:meth:`Range.ppf` maps uniform(0, 1) draws to values (vectorised), truncated to the
assumption's bounds. :func:`default_ranges` gives the ranges ChipScope assumes when the user
sets none, each with its source (docs/uncertainty.md explains them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np

from chipscope.model.arrays import F64
from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.fitted import DRAWS, RANGES
from chipscope.model.param_specs import TOO_LARGE, ParamSpec
from chipscope.model.text_rules import hidden_character, value_shown
from chipscope.model.written_numbers import as_float, quoted_number

Distribution = Literal["uniform", "triangular", "normal", "lognormal"]
DISTRIBUTIONS: tuple[str, ...] = get_args(Distribution)

Z95 = 1.6448536269514722
"""A normal's 95th percentile in standard deviations from its mean (scipy.special.ndtri(0.95);
scipy is imported only when drawing: it costs a third of a second at start-up)."""

STRUCTURAL_KEYS = ("base_year", "horizon_year")
"""Keys that change the shape of the projection, not a quantity in it: never drawn."""

RANGE_FIELDS = ("dist", "low", "high", "mode", "source")
"""The fields of a range as a scenario file writes it (``[ranges."KEY"]``)."""


@dataclass(frozen=True)
class Range:
    """How one assumption may vary.

    Attributes
    ----------
    key : the assumption's key (:attr:`ParamSpec.key`).
    dist : uniform, triangular, normal or lognormal.
    low, high : uniform / triangular: the bounds; normal / lognormal: the 5th and 95th
        percentiles (in the assumption's unit).
    mode : the triangular's most likely value; None: the assumption's current value.
    source : where the range comes from ("calibration bootstrap", "user", ...).
    """

    key: str
    dist: Distribution
    low: float
    high: float
    mode: float | None = None
    source: str = ""

    def ppf(self, u: F64, lo: float, hi: float, current: float = math.nan) -> F64:
        """Map uniform(0, 1) draws ``u`` (any shape) to values, vectorised.

        The distribution is truncated to the assumption's bounds ``[lo, hi]`` (draws are
        spread over the part inside them, not piled on the bound). ``current`` is the
        assumption's current value, the triangular's mode when :attr:`mode` is None (NaN:
        the middle of the range); it is clipped into ``[low, high]``.
        """
        u = np.asarray(u, dtype=np.float64)
        a, b = float(self.low), float(self.high)
        if self.dist == "uniform":
            out = a + u * (b - a)
        elif self.dist == "triangular":
            out = _triangular(u, a, b, self._mode(current))
        elif self.dist == "normal":
            sigma = (b - a) / (2 * Z95)
            out = _truncated(u, (a + b) / 2, sigma, lo, hi)
        elif self.dist == "lognormal":
            la, lb = math.log(a), math.log(b)
            log_lo = math.log(lo) if lo > 0 else -math.inf
            log_hi = math.log(hi) if hi > 0 else -math.inf
            out = np.exp(_truncated(u, (la + lb) / 2, (lb - la) / (2 * Z95), log_lo, log_hi))
        else:
            raise ValueError(f"{self.key}: unknown distribution {self.dist!r}")
        clipped: F64 = np.clip(out, lo, hi)
        return clipped

    def percentiles(self, spec: ParamSpec, current: float = math.nan) -> tuple[float, float]:
        """The 5th and 95th percentile of this range within ``spec``'s bounds."""
        p = self.ppf(np.array([0.05, 0.95]), spec.lo, spec.hi, current)
        return float(p[0]), float(p[1])

    def _mode(self, current: float) -> float:
        m = self.mode if self.mode is not None else current
        if m is None or math.isnan(m):
            m = (self.low + self.high) / 2
        return min(max(m, self.low), self.high)

    def describe(self) -> str:
        """One line for a table or tooltip: "triangular 0.1 to 0.9 (calibration ...)"."""
        what = {"normal": "normal, 5-95 %", "lognormal": "log-normal, 5-95 %"}.get(
            self.dist, self.dist)
        mode = f", mode {self.mode:g}" if self.mode is not None else ""
        src = f" ({self.source})" if self.source else ""
        return f"{what} {self.low:g} to {self.high:g}{mode}{src}"

    def to_mapping(self) -> dict[str, Any]:
        """The range as a scenario file stores it (no key: the table's name is the key)."""
        out: dict[str, Any] = {"dist": self.dist, "low": self.low, "high": self.high}
        if self.mode is not None:
            out["mode"] = self.mode
        if self.source:
            out["source"] = self.source
        return out


def _triangular(u: F64, a: float, b: float, m: float) -> F64:
    if b <= a:
        return np.full_like(u, a)
    f = (m - a) / (b - a)
    left = a + np.sqrt(u * (b - a) * (m - a))
    right = b - np.sqrt((1 - u) * (b - a) * (b - m))
    out: F64 = np.where(u < f, left, right)
    return out


def _truncated(u: F64, mu: float, sigma: float, lo: float, hi: float) -> F64:
    """Normal(mu, sigma) restricted to [lo, hi], by inverse transform."""
    from scipy.special import ndtr, ndtri

    if sigma <= 0:
        return np.full_like(u, mu)
    c_lo = float(ndtr((lo - mu) / sigma)) if math.isfinite(lo) else 0.0
    c_hi = float(ndtr((hi - mu) / sigma)) if math.isfinite(hi) else 1.0
    if c_hi <= c_lo:  # all the mass is beyond one bound
        return np.full_like(u, lo if c_hi <= 0.0 else hi)
    q = np.clip(c_lo + u * (c_hi - c_lo), 1e-300, 1 - 1e-16)
    out: F64 = mu + sigma * ndtri(q)
    return out


def varying_keys(specs: Mapping[str, ParamSpec]) -> tuple[str, ...]:
    """The keys that may carry a range: numeric, not yes/no switches, not the base or horizon
    year. Optional keys are included: a range on a supply cap set to none means "a cap
    somewhere in this range"."""
    return tuple(k for k, s in specs.items()
                 if s.kind != "bool" and k not in STRUCTURAL_KEYS)


class RangeError(ValueError):
    """A range's problem, one sentence naming the key and the cause; ``field``: the range
    field at fault (dist, low, high, mode, source or an unknown one), None when it is the
    range as a whole (a missing field, low above high, a key that takes no range)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def range_paths(key: str, exc: ValueError) -> tuple[str, ...]:
    """The key paths of a file's ``[ranges."KEY"]`` table whose line a problem ``exc`` with
    it names, best first: the field's own, then the table's header (when the field's line is
    not known, or no one field is at fault)."""
    field = exc.field if isinstance(exc, RangeError) else None
    return (f"ranges.{key}.{field}", f"ranges.{key}") if field else (f"ranges.{key}",)


def check_range(spec: ParamSpec, r: Range) -> None:
    """Raise :class:`RangeError`, one sentence naming the key and the cause, if ``r`` is not
    a valid range for ``spec``."""
    k = spec.key
    if r.key != k:
        raise RangeError(f"{r.key}: the range is for {r.key!r}, not {k!r}")
    if spec.kind == "bool" or k in STRUCTURAL_KEYS:
        why = "a switch" if spec.kind == "bool" else "it sets the years projected"
        raise RangeError(f"{k}: cannot carry a range ({why})")
    if r.dist not in DISTRIBUTIONS:
        raise RangeError(f"{k}: unknown distribution {r.dist!r} "
                         f"(allowed {', '.join(DISTRIBUTIONS)})", "dist")
    for name, v in (("low", r.low), ("high", r.high), ("mode", r.mode)):
        if v is None:
            continue
        if isinstance(v, str):  # "1": text to TOML, though it spells a number
            raise RangeError(f"{k}: range {name} {quoted_number(v)}", name)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(as_float(v)):
            raise RangeError(f"{k}: range {name} {value_shown(v)} is not a finite number",
                             name)
        if math.isinf(as_float(v)):  # inf, or a 400-digit integer from a file
            raise RangeError(f"{k}: range {name}: {TOO_LARGE} (allowed {spec.range_text()})",
                             name)
    if r.low > r.high:
        raise RangeError(f"{k}: range low {_bound(r.low)} is above its high {_bound(r.high)}")
    for name, v in (("low", r.low), ("high", r.high), ("mode", r.mode)):
        if v is not None and not spec.lo <= v <= spec.hi:
            raise RangeError(f"{k}: range {name} {_bound(v)} is outside the assumption's bounds "
                             f"({spec.range_text()})", name)
    if r.dist == "lognormal" and r.low <= 0:
        raise RangeError(f"{k}: a log-normal range needs a low above 0, not {_bound(r.low)}",
                         "low")
    if r.mode is not None and r.dist != "triangular":
        raise RangeError(f"{k}: only a triangular range takes a mode, not a {r.dist} one",
                         "mode")
    if r.mode is not None and not r.low <= r.mode <= r.high:
        raise RangeError(f"{k}: range mode {_bound(r.mode)} is outside its low and high "
                         f"({_bound(r.low)} to {_bound(r.high)})", "mode")


def _bound(value: float) -> str:
    """A range bound for a message: a whole number as written (99999999999999999999999, not
    1e+23), any other as ``%g``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value_shown(value)
    return f"{value:g}"


MAX_SOURCE_LENGTH = 500
"""Characters a range's ``source`` may have: it is one cell of the tornado's table."""


def range_from_mapping(key: str, fields: Mapping[str, Any], specs: AssumptionSpecs, *,
                       suggest: bool = True) -> Range:
    """A checked :class:`Range` from a scenario file's ``[ranges."KEY"]`` table (or a sweep
    spec's); ValueError naming the key and the cause (an unknown key with near misses when
    ``suggest``: a message that will not show the problem need not pay for them)."""
    if key not in specs:
        raise RangeError(f"ranges: {_unknown(key, specs, suggest)}")
    extra = sorted(set(fields) - set(RANGE_FIELDS))
    if extra:
        raise RangeError(f"{key}: unknown range field {extra[0]!r} "
                         f"(allowed {', '.join(RANGE_FIELDS)})", extra[0])
    for need in ("dist", "low", "high"):
        if need not in fields:
            raise RangeError(f"{key}: the range has no {need!r}")
    dist = fields["dist"]
    source = fields.get("source", "user")
    if not isinstance(dist, str):
        raise RangeError(f"{key}: range dist {value_shown(dist)} is not text "
                         f"(allowed {', '.join(DISTRIBUTIONS)})", "dist")
    if not isinstance(source, str):
        raise RangeError(f"{key}: range source {value_shown(source)} is not text", "source")
    if len(source) > MAX_SOURCE_LENGTH:
        raise RangeError(f"{key}: the range's source has {len(source):,} characters, more than "
                         f"the {MAX_SOURCE_LENGTH} a source may have (it is one table cell)",
                         "source")
    if why := hidden_character(source):
        raise RangeError(f"{key}: the range's source {why}", "source")
    r = Range(key, dist, fields["low"], fields["high"],  # type: ignore[arg-type]
              fields.get("mode"), source)
    check_range(specs[key], r)
    return Range(key, r.dist, float(r.low), float(r.high),
                 None if r.mode is None else float(r.mode), source)


def _unknown(key: str, specs: AssumptionSpecs, suggest: bool) -> str:
    from chipscope.model.assumptions import unknown_key_message

    return unknown_key_message(key, specs, suggest=suggest)


# --- the defaults ---------------------------------------------------------------------------
FIRMNESS_SPREAD: dict[str, tuple[float, float, str]] = {
    "firm": (0.9, 1.1, "deal firmness: firm order, 90-110 % of its size (delivery timing)"),
    "up_to": (2 / 3, 4 / 3, "deal firmness: 'up to' ceiling, 67-133 % of its size "
              "(50-100 % of the announced ceiling at the default weight 0.75)"),
    "loi": (0.0, 2.0, "deal firmness: letter of intent, 0-200 % of its size "
            "(0-50 % of the announced amount at the default weight 0.25)"),
}
"""Deal size ranges by firmness, as multiples of the deal's size (triangular, mode the
current size). The weight (deal_weight_loi / _up_to) scales the size after, so at the default
weights each range is centred on the weighted commitment and never passes the announced
amount."""


def calibration_ranges(specs: AssumptionSpecs) -> dict[str, Range]:
    """Triangular ranges from the calibration bootstrap (fitted.RANGES: 5th and 95th
    percentile of each fitted parameter), mode the current value, within the spec's bounds."""
    out = {}
    for key, (p5, _p50, p95) in RANGES.items():
        if key not in specs:
            continue
        spec = specs[key]
        low, high = max(spec.lo, min(p5, p95)), min(spec.hi, max(p5, p95))
        out[key] = Range(key, "triangular", low, high, None,
                         f"calibration bootstrap: 5th-95th percentile of the fit over {DRAWS} "
                         "resamples of the history within Epoch's 5-95 % ranges")
    return out


def deal_ranges(dataset: Dataset, specs: AssumptionSpecs, values: Assumptions
                ) -> dict[str, Range]:
    """A size range for every deal that is on and runs after the base year, wider the less
    firm the deal (:data:`FIRMNESS_SPREAD`)."""
    out = {}
    deals = dataset.deals
    base = int(values["base_year"])
    firmness = deals["firmness"] if "firmness" in deals else ["firm"] * len(deals)
    for did, last, firm in zip(deals["deal_id"], deals["last_year"], firmness, strict=True):
        key = f"deal.{did}.size_h100e_per_year"
        on = values.get(f"deal.{did}.enabled", 1.0)
        if key not in specs or not on or int(last) <= base:
            continue
        size = float(values[key])
        lo_f, hi_f, text = FIRMNESS_SPREAD.get(str(firm or "firm"), FIRMNESS_SPREAD["firm"])
        spec = specs[key]
        out[key] = Range(key, "triangular", max(spec.lo, size * lo_f),
                         min(spec.hi, size * hi_f), None, text)
    return out


def epoch_ranges(dataset: Dataset, specs: AssumptionSpecs, values: Assumptions
                 ) -> dict[str, Range]:
    """Ranges from Epoch's 5-95 % ranges on the base-year history, where an assumption maps
    to them: an adopter's base-year purchases (``adopter.<a>.base_demand_h100e``), but only
    for an adopter whose budget in the first projected year comes from its base year (no row
    in the budgets table then). Log-normal, 5th and 95th percentile the base-year spend's
    equivalent in H100e scaled by Epoch's 5th / 95th over median of the adopter's H100e."""
    from chipscope.model.budgets import budget_table
    from chipscope.model.chip_supply import dataset_parts

    base = int(values["base_year"])
    first = int(dataset.history_years[0])
    table = budget_table(dataset).get(base + 1)
    h = dataset.history_cube("h100e")[base - first].sum(axis=1)
    p5 = dataset.history_cube("h100e_p5", fill_from="h100e")[base - first].sum(axis=1)
    p95 = dataset.history_cube("h100e_p95", fill_from="h100e")[base - first].sum(axis=1)
    spend = dataset.history_cube("units")[base - first] @ dataset_parts(dataset).price_usd
    market_cost = spend.sum() / max(float(h.sum()), 1e-12)
    out = {}
    for i, aid in enumerate(dataset.adopter_ids):
        key = f"adopter.{aid}.base_demand_h100e"
        has_row = table is not None and not math.isnan(table[i])
        if key not in specs or has_row or h[i] <= 0 or not math.isnan(values[key]):
            continue
        centre = spend[i] / market_cost
        low, high = centre * p5[i] / h[i], centre * p95[i] / h[i]
        spec = specs[key]
        if low <= 0 or high <= low or high > spec.hi:
            continue
        out[key] = Range(key, "lognormal", float(low), float(high), None,
                         f"Epoch 5-95 %: {aid}'s {base} purchases (H100e), at the market's "
                         "cost per H100e")
    return out


def default_ranges(dataset: Dataset, specs: AssumptionSpecs, values: Assumptions
                   ) -> dict[str, Range]:
    """The ranges ChipScope assumes where the user set none: calibration bootstrap for the
    fitted parameters, Epoch's 5-95 % ranges where an assumption maps to base-year data, deal
    firmness for deal sizes. Every range carries its source; each is valid for its spec."""
    out = {**calibration_ranges(specs), **epoch_ranges(dataset, specs, values),
           **deal_ranges(dataset, specs, values)}
    for r in out.values():
        check_range(specs[r.key], r)
    return out
