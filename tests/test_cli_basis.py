"""`--basis {bf16,8bit}` on run, market-check and export-chart."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "chipscope.db"


@pytest.fixture
def db(synthetic_db: Path) -> Path:
    return synthetic_db


def _run(db: Path, capsys: Capture, *extra: str) -> tuple[pd.DataFrame, str]:
    assert main(["run", "--db", str(db), "--out", "-", *extra]) == 0
    captured = capsys.readouterr()
    return pd.read_csv(io.StringIO(captured.out), comment="#"), captured.err


def test_run_on_either_basis(capsys: Capture) -> None:
    if not BUNDLED.exists():
        pytest.skip("data/chipscope.db not built")
    bf16, err16 = _run(BUNDLED, capsys)
    eight, err8 = _run(BUNDLED, capsys, "--basis", "8bit")
    assert set(bf16["basis"]) == {"bf16"} and set(eight["basis"]) == {"8bit"}
    assert "(H100e, dense BF16)" in err16 and "(H100e, dense 8-bit)" in err8
    keys = ["year", "adopter", "chip"]
    hist = bf16[bf16["is_history"]].merge(eight[eight["is_history"]], on=keys,
                                          suffixes=("", "_8")).set_index(keys)
    pd.testing.assert_series_equal(hist["units"], hist["units_8"], check_names=False)
    pd.testing.assert_series_equal(hist["spend_usd"], hist["spend_usd_8"], check_names=False)
    tpu_v4 = hist.xs("tpu_v4", level="chip")
    assert (tpu_v4["h100e_8"] / tpu_v4["h100e"]).round(3).eq(0.5).all()


def test_run_flags_chips_without_an_8bit_figure(db: Path, capsys: Capture) -> None:
    frame, err = _run(db, capsys, "--basis", "8bit")
    assert set(frame["basis"]) == {"8bit"}
    assert "Note: On the 8-bit basis, Chip 0" in err and "2 x dense BF16" in err
    _, err = _run(db, capsys)
    assert "8-bit" not in err


def test_bad_basis_is_a_usage_error(db: Path, capsys: Capture) -> None:
    assert main(["run", "--db", str(db), "--out", "-", "--basis", "fp4"]) == 2
    assert "invalid choice: 'fp4'" in capsys.readouterr().err


def test_market_check_takes_the_basis(tmp_path: Path, capsys: Capture) -> None:
    if not BUNDLED.exists():
        pytest.skip("data/chipscope.db not built")
    outs = {}
    for basis in ("bf16", "8bit"):
        out = tmp_path / f"{basis}.csv"
        assert main(["market-check", "--db", str(BUNDLED), "--basis", basis, "--out",
                     str(out)]) == 0
        outs[basis] = pd.read_csv(out, comment="#")
    capsys.readouterr()
    hist = outs["bf16"]["is_history"]
    # History spend is money: the same on either basis.
    pd.testing.assert_frame_equal(outs["bf16"][hist], outs["8bit"][hist])


def test_export_chart_says_the_basis(db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "c.svg"
    assert main(["export-chart", "--chart", "vendor_absolute", "--out", str(out), "--db",
                 str(db), "--width", "800", "--height", "450", "--basis", "8bit"]) == 0
    assert "dense 8-bit" in out.read_text(encoding="utf-8")
    assert "Note: On the 8-bit basis" in capsys.readouterr().err
