"""Pass 49 N1 in the window: File > Import scenario, Edit data's Import and opening a database,
of a file this user may not read (mode 000), say the CLI's words next to the action ("it is
not readable for you (permission denied); make it readable (chmod u+r) or choose another
one"), never the bare "(Permission denied)"; nothing is saved and the files stay as they
were."""

from __future__ import annotations

from pathlib import Path

from chipscope.storage import list_scenarios
from chipscope.ui.data_edit.dialog import open_data_dialog
from tests.storage.test_pass49_unenterable_reader_folder import denied  # noqa: F401 (fixture)
from tests.storage.test_pass49_unreadable_reader_file import (  # noqa: F401 (fixtures)
    OWN,
    refused,
    tree,
)


def test_import_scenario_names_the_files_permission(make_window: object, tree: Path,  # noqa: F811
                                                    refused: list[Path]) -> None:  # noqa: F811
    window = make_window(show=False)  # type: ignore[operator]
    path = tree / "D" / "s.toml"
    before = path.read_bytes()
    saved = [r.name for r in list_scenarios(window.scenarios.working.db_path)]
    path.chmod(0)
    refused.append(path)
    assert window.scenarios.import_scenario(path) is False
    assert window.errors == [f"Cannot read the scenario file {path}: {OWN}"]
    path.chmod(0o644)
    assert path.read_bytes() == before
    assert [r.name for r in list_scenarios(window.scenarios.working.db_path)] == saved


def test_edit_data_import_names_the_files_permission(make_window: object, tree: Path,  # noqa: F811
                                                     refused: list[Path]) -> None:  # noqa: F811
    window = make_window(show=False)  # type: ignore[operator]
    dialog = open_data_dialog(window)
    assert dialog is not None
    path = tree / "D" / "e.csv"
    steps = window.session.document.history.labels()
    path.chmod(0)
    refused.append(path)
    assert dialog.import_file(path) is False
    assert dialog.status.text() == f"Nothing imported: Cannot read the edits file {path}: {OWN}"
    assert window.session.document.history.labels() == steps


def test_opening_a_database_names_the_files_permission(tree: Path,  # noqa: F811
                                                       refused: list[Path]) -> None:  # noqa: F811
    from chipscope.ui.app import load_startup_dataset

    db = tree / "D" / "x.db"
    before = db.read_bytes()
    reasons: list[str] = []
    db.chmod(0)
    refused.append(db)
    assert load_startup_dataset(db, lambda reason: reasons.append(reason) or False) is None
    assert reasons == [f"Cannot read the database {db}: {OWN}"]
    db.chmod(0o644)
    assert db.read_bytes() == before


def test_a_recent_file_below_a_folder_that_cannot_be_entered(
        make_window: object, tree: Path, denied: list[Path]) -> None:  # noqa: F811
    """File > Open recent, and a file handed to the window, below a folder that cannot be
    entered (F1's neighbour): the entry is disabled and the file refused in every reader's
    words, not "Permission denied"."""
    window = make_window(show=False)  # type: ignore[operator]
    path = tree / "D" / "s.toml"
    window.desktop.recent.add(path)
    denied.append(tree / "D")
    window.desktop.recent.rebuild()
    why = (f"its folder {tree / 'D'} cannot be entered (permission denied); make that folder "
           "accessible (chmod u+x) or choose another one")
    entry = next(a for a in window.desktop.recent_menu.actions()
                 if a.toolTip().startswith(str(path)))
    assert not entry.isEnabled() and entry.toolTip() == f"{path}: {why}"
    assert window.open_scenario_file(path) is False
    assert window.errors == [f"{path}: {why}."]
