"""The user's guide states the same defaults and ranges as the assumption registry."""

from __future__ import annotations

import re
from pathlib import Path

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "user-guide.md"


def test_global_defaults_in_user_guide_match_specs() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    for spec in specs.group("global"):
        if spec.key in ("base_year", "horizon_year"):
            continue
        row = next(line for line in text.splitlines() if line.startswith(f"| {spec.label} |"))
        match = re.search(r"\(([-\d.]+)\)", row)
        assert match, row
        assert float(match.group(1)) == spec.default, (spec.key, row)
        assert f"{spec.lo:g} to {spec.hi:g}" in row, (spec.key, row)
