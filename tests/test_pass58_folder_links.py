"""P58-F5: a reader given a path under a folder that is a symlink loop or a dangling link
blamed the file ("it is a symlink loop", "there is no such file", "does not exist", the raw
"Too many levels of symbolic links"); every reader now names the link on the way in the
writers' words and advice. A missing --db now gets advice.

P58-F6: a chain of links ending at nothing was called "a symlink to the missing X" when X was
itself a (dangling) link; readers and writers now name the missing end of the chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope import paths
from chipscope.__main__ import main
from chipscope.paths import MissingResourceError

Capture = pytest.CaptureFixture[str]

LOOP = "is a symlink loop; remove the link or choose another folder"
DANG = "is a symlink to the missing nothere; put the folder back or choose another folder"


def _links(tmp_path: Path) -> tuple[Path, Path]:
    loop, dang = tmp_path / "loop", tmp_path / "dang"
    loop.symlink_to(loop.name)
    dang.symlink_to("nothere")
    return loop, dang


def _error(capsys: Capture, argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err.split("error: ", 1)[1]


@pytest.mark.parametrize("kind", ["loop", "dang"])
@pytest.mark.parametrize(("what", "name", "argv"), [
    ("scenario file", "s.toml", ["run", "--db", "{db}", "--scenario", "{path}", "--out", "{out}"]),
    ("database", "x.db", ["--db", "{path}", "run", "--out", "{out}"]),
    ("database", "x.db", ["data", "check", "--db", "{path}"]),
    ("edits file", "e.csv", ["data", "import-edits", "{path}", "--db", "{db}"]),
])
def test_a_reader_names_the_link_on_the_way(synthetic_db: Path, tmp_path: Path, capsys: Capture,
                                            kind: str, what: str, name: str,
                                            argv: list[str]) -> None:
    loop, dang = _links(tmp_path)
    folder = loop if kind == "loop" else dang
    path, out = folder / name, tmp_path / "x.csv"
    before = synthetic_db.read_bytes()
    err = _error(capsys, [a.format(db=synthetic_db, path=path, out=out) for a in argv])
    said = LOOP if kind == "loop" else DANG
    assert err == f"Cannot read the {what} {path}: {folder} {said}.", err
    assert synthetic_db.read_bytes() == before and not out.exists()


@pytest.mark.parametrize("kind", ["loop", "dang"])
def test_the_data_folder_names_the_link_on_the_way(tmp_path: Path, capsys: Capture,
                                                    kind: str) -> None:
    loop, dang = _links(tmp_path)
    folder = loop if kind == "loop" else dang
    err = _error(capsys, ["data", "check", "--csv-dir", str(folder / "x")])
    assert err == f"{folder / 'x'}: {folder} {LOOP if kind == 'loop' else DANG}", err


def test_a_missing_database_gets_advice(tmp_path: Path, capsys: Capture) -> None:
    db = tmp_path / "nothere.db"
    err = _error(capsys, ["--db", str(db), "run", "--out", str(tmp_path / "x.csv")])
    assert err == (f"The database {db} does not exist; check the path, or make one there with "
                   f"`chipscope-cli data build --out {db}`."), err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("where", "said", "fix"), [
    ("loop", "is a symlink loop", "remove the link, or "),
    ("dang", "is a symlink to the missing nothere", "put the folder back, or "),
    ("base.db", "is a file, not a folder", ""),
])
def test_the_bundled_override_names_the_part_on_the_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, said: str,
        fix: str) -> None:
    _links(tmp_path)
    (tmp_path / "base.db").write_bytes(b"x")
    override = tmp_path / where / "x.db"
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(override))
    with pytest.raises(MissingResourceError) as raised:
        paths.bundled_db_path()
    assert str(raised.value) == (
        f"CHIPSCOPE_BUNDLED_DB points to {override}, but {tmp_path / where} {said}; {fix}"
        f"{paths.BUNDLED_OVERRIDE_ADVICE}.")


def _chain(tmp_path: Path) -> Path:
    _links(tmp_path)
    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / "dl").symlink_to("../dang")
    return deep / "dl"


CHAIN = ("is a symlink to the missing nothere (through ../dang); put the folder back or "
         "choose another folder")


def test_a_reader_names_the_missing_end_of_a_chain(synthetic_db: Path, tmp_path: Path,
                                                   capsys: Capture) -> None:
    dl = _chain(tmp_path)
    path, out = dl / "s.toml", tmp_path / "x.csv"
    err = _error(capsys, ["run", "--db", str(synthetic_db), "--scenario", str(path),
                          "--out", str(out)])
    assert err == f"Cannot read the scenario file {path}: {dl} {CHAIN}.", err
    assert not out.exists()


def test_a_writer_names_the_missing_end_of_a_chain(synthetic_db: Path, tmp_path: Path,
                                                   capsys: Capture) -> None:
    dl = _chain(tmp_path)
    out = dl / "x.csv"
    err = _error(capsys, ["run", "--db", str(synthetic_db), "--out", str(out)])
    assert err == f"Cannot write the CSV file {out}: {dl} {CHAIN} (nothing was written).", err
    assert not (tmp_path / "nothere").exists()


def test_a_dangling_file_link_names_the_end_of_its_chain(synthetic_db: Path, tmp_path: Path,
                                                         capsys: Capture) -> None:
    _links(tmp_path)
    path = tmp_path / "s.toml"
    path.symlink_to("dang")
    err = _error(capsys, ["run", "--db", str(synthetic_db), "--scenario", str(path),
                          "--out", str(tmp_path / "x.csv")])
    assert err == (f"Cannot read the scenario file {path}: it is a symlink to the missing "
                   "nothere (through dang); put the file back or choose another file."), err
