"""Export rules that change by year change what China can buy in the projection, on the
bundled dataset: the H20 stops in 2026, the H200 (chip row h100) is licensed from 2026, and
the A800/H800 stop after 2023 in a back-test."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.projection import Projection
from chipscope.storage.csv_source import validate_csv_dir

DATA = Path(__file__).resolve().parents[2] / "data"
DATASET = validate_csv_dir(DATA)


def _china_units(p: Projection, ds: Dataset, chip: str) -> dict[int, float]:
    a, c = ds.adopter_ids.index("china"), ds.chip_ids.index(chip)
    return {int(y): float(u) for y, u in zip(p.years, p.units[:, a, c], strict=True)}


def _without_rule(tmp_path: Path, chip: str) -> Dataset:
    folder = tmp_path / "data"
    folder.mkdir()
    for f in DATA.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    path = folder / "export_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith(f"{chip},china,")),
                    encoding="utf-8")
    return validate_csv_dir(folder)


@pytest.fixture(scope="module")
def baseline() -> Projection:
    return project(DATASET, AssumptionSpecs.for_dataset(DATASET).defaults())


def test_h20_bought_in_2025_history_and_barred_from_2026(baseline: Projection) -> None:
    h20 = _china_units(baseline, DATASET, "h20")
    assert h20[2024] > 500_000 and h20[2025] > 400_000  # Epoch AI's counts
    assert all(h20[y] == 0 for y in range(2026, 2031))


def test_h20_would_still_sell_without_the_rule(tmp_path: Path) -> None:
    ds = _without_rule(tmp_path, "h20")
    p = project(ds, AssumptionSpecs.for_dataset(ds).defaults())
    assert _china_units(p, ds, "h20")[2026] > 0


def test_h200_licensed_to_china_from_2026(baseline: Projection, tmp_path: Path) -> None:
    h100 = _china_units(baseline, DATASET, "h100")
    assert all(h100[y] == 0 for y in range(2022, 2026))  # never in the history
    assert h100[2026] > 0
    ds = _without_rule(tmp_path, "h100")  # not_for = china applies again
    p = project(ds, AssumptionSpecs.for_dataset(ds).defaults())
    assert all(v == 0 for v in _china_units(p, ds, "h100").values())


def test_mi308x_stays_licensed_and_domestic_chips_lead(baseline: Projection) -> None:
    assert _china_units(baseline, DATASET, "mi308x")[2026] > 0
    a = DATASET.adopter_ids.index("china")
    future = ~baseline.is_history
    by_vendor = baseline.h100e[future][:, a, :] @ np.eye(len(DATASET.vendor_ids))[
        DATASET.chip_vendor_index]
    huawei = DATASET.vendor_ids.index("huawei")
    assert (by_vendor[:, huawei] > 0.5 * by_vendor.sum(axis=1)).all()


def test_a800_h800_barred_after_2023_in_a_backtest() -> None:
    specs = AssumptionSpecs.for_dataset(DATASET)
    p = project(DATASET, specs.defaults().replace({"base_year": 2023}))
    for chip in ("a800", "h800"):
        units = _china_units(p, DATASET, chip)
        assert units[2023] > 0, chip  # history
        assert units[2024] == 0 and units[2025] == 0, chip
