"""Pass 49 F7 in the window: File > Import scenario of a file holding a zero-width space where
TOML expects a key listed only the parser's "not valid TOML: Invalid statement (at line 4,
column 1)". Now the problem names the character; nothing is saved."""

from __future__ import annotations

from pathlib import Path


def test_import_names_the_invisible_character(importer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "zw.toml"
    imported, _ = importer.feed(path, 'format_version = 2\nname = "zw"\n[assumptions]\n'
                                      "\u200bbass_p = 0.2\n")
    assert imported is False
    assert importer.problems == [(path, [
        "line 4, column 1: an invisible character U+200B (ZERO WIDTH SPACE) stands here; "
        "delete it"])]
    assert importer.window.errors == [] and importer.saved() == []
