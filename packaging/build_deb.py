"""Build the Debian package from the standalone bundle: one command, on Debian or Ubuntu.

    python3 packaging/build_deb.py                    # (builds the bundle first if missing)
    python3 packaging/build_deb.py --check-root ROOT  # then install it with apt in a Debian root
                                                      # (debootstrap), smoke-test it, remove it

Output: ``dist/chipscope_<version>_<arch>.deb``. It installs the bundle under
``/opt/chipscope``, ``/usr/bin/chipscope``, the menu entry, icons, the scenario MIME type and
the AppStream metainfo, and declares the system libraries Qt needs as ``Depends`` (taken from
``chipscope/platform_check.py``, the list the app checks at start), so
``apt install ./chipscope_<version>_amd64.deb`` pulls them in. No maintainer scripts: Debian's
triggers refresh the menu, MIME and icon caches; ``apt remove chipscope`` removes every file.

Only the standard library (and dpkg-deb) is used here.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
BUNDLE = DIST / "ChipScope"
APP_ID = "io.github.chipscope.ChipScope"
PREFIX = "/opt/chipscope"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
MAINTAINER = "ChipScope developers <chipscope@users.noreply.github.com>"

sys.path.insert(0, str(ROOT))
from chipscope.platform_check import FONT_PACKAGES, QT_LIBS, XCB_LIBS  # noqa: E402

sys.path.pop(0)


def version() -> str:
    text = (ROOT / "chipscope" / "__init__.py").read_text(encoding="utf-8")
    return text.split('__version__ = "', 1)[1].split('"', 1)[0]


def architecture() -> str:
    try:
        out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                             check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def glibc() -> str:
    """The C library the bundle was built against: its Python and Qt need at least that."""
    name, ver = platform.libc_ver()
    return ver if name == "glibc" and ver else "2.31"


def depends() -> str:
    """Depends: every library platform_check looks for (the window's X11 ones too), a font."""
    packages = [f"libc6 (>= {glibc()})"]
    for lib in (*QT_LIBS, *XCB_LIBS):
        if lib.debian not in packages:
            packages.append(lib.debian)
    packages.append(FONT_PACKAGES[0])
    return ", ".join(packages)


def control(installed_kib: int) -> str:
    summary = "explore the AI-accelerator market: history and what-if projections"
    return (f"Package: chipscope\nVersion: {version()}\nArchitecture: {architecture()}\n"
            f"Maintainer: {MAINTAINER}\nInstalled-Size: {installed_kib}\n"
            f"Depends: {depends()}\nSection: science\nPriority: optional\n"
            "Homepage: https://github.com/chipscope/chipscope\n"
            f"Description: {summary}\n"
            " ChipScope shows who bought which AI chips from 2022 to 2025 (NVIDIA, AMD, Google\n"
            " TPU, AWS Trainium and others) and projects market share forward under\n"
            " assumptions you change with forms and live what-if sliders. The data are\n"
            " sourced (Epoch AI, vendor filings, press reports); charts export as PNG and SVG.\n")


def stage(staging: Path) -> None:
    """Lay the package's files out under ``staging``."""
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / PREFIX.lstrip("/")
    shutil.copytree(BUNDLE, opt, symlinks=True)
    for helper in ("install-linux.sh",):  # the per-user installer has no place in a package
        (opt / helper).unlink(missing_ok=True)
    res = ROOT / "resources"  # the menu entry, MIME type, metainfo and icons of this checkout
    share = staging / "usr" / "share"
    (staging / "usr" / "bin").mkdir(parents=True)
    (staging / "usr" / "bin" / "chipscope").symlink_to(f"{PREFIX}/ChipScope")
    desktop = (res / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    desktop = desktop.replace("Exec=chipscope %F", f"Exec={PREFIX}/ChipScope %F\n"
                                                    f"TryExec={PREFIX}/ChipScope")
    _write(share / "applications" / f"{APP_ID}.desktop", desktop.encode())
    _write(share / "mime" / "packages" / f"{APP_ID}.xml",
           (res / f"{APP_ID}.mime.xml").read_bytes())
    _write(share / "metainfo" / f"{APP_ID}.metainfo.xml",
           (res / f"{APP_ID}.metainfo.xml").read_bytes())
    for size in SIZES:
        _write(share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
               (res / "icons" / f"chipscope-{size}.png").read_bytes())
    _write(share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
           (res / "icons" / "chipscope.svg").read_bytes())
    copyright_text = (ROOT / "LICENSE").read_text(encoding="utf-8") if (
        ROOT / "LICENSE").exists() else "See /opt/chipscope/README.txt for the data licences.\n"
    _write(share / "doc" / "chipscope" / "copyright", copyright_text.encode())
    for path in staging.rglob("*"):  # root-owned, world-readable, like every package
        if path.is_symlink():
            continue
        path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def du_kib(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) // 1024 + 1


def build() -> Path:
    if not (BUNDLE / "ChipScope").exists():
        print("== dist/ChipScope is missing: building the bundle (packaging/build.py)", flush=True)
        subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--no-smoke"],
                       check=True, cwd=ROOT)
    staging = ROOT / "build" / "deb"
    stage(staging)
    debian = staging / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(du_kib(staging)), encoding="utf-8")
    out = DIST / f"chipscope_{version()}_{architecture()}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(staging), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"package: {out.relative_to(ROOT)}  {out.stat().st_size / 1e6:.0f} MB")
    return out


def check_in_root(deb: Path, root: Path) -> None:
    """Install ``deb`` with apt in the Debian root ``root`` (made by debootstrap), run its
    smoke test and its launcher's --version there, then remove it and check nothing is left."""
    inside = Path("/tmp") / deb.name
    shutil.copy2(deb, root / inside.relative_to("/"))
    proc = root / "proc"
    mount = subprocess.run(["mount", "-t", "proc", "proc", str(proc)], check=False)
    mounted = mount.returncode == 0

    def chroot(*cmd: str) -> None:
        print("+ (chroot)", " ".join(cmd), flush=True)
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive",
               "HOME": "/root", "LANG": "C.UTF-8"}
        subprocess.run(["chroot", str(root), *cmd], check=True, env=env)

    try:
        started = time.perf_counter()
        chroot("apt-get", "update", "-qq")
        # What a desktop has, to check the file association the way a file manager sees it.
        chroot("apt-get", "install", "-y", "-qq", "--no-install-recommends", "shared-mime-info",
               "libglib2.0-bin", "desktop-file-utils")
        chroot("apt-get", "install", "-y", "-qq", "--no-install-recommends", str(inside))
        chroot("sh", "-c", "test -x /usr/bin/chipscope && /usr/bin/chipscope --version")
        chroot("sh", "-c", "QT_QPA_PLATFORM=offscreen chipscope --smoke-test")
        chroot("sh", "-c", f"test -f /usr/share/applications/{APP_ID}.desktop && "
                           f"test -f /usr/share/mime/packages/{APP_ID}.xml")
        # A scenario file (by content) is ours and opens in ChipScope; another TOML is not.
        preset = f"{PREFIX}/_internal/chipscope/_bundled/resources/presets/01-baseline.toml"
        chroot("sh", "-c", f"gio info -a standard::content-type {preset} "
                           "| grep -q application/x-chipscope-scenario")
        chroot("sh", "-c", "printf '[tool.x]\\nname = 1\\n' > /tmp/other.toml && "
                           "! gio info -a standard::content-type /tmp/other.toml "
                           "| grep -q chipscope")
        chroot("sh", "-c", "gio mime application/x-chipscope-scenario "
                           f"| grep -q {APP_ID}.desktop")
        chroot("apt-get", "remove", "-y", "-qq", "chipscope")
        chroot("sh", "-c", f"test ! -e {PREFIX} && test ! -e /usr/bin/chipscope && "
                           f"test ! -e /usr/share/applications/{APP_ID}.desktop")
        print(f"== the package installed, ran its smoke test and was removed cleanly in {root} "
              f"({time.perf_counter() - started:.0f} s)")
    finally:
        (root / inside.relative_to("/")).unlink(missing_ok=True)
        if mounted:
            subprocess.run(["umount", str(proc)], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check-root", type=Path, metavar="ROOT",
                        help="a Debian root (debootstrap) to install and smoke-test it in")
    args = parser.parse_args(argv)
    if shutil.which("dpkg-deb") is None:
        print("build_deb.py: error: dpkg-deb is needed (Debian or Ubuntu)", file=sys.stderr)
        return 2
    deb = build()
    if args.check_root is not None:
        check_in_root(deb, args.check_root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
