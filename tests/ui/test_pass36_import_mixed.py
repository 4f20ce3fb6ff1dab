"""Pass 36 F5: File > Import scenario of a sweep spec with a ``description`` beside its sweep
keys says the file mixes the two kinds, not "format_version is missing"; nothing is saved."""

from __future__ import annotations

import shlex
from pathlib import Path


def test_import_of_a_mixed_spec_is_told_its_mix(importer, tmp_path: Path  # type: ignore[no-untyped-def]
                                                ) -> None:
    path = tmp_path / "k6.toml"
    text = ('metrics = ["share:nvidia:2030"]\ndescription = "price sweep"\n[sample]\nn = 4\n'
            '[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 2\n')
    imported, saved = importer.feed(path, text)
    db = importer.window.db_path  # not the platform's default: named (m77)
    assert imported is False
    assert importer.problems == [(path, [
        "This file is a mix of a sweep spec and a scenario file: it has the sweep spec keys "
        "metrics, sample beside description; move metrics, sample to a sweep spec (a scenario "
        "file has format_version, name and [assumptions]), or remove description and run it "
        f"with `chipscope-cli sweep {shlex.quote(str(path))} --out FILE.csv "
        f"--db {shlex.quote(str(db))}`"])], importer.problems
    assert path.read_text(encoding="utf-8") == text
    assert importer.saved() == saved
