"""m45: an output below a folder that cannot be entered (mode 000, for a user without
CAP_DAC_OVERRIDE). Python 3.11's pathlib ``exists()``/``is_dir()`` raise PermissionError there:

- S1 (grade A): ``export-chart --out D/sub/`` exited 0 and printed nothing, since the argparse
  type's is_dir() raised inside ``parse_args`` and ``_parse`` took any OSError for "--help into
  a full or closed stdout". Now the type names the folder in the writers' words (exit 2), and
  ``_parse`` takes only help text that stdout refused for stdout's failure.
- S2 (grade B): ``export-chart --out D/sub/x.png`` (or ``D/sub``) and ``report --out
  D/sub/r.pdf`` ended in "unexpected PermissionError"; now the writers' words, exit 2.

The other writers and readers said it already; they are run too, so none falls back."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import cli, cli_export
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

REFUSAL = ("cannot be entered (permission denied); make that folder accessible (chmod u+x) or "
           "choose another one")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))


@pytest.fixture
def closed(tmp_path: Path) -> Iterator[Path]:
    """A folder of mode 000 holding the folder ``sub`` and a file of the user's in it."""
    skip_unless_permission_bits_apply(tmp_path)
    folder = tmp_path / "D"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "keep.txt").write_bytes(b"the user's file\n")
    folder.chmod(0)
    yield folder
    folder.chmod(0o700)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "sub", "sub/keep.txt"]  # nothing written
    assert (folder / "sub" / "keep.txt").read_bytes() == b"the user's file\n"


def one_line(done: object, ending: str) -> None:
    assert done.returncode == 2, done.stderr  # type: ignore[attr-defined]
    lines = done.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert lines[0].endswith(ending), lines[0]
    assert "unexpected" not in lines[0] and "Errno" not in lines[0]
    assert "Wrote" not in done.stdout  # type: ignore[attr-defined]


def writers(what: str, out: Path, closed: Path) -> str:
    if out.parent == closed:  # its own folder, mode 000: u+wx in one step (pass 61 F7)
        refusal = REFUSAL.replace("accessible (chmod u+x)", "accessible and writable (chmod u+wx)")
        return (f"Cannot write the {what} {out}: its folder {closed} {refusal} (nothing was "
                "written).")
    return f"Cannot write the {what} {out}: the folder {closed} {REFUSAL} (nothing was written)."


# --- S1 ---------------------------------------------------------------------------------------
def test_export_chart_into_a_folder_below_it_is_refused(closed: Path, tmp_path: Path) -> None:
    done = cli_without_dac("export-chart", "--chart", "vendor_share", "--out",
                           f"{closed}/sub/", cwd=tmp_path)
    one_line(done, f"error: --out: cannot use the folder {closed}/sub/: its folder {closed} "
                   f"{REFUSAL}")


@pytest.mark.parametrize("error", [
    PermissionError(errno.EACCES, "Permission denied", "/x/D/sub"),
    OSError(errno.EIO, "Input/output error", "/x/D/sub"),
    OSError(errno.ELOOP, "Too many levels of symbolic links"),
    OSError(errno.ENOSPC, "No space left on device"),
])
def test_parse_never_returns_0_for_an_os_error_of_an_option(
        error: OSError, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def refused(text: str) -> Path:
        raise error

    monkeypatch.setattr(cli_export, "file_or_folder_path", refused)
    parser = cli.build_parser()  # export-chart --out's type is the one above
    status = cli._parse(["export-chart", "--chart", "vendor_share", "--out", "x/"], parser)
    assert status in (1, 2)
    err = capsys.readouterr().err
    assert err.count("error: ") == 1, err


def test_help_into_a_closed_pipe_still_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    def closed_pipe(message: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(cli.sys.stdout, "write", closed_pipe)
    assert cli._parse(["--help"], cli.build_parser()) == 0


def test_the_type_names_the_folder_a_monkeypatched_refusal_keeps_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    closed = tmp_path / "D"
    (closed / "sub").mkdir(parents=True)
    refuse_below(closed, monkeypatch)
    assert cli.main(["export-chart", "--chart", "vendor_share", "--out",
                     f"{closed}/sub/"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"chipscope-cli: error: --out: cannot use the folder {closed}/sub/: its "
                   f"folder {closed} {REFUSAL}"], err


def refuse_below(closed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.stat and os.lstat refuse every path below ``closed``, as the system does for a user
    who may not enter it (root enters any folder: the tests run as root)."""
    real_stat, real_lstat = os.stat, os.lstat

    def refused(path: object) -> bool:
        return closed in Path(os.path.abspath(os.fspath(path))).parents  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "lstat", lstat)


def test_look_names_the_folder_instead_of_raising(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.file_access import look

    closed = tmp_path / "D"
    (closed / "sub").mkdir(parents=True)
    refuse_below(closed, monkeypatch)
    seen = look(closed / "sub" / "x.png")
    assert not seen.exists and not seen.is_dir and not seen.is_file
    assert seen.denial is not None
    assert seen.denial.refusal() == f"the folder {closed} {REFUSAL}"
    assert look(closed).is_dir and look(closed).denial is None  # the folder itself is seen
    assert look(tmp_path / "missing" / "x").denial is None  # nothing there: no denial
    with pytest.raises(PermissionError):
        (closed / "sub").is_dir()  # what pathlib does instead (Python 3.11)


# --- S2 and the writers and readers that said it already ----------------------------------------
@pytest.mark.parametrize("argv, what, name", [
    (["export-chart", "--chart", "vendor_share"], "chart file", "sub/x.png"),
    (["export-chart", "--chart", "chip_mix"], "chart file", "sub"),
    (["export-chart", "--chart", "chip_mix"], "chart file", "x.svg"),
    (["report"], "PDF report", "sub/r.pdf"),
    (["run"], "CSV file", "sub/r.csv"),
])
def test_a_writer_below_it_says_the_writers_words(argv: list[str], what: str, name: str,
                                                  closed: Path, synthetic_db: Path,
                                                  tmp_path: Path) -> None:
    out = closed / name
    done = cli_without_dac(*argv, "--db", str(synthetic_db), "--out", str(out), cwd=tmp_path)
    one_line(done, writers(what, out, closed))


def test_sweep_out_below_it(closed: Path, synthetic_db: Path, tmp_path: Path) -> None:
    spec = tmp_path / "grid.toml"
    spec.write_text('metrics = ["spend"]\n[grid]\nlock_in = [1, 2]\n', encoding="utf-8")
    out = closed / "sub" / "r.csv"
    done = cli_without_dac("sweep", str(spec), "--db", str(synthetic_db), "--out", str(out),
                           cwd=tmp_path)
    one_line(done, writers("CSV file", out, closed))


def test_calibrate_write_below_it(closed: Path, synthetic_db: Path, tmp_path: Path) -> None:
    out = closed / "sub" / "fitted.py"
    done = cli_without_dac("calibrate", "--write", "--fitted", str(out), "--db",
                           str(synthetic_db), cwd=tmp_path)
    one_line(done, writers("generated module", out, closed))


def test_data_export_edits_below_it(closed: Path, synthetic_db: Path, tmp_path: Path) -> None:
    edits = tmp_path / "one.csv"
    edits.write_text(
        "deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
        "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
        "licence\n"
        "mine,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
        "https://example.com/a,2026-11-30,fair use quote\n")
    assert cli.main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 0
    out = closed / "sub" / "e.csv"
    done = cli_without_dac("data", "export-edits", "--db", str(synthetic_db), "--out", str(out),
                           cwd=tmp_path)
    one_line(done, writers("edits file", out, closed))


@pytest.mark.parametrize("option, what", [("--db", "database"), ("--scenario", "scenario file")])
def test_an_input_below_it_says_the_readers_words(option: str, what: str, closed: Path,
                                                  synthetic_db: Path, tmp_path: Path) -> None:
    given = closed / "sub" / ("x.db" if option == "--db" else "s.toml")
    db = [] if option == "--db" else ["--db", str(synthetic_db)]
    done = cli_without_dac("run", option, str(given), *db, "--out", str(tmp_path / "r.csv"),
                           cwd=tmp_path)
    one_line(done, f"Cannot read the {what} {given}: the folder {closed} {REFUSAL}.")
    assert not (tmp_path / "r.csv").exists()
