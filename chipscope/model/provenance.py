"""Provenance: where each chip's, adopter's and deal's numbers come from, as text and tables.

Qt-free: the Details panel (``chipscope.ui.panels.details``) shows these tables and the
assumption forms use the ``*_provenance`` texts as tooltips; the Checks tab cites sources with
:func:`source_text`.
"""

from __future__ import annotations

import math

import pandas as pd

from chipscope.model.dataset import Dataset
from chipscope.model.edits import USER_SOURCE_PREFIX


def source_text(dataset: Dataset, source_id: str) -> str:
    """"Citation (licence, retrieved YYYY-MM-DD)" of one source, or the id if unknown."""
    sources = dataset.sources
    row = sources[sources["source_id"] == source_id]
    if row.empty:
        return source_id
    r = row.iloc[0]
    return (_yours(source_id)
            + f"{r['citation']} ({r['licence']}, retrieved {r['retrieved']})")


def _yours(source_id: str) -> str:
    """The mark of a row the user added or edited (its source is one the user gave)."""
    return "[your edit] " if str(source_id).startswith(USER_SOURCE_PREFIX) else ""


def vendor_provenance(dataset: Dataset, vendor_id: str) -> str:
    """Tooltip text for a vendor heading: kind, source, confidence, notes."""
    v = dataset.vendors.set_index("vendor_id").loc[vendor_id]
    lines = [f"{v['name']} ({v['kind']})",
             f"Source: {source_text(dataset, str(v['source_id']))}",
             f"Confidence: {v['confidence']}"]
    if str(v.get("notes", "")).strip():
        lines.append(str(v["notes"]))
    return "\n".join(lines)


def adopter_provenance(dataset: Dataset, adopter_id: str) -> str:
    """Tooltip text for an adopter heading: kind, how its purchases were derived, source."""
    a = dataset.adopters.set_index("adopter_id").loc[adopter_id]
    return "\n".join([
        f"{a['name']} ({a['kind']})",
        f"Derivation: {a['derivation']}",
        f"Source: {source_text(dataset, str(a['source_id']))}",
        f"Confidence: {a['confidence']}",
    ])


def deal_provenance(dataset: Dataset, deal_id: str) -> str:
    """Tooltip text for a deal: what was announced, how it became H100e/yr, source."""
    d = dataset.deals.set_index("deal_id").loc[deal_id]
    assert isinstance(d, pd.Series), f"deal_id {deal_id!r} is not unique"
    host = dataset.adopter_names.get(str(d["host_id"]), "")
    return "\n".join([
        str(d["description"]),
        f"Firmness: {firmness_text(str(d['firmness']))}",
        f"Years: {deal_years(int(d['first_year']), int(d['last_year']), d['start_fraction'])}; "
        f"amount {d['amount']:g} {d['amount_unit']}",
        *([f"Hosted by {host}: its budget pays for this capacity"] if host else []),
        f"Conversion: {d['conversion']}",
        f"Source: {source_text(dataset, str(d['source_id']))}",
        f"Confidence: {d['confidence']}",
    ])


def chips_table(dataset: Dataset) -> pd.DataFrame:
    """One row per chip: vendor, specs, price (with "estimate" marker), source, confidence."""
    chips = dataset.chips
    vendor_names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    price = [
        f"{p:,.0f}" + (" (estimate)" if est else "")
        for p, est in zip(chips["price_usd"], chips["price_is_estimate"], strict=True)
    ]
    return pd.DataFrame({
        "Chip": chips["name"],
        "Vendor": chips["vendor_id"].map(vendor_names),
        "Launch (year)": chips["launch_year"],
        "Dense BF16 (TFLOP/s)": chips["dense_bf16_tflops"],
        "Dense 8-bit (TFLOP/s)": chips["dense_8bit_tflops"].map(_blank_nan),
        "H100e per chip (dense BF16)": dataset.with_basis("bf16").h100e_per_unit,
        "H100e per chip (dense 8-bit)": dataset.with_basis("8bit").h100e_per_unit,
        "Memory (GB)": chips["memory_gb"].map(_blank_nan),
        "Price (USD)": price,
        "Price year": chips["price_year"],
        "Price derivation": chips["price_derivation"],
        "Source": [source_text(dataset, s) for s in chips["source_id"]],
        "Confidence": chips["confidence"],
    })


def adopters_table(dataset: Dataset) -> pd.DataFrame:
    """One row per adopter: kind, how its purchases were derived, source, confidence."""
    a = dataset.adopters
    return pd.DataFrame({
        "Adopter": a["name"],
        "Kind": a["kind"],
        "Derivation": a["derivation"],
        "Source": [source_text(dataset, s) for s in a["source_id"]],
        "Confidence": a["confidence"],
    })


FIRMNESS_TEXT = {"firm": "firm (signed order or contract)",
                 "loi": ("letter of intent (non-binding; weighted by "
                         "'Deal weight: letter of intent')"),
                 "up_to": "'up to' ceiling (weighted by \"Deal weight: 'up to' ceiling\")"}


FIRMNESS_WORDS = {"firm": "firm", "loi": "letter of intent", "up_to": "up to"}


def amount_text(amount: float, unit: str) -> str:
    """A deal's amount as announced: "$38B", "6 GW", "1,000,000 units"."""
    if unit == "USD":
        return f"${amount / 1e9:,.3g}B"
    if unit == "GW":
        return f"{amount:g} GW"
    return f"{amount:,.0f} {'chips' if unit == 'units' else unit}"


def firmness_text(firmness: str) -> str:
    """A deal's firmness in words (empty means firm)."""
    return FIRMNESS_TEXT.get(firmness or "firm", firmness)


def deal_years(first: int, last: int, start: float) -> str:
    """"2H 2026-2030" for a deal that starts halfway through its first year."""
    part = 0.0 if start != start else float(start)  # NaN: from the start of the year
    lead = "2H " if part == 0.5 else (f"{part:g} into " if part else "")
    return f"{lead}{first}-{last}"


def deals_table(dataset: Dataset) -> pd.DataFrame:
    """One row per deal: parties, years, amount as announced and in H100e/yr, source."""
    d = dataset.deals
    adopters = dataset.adopter_names
    vendors = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    return pd.DataFrame({
        "Deal": [str(x).split(":")[0] for x in d["description"]],
        "Adopter": d["adopter_id"].map(adopters),
        "Vendor": d["vendor_id"].map(vendors),
        "Firmness": [FIRMNESS_WORDS.get(f or "firm", f) for f in d["firmness"]],
        "Years": [deal_years(int(a), int(b), s) for a, b, s in
                  zip(d["first_year"], d["last_year"], d["start_fraction"], strict=True)],
        "Host": [adopters.get(h, "") for h in d["host_id"]],
        "Amount": [amount_text(x, u) for x, u in zip(d["amount"], d["amount_unit"], strict=True)],
        "Size (H100e/yr)": d["h100e_per_year"],
        "Conversion": d["conversion"],
        "Description": d["description"],
        "Source": [source_text(dataset, s) for s in d["source_id"]],
        "Confidence": d["confidence"],
    })


def sources_table(dataset: Dataset) -> pd.DataFrame:
    s = dataset.sources
    citations = [_yours(i) + c for i, c in zip(s["source_id"], s["citation"], strict=True)]
    return pd.DataFrame({"Citation": citations, "Licence": s["licence"],
                         "Retrieved": s["retrieved"], "URL": s["url"]})


def _blank_nan(x: float) -> object:
    return "" if isinstance(x, float) and math.isnan(x) else x
