"""Pass 19 (CLI): regression tests (/work/pass19-cli.md): a sweep spec's base scenario guarded
before parsing whatever the spec's name, SIGHUP handled as SIGTERM (see also
test_sigterm_cleanup.py), a sweep that says what follows its runs, and advice a user can follow
(an unusable data folder, an empty export-chart --out)."""

from __future__ import annotations

import io
import signal
import sys
from pathlib import Path

import pytest

from chipscope import cli_sweep
from chipscope.cli import main
from chipscope.cli_common import exit_on_terminate, restore_interrupt
from tests.storage.append_only import append_only
from tests.test_pass18_cli import _appended


# --- A1: the base scenario of a spec whose name does not end in .toml --------------------------
@pytest.mark.parametrize("name", ["spec.cfg", "SPEC.TOML", "spec"])
@pytest.mark.parametrize(("extra", "fd"), [("--bogus", 2), ("--help", 1)])
def test_a_spec_of_any_name_has_its_base_guarded(tmp_path: Path, name: str, extra: str,
                                                  fd: int) -> None:
    """Before: only names ending in lower-case .toml were read, so ``sweep spec.cfg --help >>
    base.toml`` appended the help to the base scenario (exit 0) and ``--bogus 2>> base.toml``
    the usage error; the sweep itself runs such a spec."""
    base = tmp_path / "base.toml"
    base.write_text('format_version = 1\nname = "B"\n[assumptions]\nlock_in = 2\n')
    (tmp_path / name).write_text('scenario = "base.toml"\nmetrics = ["share:nvidia:2030"]'
                                 "\n[grid]\nlock_in = [1.0, 3.0]\n")
    done, before = _appended(base, ["sweep", name, "--out", "o.csv", extra], tmp_path, fd)
    assert done.returncode == 2
    assert b"base.toml, a file this command reads" in (done.stderr if fd == 1 else done.stdout)
    assert base.read_bytes() == before


def test_a_file_that_is_not_a_spec_adds_nothing(tmp_path: Path) -> None:
    """Every regular file of the line is read as a possible spec (at most 1 MB): one that is
    not a spec (a database, a binary file) adds no input and no error."""
    from chipscope.cli import build_parser
    from chipscope.cli_stdout import named_inputs

    (tmp_path / "junk.bin").write_bytes(b"\x00\xff" * 1000)
    words = ["sweep", str(tmp_path / "junk.bin"), "--out", "o.csv"]
    assert named_inputs(words, build_parser())[0] == str(tmp_path / "junk.bin")
    assert not any("base" in str(p) for p in named_inputs(words, build_parser()))
    long_word = ["data", "keep-edit", "deals", "x" * 100_000]  # the system refuses the name
    assert named_inputs(long_word, build_parser())[0] == "deals"


# --- D1: SIGHUP under nohup stays ignored; the handlers are undone -----------------------------
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_sighup_is_handled_only_where_it_has_its_default_action() -> None:
    before = signal.getsignal(signal.SIGHUP)
    try:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        exit_on_terminate()
        handled = signal.getsignal(signal.SIGHUP)
        restore_interrupt()
        assert callable(handled)  # before: SIG_DFL, dying with a .cs-*.tmp left behind
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_DFL
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # nohup
        exit_on_terminate()
        ignored = signal.getsignal(signal.SIGHUP)
        restore_interrupt()
        assert ignored == signal.SIG_IGN
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


# --- E1: what follows the runs is said ---------------------------------------------------------
class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_a_sweep_says_it_is_writing_once_the_runs_end(tmp_path: Path, synthetic_db: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      terminal: bool) -> None:
    """Before: the last progress line ("about 1 s left") was followed by the merge, the sort
    and the CSV write, 15 s of silence for a large sweep."""
    spec = tmp_path / "s.toml"
    spec.write_text("[sample]\nn = 40\ndefaults = true\n")
    err = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(cli_sweep.Progress, "LINE_EVERY_S", -1.0)  # a line at every chunk
    monkeypatch.setattr(sys, "stderr", err)
    out = tmp_path / "o.csv"
    assert main(["sweep", str(spec), "--out", str(out), "--workers", "1", "--db",
                 str(synthetic_db)]) == 0
    rows = sum(1 for line in out.read_text().splitlines() if not line.startswith("#")) - 1
    assert "sweep: 40 scenarios done in " in err.getvalue()
    assert f"; writing {rows:,} rows to {out} ...\n" in err.getvalue()


def test_a_short_sweep_off_a_terminal_stays_silent(tmp_path: Path, synthetic_db: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "s.toml"
    spec.write_text("[sample]\nn = 4\ndefaults = true\n")
    assert main(["sweep", str(spec), "--out", str(tmp_path / "o.csv"), "--workers", "1",
                 "--db", str(synthetic_db)]) == 0
    assert capsys.readouterr().err == ""


# --- E2: advice a user can follow --------------------------------------------------------------
def test_a_read_only_command_reads_the_bundled_data_when_its_own_cannot_be_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Before: ``run`` with an append-only CHIPSCOPE_HOME and no database in it failed on
    making one ("... so choose another folder", not how); the user asked for no write."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    out = tmp_path / "r.csv"
    with append_only(home):
        status = main(["run", "--out", str(out)])
        diff = main(["data", "diff"])
    err = capsys.readouterr().err
    assert status == 0 and out.exists()
    # pass 37 F4: `data diff` only reads too, so it reads the bundled data as `run` does
    note = (f"Note: Cannot use the data folder {home} (marked append-only (chattr +a)); it "
            "must be a folder ChipScope can write to (see CHIPSCOPE_HOME). The bundled data "
            "were read instead (--db PATH reads another database).")
    assert diff == 0 and err.count(note) == 2, err
    assert list(home.iterdir()) == []


def test_an_empty_export_chart_out_asks_for_a_file_or_folder(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Before: "give the folder's name", where --out takes FILE.png|.svg|FOLDER."""
    assert main(["export-chart", "--chart", "vendor_share", "--out", ""]) == 2
    assert capsys.readouterr().err.rstrip().endswith(
        "argument --out: the name is empty; give the file's or folder's name")
