"""Market-level checks on a validated dataset, beyond what ``Dataset.from_frames`` checks.

Pure (no I/O); used by ``chipscope data build`` and ``chipscope data check``. Problems use the
model's "table, line N" convention (N = 0-based row position + 2) so callers can point at the
CSV line or the database row.

Already checked by ``Dataset.from_frames`` (not repeated here): column types, ranges, choices,
foreign keys, duplicate keys (so no adopter is listed twice for a (year, chip) in the history),
dense-only TFLOP/s and h100e = units x dense TFLOP/s / 989.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection

import pandas as pd

from chipscope.model.conversion import (
    ChipTerms,
    RuleError,
    deal_h100e_per_year,
    follows_rule,
    rate_text,
)
from chipscope.model.dataset import Dataset
from chipscope.model.formatting import figure
from chipscope.model.table_checks import iso_date, shown
from chipscope.model.text_rules import shortened


def extra_problems(dataset: Dataset) -> list[str]:
    """Every market-level problem of ``dataset`` (empty when it is sound)."""
    return (_adopter_partition(dataset.adopters) + _history_years(dataset.history)
            + _adopter_access(dataset) + _deal_consistency(dataset)
            + _export_rule_reach(dataset) + _budget_years(dataset)
            + _vendor_colours(dataset.vendors) + _meta(dataset))


_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def _vendor_colours(vendors: pd.DataFrame) -> list[str]:
    """A vendor's colour is #rrggbb: charts, legends and tables draw it; anything else (a
    name, a URL) would draw black or nothing, so it is refused here."""
    return [f"vendors, line {pos + 2}, column colour: {shown(c)} is not a colour written #rrggbb"
            for pos, c in enumerate(vendors["colour"]) if not _COLOUR.fullmatch(str(c))]


def _meta(dataset: Dataset) -> list[str]:
    """The dataset's name (the window's title, the report and every export show it), and its
    date: when its numbers were last checked (YYYY-MM-DD): refresh and the projection's cut-off
    compare it, so "yesterday" would make both meaningless; and its version, a whole number,
    which refresh compares for data of the same date (pass 114 F1)."""
    problems = []
    if not dataset.meta.get("name", "").strip():
        problems.append("meta: key name: missing; add a row name,<the dataset's name> (the "
                        "window, the report and every export show it)")
    text = dataset.meta.get("date", "")
    if text and iso_date(text) is None:  # no date (tests, a fresh folder): nothing to compare
        problems.append(f"meta: key date: {shown(text)} is not a date written YYYY-MM-DD "
                        "(for example 2026-04-01); write the day the numbers were last "
                        "checked that way")
    version = dataset.meta.get("version", "").strip()
    if version and not (version.isascii() and version.isdigit() and len(version) <= 18):
        problems.append(f"meta: key version: {shown(version)} is not a whole number of at most "
                        "18 digits (for example 2); number each release of the data so")
    return problems


def _budget_years(dataset: Dataset) -> list[str]:
    """A budget row gives guidance for a projected year: a history year's budget is its spend,
    so a row there could never be used."""
    last = int(dataset.history["year"].max()) if not dataset.history.empty else 0
    return [f"budgets, line {pos + 2}, column year: {int(y)} is a history year (the history "
            f"runs to {last}); a budget row is for a year after it"
            for pos, y in enumerate(dataset.budgets["year"]) if int(y) <= last]


def _adopter_partition(adopters: pd.DataFrame) -> list[str]:
    """Adopters partition the market: two rows naming the same buyer would count it twice."""
    problems = []
    seen: dict[str, int] = {}
    for pos, (aid, name) in enumerate(zip(adopters["adopter_id"], adopters["name"],
                                          strict=True)):
        for label, norm in (("adopter_id", str(aid).strip().lower()),
                            ("name", str(name).strip().lower())):
            key = f"{label}:{norm}"
            value = name if label == "name" else aid
            if key in seen:
                problems.append(
                    f"adopters, line {pos + 2}, column {label}: {value!r} repeats line "
                    f"{seen[key] + 2}; adopters must not overlap (no double counting)"
                )
            else:
                seen[key] = pos
    return problems


def _history_years(history: pd.DataFrame) -> list[str]:
    if history.empty:
        return ["history: no rows; at least one year of history is needed"]
    problems = []
    years = sorted(int(y) for y in history["year"].unique())
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if missing:
        problems.append(
            f"history: years must be consecutive; no rows for {', '.join(map(str, missing))}"
        )
    totals = history.groupby("year")["h100e"].sum()
    for year, total in totals.items():
        if not total > 0:
            problems.append(f"history: the total h100e of {year} is {total:g}; it must be > 0")
    return problems


NO_ACCESS_HINT = "add rows to access.csv"
"""How a CSV maintainer gives an adopter access; the data editor and the edits-file import say
instead what to do there (:func:`reword`)."""
ZERO_ACCESS_HINT = "set one above 0"
"""What to do when an adopter's access rows are all 0 (the same wherever they are edited)."""
PAIR_HINT = "access.csv"
"""Where a missing (adopter, vendor) access row belongs, for a CSV maintainer (reworded too)."""
ZERO_PAIR_HINT = "a deal needs it above 0 in access.csv"
"""What a deal needs of its (adopter, vendor) access row that is there but 0 (reworded too)."""

DERIVE_HINT = "run data/derive/derive_deals.py"
"""How a CSV maintainer fixes a deal's h100e_per_year; an import says :data:`LEAVE_EMPTY`."""
LEAVE_EMPTY = "leave the cell empty to have it computed"
"""How a user importing a deal has its h100e_per_year follow the conversion rule."""

EDITOR = "editor"
FILE = "file"
"""An edits file (table_name, row_key, ...): it can carry access rows beside its other edits."""
TABLE_FILE = "table file"
"""A table CSV of deals, chips, adopters, ...: it holds that one table's rows, no access rows."""
ACCESS_FILE = "access file"
"""A table CSV of the access table itself."""
_EDITS_ROW = "table_name access, row_key <adopter_id>.<vendor_id>"
_ONE_TABLE = ("a table CSV holds one table's rows, so import the access row first (in an "
              f"access CSV or an edits file: {_EDITS_ROW}), then this file again")
_IMPORT_DERIVE = (f"; {DERIVE_HINT}", f"; {LEAVE_EMPTY}")  # an importing user has no such script
_ADVICE: dict[str, tuple[tuple[str, str], ...]] = {
    EDITOR: ((NO_ACCESS_HINT, "keep an access row for it in the access table; a new "
                              "adopter names its vendors in 'Buys from'"),
             (f"({PAIR_HINT}), so", "(no row of the access table for the pair; add one), so"),
             (ZERO_PAIR_HINT, "a deal needs it above 0: raise it in the access table first"),
             (f"but {PAIR_HINT} gives", "but the access table gives")),
    FILE: ((NO_ACCESS_HINT, f"import it in an edits file together with its access rows: "
                            f"{_EDITS_ROW}"),
           (f"({PAIR_HINT}), so", "(no access row for the pair; add one to the same file: "
                                  f"{_EDITS_ROW}), so"),
           (ZERO_PAIR_HINT, f"a deal needs it above 0: raise it in the same file ({_EDITS_ROW})"),
           (f"but {PAIR_HINT} gives", "but the access table gives"), _IMPORT_DERIVE),
    TABLE_FILE: ((NO_ACCESS_HINT, f"import it in an edits file together with its access rows: "
                                  f"{_EDITS_ROW}"),
                 (f"({PAIR_HINT}), so", f"(no access row for the pair; {_ONE_TABLE}), so"),
                 (ZERO_PAIR_HINT, "a deal needs it above 0: " + _ONE_TABLE.replace(
                     "import the access row first", "raise it first")),
                 (f"but {PAIR_HINT} gives", "but the access table gives"), _IMPORT_DERIVE),
    ACCESS_FILE: ((NO_ACCESS_HINT, f"import it in an edits file together with its access rows: "
                                   f"{_EDITS_ROW}"),
                  (f"({PAIR_HINT}), so", "(no access row for the pair; add one to this file), so"),
                  (ZERO_PAIR_HINT, "a deal needs it above 0: keep it above 0 in this file, or "
                                   "retire the deal first"),
                  (f"but {PAIR_HINT} gives", "but the access table gives"), _IMPORT_DERIVE),
}


def reword(problem: str, audience: str = EDITOR, lowered: Collection[str] = ()) -> str:
    """A data-check problem told to a user of the data editor (``EDITOR``) or of an imported
    edits file (``FILE``): what to do there, not in the CSVs they never see. ``lowered``: the
    access rows (``adopter.vendor``) the change itself sets to 0: a deal's need of one is not
    met by raising it again, but by keeping it or by retiring the deal."""
    for pair in lowered if audience != ACCESS_FILE else ():  # that one says so already
        problem = problem.replace(f"access row {pair} is 0: the adopter does not buy from that "
                                  f"vendor; {ZERO_PAIR_HINT}", f"access row {pair} is 0: {_KEEP}")
    for old, new in _ADVICE[audience]:
        problem = problem.replace(old, new)
    return problem


_KEEP = ("a deal needs it above 0: keep it above 0, or first retire that deal (or drop it, if "
         "you added it)")


def _adopter_access(dataset: Dataset) -> list[str]:
    """Every adopter must reach at least one vendor, or its demand has nowhere to go."""
    access = dataset.access_matrix
    listed = set(dataset.frames["access"]["adopter_id"])
    return [
        f"adopters, line {pos + 2}: {aid!r} has access to no vendor: "
        + (f"none of its access rows is above 0 ({ZERO_ACCESS_HINT})" if aid in listed
           else f"it has no access row ({NO_ACCESS_HINT})")
        for pos, aid in enumerate(dataset.adopter_ids)
        if not (access[pos] > 0).any()
    ]


def _deal_consistency(dataset: Dataset) -> list[str]:
    problems = []
    deals = dataset.deals
    access = dataset.access_matrix
    a_pos = {a: i for i, a in enumerate(dataset.adopter_ids)}
    v_pos = {v: i for i, v in enumerate(dataset.vendor_ids)}
    chip_vendor = dict(zip(dataset.chips["chip_id"], dataset.chips["vendor_id"], strict=True))
    rows = dataset.frames["access"]
    listed = set(zip(rows["adopter_id"], rows["vendor_id"], strict=True))
    for pos, (aid, vid, cid) in enumerate(zip(deals["adopter_id"], deals["vendor_id"],
                                              deals["chip_id"], strict=True)):
        if access[a_pos[aid], v_pos[vid]] <= 0:
            why = (f"its access row {aid}.{vid} is 0: the adopter does not buy from that "
                   f"vendor; {ZERO_PAIR_HINT}" if (aid, vid) in listed else PAIR_HINT)
            problems.append(
                f"deals, line {pos + 2}: adopter {aid!r} has no access to vendor {vid!r} "
                f"({why}), so the deal could never be served"
            )
        if cid and chip_vendor.get(cid) != vid:
            problems.append(
                f"deals, line {pos + 2}, column chip_id: chip {cid!r} is made by "
                f"{chip_vendor.get(cid)!r}, not by the deal's vendor {vid!r}"
            )
    return problems + _deal_conversions(dataset)


def _deal_conversions(dataset: Dataset) -> list[str]:
    """Each deal's h100e_per_year follows the one conversion rule (docs/data.md)."""
    problems = []
    c = dataset.chips
    terms_of = {str(cid): ChipTerms(str(cid), float(tf), float(tdp), float(usd))
                for cid, tf, tdp, usd in zip(c["chip_id"], c["dense_bf16_tflops"], c["tdp_w"],
                                             c["price_usd"], strict=True)}
    d = dataset.deals
    for pos, (cid, unit, amount, first, last, frac, stated) in enumerate(zip(
            d["chip_id"], d["amount_unit"], d["amount"], d["first_year"], d["last_year"],
            d["start_fraction"], d["h100e_per_year"], strict=True)):
        terms = terms_of.get(str(cid)) if cid else None
        if terms is None:
            if unit != "h100e":
                problems.append(f"deals, line {pos + 2}, column chip_id: a deal in "
                                f"{unit} needs the chip it is converted at")
            continue
        start = 0.0 if math.isnan(frac) else float(frac)
        try:
            rate, _ = deal_h100e_per_year(float(amount), str(unit), terms, int(first),
                                          int(last), start)
        except ValueError as exc:  # a RuleError names the deal's field that stops the rule
            where = f", column {exc.field}" if isinstance(exc, RuleError) else ""
            problems.append(f"deals, line {pos + 2}{where}: {exc}")
            continue
        if not follows_rule(stated, rate):
            problems.append(f"deals, line {pos + 2}, column h100e_per_year: "
                            f"{off_rule(stated, rate, amount, str(unit))}; {DERIVE_HINT}")
    return problems


def off_rule(stated: float | str, rate: float, amount: float, unit: str) -> str:
    """A deal's h100e_per_year ``stated`` (a CSV's number, or an import's cell as typed) that
    is not the conversion rule's ``rate``, said; numbers as a reader writes them (1,000,000
    units, not 1e+06; 23.25, not 23: pass 48, F4)."""
    told = shortened(stated.strip()) if isinstance(stated, str) else figure(stated)
    return (f"{told} does not follow the conversion rule ({figure(float(rate_text(rate)))} "
            f"from {figure(amount)} {unit})")


def _export_rule_reach(dataset: Dataset) -> list[str]:
    """An export rule that allows a chip to an adopter with no access to the chip's vendor has
    no effect: access.csv would need a row too. (Unknown ids, empty year spans and rules that
    contradict each other are found when the dataset is validated.)"""
    rules = dataset.export_rules
    access = dataset.access_matrix
    a_pos = {a: i for i, a in enumerate(dataset.adopter_ids)}
    v_pos = {v: i for i, v in enumerate(dataset.vendor_ids)}
    chip_vendor = dict(zip(dataset.chips["chip_id"], dataset.chips["vendor_id"], strict=True))
    problems = []
    for pos, (cid, aid, rule) in enumerate(zip(rules["chip_id"], rules["adopter_id"],
                                               rules["rule"], strict=True)):
        vid = chip_vendor[cid]
        if rule == "allowed" and access[a_pos[aid], v_pos[vid]] <= 0:
            problems.append(
                f"export_rules, line {pos + 2}, column adopter_id: {cid!r} is allowed to "
                f"{aid!r}, but {PAIR_HINT} gives {aid!r} no access to {vid!r}, so the rule "
                "has no effect"
            )
    return problems
