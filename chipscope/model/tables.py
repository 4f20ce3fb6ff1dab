"""The dataset's tables: the single definition of the columns used by the CSV sources, the
SQLite schema and the checks (the per-table checks are in :mod:`chipscope.model.table_checks`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

H100_DENSE_BF16_TFLOPS = 989.0
"""H100 SXM dense BF16 TFLOP/s: 1 H100e on the default (dense BF16) basis."""

H100_DENSE_8BIT_TFLOPS = 1979.0
"""H100 SXM dense FP8 TFLOP/s: 1 H100e on the 8-bit basis, as Epoch AI's ai-chip-counts uses it."""

ColumnType = Literal["str", "int", "float", "bool"]


@dataclass(frozen=True)
class Column:
    """One column of a dataset table."""

    name: str
    type: ColumnType
    required: bool = True
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] | None = None
    references: str | None = None  # "table.column" this column must match
    help: str = ""
    form: Literal["date", "url"] | None = None  # a text cell written as a date or a web address
    unit: str = ""  # what ``hi`` counts, for the message: "H100e per year"


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    help: str = ""
    optional: bool = False  # a dataset may leave the whole table out (added after v1): empty

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


CONFIDENCE = ("high", "medium", "low")
FIRMNESS = ("firm", "loi", "up_to")
REPORTED_KINDS = ("reported", "guidance", "run_rate", "estimate")
COMPARISONS = ("central", "lower_bound", "upper_bound", "context")
MAX_H100E = 1e12
"""The most H100e (or chips) a row may count in a year: the whole world's accelerator stock is
about 1e7 H100e. Far above any real value, far below where the engine's products (times a
price, a growth over the horizon, a draw's multiplier) would overflow to inf."""
MAX_USD = 1e15
"""The most US dollars a row may hold (a year's accelerator spend of the world is about 2e11)."""
_SRC = Column("source_id", "str", references="sources.source_id", help="Row's source")
_CONF = Column("confidence", "str", choices=CONFIDENCE, help="high | medium | low")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources",
            ("source_id",),
            (
                Column("source_id", "str"),
                Column("citation", "str"),
                Column("url", "str", required=False, form="url"),
                Column("retrieved", "str", form="date",
                       help="Date the copy was taken, YYYY-MM-DD (or 'undated (Feb 2026)')"),
                Column("licence", "str"),
            ),
            "Every source cited by another table.",
        ),
        Table(
            "vendors",
            ("vendor_id",),
            (
                Column("vendor_id", "str"),
                Column("name", "str"),
                Column("kind", "str", choices=("merchant", "hyperscaler custom", "startup")),
                Column("colour", "str", help="#rrggbb, colour-blind-safe palette"),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
                Column("owner_id", "str", required=False, references="adopters.adopter_id",
                       help="The adopter that designs these chips for itself (own silicon: "
                            "Google for TPUs, Amazon for Trainium)"),
            ),
        ),
        Table(
            "chips",
            ("chip_id",),
            (
                Column("chip_id", "str"),
                Column("vendor_id", "str", references="vendors.vendor_id"),
                Column("name", "str"),
                Column("launch_year", "int", lo=2000, hi=2040),
                Column("dense_bf16_tflops", "float", lo=1, hi=100_000,
                       help="Dense (no sparsity) BF16/FP16 tensor TFLOP/s"),
                Column("memory_gb", "float", required=False, lo=0, hi=10_000),
                Column("bandwidth_tbs", "float", required=False, lo=0, hi=100_000),
                Column("tdp_w", "float", required=False, lo=1, hi=100_000),
                Column("price_usd", "float", lo=100, hi=10_000_000,
                       help="Reference price per chip (USD)"),
                Column("price_year", "int", lo=2000, hi=2040),
                Column("price_is_estimate", "bool"),
                Column("price_derivation", "str", help="Where the price comes from"),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
                Column("only_for", "str", required=False, references="adopters.adopter_id",
                       help="Sold to this adopter only (an export variant: H20 for China)"),
                Column("not_for", "str", required=False, references="adopters.adopter_id",
                       help="Never sold to this adopter in the projection (export controls)"),
                Column("dense_8bit_tflops", "float", required=False, lo=1, hi=400_000,
                       help="Dense (no sparsity) FP8 TFLOP/s, or INT8 TOP/s where the chip has "
                            "no FP8 faster than BF16; the notes say which. Empty: the 8-bit "
                            "basis uses 2 x dense BF16 and says so"),
            ),
        ),
        Table(
            "adopters",
            ("adopter_id",),
            (
                Column("adopter_id", "str"),
                Column("name", "str"),
                Column("kind", "str", choices=("AI lab", "hyperscaler", "region", "other")),
                Column("derivation", "str", help="How the adopter's purchases were derived"),
                _SRC,
                _CONF,
            ),
        ),
        Table(
            "access",
            ("adopter_id", "vendor_id"),
            (
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("vendor_id", "str", references="vendors.vendor_id"),
                Column("access", "float", lo=0, hi=1,
                       help="0: cannot buy or rent; 1: full access"),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
            ),
        ),
        Table(
            "deals",
            ("deal_id",),
            (
                Column("deal_id", "str"),
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("vendor_id", "str", references="vendors.vendor_id"),
                Column("chip_id", "str", required=False, references="chips.chip_id"),
                Column("first_year", "int", lo=2000, hi=2045),
                Column("last_year", "int", lo=2000, hi=2045),
                Column("amount", "float", lo=0, hi=MAX_USD, unit="in any amount_unit"),
                Column("amount_unit", "str", choices=("h100e", "units", "GW", "USD")),
                Column("h100e_per_year", "float", lo=0, hi=MAX_H100E, unit="H100e per year",
                       help="Committed purchases per year, converted to H100e"),
                Column("conversion", "str", help="How amount became h100e_per_year"),
                Column("description", "str"),
                _SRC,
                _CONF,
                Column("firmness", "str", required=False, choices=FIRMNESS,
                       help="firm (signed order or contract), loi (letter of intent, "
                            "non-binding) or up_to (a ceiling: 'up to N GW'); empty: firm"),
                Column("start_fraction", "float", required=False, lo=0, hi=0.99,
                       help="Part of the first year before deliveries start (0.5: from 2H); "
                            "empty: 0"),
                Column("host_id", "str", required=False, references="adopters.adopter_id",
                       help="The adopter whose data centres hold the capacity (a cloud "
                            "deal): its budget already pays for it, so the deal's spend is "
                            "carved out of the host's budget (no double counting)"),
            ),
        ),
        Table(
            "history",
            ("year", "adopter_id", "chip_id"),
            (
                Column("year", "int", lo=2000, hi=2040),
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("chip_id", "str", references="chips.chip_id"),
                Column("units", "float", lo=0, hi=MAX_H100E, unit="chips"),
                Column("units_p5", "float", required=False, lo=0, hi=MAX_H100E, unit="chips"),
                Column("units_p95", "float", required=False, lo=0, hi=MAX_H100E, unit="chips"),
                Column("h100e", "float", lo=0, hi=MAX_H100E, unit="H100e"),
                Column("h100e_p5", "float", required=False, lo=0, hi=MAX_H100E, unit="H100e"),
                Column("h100e_p95", "float", required=False, lo=0, hi=MAX_H100E, unit="H100e"),
                Column("derivation", "str"),
                _SRC,
                _CONF,
            ),
        ),
        Table(
            "budgets",
            ("adopter_id", "year"),
            (
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("year", "int", lo=2000, hi=2045),
                Column("budget_usd", "float", lo=0, hi=MAX_USD, unit="USD",
                       help="Accelerator spend in the year (chips only, nominal USD)"),
                Column("derivation", "str", help="How the figure follows from its sources"),
                _SRC,
                _CONF,
            ),
            "Each adopter's yearly accelerator budget where public guidance gives it; the "
            "base year's budget is the history's spend, later years grow it.",
            optional=True,
        ),
        Table(
            "export_rules",
            ("chip_id", "adopter_id", "first_year"),
            (
                Column("chip_id", "str", references="chips.chip_id"),
                Column("adopter_id", "str", references="adopters.adopter_id"),
                Column("first_year", "int", lo=2000, hi=2045),
                Column("last_year", "int", lo=2000, hi=2045),
                Column("rule", "str", choices=("allowed", "barred")),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
            ),
            "Export rules that change by year (a licence granted or withdrawn); they override "
            "the chip's only_for / not_for in the years they cover.",
            optional=True,
        ),
        Table(
            "reported",
            ("record_id",),
            (
                Column("record_id", "str"),
                Column("vendor_group", "str",
                       help="What the figure is about, as shown (\"NVIDIA\", "
                            "\"Broadcom AI (TPU + custom)\")"),
                Column("vendor_ids", "str",
                       help="The ChipScope vendors whose modelled spend it is compared with, "
                            "joined by '+' (google+broadcom_openai+meta)"),
                Column("year", "int", lo=2000, hi=2045,
                       help="Calendar year the figure is compared in"),
                Column("metric", "str", help="The figure as its source names it"),
                Column("kind", "str", choices=REPORTED_KINDS,
                       help="reported (a result), guidance (a company's forecast), run_rate "
                            "(an annualised rate) or estimate (an analyst's or Epoch AI's)"),
                Column("period", "str", help="The source's own period (a fiscal quarter or year)"),
                Column("period_months", "int", lo=1, hi=12,
                       help="Months value_usd covers: the annual figure is value_usd x 12 / "
                            "period_months (12 for a year or an annualised run rate)"),
                Column("period_note", "str",
                       help="How the period maps to the calendar year (fiscal years, run rates)"),
                Column("value_usd", "float", lo=0, hi=MAX_USD, unit="USD",
                       help="The figure as reported, nominal USD"),
                Column("basis", "str",
                       help="What the figure includes (networking, CPUs, systems, services)"),
                Column("comparison", "str", choices=COMPARISONS,
                       help="central (the comparable part is an estimate of the modelled spend), "
                            "lower_bound / upper_bound (the modelled spend should be above / "
                            "below it) or context (no comparable part: shown, no gap)"),
                Column("comparable_fraction", "float", required=False, lo=0, hi=1,
                       help="Part of the annual figure that is accelerator chips, as the model "
                            "counts spend (chips x price); empty for context rows"),
                Column("fraction_derivation", "str",
                       help="How comparable_fraction was derived, with its sources"),
                _SRC,
                _CONF,
                Column("notes", "str", required=False),
            ),
            "Figures from the public record (vendor revenue, guidance, run rates) that the "
            "modelled spend per vendor is checked against (chipscope-cli market-check).",
            optional=True,
        ),
        Table(
            "meta",
            ("key",),
            (Column("key", "str"), Column("value", "str")),
            "Dataset name, date and version.",
        ),
    )
}


class DatasetError(ValueError):
    """The dataset is malformed. ``problems`` lists each one ("table, row N, column: why")."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = problems[0] if problems else "invalid dataset"
        more = f" (and {len(problems) - 1:,} more problems)" if len(problems) > 1 else ""
        super().__init__(head + more)

