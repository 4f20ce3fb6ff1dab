"""Pass 42 F1: File > Import scenario of a file whose ``[sample] n`` has 5,000 digits names the
line of the number, not "out of range for any assumption"; nothing is saved, the file kept."""

from __future__ import annotations

from pathlib import Path


def test_import_names_the_line_of_a_too_long_number(importer, tmp_path: Path  # type: ignore[no-untyped-def]
                                                    ) -> None:
    path = tmp_path / "long.toml"
    text = 'format_version = 1\nname = "long"\n[sample]\nn = ' + "9" * 5000 + "\n"
    imported, saved = importer.feed(path, text)
    assert imported is False
    assert importer.problems == [(path, [
        "line 4: a whole number of more than 4,300 digits, too long for any value; shorten "
        "it"])], [(p, [s[:200] for s in ps]) for p, ps in importer.problems]
    assert path.read_text(encoding="utf-8") == text
    assert importer.saved() == saved
