"""Pass 24b, grade A, in the window: File > Export table, Export chart and Export scenario
over a file the user marked read-only (0444, in a writable folder) replaced it; each now says
why next to the action and leaves the file byte-identical and still read-only."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from chipscope.ui.export_dialog import ExportOptions
from chipscope.ui.main_window import MainWindow

Make = Callable[..., MainWindow]
SENTENCE = "it is read-only; make it writable or choose another file (it was left unchanged)"


def test_window_exports_refuse_a_read_only_file(make_window: Make, tmp_path: Path) -> None:
    window = make_window()
    targets = {name: tmp_path / name for name in ("table.csv", "chart.png", "scen.toml")}
    old = {name: b"kept\n" for name in targets}
    old["scen.toml"] = b"format_version = 1\n[assumptions]\n"  # a scenario file of the user's
    for name, path in targets.items():
        path.write_bytes(old[name])
        path.chmod(0o444)
    assert not window.export_table_to(targets["table.csv"])
    assert not window.export_chart_to(ExportOptions(targets["chart.png"], 640, 360))
    assert not window.scenarios.export_scenario(targets["scen.toml"])
    for name, path in targets.items():
        assert path.read_bytes() == old[name]
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
    said = [*window.warnings, *window.errors]  # type: ignore[attr-defined]
    for path in targets.values():
        assert any(str(path) in text and SENTENCE in text for text in said), said
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cs-")]
