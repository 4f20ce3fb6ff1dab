"""Pass 53 F3: a quoted ``format_version`` in a scenario file and a quoted ``[sample] defaults``
in a sweep spec are named as text, in the words of every other quoted number ("'2' is text;
write a whole number without quotes"), with the line where the message has one. Pass 53 F4:
``calibrate --write --fitted F`` refuses an empty or header-less F in the one sentence of
every file that is not a module calibrate wrote. Exit 2, the files left byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def _refused(argv: list[str], file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = file.read_bytes()
    assert main(argv) == 2
    out = capsys.readouterr()
    assert file.read_bytes() == before
    assert "Traceback" not in out.err
    return out.err.strip()


def test_a_quoted_format_version_is_text(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "fv.toml"
    scenario.write_text('format_version = "2"\n')
    err = _refused(["run", "--scenario", "fv.toml", "--out", "x.csv"], scenario, capsys)
    assert err.endswith(
        "error: fv.toml: line 1: format_version '2' is text; write a whole number without "
        "quotes"), err
    assert not (tmp_path / "x.csv").exists()


def test_a_quoted_sample_defaults_is_text_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "sdef.toml"
    spec.write_text('metrics = ["share"]\n[sample]\nn = 10\ndefaults = "true"\n')
    err = _refused(["sweep", "sdef.toml", "--out", "x.csv"], spec, capsys)
    assert err.endswith("error: sdef.toml: line 4: sample: defaults 'true' is text; write true "
                        "or false without quotes"), err
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("content", [b"", b"# my own module\nVALUE = 1\n"],
                         ids=["empty", "no-header"])
def test_a_fitted_file_without_the_header_is_not_ours(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    module = tmp_path / "g4.py"
    module.write_bytes(content)
    err = _refused(["calibrate", "--write", "--draws", "1", "--jobs", "1", "--fitted", "g4.py"],
                   module, capsys)
    assert err.endswith(
        "error: g4.py is not a module chipscope-cli calibrate wrote (it lacks its header): it is "
        "left as it is; move it away or choose another --fitted file."), err
