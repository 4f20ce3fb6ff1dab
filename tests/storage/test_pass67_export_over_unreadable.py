"""Fix m99 (P67-F2): Export scenario over an existing file this user may not read (``chmod
000``, ChipScope's own export) said "exists and is not a ChipScope scenario file": whether it
is one cannot be told without reading it. The refusal stays (nothing is overwritten), in the
readers' words with their advice (:func:`chipscope.file_access.read_denial`); the window's
File > Export scenario uses the same writer (:func:`write_scenario_file`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply

_EXPORT = """
import sys
from pathlib import Path
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario
from chipscope.storage import StorageError, load_dataset
from chipscope.storage.scenario_files import write_scenario_file
specs = AssumptionSpecs.for_dataset(load_dataset(Path(sys.argv[1])))
try:
    write_scenario_file(Path(sys.argv[2]), Scenario("S", "", {"lock_in": 2.0}), specs)
except StorageError as exc:
    print(exc)
    sys.exit(2)
print("written")
"""


@pytest.fixture
def own_export(tmp_path: Path) -> Iterator[Path]:
    """A scenario file ChipScope wrote (``out/a.toml``), its mode set to 000 after."""
    skip_unless_permission_bits_apply(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    file = folder / "a.toml"
    assert _export(file).returncode == 0
    file.chmod(0)
    yield file
    file.chmod(0o644)


def _export(file: Path) -> subprocess.CompletedProcess[str]:
    """The writer run without CAP_DAC_OVERRIDE (permission bits apply)."""
    return subprocess.run([*SETPRIV, sys.executable, "-c", _EXPORT, str(paths.bundled_db_path()),
                           str(file)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_export_over_an_unreadable_file_names_the_permission(own_export: Path) -> None:
    before = os.stat(own_export)
    done = _export(own_export)
    assert done.returncode == 2, done.stderr
    assert done.stdout.strip() == (
        f"{own_export} exists and it is not readable for you (permission denied), so ChipScope "
        "cannot tell whether it is a scenario file and it was not overwritten; make it readable "
        "(chmod u+r) or choose another name.")
    after = os.stat(own_export)
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino, before.st_mtime_ns, before.st_size)  # never replaced
    assert sorted(p.name for p in own_export.parent.iterdir()) == ["a.toml"]  # no temporary
    own_export.chmod(0o644)
    assert "format_version" in own_export.read_text(encoding="utf-8")
