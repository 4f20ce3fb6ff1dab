"""The background jobs of the uncertainty views: pure functions run on the window's
:class:`~chipscope.ui.worker.Worker` (no Qt here: they get immutable inputs, give a value back).

Each result carries the request it answers, so the window can tell whether the bands on screen
belong to the values on screen (fresh) or to earlier ones (stale).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.ensemble import EnsembleResult, run_ensemble
from chipscope.model.metrics import Metric
from chipscope.model.tasks import NO_CONTEXT, TaskContext
from chipscope.model.tornado import Tornado, tornado
from chipscope.model.uncertainty import Range, default_ranges

SEED = 12
"""The ensemble's seed in the window: the same values and ranges always draw the same bands."""


def effective_ranges(dataset: Dataset, values: Assumptions,
                     user: Mapping[str, Range]) -> dict[str, Range]:
    """The ranges an ensemble or tornado uses: ChipScope's defaults (calibration, Epoch's 5-95 %
    ranges, deal firmness), each replaced by the user's range for that key where one is set."""
    out = default_ranges(dataset, values.specs, values)
    out.update(user)
    return out


@dataclass(frozen=True)
class BandsRequest:
    """What an ensemble was asked for (equal requests give equal bands)."""

    assumptions: Assumptions
    ranges: tuple[tuple[str, Range], ...]
    n: int
    seed: int
    basis: str


@dataclass(frozen=True)
class BandsOutcome:
    """An ensemble's result with the request it answers and its compute time (ms)."""

    request: BandsRequest
    result: EnsembleResult
    compute_ms: float


def compute_bands(dataset: Dataset, request: BandsRequest, *,
                  context: TaskContext = NO_CONTEXT) -> BandsOutcome:
    """Run the ensemble of ``request`` (percentiles 5 to 95 of every vendor's share and
    amounts); cancelled between chunks of draws when ``context`` is."""
    start = time.perf_counter()
    ranges = effective_ranges(dataset, request.assumptions, dict(request.ranges))
    result = run_ensemble(dataset, request.assumptions, ranges, request.n, request.seed,
                          ctx=context, basis=request.basis)
    return BandsOutcome(request, result, (time.perf_counter() - start) * 1000.0)


@dataclass(frozen=True)
class TornadoOutcome:
    """A tornado with the values it was computed at."""

    assumptions: Assumptions
    tornado: Tornado
    compute_ms: float


def compute_tornado(dataset: Dataset, assumptions: Assumptions, metric: Metric,
                    user: Mapping[str, Range], *,
                    context: TaskContext = NO_CONTEXT) -> TornadoOutcome:
    """The one-at-a-time tornado of ``metric`` over the effective ranges."""
    start = time.perf_counter()
    ranges = effective_ranges(dataset, assumptions, user)
    result = tornado(dataset, assumptions, metric, ranges, context=context)
    return TornadoOutcome(assumptions, result, (time.perf_counter() - start) * 1000.0)
