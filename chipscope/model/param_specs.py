"""What each assumption is: :class:`ParamSpec` (key, label, unit, bounds, default, help) and
the declaration of every assumption of a dataset, global, per vendor, per adopter and per deal.

The values themselves, and the mapping of all specs, are :mod:`chipscope.model.assumptions`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from chipscope.model.dataset import Dataset
from chipscope.model.fitted import FITTED
from chipscope.model.text_rules import (
    instead_of_too_small,
    quoted,
    shortened,
    undecodable_byte,
    underflows,
)
from chipscope.model.written_numbers import (
    DECIMAL,
    as_float,
    is_whole,
    not_a_number,
    quoted_number,
    type_name,
)
from chipscope.model.written_numbers import WrittenFloat as WrittenFloat  # re-exported

Group = Literal["global", "vendor", "adopter", "deal"]
ValueKind = Literal["float", "int", "bool"]

NONE_WORDS = ("none", "off")
"""What a typed value (``--set``) may say for "no value" on an optional key. An empty value is
refused: ``--set KEY=$UNSET_VARIABLE`` must not remove a cap without a word."""

TOO_LARGE = "the number is infinite or too large, out of range"
"""The cause named for inf, or a whole number of more digits than a float holds (a file may
hold a 400-digit integer: ``float()`` raises OverflowError on it)."""

SWITCH_VALUES = "true or false (or 0 or 1)"
"""What a switch (``deal.*.enabled``) takes, as advice for a number it cannot read."""


@dataclass(frozen=True)
class ParamSpec:
    """One assumption: what it means, its unit, its bounds and its default."""

    key: str
    label: str
    unit: str
    lo: float
    hi: float
    default: float
    help: str
    group: Group = "global"
    owner: str = ""  # vendor, adopter or deal id for non-global keys
    kind: ValueKind = "float"
    optional: bool = False  # NaN ("none") allowed
    step: float = 0.1
    decimals: int = 1
    section: str = ""  # sub-heading in the forms, e.g. "Demand" or "Affinity"

    def check(self, value: float) -> float:
        """Return the value coerced to this spec's kind, or raise ValueError naming the key.
        NaN is "none" (an optional key's no value)."""
        if isinstance(value, bool):
            value = float(value)
        if not isinstance(value, (int, float)):
            raise ValueError(f"{self.key}: {_shown(value)} is not a number")
        v = as_float(value)
        if math.isnan(v):
            if self.optional:
                return v
            raise ValueError(f"{self.key}: a value is required (allowed {self.range_text()})")
        if math.isinf(v):
            raise ValueError(f"{self.key}: {TOO_LARGE} (allowed {self.range_text()})")
        if self.kind == "bool":
            if v not in (0.0, 1.0):
                raise ValueError(f"{self.key}: {_shown(value)} must be true or false")
            return v
        if self.kind == "int" and v != round(v):
            raise ValueError(f"{self.key}: {_shown(value)} must be a whole number")
        if not self.lo <= v <= self.hi:
            raise ValueError(
                f"{self.key}: {_shown(value) if isinstance(value, int) else _number_text(v)} "
                f"is out of range (allowed {self.range_text()})"
            )
        return v

    def take(self, value: object) -> float:
        """One value as a file gives it (a scenario's ``[assumptions]``, a sweep's ``[grid]``):
        a number (a 400-digit integer too), true/false, or the text "none". ValueError, one
        sentence naming the key and the cause: nan is not a number, "none" on a key that takes
        none is not allowed, text is not a number, a number too large is out of range."""
        allowed = f"allowed {self.range_text()}"
        if isinstance(value, str):
            if value.strip().lower() == "none":
                return self._none("none")
            hint = "true or false" if self.kind == "bool" else "a number"
            raise ValueError(f"{self.key}: {quoted_number(value, hint)} ({allowed})")
        if isinstance(value, bool):
            if self.kind != "bool":
                raise ValueError(f"{self.key}: {str(value).lower()} is not a number ({allowed})")
            return 1.0 if value else 0.0
        if not isinstance(value, (int, float)):
            raise ValueError(f"{self.key}: {type_name(value)} is not a number ({allowed})")
        number = as_float(value)
        if math.isnan(number):
            raise ValueError(f"{self.key}: nan is not a number ({allowed})")
        if math.isinf(number):
            raise ValueError(f"{self.key}: {TOO_LARGE} ({allowed})")
        if self.kind == "bool" and number not in (0.0, 1.0):
            raise ValueError(f"{self.key}: {_shown(value)} must be true or false")
        written = getattr(value, "text", None)  # a WrittenFloat: as the file wrote it
        if isinstance(written, str) and underflows(written, number):
            raise ValueError(self._too_small(written, _short(written)))
        if self.kind == "int" and isinstance(written, str) and not is_whole(written):
            raise ValueError(f"{self.key}: {_short(written)} must be a whole number ({allowed})")
        return self.check(value if isinstance(value, int) else number)  # an int: as written

    def parse(self, text: str) -> float:
        """Parse a user-typed value ("35", "none", "true")."""
        t = text.strip().lower()
        if not t:
            fix = "write none to remove the value" if self.optional else "give a value"
            raise ValueError(f"{self.key}: the value is empty; {fix} "
                             f"(allowed {self.range_text()})")
        if self.kind == "bool":
            if t in ("true", "on", "yes", "1"):
                return 1.0
            if t in ("false", "off", "no", "0"):
                return 0.0
            raise ValueError(f"{self.key}: {quoted(text, 40)} must be true or false")
        if t in NONE_WORDS:
            return self._none(t)
        if not DECIMAL.fullmatch(t):  # 0_5, \uff14, 3 + U+200B: named (written_numbers)
            why = (f"(it holds {byte}) is not a number" if (byte := undecodable_byte(text))
                   else not_a_number(text.strip()))
            raise ValueError(f"{self.key}: {_short(text)!r} {why} (allowed "
                             f"{self.range_text()})")
        v = float(t)
        if math.isinf(v):
            raise ValueError(f"{self.key}: {_short(text)!r} is too large, out of range "
                             f"(allowed {self.range_text()})")
        if underflows(t, v):
            raise ValueError(self._too_small(t, repr(_short(text))))
        if self.kind == "int" and not is_whole(t):
            raise ValueError(f"{self.key}: {_short(text)!r} must be a whole number (allowed "
                             f"{self.range_text()})")
        whole = t.lstrip("+-").isdigit() and len(t) < 4000  # int()'s digit limit
        return self.check(int(t) if whole else v)  # 99999999999999999999 as typed

    def _none(self, word: str) -> float:
        """NaN for "none" (or "off") on an optional key; ValueError on any other key."""
        if self.optional:
            return math.nan
        raise ValueError(f'{self.key}: "{word}" is not allowed here (allowed {self.range_text()})')

    def too_small_advice(self, written: str) -> str:
        """What to write instead of ``written``, a non-zero number that reads as 0: 0 or a
        larger value (or one further from 0) where 0 is allowed, else "a number from LO to HI
        UNIT" (:func:`instead_of_too_small`); a switch's own values for a switch."""
        if self.kind == "bool":
            return SWITCH_VALUES
        allowed = self.range_text()
        within = (f"a year from {allowed.removesuffix(' year')}" if self.unit == "year" else
                  f"a {'whole ' if self.kind == 'int' else ''}number from {allowed}")
        return instead_of_too_small(written, self.lo, self.hi, within)

    def _too_small(self, written: str, shown: str) -> str:
        """The problem of ``written`` (``shown`` as the message repeats it): the range once."""
        advice = self.too_small_advice(written)
        allowed = ("" if advice.startswith("a ") or self.kind == "bool" else
                   f" (allowed {self.range_text()})")
        return f"{self.key}: {shown} is too small for a number here; write {advice}{allowed}"

    def range_text(self) -> str:
        if self.kind == "bool":
            return "true or false"
        unit = f" {self.unit}" if self.unit else ""
        text = f"{_number_text(self.lo)} to {_number_text(self.hi)}{unit}"
        return text + ", or none" if self.optional else text

    def format(self, value: float) -> str:
        if self.kind == "bool":
            return "on" if value else "off"
        if math.isnan(value):
            return "none"
        return f"{value:.{self.decimals}f}"


def _short(text: str) -> str:
    """``text``, cut to 40 characters for a message (a pasted 5,000-digit number)."""
    return shortened(text, 40)


def _shown(value: object) -> str:
    """``repr(value)`` for a message, shortened like :func:`_short`."""
    return _short(repr(value))


FITTED_OWN_SILICON = 1.0
SALES_LIFE_DEFAULT = 3.0
"""Years a chip sells before it starts to retire (docs/model.md: the chip-level back-test)."""


# --- global assumptions: the defaults and why are documented in docs/model.md -------------------
def _global_specs(first_year: int, last_history_year: int) -> list[ParamSpec]:
    return [
        ParamSpec("base_year", "Base year", "year", first_year + 1, last_history_year,
                  last_history_year,
                  "Last year taken from history; the projection starts from this year's real mix. "
                  "An earlier base year back-tests the model against the later history.",
                  kind="int", step=1, decimals=0, section="Time"),
        ParamSpec("horizon_year", "Horizon", "year", last_history_year + 1, 2040, 2030,
                  "Last projected year.", kind="int", step=1, decimals=0, section="Time"),
        ParamSpec("demand_growth_pct", "Budget growth", "%/yr", -50, 300, 35,
                  "Growth of each adopter's yearly accelerator budget (USD) after the last "
                  "year with public guidance (2026), unless overridden per adopter. The compute "
                  "it buys follows from the prices. 35 %/yr takes 2026's budgets to about $1.1T "
                  "in 2030, in line with AMD's $1T data-centre TAM for 2030 and NVIDIA's "
                  "$3-4T of AI infrastructure (chips are under half of it); Morgan Stanley "
                  "expects top-5 capex +39 % in 2027.", step=1, decimals=0, section="Demand"),
        ParamSpec("price_sensitivity", "Price sensitivity (beta)", "", 0, 10, 1.0,
                  "How strongly buyers prefer a lower cost per H100e: the exponent on cost "
                  "in the choice model. 0 ignores price; 1 means a chip twice as expensive per "
                  "H100e gets half the weight, 2 a quarter.",
                  step=0.1, decimals=1, section="Choice"),
        ParamSpec("lock_in", "Lock-in (lambda)", "", 0, 5, 1.5,
                  "Weight of last year's vendor mix in this year's choice (software "
                  "ecosystem, CUDA). 0: no lock-in; 1: utility grows with the log of the "
                  "current share.", step=0.05, decimals=2, section="Choice"),
        ParamSpec("switching_speed", "Switching speed (kappa)", "", 0, 1, 0.5,
                  "Fraction of the gap to the preferred mix closed each year. 0 freezes the "
                  "base-year mix; 1 jumps to the preferred mix at once.",
                  step=0.01, decimals=2, section="Choice"),
        ParamSpec("own_silicon", "Own-silicon preference", "utils", -5, 5,
                  FITTED_OWN_SILICON,
                  "Extra preference of a chip designer for its own chips (Google for TPUs, "
                  "Amazon for Trainium, Microsoft for Maia, Meta for MTIA, OpenAI for its "
                  "Broadcom accelerator), added to the adopter's affinity. +1 multiplies the "
                  "odds by e = 2.7. Fitted to the history (docs/model.md).",
                  step=0.1, decimals=2, section="Choice"),
        ParamSpec("deal_weight_loi", "Deal weight: letter of intent", "", 0, 1, 0.25,
                  "How much of a non-binding letter of intent counts as a commitment. "
                  "OpenAI-NVIDIA's 10 GW LOI (Sep 2025) was 'never a commitment' (Huang, "
                  "Feb 2026) and turned into an equity investment: a quarter.",
                  step=0.05, decimals=2, section="Deals"),
        ParamSpec("deal_weight_up_to", "Deal weight: 'up to' ceiling", "", 0, 1, 0.75,
                  "How much of a deal announced as a ceiling ('up to 1M TPUs', 'up to 1 GW') "
                  "counts as a commitment.", step=0.05, decimals=2, section="Deals"),
        ParamSpec("bass_p", "New-chip ramp: innovation (p)", "/yr", 0.001, 1, 0.1,
                  "Bass coefficient of innovation: how fast a new chip becomes available "
                  "in its first year.", step=0.005, decimals=3, section="New chips"),
        ParamSpec("bass_q", "New-chip ramp: imitation (q)", "/yr", 0, 3, 0.9,
                  "Bass coefficient of imitation: how fast availability accelerates as a chip "
                  "spreads.", step=0.05, decimals=2, section="New chips"),
        ParamSpec("sales_life_years", "Sales life", "yr", 1, 30, SALES_LIFE_DEFAULT,
                  "Years after launch at which a chip starts leaving the market, as it came "
                  "in (the same ramp, reversed). A vendor's newest chip (for each market: "
                  "China's export variants apart) stays on sale twice as long. Fitted to the "
                  "history. 30: nothing retires.", step=0.5, decimals=1, section="New chips"),
    ]


def _vendor_specs(vendor_id: str, name: str) -> list[ParamSpec]:
    p = f"vendor.{vendor_id}"
    return [
        ParamSpec(f"{p}.price_change_pct", f"{name} price change", "%/yr", -50, 50, -10,
                  f"Yearly change of every {name} chip's price from its reference price. "
                  "Negative: chips get cheaper as they age.",
                  group="vendor", owner=vendor_id, step=1, decimals=0, section="Price"),
        ParamSpec(f"{p}.price_level_pct", f"{name} price level", "%", -90, 300, 0,
                  f"Every {name} chip's price relative to its reference price, in every "
                  "projected year (the yearly price change applies on top). -30: each chip "
                  "costs 30 % less per H100e. History is not affected.",
                  group="vendor", owner=vendor_id, step=1, decimals=0, section="Price"),
        ParamSpec(f"{p}.supply_cap_h100e", f"{name} supply cap", "H100e/yr", 0, 1e9, math.nan,
                  f"Most {name} compute that can be bought in the base year (none: no cap). "
                  "Demand above the cap moves to other vendors or is unmet.",
                  group="vendor", owner=vendor_id, optional=True, step=10_000, decimals=0,
                  section="Supply"),
        ParamSpec(f"{p}.cap_growth_pct", f"{name} cap growth", "%/yr", -50, 300, 30,
                  f"Yearly growth of {name}'s supply cap after the base year.",
                  group="vendor", owner=vendor_id, step=1, decimals=0, section="Supply"),
    ]


def _adopter_specs(adopter_id: str, name: str, vendors: list[tuple[str, str]]) -> list[ParamSpec]:
    p = f"adopter.{adopter_id}"
    specs = [
        ParamSpec(f"{p}.base_demand_h100e", f"{name} base-year purchases", "H100e/yr", 0, 1e8,
                  math.nan,
                  f"What {name} buys in the base year, priced at the market's base-year cost "
                  "per H100e: its base-year budget, from which its budget grows; none uses the "
                  "history's spend. Set it for an adopter the data see little or nothing of "
                  "(Apple bought no accelerators in Epoch AI's 2025 data).",
                  group="adopter", owner=adopter_id, optional=True, step=10_000, decimals=0,
                  section="Demand"),
        ParamSpec(f"{p}.demand_growth_pct", f"{name} budget growth", "%/yr", -50, 300, math.nan,
                  f"Growth of {name}'s yearly accelerator budget (USD) after the last year with "
                  "guidance; none uses the global budget growth.",
                  group="adopter", owner=adopter_id, optional=True, step=1, decimals=0,
                  section="Demand"),
    ]
    for vid, vname in vendors:
        specs.append(
            ParamSpec(f"{p}.affinity.{vid}", f"{name}: affinity to {vname}", "utils", -5, 5, 0,
                      f"Extra preference of {name} for {vname} beyond price and lock-in "
                      "(strategy, partnerships). +1 multiplies the odds of choosing it by "
                      "e = 2.7.", group="adopter", owner=adopter_id, step=0.1, decimals=1,
                      section="Affinity"))
    for vid, vname in vendors:
        specs.append(
            ParamSpec(f"{p}.min_share.{vid}", f"{name}: minimum share from {vname}", "%", 0,
                      100, 0,
                      f"At least this share of {name}'s purchases (H100e) in every projected "
                      f"year goes to {vname}: a commitment or a strategy, e.g. 'OpenAI moves a "
                      "third of its new compute to Trainium' is 33. Minimum shares are shares "
                      "of everything the adopter buys, deals included: they take from the other "
                      "vendors (the status bar says when they cut a deal); above 100 % in total "
                      "they are scaled to 100 %. No effect while the adopter cannot buy from the "
                      "vendor or the vendor has no chip on sale.",
                      group="adopter", owner=adopter_id, step=1, decimals=0,
                      section="Minimum share"))
    return specs


def _deal_specs(deal_id: str, label: str, size_h100e: float) -> list[ParamSpec]:
    p = f"deal.{deal_id}"
    hi = max(1e7, 4 * size_h100e)
    return [
        ParamSpec(f"{p}.enabled", f"{label}: on", "", 0, 1, 1.0,
                  "Whether this deal's commitment counts: the adopter buys at least the "
                  "deal's deliveries from the vendor (more where its budget buys more), "
                  "weighted by the deal's firmness.",
                  group="deal", owner=deal_id, kind="bool", step=1, decimals=0),
        ParamSpec(f"{p}.size_h100e_per_year", f"{label}: size", "H100e/yr", 0, hi, size_h100e,
                  "Average committed purchases per year while the deal runs, before the "
                  "firmness weight (converted to H100e by one rule, docs/data.md); deliveries "
                  "ramp in over the first year from the announced start.",
                  group="deal", owner=deal_id, step=1000, decimals=0),
    ]


def specs_for_dataset(dataset: Dataset) -> list[ParamSpec]:
    """Every assumption of ``dataset``, in display order: global, then per vendor, adopter and
    deal. The free parameters' defaults are the calibration's fit (``chipscope calibrate``)."""
    years = dataset.history_years
    vendors = list(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    specs = [replace(s, default=FITTED.get(s.key, s.default))
             for s in _global_specs(int(years[0]), int(years[-1]))]
    for vid, vname in vendors:
        specs += _vendor_specs(vid, vname)
    for aid, aname in zip(dataset.adopters["adopter_id"], dataset.adopters["name"],
                          strict=True):
        specs += _adopter_specs(aid, aname, vendors)
    deals = dataset.deals
    for did, desc, size in zip(deals["deal_id"], deals["description"],
                               deals["h100e_per_year"], strict=True):
        specs += _deal_specs(did, desc.split(":")[0][:60], float(size))
    return specs


def _number_text(value: float) -> str:
    """``value`` as short as it is exact enough to show why it is out of range: 5.000001 stays
    5.000001 (``%g`` would print 5, which is in range), a bound 13013156 stays whole (``%g``
    would print 1.30132e+07, which is above it)."""
    text = f"{value:g}"
    if float(text) == value:
        return text
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
