"""Pass 49 F1 in the window: File > Import scenario of a file, and opening a database, below a
folder that cannot be entered say the CLI's words, naming that folder, next to the action
(never the bare "(Permission denied)"); nothing is saved and the files stay as they were."""

from __future__ import annotations

from pathlib import Path

from chipscope.storage import list_scenarios
from tests.storage.test_pass49_unenterable_reader_folder import (  # noqa: F401 (fixtures)
    ADVICE,
    denied,
    tree,
)


def test_import_scenario_names_the_folder(make_window: object, tree: Path,  # noqa: F811
                                          denied: list[Path]) -> None:  # noqa: F811
    window = make_window(show=False)  # type: ignore[operator]
    path = tree / "D" / "sub" / "s.toml"
    before = path.read_bytes()
    saved = [r.name for r in list_scenarios(window.scenarios.working.db_path)]
    denied.append(tree / "D")
    assert window.scenarios.import_scenario(path) is False
    assert window.errors == [f"Cannot read the scenario file {path}: the folder {tree / 'D'} "
                             f"{ADVICE}"]
    denied.clear()
    assert path.read_bytes() == before
    assert [r.name for r in list_scenarios(window.scenarios.working.db_path)] == saved


def test_opening_a_database_names_the_folder(tree: Path, denied: list[Path]) -> None:  # noqa: F811
    from chipscope.ui.app import load_startup_dataset

    db = tree / "D" / "sub" / "x.db"
    before = db.read_bytes()
    reasons: list[str] = []
    denied.append(tree / "D" / "sub")
    assert load_startup_dataset(db, lambda reason: reasons.append(reason) or False) is None
    assert reasons == [f"Cannot read the database {db}: its folder {tree / 'D' / 'sub'} "
                       f"{ADVICE}"]
    denied.clear()
    assert db.read_bytes() == before
