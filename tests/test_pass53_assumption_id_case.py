"""Pass 54 F3: an assumption key whose vendor or adopter id differs from a dataset id only in
case (or spaces, or an invisible character) is refused with exactly the right key suggested,
not "removed or renamed?" and three look-alikes; other near misses rank case ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs, unknown_key_message
from chipscope.model.synthetic import synthetic_dataset


def _run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    out = tmp_path / "o.csv"
    status = main(["run", *args, "--out", str(out)])
    assert not out.exists()
    return status, capsys.readouterr().err


@pytest.mark.parametrize(("typed", "meant"), [
    ("vendor.NVIDIA.price_change_pct", "vendor.nvidia.price_change_pct"),
    ("vendor.AMD.price_change_pct", "vendor.amd.price_change_pct"),
    ("adopter.OpenAI.demand_growth_pct", "adopter.openai.demand_growth_pct"),
    ("adopter.OPENAI.affinity.aws", "adopter.openai.affinity.aws"),
])
def test_set_with_an_id_in_another_case_suggests_that_key(
        typed: str, meant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _run(["--set", f"{typed}=1"], tmp_path, capsys)
    row = typed.split(".")[1]
    kind = typed.split(".")[0]
    assert status == 2
    assert (f"--set: unknown assumption {typed!r}: the dataset has no {kind} {row!r}; the id "
            f"differs in case; did you mean {meant}?") in err
    assert "removed or renamed" not in err


def test_a_scenario_section_with_an_id_in_another_case(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "vn.toml"
    text = b"format_version=1\n[assumptions.vendor.NVIDIA]\nprice_change_pct=1\n"
    scenario.write_bytes(text)
    status, err = _run(["--scenario", str(scenario)], tmp_path, capsys)
    assert status == 2 and "vn.toml" in err
    assert ("unknown assumption 'vendor.NVIDIA.price_change_pct': the dataset has no vendor "
            "'NVIDIA'; the id differs in case; did you mean vendor.nvidia.price_change_pct?"
            ) in err
    assert scenario.read_bytes() == text


@pytest.mark.parametrize(("setting", "words"), [
    ("vendor.nvidia .price_change_pct=1",  # spaces around the id are named
     "the dataset has no vendor 'nvidia '; the id has spaces around it; did you mean "
     "vendor.nvidia.price_change_pct?"),
    ("vendor.AMDX.price_change_pct=1",  # other near misses rank case ignored
     "the dataset has no vendor 'AMDX' (removed or renamed?); did you mean "
     "vendor.amd.price_change_pct, "),
])
def test_an_id_near_a_known_one_is_named_with_a_suggestion(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str, words: str) -> None:
    status, err = _run(["--set", setting], tmp_path, capsys)
    assert status == 2
    assert words in err


def test_a_key_all_in_capitals_still_gets_suggestions() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    assert unknown_key_message("VENDOR.V1.PRICE_CHANGE_PCT", specs).startswith(
        "unknown assumption 'VENDOR.V1.PRICE_CHANGE_PCT'; did you mean "
        "vendor.v1.price_change_pct, ")
    assert unknown_key_message("vendor.nosuch.price_change_pct", specs).endswith(
        "(removed or renamed?); did you mean vendor.v3.price_change_pct,"
        " vendor.v2.price_change_pct, vendor.v1.price_change_pct?")


def test_an_invisible_character_in_the_id_is_named_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _run(["--set", "vendor.nvidia\u200b.price_change_pct=1"], tmp_path, capsys)
    assert status == 2
    assert ("--set: unknown assumption 'vendor.nvidia\\u200b.price_change_pct': the dataset has "
            "no vendor 'nvidia\\u200b'; the id holds an invisible character U+200B (ZERO WIDTH "
            "SPACE); did you mean vendor.nvidia.price_change_pct?") in err
    assert err.count("U+200B") == 1
    # elsewhere in the key, the note on the key says it (no id to match it against)
    status, err = _run(["--set", "vendor.nvidia.price_change_pct\u200b=1"], tmp_path, capsys)
    assert status == 2 and "(it holds U+200B ZERO WIDTH SPACE; keys are plain ASCII)" in err


@pytest.mark.parametrize(("typed", "why"), [
    ("vendor.\uff4e\uff56\uff49\uff44\uff49\uff41.price_change_pct",
     "the id is written in look-alike characters (U+FF4E FULLWIDTH LATIN SMALL LETTER N for "
     "'n'); did you mean vendor.nvidia.price_change_pct?"),
    ("vendor.\uff2e\uff36\uff29\uff24\uff29\uff21.price_change_pct",
     "the id is written in look-alike characters (U+FF2E FULLWIDTH LATIN CAPITAL LETTER N for "
     "'N') and differs in case; did you mean vendor.nvidia.price_change_pct?"),
    ("adopter.\uff4f\uff50\uff45\uff4e\uff41\uff49.affinity.aws",
     "the id is written in look-alike characters (U+FF4F FULLWIDTH LATIN SMALL LETTER O for "
     "'o'); did you mean adopter.openai.affinity.aws?"),
])
def test_a_fullwidth_id_suggests_its_plain_key_and_names_the_character_once(
        typed: str, why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pass 55 F2: the data checks take fullwidth letters (U+FF4E for "n") as plain ones
    (NFKC); so does the key's near miss, not "removed or renamed?" and three other vendors."""
    status, err = _run(["--set", f"{typed}=1"], tmp_path, capsys)
    row, kind = typed.split(".")[1], typed.split(".")[0]
    assert status == 2
    assert (f"--set: unknown assumption {typed!r}: the dataset has no {kind} {row!r}; {why}"
            ) in err
    assert "removed or renamed" not in err and "keys are plain ASCII" not in err
    assert err.count("U+FF") == 1
