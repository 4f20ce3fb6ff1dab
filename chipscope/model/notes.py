"""Notes on a projection: what the model had to bend to produce it, in words a user can act on.

Two things are worth telling a user because they change how the numbers should be read:

* **Deals squeezed by minimum shares.** Deals add to an adopter's demand where they are larger
  than what its budget buys from their vendor, so they always fit its demand; but the user's
  minimum shares take their share of everything the adopter buys. When the deals add up to
  more than what the minimum shares leave, the deals are cut in proportion. The fix is lower
  minimum shares, or turning deals off.
* **Unmet demand.** Supply caps can leave demand that no reachable vendor can serve.
* **No chip on sale.** Every chip leaves the market its sales life after launch (a vendor's
  newest twice that): far enough out no chip of the dataset is sold, and the charts drop to
  nothing there (a horizon of 2040 showed 0 % for every vendor in 2039 and 2040, unexplained).

Pure: arrays in, sentences out (no Qt, no I/O). The window's status bar and the CLI show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from chipscope.model.projection import Projection

NoteKind = Literal["deals", "unmet", "basis", "no_chips"]

RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Note:
    """One note on a projection.

    Attributes
    ----------
    kind : "deals" (deals exceed demand), "unmet" (demand no vendor can serve), "basis"
        (chips counted at an estimated 8-bit rate: :func:`chipscope.model.basis.basis_note`)
        or "no_chips" (years in which no chip of the dataset is on sale).
    summary : a few words for a status bar ("Deals exceed demand: OpenAI, Anthropic").
    detail : the full explanation, with the years, the sizes and what to change.
    adopters : the ids of the adopters concerned.
    """

    kind: NoteKind
    summary: str
    detail: str
    adopters: tuple[str, ...]


def year_ranges(years: Iterable[int]) -> str:
    """Compact list of years: [2026, 2027, 2028, 2030] -> "2026\u20132028, 2030"."""
    out: list[str] = []
    run: list[int] = []
    for y in sorted(int(x) for x in years):
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        if run:
            out.append(_run_text(run))
        run = [y]
    if run:
        out.append(_run_text(run))
    return ", ".join(out)


def _run_text(run: list[int]) -> str:
    if len(run) == 1:
        return str(run[0])
    sep = "\u2013" if len(run) > 2 else ", "
    return f"{run[0]}{sep}{run[-1]}"


def compact_h100e(value: float) -> str:
    """1234567 -> "1.23M H100e"; 45600 -> "45.6k H100e"."""
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix} H100e"
    return f"{value:.3g} H100e"


def projection_notes(proj: Projection, adopter_names: Mapping[str, str]) -> list[Note]:
    """The notes on ``proj`` (an empty list when there is nothing to say).

    Parameters
    ----------
    proj : the engine's result.
    adopter_names : adopter id -> display name (ids are used where a name is missing).
    """
    notes: list[Note] = []
    projected = ~proj.is_history
    years = proj.years[projected]
    demand = proj.demand_h100e[projected]
    name = [adopter_names.get(a, a) for a in proj.adopter_ids]

    if proj.committed_h100e is not None:
        committed = proj.committed_h100e[projected]
        reserved = (np.zeros_like(demand) if proj.minimum_share is None
                    else proj.minimum_share[projected])
        # What the deals can fill: the demand the user's minimum shares leave.
        room = demand * (1.0 - reserved)
        over = (committed > room * (1.0 + RELATIVE_TOLERANCE)) & (committed > 0)
        cols = [int(i) for i in np.flatnonzero(over.any(axis=0))]
        if cols:
            # Worst first: the adopter whose deals overshoot its demand the most.
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(room > 0, committed / np.where(room > 0, room, 1.0), np.inf)
            cols.sort(key=lambda i: -float(ratio[over[:, i], i].max()))
            parts = []
            for i in cols:
                worst = float(ratio[over[:, i], i].max())
                if np.isfinite(worst):
                    times = f"up to {worst:.1f}\u00d7"
                elif (demand[over[:, i], i] > 0).any():
                    times = "its minimum shares take all of it"
                else:
                    times = "it has no projected demand"
                if np.isfinite(worst) and (reserved[over[:, i], i] > 0).any():
                    times += " what its minimum shares leave"
                parts.append(f"{name[i]} in {year_ranges(years[over[:, i]])} ({times})")
            notes.append(Note(
                "deals", "Minimum shares cut deals: " + ", ".join(name[i] for i in cols),
                "Deals add up to more than what the minimum shares leave of the projected "
                "demand for " + "; ".join(parts) + ". Those deals are cut in proportion. To "
                "honour the deals in full, lower the adopter's minimum shares (Adopters), or "
                "turn deals off (Deals).",
                tuple(proj.adopter_ids[i] for i in cols)))

    unmet = proj.unmet_h100e[projected]
    total_unmet = unmet.sum(axis=1)
    if (total_unmet > 0).any():
        total_demand = demand.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(total_demand > 0, 100.0 * total_unmet / total_demand, 0.0)
        worst = int(np.argmax(pct))
        cols = [int(i) for i in np.flatnonzero((unmet > 0).any(axis=0))]
        notes.append(Note(
            "unmet", f"Unmet demand: up to {pct[worst]:.1f} % ({int(years[worst])})",
            f"Supply caps leave demand no vendor can serve in "
            f"{year_ranges(years[total_unmet > 0])}: up to {compact_h100e(total_unmet[worst])} "
            f"({pct[worst]:.1f} % of that year's demand) in {int(years[worst])}, for "
            + ", ".join(name[i] for i in cols)
            + ". Raise the vendors' supply caps or cap growth (Vendors) to serve it.",
            tuple(proj.adopter_ids[i] for i in cols)))
    bought = proj.by_vendor("h100e")[projected].sum(axis=1)
    if (empty := years[bought <= 0]).size and (bought > 0).any():
        notes.append(Note(
            "no_chips", f"No chip on sale in {year_ranges(empty)}",
            f"No chip of the dataset is on sale in {year_ranges(empty)}, so nothing is bought "
            "there: each chip leaves the market its sales life after launch (a vendor's "
            "newest twice that) and the data hold no later chip. Bring the horizon nearer, or "
            "raise the sales life (New chips).", ()))
    return notes
