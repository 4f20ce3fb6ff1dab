"""Pass 27 (F3): a number too small for a float (``1e-400``) was refused at "line N", N being the
first line holding the same text whatever it was (a description string, another key's equal
number), not the line of the key the message names. Now each refused number is placed by its
own key's line (or no line when that cannot be told), and a negative one is told to be "0 or a
number further from 0", not "a larger value"."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.scenario_checks import load_toml, too_small_numbers

_TAIL = "is too small for a number here (it would read as 0); write 0 or a larger value"


def _refused(text: str) -> list[str]:
    return too_small_numbers(load_toml(text, "scenario file"), text)


def test_the_line_is_the_keys_not_a_string_holding_the_same_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "t7.toml"
    scenario.write_text('format_version = 1\nname = "tiny"\n'
                        'description = "lock-in floor 1e-400 as a test"\n[assumptions]\n'
                        'lock_in = 1.0\n[ranges.lock_in]\ndist="uniform"\nlow=0.5\nhigh=1e-400\n',
                        encoding="utf-8")
    out = tmp_path / "t7.csv"
    assert main(["run", "--scenario", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"t7.toml: line 9: ranges.lock_in.high: 1e-400 {_TAIL}" in err, err
    assert not out.exists()


def test_two_keys_with_the_same_number_each_get_their_own_line() -> None:
    text = ('format_version = 1\n[assumptions]\nlock_in = 1e-400\n[ranges.lock_in]\n'
            'dist="uniform"\nlow=1e-400\nhigh=2\n')
    assert _refused(text) == [f"line 3: assumptions.lock_in: 1e-400 {_TAIL}",
                              f"line 6: ranges.lock_in.low: 1e-400 {_TAIL}"]


def test_inline_tables_dotted_keys_and_lists_over_lines() -> None:
    text = ('# lock_in = 1e-400 in a comment\nformat_version = 1\n'
            'assumptions.lock_in = 1e-400\n'
            'ranges.x = {dist = "uniform", low = 1e-400, high = 2}\n'
            '[grid]\ny = [\n  0.5,\n  1e-400,\n  1e-400,\n]\n')
    assert _refused(text) == [f"line 3: assumptions.lock_in: 1e-400 {_TAIL}",
                              f"line 4: ranges.x.low: 1e-400 {_TAIL}",
                              f"line 8: grid.y: 1e-400 {_TAIL}",
                              f"line 9: grid.y: 1e-400 {_TAIL}"]


def test_a_sweep_spec_names_the_keys_line_not_a_name_holding_the_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "t6.toml"
    spec.write_text('[sample]\nname = "1e-400"\nn = 3\n[ranges.lock_in]\ndist = "uniform"\n'
                    'low = 0\nhigh = 1e-400\n', encoding="utf-8")
    assert main(["sweep", "--out", str(tmp_path / "t6.csv"), str(spec)]) == 2
    err = capsys.readouterr().err
    assert f"{spec}: line 7: ranges.lock_in.high: 1e-400 {_TAIL}" in err, err


def test_a_negative_number_is_told_to_be_further_from_0() -> None:
    text = ('format_version = 1\n[assumptions]\nlock_in = 1.0\n[ranges.lock_in]\n'
            'dist="uniform"\nlow=-2.4e-324\nhigh=2\n')
    assert _refused(text) == ["line 6: ranges.lock_in.low: -2.4e-324 is too small for a number "
                              "here (it would read as 0); write 0 or a number further from 0"]


def test_no_line_rather_than_a_wrong_one_when_the_key_holds_the_text_too() -> None:
    text = '[grid]\nx = [0.5]\n"1e-400" = [\n  1e-400,\n]\n'
    refused = too_small_numbers(load_toml(text, "sweep spec"), text)
    assert refused == [f"grid.1e-400: 1e-400 {_TAIL}"]  # its place cannot be told apart


def test_a_negative_set_value_for_a_key_without_negatives_is_told_to_write_0_or_more(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """lock_in allows 0 to 5: "a number further from 0" would point at a negative one."""
    out = tmp_path / "s.csv"
    assert main(["run", "--set", "lock_in=-1e-400", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert ("lock_in: '-1e-400' is too small for a number here; write 0 or a larger value "
            "(allowed 0 to 5") in err, err
    assert not out.exists()


def test_many_different_tiny_numbers_are_placed_with_one_more_read_of_the_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 28 F3: the places were found by reading the whole file again once per distinct
    text, so 3,000 different tiny numbers in a 34 KB file took 68 s (quadratic). Now the file is
    read once more whatever their number, and each still gets its own line."""
    import chipscope.model.scenario_checks as checks

    count = 300
    text = ("[grid]\nlock_in = [\n" + "".join(f"  {i + 1}e-{400 + i},\n" for i in range(count))
            + "]\n")
    doc = load_toml(text, "sweep spec")
    reads: list[str] = []
    real = checks.tomllib.loads

    def counted(marked: str, **kw: object) -> object:
        reads.append(marked)
        return real(marked, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(checks.tomllib, "loads", counted)
    refused = too_small_numbers(doc, text)
    assert len(reads) == 1
    assert refused == [f"line {i + 3}: grid.lock_in: {i + 1}e-{400 + i} {_TAIL}"
                       for i in range(count)]


def test_a_repeated_tiny_number_gets_each_of_its_lines_in_order() -> None:
    """Pass 29 F2: each place's line was counted from the start of the file (and the lines of
    one key taken from the front of a list), quadratic in the repeats: 142,000 repeats in a
    1 MB spec took 29 s. Lines now come by bisection of the line breaks; they must still be
    each place's own, in file order, for the first line, the last and one without a break."""
    rows = ["[grid]", "lock_in = [", "  1e-400, 1e-400,", "  0.5,", "  1e-400]", "x = 1e-400"]
    text = "\n".join(rows)  # no newline at the end: the last line has no break after it
    refused = too_small_numbers(load_toml(text, "sweep spec"), text)
    assert [r.split(":")[0] for r in refused] == ["line 3", "line 5", "line 6"]
    assert [r.split(": ")[1] for r in refused] == ["grid.lock_in"] * 2 + ["grid.x"]
    # pass 29 F3: the same number twice on one line at one key is told once, with its count
    assert refused[0] == f"line 3: grid.lock_in: 1e-400 (2 times) {_TAIL}"
