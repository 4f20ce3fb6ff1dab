"""Pass 49 F7: a scenario file (or sweep spec) holding a character no editor shows where TOML
expects something else (NUL, ZERO WIDTH SPACE, RIGHT-TO-LEFT MARK, a byte-order mark not at the
start, NO-BREAK SPACE for a space) got only the parser's "not valid TOML: Invalid statement (at
line 3, column 1)", which points at nothing the user can see. Now the character is named, with
what to do. Valid TOML holding such characters inside a string still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.toml_refusals import cli_refusal, scenario_refusal, sweep_spec_refusal, toml_refusal

HEAD = 'format_version = 2\nname = "s"\n[assumptions]\n'
DELETE = "stands here; delete it"


@pytest.mark.parametrize(("line", "said"), [
    ("\u200bbass_p = 0.2", "line 4, column 1: an invisible character U+200B (ZERO WIDTH SPACE) "
                           f"{DELETE}"),
    ("bass\u200b_p = 0.2", "line 4, column 5: an invisible character U+200B (ZERO WIDTH SPACE) "
                           f"{DELETE}"),
    ("bass_p = 0.2\u200b", "line 4, column 13: an invisible character U+200B (ZERO WIDTH "
                           f"SPACE) {DELETE}"),
    ("\u200fbass_p = 0.2", "line 4, column 1: an invisible character U+200F (RIGHT-TO-LEFT "
                           f"MARK) {DELETE}"),
    ("bass_p = 0.2\x00", f"line 4, column 13: an invisible character U+0000 (NULL) {DELETE}"),
    ("bass_p = 0.2 # a\x00", f"line 4, column 17: an invisible character U+0000 (NULL) {DELETE}"),
    ("\ufeffbass_p = 0.2", "line 4, column 1: an invisible character U+FEFF (ZERO WIDTH NO-BREAK "
                           f"SPACE, a byte-order mark) {DELETE}"),
    ("bass_p\u00a0= 0.2", "line 4, column 7: U+00A0 (NO-BREAK SPACE) stands here, a space TOML "
                          "does not take; type a plain space instead"),
    ("bass_p =\u3000 0.2", "line 4, column 9: U+3000 (IDEOGRAPHIC SPACE) stands here, a space "
                           "TOML does not take; type a plain space instead"),
    ("bass_p = 0.2\u2028", "line 4, column 13: an invisible character U+2028 (LINE SEPARATOR) "
                           f"{DELETE}"),
])
def test_the_invisible_character_the_parser_stopped_at_is_named(line: str, said: str) -> None:
    text = f"{HEAD}{line}\nlock_in = 1\n"
    assert toml_refusal(text) == said
    assert scenario_refusal(text) == f"f.toml: {said}"
    assert "not valid TOML" not in scenario_refusal(text)


def test_a_sweep_spec_names_it_too() -> None:
    assert sweep_spec_refusal("[grid]\nlock_in = [1, 2]\n\u200b\n") == (
        "s.toml: line 3, column 1: an invisible character U+200B (ZERO WIDTH SPACE) stands "
        "here; delete it")


def test_a_leading_bom_still_reads_and_counts_no_column() -> None:
    assert toml_refusal("\ufeffa = 1\n\u200bb = 2\n").startswith("line 2, column 1: ")


@pytest.mark.parametrize("text", [
    "a = 1 b",  # no such character: the parser's own words stand
    'a = "x\u200by\nb = 1',  # the parser stops at the line break, not at the U+200B
    "a = 1\rb = 2",  # a lone carriage return: no invisible character named
])
def test_other_syntax_errors_keep_the_parsers_words(text: str) -> None:
    said = toml_refusal(text)
    assert said.startswith("not valid TOML: ") and "invisible" not in said


def test_valid_toml_with_such_characters_in_strings_still_loads(tmp_path: Path) -> None:
    from chipscope.cli import main

    path = tmp_path / "ok.toml"
    path.write_text('format_version = 2\nname = "ok"\ndescription = "a\u00a0b\u200fc\u200b '
                    '\ufeff"\n# a comment\u200b with\u00a0them\n[assumptions]\nlock_in = 1\n',
                    encoding="utf-8")
    assert main(["run", "--scenario", str(path), "--out", str(tmp_path / "x.csv")]) == 0


@pytest.mark.parametrize("error", ["Invalid statement (at line 9, column 1)",
                                   "Invalid statement (at line 1, column 99)",
                                   "Unterminated string (at end of document)", ""])
def test_a_place_outside_the_text_names_nothing(error: str) -> None:
    from chipscope.model.invisible import invisible_at

    assert invisible_at("a = 1\n\u200b", error) is None


def test_the_cli_exits_2_naming_it_and_keeps_the_file(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.toml"
    path.write_text(f"{HEAD}lock_in = 1\n\u200bbass_p = 0.2\n", encoding="utf-8")
    err = cli_refusal(["run", "--scenario", str(path), "--out", str(tmp_path / "x.csv")],
                      path, capsys)
    assert err.endswith(f"error: {path}: line 5, column 1: an invisible character U+200B "
                        "(ZERO WIDTH SPACE) stands here; delete it")
    assert not (tmp_path / "x.csv").exists()
