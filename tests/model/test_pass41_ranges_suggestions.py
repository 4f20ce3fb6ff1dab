"""Pass 41 (observed): a scenario file whose ``[ranges]`` table holds 40,000 unknown keys took
12 s to refuse, in ``chipscope-cli run --scenario`` and in the window's Import, because every
unknown range key got its near-miss suggestions (difflib over every known key) although a
message shows only the first 20 problems and counts the rest. Now only the problems a message
shows get suggestions (as [assumptions] already did); the message is unchanged.

No timed assertion: the tests count the expensive step (difflib.get_close_matches) instead."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import MAX_LISTED, ScenarioError, parse_scenario
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())


def _many_unknown_ranges(n: int) -> str:
    """A near miss in [assumptions] and in [ranges], a vendor the dataset has not, a known key
    with a misspelt field, then ``n`` unknown keys, then one more near miss (not shown)."""
    lines = ["format_version = 2", "[assumptions]", "lock_inn = 2.0", "[ranges]",
             'lock_in = {dist = "uniform", low = 1, high = 2}',
             'lock_inm = {dist = "uniform", low = 1, high = 2}',
             '"vendor.nosuch.price_change_pct" = {dist = "uniform", low = 1, high = 2}',
             'bass_p = {dist = "uniform", low = 1, hgh = 2}']
    lines += [f"k{i:05d} = {{low = 1, high = 2}}" for i in range(n)]
    lines += ['switching_sped = {dist = "uniform", low = 1, high = 2}']
    return "\n".join(lines) + "\n"


# The message for _many_unknown_ranges(996) as BASE (447beb7, before this fix) wrote it,
# recorded once by running parse_scenario of that commit on this text; not derived from the
# new code. Fix m72 put "line N: " (the line of the key) before each problem.
EXPECTED = "\n".join([
    'many.toml has 1,001 problems:',
    "  - line 3: unknown assumption 'lock_inn'; did you mean lock_in?",
    "  - line 6: ranges: unknown assumption 'lock_inm'; did you mean lock_in?",
    "  - line 7: ranges: unknown assumption 'vendor.nosuch.price_change_pct': the dataset has"
    " no vendor 'nosuch' (removed or renamed?); did you mean vendor.v3.price_change_pct,"
    " vendor.v2.price_change_pct, vendor.v1.price_change_pct?",
    "  - line 8: bass_p: unknown range field 'hgh' (allowed dist, low, high, mode, source)",
    "  - line 9: ranges: unknown assumption 'k00000'; `chipscope-cli assumptions` lists them",
    "  - line 10: ranges: unknown assumption 'k00001'; `chipscope-cli assumptions` lists them",
    "  - line 11: ranges: unknown assumption 'k00002'; `chipscope-cli assumptions` lists them",
    "  - line 12: ranges: unknown assumption 'k00003'; `chipscope-cli assumptions` lists them",
    "  - line 13: ranges: unknown assumption 'k00004'; `chipscope-cli assumptions` lists them",
    "  - line 14: ranges: unknown assumption 'k00005'; `chipscope-cli assumptions` lists them",
    "  - line 15: ranges: unknown assumption 'k00006'; `chipscope-cli assumptions` lists them",
    "  - line 16: ranges: unknown assumption 'k00007'; `chipscope-cli assumptions` lists them",
    "  - line 17: ranges: unknown assumption 'k00008'; `chipscope-cli assumptions` lists them",
    "  - line 18: ranges: unknown assumption 'k00009'; `chipscope-cli assumptions` lists them",
    "  - line 19: ranges: unknown assumption 'k00010'; `chipscope-cli assumptions` lists them",
    "  - line 20: ranges: unknown assumption 'k00011'; `chipscope-cli assumptions` lists them",
    "  - line 21: ranges: unknown assumption 'k00012'; `chipscope-cli assumptions` lists them",
    "  - line 22: ranges: unknown assumption 'k00013'; `chipscope-cli assumptions` lists them",
    "  - line 23: ranges: unknown assumption 'k00014'; `chipscope-cli assumptions` lists them",
    "  - line 24: ranges: unknown assumption 'k00015'; `chipscope-cli assumptions` lists them",
    '  - ... and 981 more',
])


@pytest.fixture
def close_matches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys difflib.get_close_matches is asked about (the expensive step, once per key)."""
    calls: list[str] = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches",
                        lambda word, *a, **k: calls.append(word) or real(word, *a, **k))
    return calls


def test_unknown_range_keys_get_suggestions_only_for_the_problems_shown(
        close_matches: list[str]) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_many_unknown_ranges(996), SPECS, "many.toml")
    assert len(caught.value.problems) == 1_001  # every problem still counted
    assert 0 < len(close_matches) <= MAX_LISTED
    assert "switching_sped" not in close_matches  # the 1,001st problem is only counted


def test_the_message_is_the_same_as_before(close_matches: list[str]) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_many_unknown_ranges(996), SPECS, "many.toml")
    assert str(caught.value) == EXPECTED


def test_cli_run_refuses_many_unknown_range_keys_with_few_suggestions(
        tmp_path: Path, close_matches: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "many.toml"
    scenario.write_text(_many_unknown_ranges(996), encoding="utf-8")
    before = scenario.read_bytes()
    assert main(["run", "--scenario", str(scenario), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "has 1,001 problems:" in err and "... and 981 more" in err
    assert "unknown assumption 'lock_inm'; did you mean lock_in?" in err
    assert len(close_matches) <= MAX_LISTED
    assert scenario.read_bytes() == before and not (tmp_path / "r.csv").exists()
