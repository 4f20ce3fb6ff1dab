"""Build the standalone ChipScope bundle: one command, from a clean checkout, on Linux, macOS or
Windows.

    python packaging/build.py            # venv + PyInstaller + archive + smoke test
    python packaging/build.py --fresh    # recreate the build venv first

Steps: create a build venv (``build/bundle-venv``), install PyInstaller and ChipScope into it,
build ``data/chipscope.db`` if it is missing, run PyInstaller on ``packaging/chipscope.spec``
(-> ``dist/ChipScope/``, and ``dist/ChipScope.app`` on macOS), pack
``dist/ChipScope-<version>-<platform>.tar.gz`` (``.zip`` on Windows), then run the bundle's
``--smoke-test``. Prints the bundle size, the archive size and the smoke test's time.

Only the standard library is used here, so any Python >= 3.11 can run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
VENV = ROOT / "build" / "bundle-venv"
PYINSTALLER = "pyinstaller>=6.10,<7"
CONSTRAINTS = ROOT / "packaging" / "constraints.txt"
"""Every build tool and runtime package pinned: two builds of one commit get the same versions."""
WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"


def version() -> str:
    text = (ROOT / "chipscope" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if match is None:
        raise SystemExit("build.py: no __version__ in chipscope/__init__.py")
    return match.group(1)


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    system = "linux" if system.startswith("linux") else system
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("aarch64", "arm64")
    return f"{system}-{machine}"


def run(cmd: list[str | Path], **kwargs: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def venv_bin(name: str) -> Path:
    folder = VENV / ("Scripts" if WINDOWS else "bin")
    return folder / (name + (".exe" if WINDOWS else ""))


def make_venv(fresh: bool) -> None:
    if fresh and VENV.exists():
        shutil.rmtree(VENV)
    if not venv_bin("python").exists():
        print(f"== build venv {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    # Editable: the bundle takes its code from this checkout; no wheel (and no database) needed.
    run([venv_bin("python"), "-m", "pip", "install", "-q", "-c", CONSTRAINTS, PYINSTALLER,
         "-e", "."], env=env)


def ensure_database() -> None:
    db = ROOT / "data" / "chipscope.db"
    if not db.exists():
        print("== data/chipscope.db is missing: building it from data/*.csv", flush=True)
        run([venv_bin("python"), "-m", "chipscope", "data", "build"])


def pyinstaller() -> Path:
    print("== PyInstaller", flush=True)
    run([venv_bin("python"), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", DIST, "--workpath", WORK, ROOT / "packaging" / "chipscope.spec"])
    bundle = DIST / "ChipScope"
    if not MACOS:
        shutil.copy2(ROOT / "packaging" / "README-bundle.txt", bundle / "README.txt")
    if sys.platform.startswith("linux"):
        shutil.copy2(ROOT / "packaging" / "install-linux.sh", bundle / "install-linux.sh")
    return DIST / "ChipScope.app" if MACOS else bundle


def archive(app: Path) -> Path:
    """dist/ChipScope-<version>-<platform>.tar.gz (.zip on Windows) of the bundle."""
    stem = DIST / f"ChipScope-{version()}-{platform_tag()}"
    if WINDOWS:
        out = stem.with_suffix(".zip")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(app.rglob("*")):
                zf.write(path, path.relative_to(app.parent))
        return out
    out = Path(f"{stem}.tar.gz")
    with tarfile.open(out, "w:gz", compresslevel=6) as tf:  # keeps symlinks and modes
        tf.add(app, arcname=app.name)
    return out


def executable(app: Path) -> Path:
    if MACOS:
        return app / "Contents" / "MacOS" / "ChipScope"
    return app / ("ChipScope.exe" if WINDOWS else "ChipScope")


def smoke_test(app: Path) -> float:
    print("== smoke test of the bundle", flush=True)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the bundle must not see this checkout
    started = time.perf_counter()
    result = subprocess.run([executable(app), "--smoke-test"], env=env, check=False,
                            cwd=DIST)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build.py: the bundle's smoke test failed (exit {result.returncode})")
    return seconds


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    files = (p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="recreate the build venv")
    parser.add_argument("--no-smoke", action="store_true", help="skip the smoke test")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    make_venv(args.fresh)
    ensure_database()
    app = pyinstaller()
    built = time.perf_counter() - started
    out = archive(app)
    smoke_s = None if args.no_smoke else smoke_test(app)
    print(f"== done in {time.perf_counter() - started:.0f} s (venv + PyInstaller {built:.0f} s)")
    print(f"bundle:  {app.relative_to(ROOT)}  {size_mb(app):.0f} MB")
    print(f"archive: {out.relative_to(ROOT)}  {size_mb(out):.0f} MB")
    if smoke_s is not None:
        print(f"smoke test: passed in {smoke_s:.2f} s (wall clock, process start to exit)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
