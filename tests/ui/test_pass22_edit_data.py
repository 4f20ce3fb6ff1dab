"""Pass 22 W5: the refused undo sent the user to Edit data to withdraw another program's edit,
but Edit data, opened again, did not list it: the window had not read it. Edit data now reads
the edits another window or program stored since, when it is opened."""

from __future__ import annotations

from collections.abc import Callable

from chipscope.model.data_editor import DataEditor
from chipscope.model.document import Document
from chipscope.model.edits import EditSource
from chipscope.model.shell_words import shell_option
from chipscope.storage import load_dataset
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import DbEditStore
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")


def test_edit_data_opened_again_lists_another_programs_adopter(
        make_window: Callable[..., MainWindow]) -> None:
    window = make_window(show=False)
    db = window.db_path
    assert db is not None
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("adopters")
    rows = lambda: {dialog.rows.item(i).text() for i in range(dialog.rows.count())}  # noqa: E731
    base, _ = load_overlay(db)
    other = DataEditor(Document(load_dataset(db)), base, DbEditStore(db))  # another program
    other.add_adopter({"adopter_id": "zz_lab", "name": "ZZ Lab", "kind": "AI lab",
                       "derivation": "guess"}, ["nvidia"], SOURCE, "low")
    assert not any(r.endswith("zz_lab") for r in rows())
    dialog.hide()
    assert open_data_dialog(window) is dialog  # Edit > Edit data... again
    assert any(r.endswith("zz_lab") for r in rows())
    assert "zz_lab" in set(window.session.dataset.adopters["adopter_id"])


def test_a_refused_undo_can_be_read_whole(make_window: Callable[..., MainWindow]) -> None:
    """The refusal's advice comes last, past what the status bar shows: its tooltip holds the
    whole message, which stays long enough to be read."""
    window = make_window(show=False)
    db = window.db_path
    assert db is not None
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.editor.add_adopter({"adopter_id": "zz_lab", "name": "ZZ Lab", "kind": "AI lab",
                               "derivation": "guess"}, ["nvidia"], SOURCE, "low")
    base, _ = load_overlay(db)
    other = DataEditor(Document(load_dataset(db)), base, DbEditStore(db))
    other.add("deals", {"deal_id": "zz_deal", "adopter_id": "zz_lab", "vendor_id": "nvidia",
                        "chip_id": "b200", "first_year": "2027", "last_year": "2029",
                        "amount": "1", "amount_unit": "GW", "description": "theirs",
                        "firmness": "firm"}, SOURCE, "low")
    assert not window.scenarios.working.undo()
    bar = window.statusBar()
    said = bar.currentMessage()
    assert said.startswith("Cannot undo: the addition of adopters \u201czz_lab\u201d")
    assert said.endswith("(Edit > Undo would take back that change first).")
    # the window's database (CHIPSCOPE_HOME's) is named, as the CLI's advice does (pass 58)
    assert (f"`chipscope-cli data drop-edit deals zz_deal {shell_option('--db', db)}`, then "
            "undo again" in said)
    assert bar.toolTip() == said
    bar.clearMessage()
    assert bar.toolTip() == ""
