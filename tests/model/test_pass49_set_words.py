"""Pass 49 F5: a ``--set`` value holding an "_" was told "'...' holds an _; write the number
with digits only", which reads as a typo and does not say what is wrong: two settings glued
into one item (``lock_in=0.5,price_sensitivity=2``), a number with a digit separator (``1_0``)
and plain text (``abc_def``) got the same words. Now each is named: "holds two settings; give
each its own --set", "is not a number: write it without the underscore", "is not a number".
Exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main


def _refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str], *items: str) -> str:
    out = tmp_path / "x.csv"
    assert main(["run", "--out", str(out), "--set", *items]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "holds an _" not in err
    assert not out.exists()
    return err


@pytest.mark.parametrize("item", [
    "lock_in=0.5,price_sensitivity=2",
    "lock_in=0.5 price_sensitivity=2",  # one quoted argument
    "lock_in=0.5price_sensitivity=2",
    "lock_in=0.5;bass_q=0.2",
    "lock_in=0.5, bass_q = 0.2",
    "lock_in=0.5,price_aws=-30",  # the second key unknown: still two settings
    "bass_p=0.2,lock_in=1",
])
def test_two_settings_in_one_item_are_named_so(item: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    err = _refusal(tmp_path, capsys, item)
    assert err.rstrip().endswith(f"--set: {item!r} holds two settings; give each its own --set")


@pytest.mark.parametrize(("value", "which"), [("1_0", "underscore"), ("0_5", "underscore"),
                                              ("3_000_000", "underscores"),
                                              ("1e1_0", "underscore"), ("_1", "underscore")])
def test_a_number_with_an_underscore_says_to_drop_it(value: str, which: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    err = _refusal(tmp_path, capsys, f"lock_in={value}")
    assert f"--set: lock_in: {value!r} is not a number: write it without the {which} " \
           "(allowed 0 to 5)" in err


@pytest.mark.parametrize("value", ["abc_def", "1_0x", "none_", "=0.5"])
def test_other_text_with_an_underscore_is_not_a_number(value: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    err = _refusal(tmp_path, capsys, f"lock_in={value}")
    assert err.rstrip().endswith(f"--set: lock_in: {value!r} is not a number (allowed 0 to 5)")


def test_two_items_given_apart_still_work(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "--out", str(out), "--set", "lock_in=0.5", "price_sensitivity=2"]) == 0
    assert out.exists()
