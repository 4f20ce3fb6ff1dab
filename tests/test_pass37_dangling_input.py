"""Pass 37 F3: a dangling symlink given as an input (run --scenario, --db, the home database,
data import-edits, a sweep spec and its ``scenario =``, calibrate --targets, a CSV in
data check --csv-dir, the window's scenario import) was told "there is no such file" although
``ls`` shows the link. Every reader's one regular-file check
(:func:`chipscope.storage.files.check_regular_file`) now says "it is a symlink to the missing
TARGET", the target as the link gives it; a symlink loop keeps its own message."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.storage.files import FileRefused, check_regular_file, read_text

Capture = pytest.CaptureFixture[str]
ROOT = Path(__file__).resolve().parents[1]
GONE = "/nonexistent-chipscope-dir/x"


def _error(capsys: Capture, argv: list[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def _dangling(folder: Path, name: str, target: str) -> Path:
    link = folder / name
    link.symlink_to(target)
    return link


@pytest.mark.parametrize(("what", "suffix", "argv"), [
    ("scenario file", ".toml", ["run", "--db", "{db}", "--out", "-", "--scenario", "{link}"]),
    ("database", ".db", ["run", "--db", "{link}", "--out", "-"]),
    ("edits file", ".csv", ["data", "import-edits", "--db", "{db}", "{link}"]),
    ("sweep spec", ".toml", ["sweep", "{link}", "--db", "{db}", "--out", "-"]),
    ("calibration targets file", ".csv", ["calibrate", "--db", "{db}", "--targets", "{link}"]),
])
def test_a_dangling_input_names_its_missing_target(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, what: str, suffix: str,
        argv: list[str]) -> None:
    link = _dangling(tmp_path, f"dang{suffix}", GONE + suffix)
    db_before = synthetic_db.read_bytes()
    args = [a.format(db=synthetic_db, link=link) for a in argv]
    message = _error(capsys, args)
    assert message.endswith(f"Cannot read the {what} {link}: it is a symlink to the missing "
                            f"{GONE}{suffix}; put the file back or choose another file.")
    assert "no such file" not in message
    assert os.readlink(link) == GONE + suffix and synthetic_db.read_bytes() == db_before


def test_the_home_database_as_a_dangling_link(tmp_path: Path, capsys: Capture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    link = _dangling(home, "chipscope.db", str(tmp_path / "elsewhere.db"))
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    message = _error(capsys, ["run", "--out", "-"])
    assert message.endswith(f"Cannot read the database {link}: it is a symlink to the missing "
                            f"{tmp_path / 'elsewhere.db'}; put the file back or choose another "
                            "file.")
    assert sorted(p.name for p in home.iterdir()) == ["chipscope.db"]
    assert not (tmp_path / "elsewhere.db").exists()


def test_a_sweep_specs_scenario_as_a_dangling_link(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    _dangling(tmp_path, "dang.toml", "gone/x.toml")  # relative: shown as the link gives it
    spec = tmp_path / "sp.toml"
    spec.write_text('scenario = "dang.toml"\nmetrics = ["share:v1:2029"]\n'
                    "[grid]\nlock_in = [2]\n")
    message = _error(capsys, ["sweep", str(spec), "--db", str(synthetic_db), "--out", "-"])
    assert message.endswith(f"{spec}: scenario: Cannot read the scenario file "
                            f"{tmp_path / 'dang.toml'}: it is a symlink to the missing "
                            "gone/x.toml; put the file back or choose another file.")


def test_a_dataset_csv_as_a_dangling_link(tmp_path: Path, capsys: Capture) -> None:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("*.db", "derive"))
    (folder / "chips.csv").unlink()
    link = _dangling(folder, "chips.csv", GONE + ".csv")
    message = _error(capsys, ["data", "check", "--csv-dir", str(folder)])
    assert message.endswith(f"Cannot read the data file {link}: it is a symlink to the "
                            f"missing {GONE}.csv; replace it with the chips table as a CSV "
                            "file, or give --csv-dir another folder.")  # pass 61 F2


def test_the_window_import_reader(tmp_path: Path) -> None:
    """File > Import scenario reads through :func:`read_scenario_file`."""
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.synthetic import synthetic_dataset
    from chipscope.storage.scenario_files import read_scenario_file

    link = _dangling(tmp_path, "dang.toml", GONE + ".toml")
    with pytest.raises(FileRefused) as caught:
        read_scenario_file(link, AssumptionSpecs.for_dataset(synthetic_dataset()),
                           source=str(link))
    assert str(caught.value) == (f"Cannot read the scenario file {link}: it is a symlink to the "
                                 f"missing {GONE}.toml; put the file back or choose another file.")


def test_a_chain_names_the_last_links_missing_target(tmp_path: Path) -> None:
    _dangling(tmp_path, "b.toml", "c.toml")
    a = _dangling(tmp_path, "a.toml", "b.toml")
    with pytest.raises(FileRefused, match=r": it is a symlink to the missing c\.toml "
                       r"\(through b\.toml\); put the file back or choose another file\.$"):
        read_text(a, "scenario file")


def test_a_huge_or_hidden_target_is_shortened_and_spelled_out(tmp_path: Path) -> None:
    hidden = _dangling(tmp_path, "h.toml", "/gone/\u202eevil\n.toml")
    with pytest.raises(FileRefused) as caught:
        check_regular_file(hidden, "scenario file")
    assert str(caught.value).endswith("it is a symlink to the missing /gone/\\u202eevil\\n.toml"
                                      "; put the file back or choose another file.")
    huge = _dangling(tmp_path, "big.toml", "/gone/" + "d" * 3000 + "/x.toml")
    with pytest.raises(FileRefused) as caught:
        check_regular_file(huge, "scenario file")
    message = str(caught.value)
    assert len(message) < 350 and message.endswith(
        "/x.toml (3,013 characters); put the file back or choose another file.")


def test_a_loop_and_a_missing_file_keep_their_messages(tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(FileRefused,
                       match=r": it is a symlink loop; remove the link or choose another file\.$"):
        check_regular_file(loop, "scenario file")
    with pytest.raises(FileRefused, match=r": there is no such file\.$"):
        check_regular_file(tmp_path / "absent.toml", "scenario file")
