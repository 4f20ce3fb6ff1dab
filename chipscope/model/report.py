"""What a scenario report says, as plain data: the title block, the vendor-share table for key
years, the assumptions that differ from their defaults, the notes and the sources.

Pure (no Qt, no files): :mod:`chipscope.ui.report` lays these facts out as a PDF with the
charts; tests read them without drawing anything. Numbers come from the existing builders:
the share table from :func:`~chipscope.model.chart_data.frame_table` (the same numbers as the
window's table), the notes from :func:`~chipscope.model.notes.projection_notes`, the sources
from :func:`~chipscope.model.provenance.sources_table`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from chipscope.model.assumptions import Assumptions
from chipscope.model.basis import basis_note
from chipscope.model.chart_data import frame_table, vendor_frame
from chipscope.model.dataset import Dataset
from chipscope.model.formatting import format_si
from chipscope.model.notes import projection_notes
from chipscope.model.param_specs import ParamSpec
from chipscope.model.projection import Projection
from chipscope.model.provenance import sources_table

MAX_YEAR_COLUMNS = 9
"""The share table's most year columns (more would not fit A4 portrait at a readable size)."""
GROUP_NAMES = {"global": "Global", "vendor": "Vendor", "adopter": "Adopter", "deal": "Deal"}


@dataclass(frozen=True)
class ShareTable:
    """Each vendor's share of purchases in key years.

    Attributes
    ----------
    unit : what the shares are of ("H100e, dense BF16").
    years : the key years (column heads). history : for each year, whether it is history.
    rows : (vendor name, shares as text) per vendor, largest in the last year first.
    totals : the year's total purchases as text ("2.31M"), in ``unit``.
    """

    unit: str
    years: tuple[int, ...]
    history: tuple[bool, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    totals: tuple[str, ...]


@dataclass(frozen=True)
class ChangedAssumption:
    """One assumption set away from its default: its label, group, value and default
    (each with its unit)."""

    key: str
    label: str
    group: str
    value: str
    default: str


@dataclass(frozen=True)
class Source:
    """One dataset source: citation, licence, the date it was retrieved and its address."""

    citation: str
    licence: str
    retrieved: str
    url: str


@dataclass(frozen=True)
class ReportFacts:
    """Everything a report says besides the charts."""

    scenario_name: str
    description: str
    dataset_name: str
    dataset_date: str
    basis_text: str
    version: str
    generated: str
    base_year: int
    horizon_year: int
    shares: ShareTable
    changed: tuple[ChangedAssumption, ...]
    notes: tuple[str, ...]
    sources: tuple[Source, ...]


def key_years(years: np.ndarray, base_year: int, limit: int = MAX_YEAR_COLUMNS
              ) -> tuple[int, ...]:
    """Every year when they fit in ``limit`` columns; else the first, the base and the last
    year with evenly spaced years between them."""
    all_years = [int(y) for y in years]
    if len(all_years) <= limit:
        return tuple(all_years)
    must = {all_years[0], int(base_year), all_years[-1]}
    picks = np.linspace(0, len(all_years) - 1, limit - len(must) + 2).round().astype(int)
    chosen = must | {all_years[i] for i in picks}
    while len(chosen) > limit:  # rounding can add one too many; drop the one nearest another
        extra = sorted(chosen - must)
        chosen.discard(extra[len(extra) // 2])
    return tuple(sorted(chosen))


def share_text(percent: float) -> str:
    """A share in % for the report: one decimal, "<0.1" for a sliver, "-" for none."""
    if not math.isfinite(percent):
        return "n/a"
    if abs(percent) < 0.05:
        return "<0.1" if percent > 0 else "\u2013"
    return f"{percent:.1f}"


def value_text(spec: ParamSpec, value: float) -> str:
    """An assumption's value with its unit, thousands separated: "-30 %/yr", "none"."""
    if spec.kind == "bool":
        return "on" if value else "off"
    if math.isnan(value):
        return "none"
    number = f"{value:,.{spec.decimals}f}"
    return f"{number} {spec.unit}".strip() if spec.unit else number


def share_table(projection: Projection, vendor_names: dict[str, str]) -> ShareTable:
    """The vendor-share table of the report, from the window's vendor table (its ``share``
    columns, found by their metadata, not their position)."""
    table = frame_table(vendor_frame(projection, "h100e", vendor_names), "year")
    years = key_years(projection.years, projection.base_year)
    frame = table.frame.set_index(table.frame.columns[0])
    picked = frame.loc[list(years)]
    share_cols = [c for c in table.columns if c.kind == "share"]
    last = picked[[c.label for c in share_cols]].iloc[-1].to_numpy()
    order = np.argsort(-last, kind="stable")
    rows = tuple((str(share_cols[j].series),
                  tuple(share_text(float(v)) for v in picked[share_cols[j].label]))
                 for j in order)
    total_label = next(c.label for c in table.columns if c.key == "total")
    totals = tuple(format_si(float(v)) for v in picked[total_label])
    history = tuple(bool(projection.is_history[projection.year_index(y)]) for y in years)
    return ShareTable(projection.unit("h100e"), years, history, rows, totals)


def changed_assumptions(values: Assumptions) -> tuple[ChangedAssumption, ...]:
    """The assumptions that differ from their defaults, in the forms' order."""
    out = []
    for key in values.changed():
        spec = values.specs[key]
        out.append(ChangedAssumption(key, spec.label, GROUP_NAMES.get(spec.group, spec.group),
                                     value_text(spec, values[key]),
                                     value_text(spec, spec.default)))
    return tuple(out)


MAX_REPORT_DESCRIPTION = 20_000
"""Characters of a scenario's description a report shows (a scenario file may hold a megabyte
of it: laid out by Qt, one long word of 900,000 characters took minutes, the promise "nothing
hangs" broken); the rest is named, not shown."""


def report_description(description: str) -> str:
    """``description`` as a report shows it: whole up to :data:`MAX_REPORT_DESCRIPTION`
    characters, else that much and a line saying how much more the scenario holds."""
    if len(description) <= MAX_REPORT_DESCRIPTION:
        return description
    rest = len(description) - MAX_REPORT_DESCRIPTION
    return (description[:MAX_REPORT_DESCRIPTION] + f"\n[... {rest:,} more characters of the "
            "description are in the scenario, not in this report]")


def report_facts(dataset: Dataset, values: Assumptions, projection: Projection, *,
                 name: str, description: str, version: str, generated: str) -> ReportFacts:
    """The facts of the report on ``projection`` (made from ``values`` on ``dataset``).

    Parameters
    ----------
    name, description : the scenario's.
    version : ChipScope's version. generated : when the report was made, as text.
    """
    vendor_names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    notes = [n.detail for n in projection_notes(projection, dataset.adopter_names)]
    if note := basis_note(dataset, projection.basis):
        notes.append(note)
    s = sources_table(dataset)
    sources = tuple(Source(str(c), str(lic), str(r), str(u)) for c, lic, r, u in
                    zip(s["Citation"], s["Licence"], s["Retrieved"], s["URL"], strict=True))
    return ReportFacts(
        scenario_name=name, description=report_description(description),
        dataset_name=dataset.name,
        dataset_date=dataset.date, basis_text=f"1 H100e = {_basis_words(projection.basis)}",
        version=version, generated=generated, base_year=int(projection.base_year),
        horizon_year=int(projection.years[-1]),
        shares=share_table(projection, vendor_names), changed=changed_assumptions(values),
        notes=tuple(notes), sources=sources)


def _basis_words(basis: str) -> str:
    if basis == "8bit":
        return "1,979 dense FP8/INT8 TOP/s (8-bit basis, as Epoch AI counts)"
    return "989 dense BF16 TFLOP/s (dense BF16 basis, ChipScope's default)"
