"""Which chips are on sale to whom, and how a buyer splits a vendor's purchases across them.

The chip level of the engine (docs/model.md, steps 2, 4, 5 and 9): availability (the Bass ramp,
the sales life and the decline the history shows), who may buy a chip (export variants and
controls), the lower nest (chip choice within a vendor and the vendor's inclusive value), and
deals that name a chip. Pure numpy; :mod:`chipscope.model.engine` puts it together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chipscope.model.arrays import F64, onehot, safe_div
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.draw_values import DrawValues


def bass_cdf(x: npt.ArrayLike, p: float | F64, q: float | F64) -> F64:
    """Bass cumulative adoption ``F(x) = (1 - e^{-(p+q)x}) / (1 + (q/p) e^{-(p+q)x})``.

    ``x`` is the number of years since launch counting the launch year as 1; F is 0 for
    x <= 0.
    """
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-(p + q) * np.clip(x, 0.0, None))
    out: F64 = np.where(x > 0, (1.0 - e) / (1.0 + (q / p) * e), 0.0)
    return out


NEWEST_LIFE_FACTOR = 2.0
"""A vendor's newest chip stays on sale this many sales lives before it retires (it has no
announced successor yet, but no chip sells for ever)."""


def availability(dataset: Dataset, years: npt.NDArray[np.int64], p: float | F64,
                 q: float | F64, life: float | F64) -> F64:
    """(T, C) availability: the Bass ramp from launch, less the same ramp ``life`` years later
    (the chip leaves as it came); the newest chip of each vendor and market leaves
    ``NEWEST_LIFE_FACTOR * life`` years after launch instead. With ``p``, ``q`` and ``life``
    (N, 1, 1) arrays (one value per draw): (N, T, C)."""
    parts = dataset_parts(dataset)
    age = years[:, None] - parts.launch[None, :] + 1.0
    ramp = bass_cdf(age, p, q)
    end = np.where(parts.newest, NEWEST_LIFE_FACTOR * life, life)
    out: F64 = ramp - bass_cdf(age - end, p, q)
    return out


def access_groups(dataset: Dataset, years: npt.NDArray[np.int64]
                  ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """The distinct sets of chips adopters may buy in ``years`` ((G, C)), and each adopter's
    set in each year ((T, A)); computed once per dataset and span of years."""
    cache: dict[tuple[int, int], tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]] = (
        dataset.__dict__.setdefault("_access_groups", {}))
    key = (int(years[0]), int(years[-1])) if len(years) else (0, -1)
    if key not in cache:
        parts = dataset_parts(dataset)
        if dataset.export_rules.empty or not len(years):
            cache[key] = (parts.groups, np.broadcast_to(parts.group_of,
                                                        (len(years), len(parts.group_of))))
        else:
            access = chip_access_by_year(dataset, years)
            groups, inverse = np.unique(access.reshape(-1, access.shape[2]), axis=0,
                                        return_inverse=True)
            cache[key] = (groups, np.asarray(inverse, dtype=np.int64).reshape(
                len(years), access.shape[1]))
    return cache[key]


def chip_access_by_year(dataset: Dataset, years: npt.NDArray[np.int64]
                        ) -> npt.NDArray[np.bool_]:
    """(T, A, C): whether the adopter may buy the chip in each projected year: the chip's
    ``only_for`` / ``not_for``, overridden by the export rules of the years they cover."""
    base = dataset.chip_access_matrix
    out = np.broadcast_to(base, (len(years), *base.shape)).copy()
    rules = dataset.export_rules
    if rules.empty:
        return out
    a_pos = {a: i for i, a in enumerate(dataset.adopter_ids)}
    c_pos = {c: i for i, c in enumerate(dataset.chip_ids)}
    for cid, aid, first, last, rule in zip(rules["chip_id"], rules["adopter_id"],
                                           rules["first_year"], rules["last_year"],
                                           rules["rule"], strict=True):
        when = (years >= first) & (years <= last)
        out[when, a_pos[aid], c_pos[cid]] = rule == "allowed"
    return out


@dataclass(frozen=True)
class DatasetParts:
    """What the engine derives from the dataset alone, once per dataset (not per call)."""

    launch: F64  # (C,) launch years
    newest: npt.NDArray[np.bool_]  # (C,) the newest chip of its vendor in its market
    groups: npt.NDArray[np.bool_]  # (G, C) the distinct sets of chips an adopter may buy
    group_of: npt.NDArray[np.int64]  # (A,) each adopter's set
    deal_ids: tuple[str, ...]  # (D,)
    deal_adopter: npt.NDArray[np.int64]  # (D,) adopter index
    deal_vendor: npt.NDArray[np.int64]  # (D,) vendor index
    deal_chip: npt.NDArray[np.int64]  # (D,) chip index, -1 where the deal names none
    deal_first: npt.NDArray[np.int64]  # (D,) first and last year
    deal_last: npt.NDArray[np.int64]
    deal_start: F64  # (D,) part of the first year before deliveries start
    deal_firmness: tuple[str, ...]  # (D,) firm | loi | up_to
    deal_host: npt.NDArray[np.int64]  # (D,) adopter index of the host, -1 where none
    owner: npt.NDArray[np.int64]  # (V,) adopter index of the vendor's owner, -1 where none
    price_usd: F64  # (C,) reference price per chip
    price_year: F64  # (C,) the year it applies to
    chip_vendor: F64  # (C, V) one-hot
    deal_adopter_onehot: F64  # (D, A)
    deal_vendor_onehot: F64  # (D, V)


def dataset_parts(dataset: Dataset) -> DatasetParts:
    cached: DatasetParts | None = dataset.__dict__.get("_engine_fixed")
    if cached is not None:
        return cached
    chips = dataset.chips
    launch = chips["launch_year"].to_numpy(np.float64)
    # A market is the set of adopters a chip is sold to: export variants form their own.
    market = chips["vendor_id"] + "\x00" + chips["only_for"]
    newest = launch == chips.groupby(market)["launch_year"].transform("max").to_numpy()
    groups, group_of = np.unique(dataset.chip_access_matrix, axis=0, return_inverse=True)
    deals = dataset.deals
    a_pos = {x: i for i, x in enumerate(dataset.adopter_ids)}
    v_pos = {x: i for i, x in enumerate(dataset.vendor_ids)}
    c_pos = {x: i for i, x in enumerate(dataset.chip_ids)}

    def index(column: str, pos: dict[str, int]) -> npt.NDArray[np.int64]:
        return np.array([pos.get(x, -1) for x in deals[column]], dtype=np.int64)

    parts = DatasetParts(launch, newest, groups, np.asarray(group_of, dtype=np.int64).reshape(-1),
                   tuple(deals["deal_id"]), index("adopter_id", a_pos),
                   index("vendor_id", v_pos), index("chip_id", c_pos),
                   deals["first_year"].to_numpy(np.int64), deals["last_year"].to_numpy(np.int64),
                   deals["start_fraction"].fillna(0.0).to_numpy(np.float64),
                   tuple(f or "firm" for f in deals["firmness"]), index("host_id", a_pos),
                   np.array([a_pos.get(x, -1) for x in dataset.vendors["owner_id"]],
                            dtype=np.int64),
                   chips["price_usd"].to_numpy(np.float64),
                   chips["price_year"].to_numpy(np.float64),
                   onehot(dataset.chip_vendor_index, len(dataset.vendor_ids)),
                   onehot(index("adopter_id", a_pos), len(dataset.adopter_ids)),
                   onehot(index("vendor_id", v_pos), len(dataset.vendor_ids)))
    dataset.__dict__["_engine_fixed"] = parts
    return parts


def past_peak_cap(units_by_year: F64, steps: F64) -> F64:
    """(T, C) most availability each chip can have in the projection, from its history.

    A chip whose sales peaked before the base year keeps declining at the yearly rate its
    history shows: with ``r`` its base-year sales as a fraction of its peak and ``n`` the
    years since the peak, the cap is ``r^(1 + s/n)`` ``s`` years after the base year (0 for
    a chip nobody bought in the base year: off the market). Other chips: 1.
    ``steps`` is (T,) years after the base year.
    """
    units = units_by_year.sum(axis=1)  # (history years to base, C)
    peak = units.max(axis=0)
    years_since = (units.shape[0] - 1 - units.argmax(axis=0)).astype(np.float64)
    past_peak = (years_since > 0) & (peak > 0)
    ratio = safe_div(units[-1], peak)
    with np.errstate(divide="ignore"):
        exponent = 1.0 + steps[:, None] / np.where(past_peak, years_since, 1.0)[None, :]
        cap: F64 = np.where(past_peak[None, :], ratio[None, :] ** exponent, 1.0)
    return cap


def lower_nest(cost: F64, avail: F64, beta: float | F64, vidx: npt.NDArray[np.int64],
               chip_vendor: F64) -> tuple[F64, F64]:
    """Chip choice within each vendor, and each vendor's inclusive value (logsum).

    ``IV_v = ln sum_c r_c k_c^-beta - ln sum_c r_c + ln max_c r_c``: the log of the vendor's
    availability-weighted mean of cost^-beta, plus the log of its best availability.
    ``cost`` and ``avail`` are (..., C) and broadcast together (e.g. (N, G, T, C): draws,
    sets of chips, years); ``beta`` a float or an array broadcasting to them.
    Returns (w (..., C), IV (..., V)); IV is -inf for a vendor with no chip on sale.
    """
    with np.errstate(divide="ignore"):
        z = -beta * np.log(cost) + np.log(avail)  # -inf where not yet launched
    zmax = vendor_max(z, chip_vendor, -np.inf)  # (..., V)
    safe_max = np.where(np.isfinite(zmax), zmax, 0.0)
    e = np.exp(z - safe_max[..., vidx])  # 0 where not launched
    total = matmul_last(e, chip_vendor)  # (..., V)
    with np.errstate(divide="ignore"):
        inclusive = np.where(total > 0, safe_max + np.log(np.where(total > 0, total, 1.0)),
                             -np.inf)
    # total is 0 (no chip on sale: every e is 0) or at least 1 (the largest e is 1)
    within = e / np.where(total > 0, total, 1.0)[..., vidx]
    # Departure from MODEL.md's plain logsum (docs/model.md says why): normalise by the
    # vendor's total availability so that a long catalogue of old chips does not by itself
    # make a vendor attractive, and keep its best availability so a ramping vendor is held back.
    avail_sum = matmul_last(avail, chip_vendor)
    avail_max = np.maximum(vendor_max(avail, chip_vendor, 0.0), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inclusive = np.where(total > 0, inclusive - np.log(np.where(total > 0, avail_sum, 1.0))
                             + np.log(np.where(total > 0, avail_max, 1.0)), -np.inf)
    return within, inclusive


def vendor_max(x: F64, chip_vendor: F64, empty: float) -> F64:
    """(..., V) the largest of ``x`` (..., C) over each vendor's chips (``empty`` for a vendor
    with none). One masked (..., V, C) maximum for small arrays (one draw); a loop over vendors
    for large ones (a mask would not fit 10,000 draws)."""
    v_n = chip_vendor.shape[1]
    if x.size * v_n <= MASKED_MAX_SIZE:
        masked: F64 = np.where(chip_vendor.T > 0, x[..., None, :], empty).max(axis=-1)
        return masked
    out = np.full((*x.shape[:-1], v_n), empty)
    for v, idx in enumerate(_chips_of_vendors(chip_vendor)):
        if len(idx):
            out[..., v] = x[..., idx].max(axis=-1)
    return out


MASKED_MAX_SIZE = 100_000
"""Up to this many elements (x's size times vendors), :func:`vendor_max` masks."""

_CHIPS_OF_VENDORS: dict[bytes, list[npt.NDArray[np.int64]]] = {}


def _chips_of_vendors(chip_vendor: F64) -> list[npt.NDArray[np.int64]]:
    """Each vendor's chip indices (cached by the one-hot matrix's bytes: a few datasets)."""
    key = chip_vendor.tobytes() + bytes(str(chip_vendor.shape), "ascii")
    if key not in _CHIPS_OF_VENDORS:
        _CHIPS_OF_VENDORS[key] = [np.flatnonzero(chip_vendor[:, v] > 0)
                                  for v in range(chip_vendor.shape[1])]
    return _CHIPS_OF_VENDORS[key]


def matmul_last(x: F64, m: F64) -> F64:
    """``x @ m`` over the last axis of ``x`` (..., K) with ``m`` (K, J) (a one-hot or other
    small matrix). numpy's own loop, not BLAS: for these shapes BLAS's threads cost more than
    they save on a busy machine (2x slower for 1,000 draws on 2 shared cores)."""
    out: F64 = np.einsum("...k,kj->...j", x, m)
    return out


def sum_into(x: F64, index: npt.NDArray[np.int64], n: int) -> F64:
    """(..., n): ``x`` (..., K) summed into the positions ``index`` (K,) of the last axis,
    in order of k (what ``x @ onehot(index, n)`` gives, without its n x K products). A loop
    over K (deals), not over draws."""
    out = np.zeros((*x.shape[:-1], n))
    for k, i in enumerate(index):
        out[..., i] += x[..., k]
    return out


FIRMNESS_KEYS = {"firm": "", "loi": "deal_weight_loi", "up_to": "deal_weight_up_to"}
"""Deal firmness -> the global assumption weighting it (a firm order counts in full)."""


def deal_weights(dataset: Dataset, a: Assumptions | DrawValues) -> F64:
    """(D,) weight of each deal from its firmness: 1 for a firm order, the user's weight for
    a letter of intent or an 'up to' ceiling; (N, D) for :class:`DrawValues`."""
    values = a if isinstance(a, DrawValues) else DrawValues(dataset, a)
    firmness = np.array(dataset_parts(dataset).deal_firmness, dtype=object)
    out = np.ones((values.n, len(firmness)))
    for f, k in FIRMNESS_KEYS.items():
        if k:
            out[:, firmness == f] = values.scalar(k)[:, None]
    return out if isinstance(a, DrawValues) else out[0]


DEAL_RAMP_YEARS = 1.0
"""A deal's deliveries rise linearly from its start to their full rate over this many years,
then run at that rate to the end of its last year (docs/data.md, "Deal conversions")."""


def deal_profile(first: npt.NDArray[np.int64], last: npt.NDArray[np.int64], start: F64,
                 years: npt.NDArray[np.int64]) -> F64:
    """(T, D) each deal's deliveries in each year as a multiple of its average yearly rate
    (``h100e_per_year``): a linear ramp over ``DEAL_RAMP_YEARS`` from the start
    (``first + start_fraction``), then flat to the end of ``last``. Sums to the number of
    delivery years over the deal's life."""
    s = first.astype(np.float64) + start  # (D,)
    length = last.astype(np.float64) + 1.0 - s
    ramp = np.minimum(DEAL_RAMP_YEARS, length)

    def delivered(x: F64) -> F64:  # share of the total delivered by time x (years since s)
        tau = np.clip(x, 0.0, length)
        cum = np.where(tau <= ramp, tau ** 2 / (2.0 * ramp), ramp / 2.0 + (tau - ramp))
        out: F64 = cum / (length - ramp / 2.0)
        return out

    y = years.astype(np.float64)[:, None]
    out: F64 = (delivered(y + 1.0 - s) - delivered(y - s)) * length[None, :]
    return out


def deal_sizes(dataset: Dataset, a: Assumptions | DrawValues,
               years: npt.NDArray[np.int64]) -> F64:
    """(T, D) H100e delivered in each year of each deal while it is on: its average yearly
    size, times its firmness weight, shaped by :func:`deal_profile` (deliveries ramp in from
    the announced start, e.g. 2H 2026, rather than spreading evenly). (N, T, D) for
    :class:`DrawValues`."""
    values = a if isinstance(a, DrawValues) else DrawValues(dataset, a)
    parts = dataset_parts(dataset)
    keys: dict[str, tuple[str, ...]] = dataset.__dict__.setdefault("_deal_keys", {})
    if not keys:
        keys["size"] = tuple(f"deal.{d}.size_h100e_per_year" for d in parts.deal_ids)
        keys["enabled"] = tuple(f"deal.{d}.enabled" for d in parts.deal_ids)
    size = (values.array(keys["size"]) * values.array(keys["enabled"])
            * deal_weights(dataset, values))  # (N, D)
    profiles: dict[tuple[int, int], F64] = dataset.__dict__.setdefault("_deal_profiles", {})
    span = (int(years[0]), int(years[-1])) if len(years) else (0, -1)
    if span not in profiles:
        profiles[span] = deal_profile(parts.deal_first, parts.deal_last, parts.deal_start, years)
    out: F64 = profiles[span][None, :, :] * size[:, None, :]
    return out if isinstance(a, DrawValues) else out[0]


def named_chips(dataset: Dataset, sizes: F64, within: F64) -> F64:
    """(T, A, C) H100e per year of the enabled, active deals that name a chip (``sizes``:
    (T, D), from :func:`deal_sizes`), where that chip is on sale to the adopter
    (``within > 0``); elsewhere the deal buys the vendor's mix."""
    t_n, a_n, c_n = within.shape
    parts = dataset_parts(dataset)
    named = parts.deal_chip >= 0
    if not named.any():
        return np.zeros((t_n, a_n, c_n))
    by_adopter = sizes[:, None, named] * onehot(parts.deal_adopter[named], a_n).T[None]
    out: F64 = by_adopter @ onehot(parts.deal_chip[named], c_n)
    return np.where(within > 0, out, 0.0)


def split_by_chip(vendor_h100e: F64, within: F64, named: F64, vidx: npt.NDArray[np.int64],
                   chip_vendor: F64) -> F64:
    """(A, C) purchases: each vendor's purchases go first to the chips its deals name (scaled
    down in proportion when they add up to more than the vendor's purchases), and the rest by
    the lower nest ``w_c|v``."""
    if not named.any():
        out: F64 = vendor_h100e[:, vidx] * within
        return out
    named_v = named @ chip_vendor  # (A, V)
    scale = np.where(named_v > vendor_h100e, safe_div(vendor_h100e, named_v), 1.0)
    kept = named * scale[:, vidx]
    rest = np.maximum(vendor_h100e - kept @ chip_vendor, 0.0)
    out = kept + rest[:, vidx] * within
    return out
