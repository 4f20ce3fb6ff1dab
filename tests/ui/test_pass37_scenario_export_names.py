"""Pass 37 F6: File > Export scenario wrote names every other export refuses ("x.toml.",
" .toml", ".toml" a hidden file, "noext" which Import's *.toml filter never shows), each with
"Scenario saved to ...". Now the one rule of every export's name
(:func:`chipscope.storage.export_names.named_path`): no type -> ".toml" added; the others
refused in one sentence, nothing written. Each test failed on the code before the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

TYPES = {".toml": "scenario file"}


def _export_as(window: object, monkeypatch: pytest.MonkeyPatch, target: Path) -> bool:
    """File > Export scenario, the file dialog answering ``target``."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    return window.scenarios.export_scenario()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(("name", "cause"), [
    ("x.toml.", "ends with a dot"), (" .toml", "begins or ends with a space"),
    (".toml", "is only a type"), ("x.csv", "has the type '.csv'")])
def test_a_bad_scenario_file_name_is_refused_and_nothing_written(
        make_window: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str,
        cause: str) -> None:
    window = make_window(show=False)  # type: ignore[operator]
    folder = tmp_path / "out"
    folder.mkdir()
    assert not _export_as(window, monkeypatch, folder / name)
    assert list(folder.iterdir()) == []
    assert len(window.errors) == 1
    message = window.errors[0]
    assert cause in message and name.strip() in message
    assert message.endswith(".") and ". " not in message  # one sentence
    assert "Scenario saved" not in window.statusBar().currentMessage()


def test_a_name_with_no_type_gets_toml_and_imports_back(
        make_window: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window = make_window(show=False)  # type: ignore[operator]
    assert _export_as(window, monkeypatch, tmp_path / "noext"), window.errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["noext.toml"]
    assert window.statusBar().currentMessage() == f"Scenario saved to {tmp_path / 'noext.toml'}"
    assert window.scenarios.import_scenario(tmp_path / "noext.toml"), window.errors


@pytest.mark.parametrize("replace", [False, True])
def test_the_added_type_asks_before_replacing_a_file(
        make_window: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        replace: bool) -> None:
    """The file dialog asked about "noext", not about "noext.toml", which exists."""
    window = make_window(show=False)  # type: ignore[operator]
    old = tmp_path / "noext.toml"
    old.write_text('format_version = 2\nname = "Old"\n', encoding="utf-8")
    before = old.read_bytes()
    asked: list[Path] = []
    monkeypatch.setattr(window.scenarios, "confirm_replace",
                        lambda path: asked.append(path) or replace)
    assert _export_as(window, monkeypatch, tmp_path / "noext") is replace
    assert asked == [old]
    assert (old.read_bytes() != before) is replace
    assert not (tmp_path / "noext").exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("noext", "noext.toml"), ("a/b", "a/b.toml"), ("x.toml", "x.toml"), ("X.TOML", "X.TOML"),
    (".hidden", ".hidden.toml")])
def test_named_path_adds_the_type_only_to_a_name_with_none(text: str, expected: str,
                                                           tmp_path: Path) -> None:
    from chipscope.storage.export_names import named_path

    (tmp_path / "a").mkdir()  # the folder must exist: the name is checked as the writer does
    assert named_path(text, tmp_path, "scenario", TYPES) == tmp_path / expected


@pytest.mark.parametrize("text", [".toml", ".TOML", " .toml", "/d/ .toml", "/d/ x",
                                  "x.toml.", "x.", "x ", "x.csv", "", "dir/", "~"])
def test_named_path_refuses_what_every_export_refuses(text: str) -> None:
    from chipscope.storage.export_names import ExportNameError, named_path

    with pytest.raises(ExportNameError) as info:
        named_path(text, Path("/f"), "scenario", TYPES)
    assert str(info.value).endswith(".") and ". " not in str(info.value)


def test_the_report_gets_the_same_rule() -> None:
    """report_path added ".pdf" to ".pdf" (a hidden ".pdf.pdf"): now "only a type"."""
    from chipscope.ui.export_dialog import ChartPathError
    from chipscope.ui.report.window import report_path

    with pytest.raises(ChartPathError, match="only a type"):
        report_path("/tmp/.pdf")
    assert report_path("/tmp/r") == Path("/tmp/r.pdf")
