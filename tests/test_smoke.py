"""``chipscope --smoke-test`` passes on a working installation and, on a damaged one, says what is
missing instead of printing a traceback."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.smoke import run_smoke_test

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("bundled files ... ok", "fonts ... ok", "main window ... ok", "recompute ... ok",
         "PNG export ... ok", "SVG export ... ok")


@pytest.fixture
def bundled_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The checkout's dataset, or a synthetic one while data/chipscope.db is not built."""
    db = ROOT / "data" / paths.DB_FILENAME
    if db.exists():
        monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
        return db
    from chipscope.model.synthetic import synthetic_frames
    from chipscope.storage import build_database

    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    for name, frame in synthetic_frames().items():
        frame.to_csv(csv_dir / f"{name}.csv", index=False, lineterminator="\n")
    db = tmp_path / paths.DB_FILENAME
    build_database(csv_dir, db)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(db))
    return db


def _run(*args: str, cwd: Path = ROOT, **env: str | None) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ)
    for key, value in env.items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    return subprocess.run([sys.executable, "-m", "chipscope", *args], capture_output=True,
                          text=True, cwd=cwd, env=environ, check=False, timeout=120)


# --- a working installation -------------------------------------------------------------------
def test_smoke_test_in_process(qapp: object, bundled_db: Path) -> None:
    out = io.StringIO()
    status = run_smoke_test(out)
    text = out.getvalue()
    assert status == 0, text
    for step in STEPS:
        assert step in text
    assert "passed in" in text


def test_smoke_test_command(bundled_db: Path) -> None:
    result = _run("--smoke-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke: passed in" in result.stdout
    assert "first window shown" in result.stdout


def test_smoke_test_leaves_the_user_folder_alone(bundled_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = _run("--smoke-test", CHIPSCOPE_HOME=str(home))
    assert result.returncode == 0, result.stdout
    assert not home.exists() or not any(home.iterdir())


# --- a damaged installation ------------------------------------------------------------------
def test_missing_dataset_override_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "gone.db"
    smoke = _run("--smoke-test", CHIPSCOPE_BUNDLED_DB=str(missing))
    assert smoke.returncode == 1
    assert f"FAILED: CHIPSCOPE_BUNDLED_DB points to {missing}, which is missing; " in smoke.stdout
    run = _run("run", "--out", "-", CHIPSCOPE_BUNDLED_DB=str(missing))
    assert run.returncode == 2
    assert str(missing) in run.stderr
    for result in (smoke, run):
        assert "Traceback" not in result.stdout + result.stderr


def _wheel_like_install(site: Path, db: Path | None, resources: bool) -> Path:
    """The package as a wheel installs it, with parts of ``_bundled`` left out."""
    shutil.copytree(ROOT / "chipscope", site / "chipscope",
                    ignore=shutil.ignore_patterns("__pycache__", "_bundled"))
    bundled = site / "chipscope" / "_bundled"
    bundled.mkdir()
    if db is not None:
        shutil.copy2(db, bundled / paths.DB_FILENAME)
    if resources:
        shutil.copytree(ROOT / "resources", bundled / "resources")
        (bundled / "resources" / "icons" / "chipscope.svg").unlink()
    return site


@pytest.mark.parametrize(("has_db", "has_resources", "expected"), [
    (False, True, "ChipScope's bundled dataset is missing"),
    (True, False, "ChipScope's resources folder is missing"),
    (True, True, "lacks icons/chipscope.svg"),
])
def test_damaged_install_names_what_is_missing(tmp_path: Path, bundled_db: Path, has_db: bool,
                                               has_resources: bool, expected: str) -> None:
    site = _wheel_like_install(tmp_path / "site", bundled_db if has_db else None, has_resources)
    env = {"PYTHONPATH": str(site), "CHIPSCOPE_BUNDLED_DB": None}
    smoke = _run("--smoke-test", cwd=tmp_path, **env)
    assert smoke.returncode == 1, smoke.stdout + smoke.stderr
    assert expected in smoke.stdout and "reinstall ChipScope" in smoke.stdout
    assert str(site / "chipscope" / "_bundled") in smoke.stdout  # says where it looked
    assert "Traceback" not in smoke.stdout + smoke.stderr
    if not has_db:
        run = _run("run", "--out", "-", cwd=tmp_path, **env)
        assert run.returncode == 2
        assert expected in run.stderr and "Traceback" not in run.stderr


# --- fonts --------------------------------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig: Linux only")
def test_no_fonts_is_reported(bundled_db: Path, tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>'
                    f"{tmp_path / 'cache'}</cachedir></fontconfig>\n")
    checked = _run("--smoke-test", FONTCONFIG_FILE=str(conf))
    assert checked.returncode == 2
    assert "no fonts are installed" in checked.stderr and "fonts-dejavu-core" in checked.stderr
    unchecked = _run("--smoke-test", FONTCONFIG_FILE=str(conf), CHIPSCOPE_SKIP_PLATFORM_CHECK="1")
    assert unchecked.returncode == 1
    assert "FAILED: fonts:" in unchecked.stdout
