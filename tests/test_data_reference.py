"""The bundled history is exactly what the derivation script makes from the reference exports,
and its yearly totals equal the sum of Epoch AI's owner files (the adopters partition them)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"

pytestmark = pytest.mark.skipif(not (REFERENCE / "epoch-ai-chip-counts").is_dir(),
                                reason="the reference exports (../shared/reference) are not "
                                       "beside this checkout")


def test_history_is_reproduced_from_the_reference(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "chips.csv", data / "chips.csv")
    subprocess.run([sys.executable, str(ROOT / "data" / "derive" / "derive_history.py"),
                    str(REFERENCE), "--data", str(data)], check=True, capture_output=True)
    made = pd.read_csv(data / "history.csv")
    shipped = pd.read_csv(ROOT / "data" / "history.csv")
    pd.testing.assert_frame_equal(made, shipped)


def test_yearly_units_equal_epoch_owner_exports() -> None:
    owners = REFERENCE / "epoch-ai-chip-counts" / "owners_csv_export"
    files = ["nvidia_owners_quarters_by_chip.csv", "nvidia_owners_OTHER_quarters_by_chip.csv",
             "amd_owners_quarters_by_chip.csv", "tpu_owners_quarters_by_chip.csv",
             "trainium_owners_quarters_by_chip.csv",
             "coreweave/coreweave_owners_quarters_by_chip.csv"]
    frames = []
    for name in files:
        f = pd.read_csv(owners / name)
        units = next(c for c in f.columns
                     if c.startswith("Number of Units") and "percentile" not in c)
        year = pd.to_datetime(f["Start date"], format="%m/%d/%Y").dt.year
        frames.append(pd.DataFrame({"year": year, "units": f[units]}))
    epoch = pd.concat(frames).groupby("year")["units"].sum()
    shipped = pd.read_csv(ROOT / "data" / "history.csv")
    chips = pd.read_csv(ROOT / "data" / "chips.csv")
    # xAI is not in the owner exports (Epoch's named-owner inputs), nor are Huawei's chips (from
    # the facts file, derive_history.py step 5): leave them out of the sum.
    huawei = set(chips.loc[chips["vendor_id"] == "huawei", "chip_id"])
    ours = shipped[(shipped["adopter_id"] != "xai") & ~shipped["chip_id"].isin(huawei)
                   ].groupby("year")["units"].sum()
    for year in ours.index:
        assert ours[year] == pytest.approx(epoch[year], rel=1e-6), year


def test_calibration_targets_are_reproduced_from_the_reference(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "chips.csv", data / "chips.csv")
    subprocess.run([sys.executable, str(ROOT / "data" / "derive" / "derive_calibration_targets.py"),
                    str(REFERENCE), "--data", str(data)], check=True, capture_output=True)
    made = pd.read_csv(data / "calibration_targets.csv")
    shipped = pd.read_csv(ROOT / "data" / "calibration_targets.csv")
    pd.testing.assert_frame_equal(made, shipped)
    sources = set(pd.read_csv(ROOT / "data" / "sources.csv")["source_id"])
    assert set(shipped["source_id"]) <= sources
