"""Packaging: the wheel carries the dataset and resources, the desktop files validate, the icons
are complete, install-linux.sh installs and uninstalls, and the platform check names what is
missing. (The PyInstaller bundle itself is built and smoke-tested by .ci/run.)"""

from __future__ import annotations

import configparser
import io
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from chipscope import paths, platform_check

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
APP_ID = "io.github.chipscope.ChipScope"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
INSTALL_SH = ROOT / "packaging" / "install-linux.sh"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


# --- the wheel ----------------------------------------------------------------------------------
def _source_copy(dest: Path) -> Path:
    """The files a wheel is built from, with data/chipscope.db built if the checkout lacks it."""
    for name in ("chipscope", "data", "resources", "docs"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_bundled"))
    for name in ("pyproject.toml", "hatch_build.py", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    db = dest / "data" / paths.DB_FILENAME
    if not db.exists():
        subprocess.run([sys.executable, "-m", "chipscope", "data", "build", "--csv-dir",
                        str(dest / "data"), "--out", str(db)], check=True, cwd=dest)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    src = _source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(src)], check=True, env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"))
    (path,) = out.glob("chipscope-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_contains_dataset_and_resources(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    bundled = "chipscope/_bundled/"
    expected = {bundled + "chipscope.db",
                bundled + f"resources/{APP_ID}.desktop",
                bundled + f"resources/{APP_ID}.metainfo.xml",
                bundled + "resources/icons/chipscope.svg",
                bundled + "resources/icons/chipscope.ico",
                bundled + "resources/icons/chipscope.icns",
                "chipscope/smoke.py", "chipscope/platform_check.py"}
    expected |= {bundled + f"resources/icons/chipscope-{s}.png" for s in PNG_SIZES}
    assert expected <= names, sorted(expected - names)
    assert wheel.read(bundled + "chipscope.db").startswith(b"SQLite format 3\x00")


def test_wheel_entry_points_gui_and_console(wheel: zipfile.ZipFile) -> None:
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    entry_points = configparser.ConfigParser()
    entry_points.read_string(wheel.read(name).decode())
    # gui_scripts: on Windows pip makes chipscope.exe a windowed launcher (no console window).
    assert entry_points["gui_scripts"]["chipscope"] == "chipscope.__main__:main"
    assert entry_points["console_scripts"]["chipscope-cli"] == "chipscope.__main__:main"


def test_checkout_finds_resources_and_dataset() -> None:
    """An editable install or a checkout reads data/ and resources/ in place."""
    assert paths.resources_dir() == RESOURCES
    if (ROOT / "data" / paths.DB_FILENAME).exists():
        assert paths.bundled_db_path() == ROOT / "data" / paths.DB_FILENAME


# --- desktop integration -----------------------------------------------------------------------
def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_and_metainfo_agree() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "chipscope"
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "MIT"
    releases = [r.get("version") for r in root.iter("release")]
    from chipscope import __version__

    assert __version__ in releases, "add a <release> for this version to the metainfo"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (apt install desktop-file-utils)")
def test_desktop_file_validates() -> None:
    out = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (apt install appstream)")
def test_metainfo_validates() -> None:
    out = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icon_pngs_have_their_sizes() -> None:
    for size in PNG_SIZES:
        path = RESOURCES / "icons" / f"chipscope-{size}.png"
        assert _png_size(path) == (size, size)
        assert path.stat().st_size > 300, f"{path} looks empty"


def test_ico_holds_png_entries_up_to_256() -> None:
    data = (RESOURCES / "icons" / "chipscope.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = []
    for i in range(count):
        w, h, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i:22 + 16 * i])
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        assert w == h
        sizes.append(w or 256)
    assert {16, 32, 48, 256} <= set(sizes)


def test_icns_is_well_formed() -> None:
    data = (RESOURCES / "icons" / "chipscope.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, pos = set(), 8
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        assert length >= 8
        kinds.add(kind)
        pos += length
    assert pos == len(data)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds


def test_svg_icon_parses() -> None:
    root = ET.parse(RESOURCES / "icons" / "chipscope.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


# --- install-linux.sh --------------------------------------------------------------------------
@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """The layout PyInstaller makes, with a stand-in executable."""
    bundle = tmp_path / "bundle" / "ChipScope"
    shutil.copytree(RESOURCES, bundle / "_internal" / "chipscope" / "_bundled" / "resources")
    exe = bundle / "ChipScope"
    exe.write_text("#!/bin/sh\necho chipscope-bundle \"$@\"\n")
    exe.chmod(0o755)
    return bundle


def _install_sh(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ, HOME=str(home), **env)
    environ.pop("PREFIX", None) if "PREFIX" not in env else None
    return subprocess.run(["bash", str(INSTALL_SH), *args], capture_output=True, text=True,
                          env=environ, check=False)


def _installed(prefix: Path) -> list[Path]:
    share = prefix / "share"
    files = [prefix / "opt" / "ChipScope" / "ChipScope", prefix / "bin" / "chipscope",
             share / "applications" / f"{APP_ID}.desktop",
             share / "metainfo" / f"{APP_ID}.metainfo.xml",
             share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"]
    files += [share / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png"
              for s in PNG_SIZES]
    files.append(share / "mime" / "packages" / f"{APP_ID}.xml")
    return files


@linux_only
def test_install_linux_installs_and_uninstalls(fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    prefix = home / ".local"
    result = _install_sh(str(fake_bundle), home=home)
    assert result.returncode == 0, result.stderr
    for path in _installed(prefix):
        assert path.exists(), path
    link = prefix / "bin" / "chipscope"
    assert link.is_symlink() and link.resolve() == prefix / "opt" / "ChipScope" / "ChipScope"
    run = subprocess.run([str(link), "--version"], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "chipscope-bundle --version"
    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text()
    assert f"Exec={prefix}/opt/ChipScope/ChipScope %F\n" in text
    assert "MimeType=application/x-chipscope-scenario;\n" in text
    assert f"TryExec={prefix}/opt/ChipScope/ChipScope\n" in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0, check.stdout

    result = _install_sh("--uninstall", home=home)
    assert result.returncode == 0, result.stderr
    for path in _installed(prefix):
        assert not path.exists() and not path.is_symlink(), path
    assert not (prefix / "opt" / "ChipScope").exists()
    leftovers = [p for p in home.rglob("*") if "chipscope" in p.name.lower()]
    assert leftovers == []
    assert not any(prefix.rglob("*")), sorted(prefix.rglob("*"))  # no empty folders left
    assert "scenarios, settings and log are kept" in result.stdout


@linux_only
def test_install_linux_honours_prefix_and_keeps_a_foreign_launcher(fake_bundle: Path,
                                                                    tmp_path: Path) -> None:
    home, prefix = tmp_path / "home", tmp_path / "prefix"
    foreign = prefix / "bin" / "chipscope"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("#!/bin/sh\necho pipx\n")  # e.g. what `pipx install` put there
    result = _install_sh(str(fake_bundle), home=home, PREFIX=str(prefix))
    assert result.returncode == 0, result.stderr
    assert "already exists" in result.stdout
    assert (prefix / "opt" / "ChipScope" / "ChipScope").exists()
    assert not home.exists() or not any(home.rglob("*"))
    _install_sh("--uninstall", home=home, PREFIX=str(prefix))
    assert foreign.read_text() == "#!/bin/sh\necho pipx\n"
    assert not (prefix / "opt" / "ChipScope").exists()


@linux_only
def test_install_linux_rejects_a_folder_that_is_not_a_bundle(tmp_path: Path) -> None:
    result = _install_sh(str(tmp_path), home=tmp_path / "home")
    assert result.returncode == 1
    assert "not a ChipScope bundle" in result.stderr


# --- platform check -----------------------------------------------------------------------------
def _loader_without(*missing: str) -> tuple[list[str], object]:
    asked: list[str] = []

    def load(soname: str) -> bool:
        asked.append(soname)
        return soname not in missing

    return asked, load


@pytest.fixture
def on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")


@pytest.mark.usefixtures("on_linux")
def test_platform_check_passes_when_everything_loads() -> None:
    asked, load = _loader_without()
    out = io.StringIO()
    status = platform_check.check_platform({}, out, load, lambda: 12)  # type: ignore[arg-type]
    assert status is None and out.getvalue() == ""
    assert "libEGL.so.1" in asked and "libxcb-cursor.so.0" not in asked  # no display: no xcb


@pytest.mark.usefixtures("on_linux")
def test_platform_check_names_missing_library_and_package() -> None:
    _, load = _loader_without("libEGL.so.1")
    out = io.StringIO()
    status = platform_check.check_platform({}, out, load, lambda: 12)  # type: ignore[arg-type]
    assert status == 2
    message = out.getvalue()
    assert "libEGL.so.1" in message and "sudo apt install libegl1" in message
    assert "mesa-libEGL" in message  # Fedora
    assert "Traceback" not in message


@pytest.mark.usefixtures("on_linux")
def test_platform_check_xcb_libraries_only_for_an_x11_session() -> None:
    _, load = _loader_without("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")
    out = io.StringIO()
    x11 = {"DISPLAY": ":0"}
    assert platform_check.check_platform(x11, out, load, lambda: 12) == 2  # type: ignore[arg-type]
    assert "sudo apt install libxkbcommon-x11-0 libxcb-cursor0\n" in out.getvalue()
    for env in ({}, {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"},
                {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}):
        assert platform_check.check_platform(env, io.StringIO(), load,  # type: ignore[arg-type]
                                             lambda: 12) is None


@pytest.mark.usefixtures("on_linux")
def test_platform_check_no_fonts() -> None:
    out = io.StringIO()
    status = platform_check.check_platform({}, out, lambda _: True, lambda: 0)
    assert status == 2 and "fonts-dejavu-core" in out.getvalue()
    assert platform_check.check_platform({}, io.StringIO(), lambda _: True, lambda: None) is None


def test_platform_check_skipped_off_linux_or_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_: str) -> bool:
        raise AssertionError("the loader must not run")

    monkeypatch.setattr(sys, "platform", "win32")
    assert platform_check.check_platform({}, io.StringIO(), fail) is None
    monkeypatch.setattr(sys, "platform", "linux")
    env = {platform_check.SKIP_ENV: "1"}
    assert platform_check.check_platform(env, io.StringIO(), fail) is None


@linux_only
def test_can_load_real_libraries() -> None:
    assert platform_check.can_load("libc.so.6")
    assert not platform_check.can_load("libchipscope-does-not-exist.so.9")


@linux_only
def test_every_required_library_has_packages() -> None:
    for lib in platform_check.QT_LIBS + platform_check.XCB_LIBS:
        assert lib.soname.startswith("lib") and ".so." in lib.soname
        assert lib.debian and lib.fedora
