"""Pass 11 (CLI and its files): outputs that name a stream, standard output on a nearly full
disk, desktop-entry removal, a dying worker, option combinations, CHIPSCOPE_HOME, owners,
CSV extensions and messages (/work/pass11-cli.md, A1-A3, C1, C3, D5-D7, E1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.storage import files

Capture = pytest.CaptureFixture[str]


def _error(capsys: Capture, argv: list[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


# --- A1: /dev/stdout and its kin name a stream, never the file behind it ------------------
@pytest.mark.parametrize("name", ["/dev/fd/{fd}", "/proc/self/fd/{fd}", "link"])
def test_a_descriptor_name_is_refused_and_the_file_behind_it_kept(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, name: str) -> None:
    """``run --out /dev/stdout >> log.txt`` renamed the CSV over log.txt: the log was lost."""
    log = tmp_path / "log.txt"
    log.write_text("precious line\n")
    with log.open("a") as stream:
        fd = stream.fileno()
        out = name.format(fd=fd)
        if name == "link":
            out = str(tmp_path / "out.csv")
            os.symlink(f"/proc/self/fd/{fd}", out)
        message = _error(capsys, ["run", "--db", str(synthetic_db), "--out", out])
    assert message.endswith(f"Cannot write the CSV file {out}: it names descriptor {fd}, a "
                            "stream rather than a file, which ChipScope never replaces; a "
                            "command that writes CSV takes - for standard output.")
    assert log.read_text() == "precious line\n"


def test_dev_stdout_is_told_as_standard_output(tmp_path: Path) -> None:
    with pytest.raises(files.FileRefused, match="it names standard output, a stream"):
        files.write_text("/dev/stdout", "x\n", "CSV file")


# --- A2: standard output on a nearly full disk -------------------------------------------
def _short_disk(monkeypatch: pytest.MonkeyPatch, fd: int, room: int) -> None:
    """os.write to ``fd`` takes at most ``room`` bytes in all, then fails as a full disk."""
    real = os.write
    left = [room]

    def write(to: int, data: bytes | memoryview) -> int:
        if to != fd:
            return real(to, data)
        if not left[0]:
            raise OSError(28, "No space left on device")
        count = real(to, bytes(data[:min(left[0], 4096)]))  # a short write, as the kernel's
        left[0] -= count
        return count

    monkeypatch.setattr(os, "write", write)


def _edited_db(tmp_path: Path, synthetic_db: Path) -> Path:
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
        "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
        "licence\napple_like,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
        "https://example.com/a,2026-11-30,fair use quote\n", encoding="utf-8")
    assert main(["data", "import-edits", str(deals), "--db", str(synthetic_db)]) == 0
    return synthetic_db


@pytest.mark.parametrize("command", ["run", "export-edits"])
def test_a_short_write_to_stdout_is_exit_2(synthetic_db: Path, tmp_path: Path, capsys: Capture,
                                           monkeypatch: pytest.MonkeyPatch,
                                           command: str) -> None:
    """Before: the CSV was cut at the disk's end (Python's buffered writer returns a short
    count, which the text layer drops), yet exit 0 and "written to stdout"."""
    argv = ["run"] if command == "run" else ["data", "export-edits"]
    if command == "export-edits":
        _edited_db(tmp_path, synthetic_db)
    capsys.readouterr()
    with (tmp_path / "out.csv").open("w", encoding="utf-8") as out:
        monkeypatch.setattr("sys.stdout", out)
        _short_disk(monkeypatch, out.fileno(), 100)
        status = main([*argv, "--db", str(synthetic_db), "--out", "-"])
        monkeypatch.undo()
    assert status == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "chipscope-cli: error: could not write to standard output (No space left on device)")
    assert (tmp_path / "out.csv").stat().st_size == 100


def test_every_byte_gets_out_through_short_writes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.cli_stdout import write_stdout

    with (tmp_path / "out.csv").open("w", encoding="utf-8") as out:
        monkeypatch.setattr("sys.stdout", out)
        _short_disk(monkeypatch, out.fileno(), 10**6)  # 4 kB a call
        print("first", file=out)
        write_stdout("é" * 20_000)
        monkeypatch.undo()
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "first\n" + "é" * 20_000


# --- A3, E1: the desktop entry removes only its own files, and says when a tool failed -------
def test_removing_the_desktop_entry_keeps_the_users_files_under_mime(tmp_path: Path) -> None:
    """Before: with no other MIME package, the whole $XDG_DATA_HOME/mime was rmtree'd."""
    from chipscope.storage import desktop_entry

    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/opt/chipscope")
    notes = share / "mime" / "custom" / "NOTES.txt"
    notes.parent.mkdir(parents=True)
    notes.write_text("my own notes\n")
    (share / "mime" / "globs2").write_text("# a cache update-mime-database wrote\n")
    (share / "mime" / "application").mkdir(exist_ok=True)
    (share / "mime" / "application" / "x-chipscope-scenario.xml").write_text("<x/>\n")
    assert "kept" in desktop_entry.remove_entry(share)
    assert notes.read_text() == "my own notes\n"
    assert sorted(p.relative_to(share).as_posix() for p in share.rglob("*")) == [
        "mime", "mime/custom", "mime/custom/NOTES.txt"]


def test_install_says_when_update_mime_database_failed(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: "scenario files ... now open in it" although the MIME database was not built."""
    from chipscope.storage import desktop_entry

    tool = tmp_path / "tool"  # both tools fail as a full disk makes them fail
    tool.write_text("#!/bin/sh\nprintf 'Failed to write cache\\nNo space left on device\\n' >&2"
                    "\nexit 1\n")
    tool.chmod(0o755)
    monkeypatch.setattr(desktop_entry.shutil, "which", lambda _tool: str(tool))
    share = tmp_path / "share"
    message = desktop_entry.install_entry(share, command="/opt/chipscope")
    assert message.splitlines()[0] == (
        f"ChipScope added to the applications menu ({share}/applications/"
        f"{desktop_entry.APP_ID}.desktop), but update-mime-database {share}/mime failed (No "
        f"space left on device); update-desktop-database {share}/applications failed (No space "
        "left on device), so scenario files may not open in it until that tool runs again.")
    assert "now open" not in message


# --- C1: a worker process killed ---------------------------------------------------------
class _DyingPool:
    """A process pool whose workers are killed (the out-of-memory killer, kill -9)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> _DyingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def _broken(self) -> Exception:
        from concurrent.futures.process import BrokenProcessPool

        return BrokenProcessPool("A process in the process pool was terminated abruptly")

    def submit(self, *args: object) -> object:
        from concurrent.futures import Future

        future: Future[object] = Future()
        future.set_exception(self._broken())
        return future

    def map(self, *args: object) -> object:
        raise self._broken()


def test_a_killed_sweep_worker_is_exit_2_and_writes_nothing(
        synthetic_db: Path, tmp_path: Path, capsys: Capture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: "unexpected BrokenProcessPool: ...", exit 1."""
    from chipscope import worker_pool

    # The pool helper itself, not concurrent.futures: worker_pool's pool class is made at its
    # first import, which must never be from a stand-in (every later pool of the run died).
    monkeypatch.setattr(worker_pool, "new_pool", _DyingPool)
    spec = tmp_path / "grid.toml"
    spec.write_text('metrics = ["share:v1:2029"]\n[grid]\nlock_in = [1, 2, 4]\n')
    out = tmp_path / "r.csv"
    assert _error(capsys, ["sweep", str(spec), "--db", str(synthetic_db), "--out", str(out),
                           "--workers", "2"]) == (
        "chipscope-cli: error: a worker process ended unexpectedly (killed, perhaps for lack of "
        "memory); nothing was written; try fewer --workers")
    assert not out.exists()


def test_a_killed_calibrate_worker_names_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope import cli_calibration, worker_pool
    from chipscope.cli_common import UsageError

    monkeypatch.setattr(worker_pool, "new_pool", _DyingPool)
    with pytest.raises(UsageError, match=r"ended unexpectedly .* try fewer --jobs$"):
        cli_calibration._mapper(2, 4)(abs, [1, 2, 3, 4])


# --- E1: sweep counts in the singular ----------------------------------------------------
def test_sweep_says_1_scenario_not_1_scenarios(synthetic_db: Path, tmp_path: Path,
                                               capsys: Capture) -> None:
    spec = tmp_path / "one.toml"
    spec.write_text('metrics = ["share:v1:2029"]\n[grid]\nlock_in = [2]\n')
    assert main(["sweep", str(spec), "--db", str(synthetic_db), "--out", "-"]) == 0
    err = capsys.readouterr().err
    assert "1 scenario x 1 metric value in " in err and ": 1 row written to stdout." in err


# --- C3: start options that take nothing else ---------------------------------------------
@pytest.mark.parametrize(("argv", "message"), [
    (["--smoke-test", "run", "--out", "fresh.csv"], "--smoke-test takes no command or other "
     "option (it was given with run --out fresh.csv); run it alone"),
    (["--smoke-test", "--install-desktop-entry"], "--smoke-test takes no command or other "
     "option (it was given with --install-desktop-entry); run it alone"),
    (["--install-desktop-entry", "run", "--out", "fresh.csv"], "--install-desktop-entry takes "
     "no command, file or other option (it was given with run); run it alone"),
    (["--install-desktop-entry", "--remove-desktop-entry"], "--install-desktop-entry takes no "
     "command, file or other option (it was given with --remove-desktop-entry); run it alone"),
])
def test_start_options_given_with_a_command_are_refused(
        tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch, argv: list[str],
        message: str) -> None:
    """Before: exit 0, and the command (or the other option) silently not done."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert _error(capsys, argv) == f"chipscope-cli: error: {message}"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- D5: CHIPSCOPE_HOME ----------------------------------------------------------------------
@pytest.mark.parametrize(("home", "message"), [
    ("rel", "CHIPSCOPE_HOME is 'rel', a relative folder, which would put a separate database "
     "in each current folder; set it to an absolute folder, such as ~/chipscope, or unset it."),
    ("  ", "CHIPSCOPE_HOME is blank (only spaces); set it to an absolute folder, such as "
     "~/chipscope, or unset it."),
])
def test_a_relative_or_blank_chipscope_home_is_refused(
        tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch, home: str,
        message: str) -> None:
    """Before: ./rel/chipscope.db (a separate database in each current folder), exit 0."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_HOME", home)
    assert _error(capsys, ["run", "--out", "x.csv"]) == f"chipscope-cli: error: {message}"
    assert list(tmp_path.iterdir()) == []


def test_a_tilde_in_chipscope_home_is_the_home_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: a folder literally named "~" in the current folder."""
    from chipscope import paths

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CHIPSCOPE_HOME", "~/cs")
    assert paths.user_db_path() == tmp_path / "cs" / "chipscope.db"
    assert paths.settings_file() == tmp_path / "cs" / "settings.ini"


def test_the_window_shows_the_chipscope_home_message(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    monkeypatch.chdir(tmp_path)
    from chipscope.ui import app

    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical",
                        lambda _parent, _title, text: shown.append(text))
    monkeypatch.setenv("CHIPSCOPE_HOME", "rel")
    assert app.run_gui(None) == 2
    assert shown == ["CHIPSCOPE_HOME is 'rel', a relative folder, which would put a separate "
                     "database in each current folder; set it to an absolute folder, such as "
                     "~/chipscope, or unset it."]


# --- D6: a replaced output keeps its owner ------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_replacing_a_file_as_root_keeps_its_owner_and_group(tmp_path: Path) -> None:
    """Before: root replacing nobody's own.csv (mode 640) made it root's."""
    out = tmp_path / "own.csv"
    out.write_text("old\n")
    os.chown(out, 65534, 65534)
    out.chmod(0o640)
    files.write_text(out, "new\n", "CSV file")
    st = out.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o640)
    assert out.read_text() == "new\n"


def test_a_refused_chown_still_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "own.csv"
    out.write_text("old\n")
    real = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        st = real(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path) == str(out):  # someone else's file
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, 4321, 4321,
                                   *tuple(st)[6:10]))
        return st

    def chown(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "chown", chown)
    files.write_text(out, "new\n", "CSV file")
    assert out.read_text() == "new\n"


# --- D7: a CSV output never takes another type's name -------------------------------------
@pytest.mark.parametrize(("command", "name", "kind"), [
    (["run"], "cheaper.toml", ".toml, a scenario file's"),
    (["market-check"], "r.pdf", ".pdf, a PDF report's"),
    (["sensitivity", "--metric", "share:v1:2029"], "t.PNG", ".PNG, a PNG image's"),
    (["data", "export-edits"], "e.xlsx", ".xlsx, an Excel workbook's"),
])
def test_a_csv_output_named_as_another_type_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, command: list[str], name: str,
        kind: str) -> None:
    """Before: ``run --out cheaper.toml`` replaced the scenario file with CSV, exit 0."""
    out = tmp_path / name
    out.write_text("format_version = 2\n")
    assert _error(capsys, [*command, "--db", str(synthetic_db), "--out", str(out)]).endswith(
        f"error: argument --out: {str(out)!r} ends in {kind} type; a CSV output should end "
        "in .csv")
    assert out.read_text() == "format_version = 2\n"


def test_every_csv_writer_refuses_another_types_name(tmp_path: Path) -> None:
    import pandas as pd

    with pytest.raises(files.FileRefused) as caught:
        files.write_csv(pd.DataFrame({"a": [1]}), tmp_path / "base.toml", "tornado CSV")
    assert str(caught.value) == (
        f"Cannot write the tornado CSV {tmp_path / 'base.toml'}: its name ends in .toml, a "
        "scenario file's type; a CSV output should end in .csv.")
    files.write_csv(pd.DataFrame({"a": [1]}), tmp_path / "t.txt", "tornado CSV")  # not a type


# --- E1: messages ---------------------------------------------------------------------------
@pytest.mark.parametrize(("command", "name", "message"), [
    (["report"], ".pdf", "has no name before .pdf; give the report a name, such as report.pdf"),
    (["export-chart", "--chart", "vendor_share"], ".png",
     "has no name before .png; give the chart a name, such as chart.png"),
])
def test_an_output_name_with_no_stem_is_told_so(synthetic_db: Path, tmp_path: Path,
                                                capsys: Capture, command: list[str], name: str,
                                                message: str) -> None:
    """Before: "--out: .pdf must end in .pdf"."""
    out = tmp_path / name
    assert _error(capsys, [*command, "--db", str(synthetic_db), "--out", str(out)]) == (
        f"chipscope-cli: error: --out: {out} {message}")


EDITS_HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,"
                "confidence,created_at,base_digest,source_id\n")


@pytest.mark.parametrize(("text", "message"), [
    (EDITS_HEADER + "deals,d0,retire,,Example,https://example.com/r,2026-11-30,MIT,low,,,\n",
     "line 2: fields_json is empty; a retire takes {}"),
    ("sep=,\n" + EDITS_HEADER, "line 1 is Excel's sep= line (naming the separator), not the "
     "header; remove that line"),
    (EDITS_HEADER + "deals,d0,retire,{},Example,https://example.com/r,2026-11-30,MIT,low,,,\n"
     ",,,,,,,,,,,\n", "line 3 is empty (only spaces or separators); remove that line"),
])
def test_edits_file_messages_name_the_cause(synthetic_db: Path, tmp_path: Path,
                                            capsys: Capture, text: str, message: str) -> None:
    """Before: json's "Expecting value"; "line 2: 17 fields, but the header has 1"; "line 3,
    column citation: empty"."""
    edits = tmp_path / "edits.csv"
    edits.write_text(text, encoding="utf-8")
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    assert f"{edits}, {message}" in capsys.readouterr().err


def test_a_set_key_with_a_byte_that_is_not_utf8_says_so(synthetic_db: Path,
                                                        capsys: Capture) -> None:
    """Before: "it holds U+DCFF an unnamed character"."""
    key = b"lock_in\xff".decode("utf-8", "surrogateescape")
    message = _error(capsys, ["run", "--db", str(synthetic_db), "--out", "-", "--set",
                              f"{key}=1"])
    assert "(it holds the byte 0xFF, which is not UTF-8 text; keys are plain ASCII)" in message
