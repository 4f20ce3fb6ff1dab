"""Pass 114 F3 (unclear message): ``ln -s r2.csv latest; run --out latest`` is refused (a link
is written through only when its name ends in its target's type), but the message said "a
.csv file, which an output named like this never replaces", which reads as a CSV writer
refusing a CSV file. It now says the rule and the name that would be written through."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main


def test_a_link_without_a_type_says_the_rule(synthetic_db: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r2.csv"
    target.write_text("old\n")
    link = tmp_path / "latest"
    link.symlink_to(target)
    assert main(["run", "--db", str(synthetic_db), "--out", str(link)]) == 2
    message = capsys.readouterr().err.strip().splitlines()[-1]
    assert f"{link}: it links to {target}, a .csv file, and an output is written through a " \
           "link only when the link's name ends in the type of the file it links to " \
           "(latest.csv); rename the link, remove it or choose another name." in message
    assert target.read_text() == "old\n" and link.is_symlink()


def test_a_link_named_with_its_targets_type_is_written_through(
        synthetic_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "r2.csv"
    target.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    assert main(["run", "--db", str(synthetic_db), "--out", str(link)]) == 0
    assert link.is_symlink() and target.read_text().startswith("#")
