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


def test_model_md_generated_sections_are_current() -> None:
    """docs/model.md's calibration and back-test tables are what docs/gen_backtest.py makes
    from fitted.py and `chipscope backtest --markdown` (run it to update them)."""
    import importlib.util

    from chipscope import paths

    script = GUIDE.parent / "gen_backtest.py"
    spec = importlib.util.spec_from_file_location("gen_backtest", script)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = (GUIDE.parent / "model.md").read_text(encoding="utf-8")
    assert "<!-- backtest:begin -->\n<!-- backtest:end -->" not in text
    assert gen.render(text, paths.bundled_db_path()) == text, \
        "docs/model.md is out of date: run python docs/gen_backtest.py"
