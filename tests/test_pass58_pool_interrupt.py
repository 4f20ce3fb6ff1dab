"""P58-F3: Ctrl+C during ``calibrate --write --jobs 2`` took 15-23 s to act, in silence: the
pool's end (``shutdown(wait=True)``) waited for every running bootstrap draw, as the workers
ignore Ctrl+C. The pool (worker_pool.new_pool, sweep's too) now cancels the pending draws and
ends its workers at once; the command still says "interrupted" and exits 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import chipscope
from tests import processes

FITTED = Path(chipscope.__file__).parent / "model" / "fitted.py"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_ends_calibrate_jobs_at_once(tmp_path: Path) -> None:
    fit = tmp_path / "fit.py"
    fit.write_bytes(FITTED.read_bytes())
    before = fit.read_bytes()
    env = {**os.environ, "CHIPSCOPE_HOME": str(tmp_path / "home"),
           "PYTHONPATH": str(Path(chipscope.__file__).parent.parent)}
    command = subprocess.Popen(
        [sys.executable, "-m", "chipscope", "calibrate", "--write", "--fitted", str(fit),
         "--draws", "4", "--jobs", "2"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    children: list[int] = []
    try:
        deadline = time.monotonic() + 240
        while len(children) < 3 and command.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)  # two workers and the resource tracker: the draws are running
            children = processes.children(command.pid)
        assert len(children) >= 3, "the workers never started"
        os.killpg(command.pid, signal.SIGINT)  # a terminal's Ctrl+C goes to the whole group
        sent = time.monotonic()
        _out, err = command.communicate(timeout=120)
        took = time.monotonic() - sent
        print(f"exited {took:.2f} s after Ctrl+C")
        deadline = time.monotonic() + 10
        while any(processes.alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)  # the resource tracker ends once it sees the command gone
        left = [pid for pid in children if processes.alive(pid)]
    finally:
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGKILL)
            command.wait()
        for pid in children:
            if processes.alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert command.returncode == 130
    assert err.decode().strip().endswith("error: interrupted")
    assert "Traceback" not in err.decode()
    assert fit.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".cs-")]
    assert left == []  # ``took``: 22 s before the fix here (every draw waited for), 0.1 s after


_NEVER_ENDING = """
import os, signal, time
from chipscope.worker_pool import new_pool
try:
    with new_pool(2) as pool:
        task = pool.submit(time.sleep, 100000)
        while not task.running():
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C while a worker runs a task that never ends
        time.sleep(100000)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_an_interrupt_does_not_wait_for_a_running_task(tmp_path: Path) -> None:
    """The pool's end after Ctrl+C ends its workers instead of waiting for their tasks: with a
    task that never ends, the old end (shutdown(wait=True)) never returned; the timeout only
    stops a hang."""
    env = {**os.environ, "PYTHONPATH": str(Path(chipscope.__file__).parent.parent)}
    command = subprocess.Popen([sys.executable, "-c", _NEVER_ENDING], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        out, err = command.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(command.pid, signal.SIGKILL)
        command.communicate()
        pytest.fail("the pool waited for a task that never ends after Ctrl+C (a hang)")
    assert (command.returncode, out.decode(), err.decode()) == (0, "interrupted\n", "")
