"""Pass 43 F2: a sweep spec's [sample] without n is said as missing, not "not None"."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.sweep import MAX_SCENARIOS, SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
MISSING = f"sample: n is missing; give a whole number from 1 to {MAX_SCENARIOS:,}, e.g. n = 100"


@pytest.mark.parametrize(("text", "line"), [
    ("[sample]\nseed = 1\n", 1),
    ("[sample]\n", 1),
    ('metrics = ["share"]\n\n[sample]\nmethod = "random"\ndefaults = true\n', 3),
    ('metrics = ["share"]\nsample = { seed = 2 }\n', 2),
])
def test_a_sample_without_n_says_n_is_missing_at_the_sample_line(text: str, line: int) -> None:
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(text, SPECS, "s.toml")
    assert str(err.value) == f"s.toml: line {line}: {MISSING}"
    assert "None" not in str(err.value)


def test_a_bad_n_still_shows_the_value_given() -> None:
    with pytest.raises(SpecError, match=r"s\.toml: line 2: sample: n must be a whole number "
                       r"from 1 to 100,000, not 0$"):
        parse_sweep_spec("[sample]\nn = 0\ndefaults = true\n", SPECS, "s.toml")


def test_the_cli_says_n_is_missing_with_exit_status_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "s.toml"
    spec.write_bytes(b"[sample]\nseed = 1\n")
    out = tmp_path / "o.csv"
    assert main(["sweep", str(spec), "--workers", "1", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"s.toml: line 1: {MISSING}" in err
    assert "None" not in err
    assert spec.read_bytes() == b"[sample]\nseed = 1\n" and not out.exists()
