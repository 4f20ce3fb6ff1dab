"""Pass 38 F4: ``chipscope FILE.toml`` (the window's start, the first one and the hand-over to
a running window) said "FILE: no such scenario file" for a dangling symlink and for a symlink
loop, while ``chipscope-cli run --scenario FILE`` said "it is a symlink to the missing TARGET" /
"it is a symlink loop": the window's pre-check used ``Path.exists()``. It now uses the one
regular-file check (:func:`chipscope.storage.files.check_regular_file`), so both say the same
sentence, exit 2, before any window opens or any hand-over is tried."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
GONE = "/nonexistent-chipscope-dir/q.toml"


def _links(folder: Path) -> dict[str, tuple[Path, str]]:
    dangling = folder / "hdang.toml"
    dangling.symlink_to(GONE)
    loop = folder / "loopx.toml"
    loop.symlink_to(loop.name)
    return {"dangling": (dangling, f"it is a symlink to the missing {GONE}; put the file back "
                         "or choose another file."),
            "loop": (loop, "it is a symlink loop; remove the link or choose another file.")}


def _start(argv: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``chipscope ARGV`` in its own process, off screen, with a private home; a window left
    running (the old code would not, but a wrong fix might) fails the test at the timeout."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CHIPSCOPE_HOME": str(home),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "chipscope", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=90, check=False)


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_the_window_start_names_a_link_as_run_does(tmp_path: Path, kind: str) -> None:
    link, cause = _links(tmp_path)[kind]
    home = tmp_path / "home"
    started = _start([link.name], tmp_path, home)
    assert started.returncode == 2, started.stderr
    said = f"Cannot read the scenario file {link.name}: {cause}"
    assert said in started.stderr
    assert "no such scenario file" not in started.stderr
    run = _start(["run", "--scenario", link.name, "--out", "x.csv"], tmp_path, home)
    assert run.returncode == 2
    assert said in run.stderr  # the very sentence `run --scenario` says
    assert not (tmp_path / "x.csv").exists()
    assert link.is_symlink() and os.readlink(link) == (GONE if kind == "dangling" else link.name)


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_the_hand_over_is_refused_with_the_same_sentence(
        tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With a window running, the second start's pre-check refuses the file before the
    hand-over: it never reaches the window (``run_gui``, which hands over, is not called)."""
    import chipscope.ui.app as app

    link, cause = _links(tmp_path)[kind]
    called: list[object] = []

    def run_gui(**kw: object) -> int:
        called.append(kw)
        return 0

    monkeypatch.setattr(app, "run_gui", run_gui)
    assert main(["--db", str(tmp_path / "h.db"), str(link)]) == 2
    err = capsys.readouterr().err
    assert f"Cannot read the scenario file {link}: {cause}" in err
    assert called == []


def test_a_plain_missing_file_and_a_fifo_keep_one_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "gone.toml"
    assert main([str(missing)]) == 2
    assert f"Cannot read the scenario file {missing}: there is no such file." in \
        capsys.readouterr().err
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    assert main([str(fifo)]) == 2
    assert f"Cannot read the scenario file {fifo}: it is a pipe (FIFO), not a regular file." \
        in capsys.readouterr().err
