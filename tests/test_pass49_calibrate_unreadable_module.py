"""Pass 51 F2: ``calibrate --write --fitted F`` where F is a module calibrate generated but
cannot read names the read's true cause in every reader's words ("Cannot read the generated
module F: it is not readable for you (permission denied); make it readable (chmod u+r) or
choose another one."), never that it is not a module calibrate wrote. Pass 52 N5 and pass 53
F4: a readable file too large, not UTF-8 or without the header "is not a module chipscope
calibrate wrote (why): ...; move it away or choose another --fitted file." Exit 2, before the
fit, and
the file is left byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model import fitted
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

GENERATED = Path(fitted.__file__).read_bytes()
"""A module calibrate generated (the shipped one carries the marker)."""

ARGS = ("calibrate", "--write", "--draws", "1", "--jobs", "1", "--fitted")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def test_a_generated_module_this_user_may_not_read(tmp_path: Path) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    (tmp_path / "w").mkdir()
    module = tmp_path / "w" / "g.py"
    module.write_bytes(GENERATED)
    module.chmod(0)
    try:
        out = cli_without_dac(*ARGS, "w/g.py", cwd=tmp_path)
    finally:
        module.chmod(0o644)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().endswith(
        "error: Cannot read the generated module w/g.py: it is not readable for you (permission "
        "denied); make it readable (chmod u+r) or choose another one."), out.stderr
    assert "not a module" not in out.stderr
    assert "Fit in" not in out.stdout
    assert module.read_bytes() == GENERATED


@pytest.mark.parametrize(("head", "tail", "cause"), [
    (b"", b"#" * 10_000_001, "it is larger than 10 MB"),
    (b"", b"\xff\xfe odd\n", f"it is not UTF-8 text, byte {len(GENERATED) + 1}"),
    (b"\xff\xfe", b"", "it is not UTF-8 text, byte 1"),
])
def test_a_file_that_cannot_be_a_generated_module(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], head: bytes, tail: bytes,
        cause: str) -> None:
    """Pass 52 N5: readable, but too large or not UTF-8: not one calibrate wrote, with advice."""
    module = tmp_path / "g.py"
    module.write_bytes(head + GENERATED + tail)
    assert main([*ARGS, "g.py"]) == 2
    out = capsys.readouterr()
    assert out.err.strip().endswith(
        f"error: g.py is not a module chipscope-cli calibrate wrote ({cause}): it is left as it "
        "is; move it away or choose another --fitted file."), out.err
    assert "Cannot read" not in out.err
    assert "Fit in" not in out.out
    assert module.read_bytes() == head + GENERATED + tail


def test_a_readable_file_without_the_marker_is_not_ours_in_the_same_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = tmp_path / "mine.py"
    module.write_text("# my own module\n")
    assert main([*ARGS, "mine.py"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "error: mine.py is not a module chipscope-cli calibrate wrote (it lacks its header): it is "
        "left as it is; move it away or choose another --fitted file.")
    assert module.read_text() == "# my own module\n"
