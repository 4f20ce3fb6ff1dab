"""The command line's desktop side (issue #14): ``chipscope FILE.toml``, ``-V``, a complete
``--help``, no display, the desktop entry for pip/pipx installs, and the scenario MIME type."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chipscope import __version__
from chipscope.cli import main
from chipscope.platform_check import NO_DISPLAY, check_display
from chipscope.prog_name import error_line
from chipscope.storage import desktop_entry

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
APP_ID = desktop_entry.APP_ID


def test_version_short_and_long(capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("-V", "--version"):
        assert main([flag]) == 0
        assert capsys.readouterr().out.strip() == f"chipscope {__version__}"


def test_help_lists_every_start_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--smoke-test", "--install-desktop-entry", "--remove-desktop-entry",
                   "-V, --version", "--db"):
        assert option in out


def test_a_word_that_is_neither_command_nor_file_is_named(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["rn"]) == 2
    err = capsys.readouterr().err
    assert "'rn' is neither a command" in err and "run" in err
    missing = tmp_path / "gone.toml"
    assert main([str(missing)]) == 2
    assert f"Cannot read the scenario file {missing}: there is no such file." in \
        capsys.readouterr().err


def test_no_display_is_one_sentence_and_exit_2() -> None:
    out = io.StringIO()
    assert check_display({}, out) == 2
    assert out.getvalue().strip() == error_line(NO_DISPLAY)
    assert NO_DISPLAY.count("\n") == 0 and "xcb" not in NO_DISPLAY
    assert check_display({"DISPLAY": ":0"}, io.StringIO()) is None
    assert check_display({"WAYLAND_DISPLAY": "wayland-0"}, io.StringIO()) is None
    assert check_display({"QT_QPA_PLATFORM": "offscreen"}, io.StringIO()) is None
    assert check_display({"QT_QPA_PLATFORM": "xcb"}, io.StringIO()) == 2


def test_desktop_entry_installs_and_removes_cleanly(tmp_path: Path) -> None:
    share = tmp_path / "share"
    message = desktop_entry.install_entry(share, command="/opt/x y/chipscope")
    assert "applications menu" in message
    desktop = share / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text()
    assert 'Exec="/opt/x y/chipscope" %F\n' in text
    assert "TryExec=/opt/x y/chipscope\n" in text
    assert "MimeType=application/x-chipscope-scenario;" in text
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0, check.stdout
    removed = desktop_entry.remove_entry(share)
    assert "kept" in removed
    assert not share.exists() or not any(share.rglob("*")), sorted(share.rglob("*"))
    assert "nothing to remove" in desktop_entry.remove_entry(share)


def test_the_cli_installs_the_entry_in_xdg_data_home(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 0
    assert (tmp_path / "applications" / f"{APP_ID}.desktop").is_file()
    assert main(["--remove-desktop-entry"]) == 0
    assert not (tmp_path / "applications" / f"{APP_ID}.desktop").exists()
    assert "kept" in capsys.readouterr().out


def _magic_strings() -> list[tuple[str, int]]:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(RESOURCES / f"{APP_ID}.mime.xml").getroot()
    kind = root.find("m:mime-type", ns)
    assert kind is not None and kind.get("type") == "application/x-chipscope-scenario"
    # The glob ties with application/toml's (weight 50), so the content decides: not every
    # .toml file is ours (checked with GLib in a Debian root by packaging/build_deb.py).
    glob = kind.find("m:glob", ns)
    assert glob is not None and glob.get("pattern") == "*.toml" and glob.get("weight") == "50"
    out = []
    for match in kind.iterfind(".//m:match", ns):
        end = int(str(match.get("offset")).split(":")[1])
        out.append((str(match.get("value")), end))
    return out


def test_the_mime_type_matches_scenarios_by_content_only(tmp_path: Path) -> None:
    from chipscope import paths
    from chipscope.model import AssumptionSpecs
    from chipscope.model.scenario import Scenario
    from chipscope.storage import load_dataset
    from chipscope.storage.scenario_files import write_scenario_file

    magic = _magic_strings()

    def matches(data: bytes) -> bool:
        return any(value.encode() in data[:end + len(value)] for value, end in magic)

    for preset in sorted((RESOURCES / "presets").glob("*.toml")):
        assert matches(preset.read_bytes()), preset
    specs = AssumptionSpecs.for_dataset(load_dataset(paths.bundled_db_path()))
    exported = tmp_path / "mine.toml"
    write_scenario_file(exported, Scenario("Mine", "", {}), specs)
    assert matches(exported.read_bytes())
    assert not matches((ROOT / "pyproject.toml").read_bytes())
    assert not matches(b"# format_version is a ChipScope key\nx = 1\n")


def test_fallback_fontconfig_only_without_a_system_one(tmp_path: Path) -> None:
    from chipscope.platform_check import use_fallback_fontconfig

    env: dict[str, str] = {}
    conf = use_fallback_fontconfig(env, tmp_path / "missing.conf")
    assert conf is not None and env["FONTCONFIG_FILE"] == str(conf)
    assert use_fallback_fontconfig({}, RESOURCES / "fonts.conf") is None  # the system has one
    chosen = {"FONTCONFIG_FILE": "/x.conf"}
    assert use_fallback_fontconfig(chosen, tmp_path / "missing.conf") is None
    assert chosen == {"FONTCONFIG_FILE": "/x.conf"}


@pytest.mark.skipif(not Path("/usr/share/fonts").is_dir(), reason="no system fonts here")
def test_the_fallback_fontconfig_finds_the_system_fonts_without_errors(tmp_path: Path) -> None:
    import os
    import sys

    env = {**os.environ, "FONTCONFIG_FILE": str(RESOURCES / "fonts.conf"),
           "XDG_CACHE_HOME": str(tmp_path)}
    code = ("from chipscope.platform_check import system_font_count; "
            "print(system_font_count())")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    assert int(result.stdout.strip()) > 0
    assert "Fontconfig error" not in result.stderr
