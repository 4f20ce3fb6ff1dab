"""Pass 57 F6: the TOML line advised for a scenario file given to ``sweep`` (scenario = "...")
is valid TOML for any file name: pasted into a spec beside [grid], it names that file and the
sweep runs. Every TOML string ChipScope writes uses the one helper, model/toml_words.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chipscope.__main__ import main
from chipscope.model.toml_words import toml_key, toml_string

Capture = pytest.CaptureFixture[str]
SCENARIO = 'format_version = 2\nname = "x"\n[assumptions]\nlock_in = 2\n'
NAMES = ['q"b.toml', "bs\\x.toml", "t\tab.toml", "caf\u00e9 \u6587.toml", 'a\\"\\\\.toml']


@pytest.mark.parametrize("name", NAMES)
def test_the_advised_scenario_line_names_the_file_and_the_sweep_runs(
        name: str, synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    scenario = tmp_path / name
    scenario.write_text(SCENARIO, encoding="utf-8")
    argv = ["--db", str(synthetic_db), "--workers", "1", "--out", str(tmp_path / "o.csv")]
    assert main(["sweep", str(scenario), *argv]) == 2
    err = capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()
    assert scenario.read_text(encoding="utf-8") == SCENARIO
    found = re.search(r"\(scenario = (.*) in a spec in the same folder", err)
    assert found, err
    line = f"scenario = {found.group(1)}"
    spec_text = f"{line}\n[grid]\nlock_in = [1.0, 3.0]\n"
    assert tomllib.loads(spec_text)["scenario"] == name, line
    spec = tmp_path / "spec.toml"
    spec.write_text(spec_text, encoding="utf-8")
    assert main(["sweep", str(spec), *argv]) == 0, capsys.readouterr().err
    assert (tmp_path / "o.csv").stat().st_size > 0


@pytest.mark.parametrize(("text", "written"), [
    ('q"b', '"q\\"b"'), ("bs\\x", '"bs\\\\x"'), ("t\tab", '"t\\tab"'),
    ("\x00\x1b\x7f", '"\\u0000\\u001B\\u007F"'), ("\u202e\u00e9", '"\\u202E\u00e9"'),
])
def test_toml_string_escapes_quotes_backslashes_and_hidden_characters(text: str,
                                                                      written: str) -> None:
    assert toml_string(text) == written


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_toml_string_and_key_read_back_exactly(text: str) -> None:
    assert tomllib.loads(f"k = {toml_string(text)}")["k"] == text
    assert tomllib.loads(f"{toml_key(text)} = 1") == {text: 1}
