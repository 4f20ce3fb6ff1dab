"""Hatch build hook: ship the bundled dataset and resources inside the wheel.

Only for regular wheels: an editable install finds data/ and resources/ in the checkout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class BundleHook(BuildHookInterface):  # type: ignore[misc]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        db = root / "data" / "chipscope.db"
        if not db.exists():
            raise FileNotFoundError(
                f"{db} is missing: run `chipscope data build` before building a wheel"
            )
        build_data["force_include"][str(db)] = "chipscope/_bundled/chipscope.db"
        targets = root / "data" / "calibration_targets.csv"  # read by `chipscope calibrate`
        build_data["force_include"][str(targets)] = "chipscope/_bundled/calibration_targets.csv"
        build_data["force_include"][str(root / "resources")] = "chipscope/_bundled/resources"
        build_data["force_include"][str(root / "docs")] = "chipscope/_bundled/docs"
