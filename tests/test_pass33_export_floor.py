"""Pass 32 F3: ``export-chart`` at 320 x 200 wrote a chart whose plot had no height, whose
legend ran off the bottom and which lacked the data credit (the CC BY attribution), and at
480 x 300 a plot ~35 px high, all with exit 0 "Wrote ...". Below the least size that holds the
title, a usable plot, the legend and the credit (480 x 400, :mod:`chipscope.model.export_size`)
the export is now refused: one sentence naming the option, the size asked and the least size,
exit 2, nothing written and an existing file untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main

MIN_WIDTH, MIN_HEIGHT = 480, 400  # measured (chipscope.model.export_size says how)
CHARTS = ("vendor_share", "chip_mix", "vendor_absolute", "adopters")


@pytest.mark.parametrize(("width", "height", "words"), [
    (320, 200, f"--width: 320 px is too small to hold the chart's title, plot, legend and data "
               f"credit; give at least {MIN_WIDTH} px (and --height at least {MIN_HEIGHT} px)."),
    (480, 300, f"--height: 300 px is too small to hold the chart's title, plot, legend and data "
               f"credit; give at least {MIN_HEIGHT} px (and --width at least {MIN_WIDTH} px)."),
    (MIN_WIDTH - 1, 1080, f"--width: {MIN_WIDTH - 1} px is too small"),
    (1920, MIN_HEIGHT - 1, f"--height: {MIN_HEIGHT - 1} px is too small"),
    (64, 48, "--width: 64 px is too small"),
    (16_385, 1080, "--width: 16385 px is too large; give at most 16384 px."),
])
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_a_size_too_small_for_the_chart_is_refused_and_nothing_is_touched(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], width: int,
        height: int, words: str, suffix: str) -> None:
    kept = tmp_path / f"kept{suffix}"
    kept.write_bytes(b"the user's own picture")
    fresh = tmp_path / f"fresh{suffix}"
    before = sorted(tmp_path.iterdir())
    for chart in CHARTS:
        for out in (kept, fresh, tmp_path):  # an existing file, a new one, a folder
            assert main(["export-chart", "--chart", chart, "--width", str(width), "--height",
                         str(height), "--db", str(synthetic_db), "--out", str(out)]) == 2
            captured = capsys.readouterr()
            assert captured.out == ""
            assert captured.err.startswith("chipscope-cli: error: ")
            assert captured.err.count("\n") == 1 and words in captured.err, captured.err
    assert kept.read_bytes() == b"the user's own picture"
    assert sorted(tmp_path.iterdir()) == before  # no new file, no temporary left


def test_the_least_size_is_written(synthetic_db: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    for chart in CHARTS:
        out = tmp_path / f"{chart}.png"
        assert main(["export-chart", "--chart", chart, "--width", str(MIN_WIDTH), "--height",
                     str(MIN_HEIGHT), "--db", str(synthetic_db), "--out", str(out)]) == 0
        assert out.read_bytes().startswith(b"\x89PNG")
        assert f"({MIN_WIDTH} x {MIN_HEIGHT})" in capsys.readouterr().out


def test_the_floor_is_one_rule() -> None:
    from chipscope.model import export_size
    from chipscope.model.export_size import export_size_problem

    assert (export_size.MIN_WIDTH, export_size.MIN_HEIGHT) == (MIN_WIDTH, MIN_HEIGHT)
    assert export_size_problem(MIN_WIDTH, MIN_HEIGHT) is None
    assert export_size_problem(16_384, 16_384) is None
    assert export_size_problem(MIN_WIDTH, MIN_HEIGHT - 1, prefix="") == (
        f"height: {MIN_HEIGHT - 1} px is too small to hold the chart's title, plot, legend and "
        f"data credit; give at least {MIN_HEIGHT} px (and width at least {MIN_WIDTH} px).")


def test_the_headless_export_refuses_it_too(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.paths import bundled_db_path
    from chipscope.storage import load_dataset
    from chipscope.ui.charts.export import export_chart_to_file

    dataset = load_dataset(bundled_db_path())
    values = AssumptionSpecs.for_dataset(dataset).defaults()
    with pytest.raises(ValueError, match=r"^height: 300 px is too small .* at least 400 px"):
        export_chart_to_file(dataset, values, "vendor_share", tmp_path / "c.png", 480, 300)
    assert not list(tmp_path.iterdir())


def test_the_window_dialog_offers_no_size_under_the_floor() -> None:
    pytest.importorskip("PySide6")
    from chipscope.ui.charts.export import PNG_PRESETS
    from chipscope.ui.export_dialog import preset_items

    # The dialog's Size is a list of these presets (no typed size), each at least the floor.
    assert all(w >= MIN_WIDTH and h >= MIN_HEIGHT for _, w, h in preset_items(PNG_PRESETS))
