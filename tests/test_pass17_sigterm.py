"""Pass 17 (CLI B1): SIGTERM to a sweep with several worker processes ended the command (143)
but not its workers: ``os._exit`` skipped the pool's shutdown, so they lived on with the
command's output streams, and ``... 2>&1 | tee log`` (or ``$(...)``) never ended."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SWEEP_THEN_SIGTERM = """
import os, signal, sys, threading, time, multiprocessing
from chipscope.cli import main

def terminate_once_the_workers_run():
    while not multiprocessing.active_children():
        time.sleep(0.05)
    time.sleep(1.0)  # the workers have taken their first chunks
    pids = sorted(p.pid for p in multiprocessing.active_children())
    with open(sys.argv[3], "w") as out:
        out.write(" ".join(map(str, pids)))
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=terminate_once_the_workers_run, daemon=True).start()
sys.exit(main(["sweep", sys.argv[1], "--out", sys.argv[2], "--workers", "2"]))
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_ends_a_sweeps_worker_processes_and_its_output_pipe(tmp_path: Path) -> None:
    spec = tmp_path / "big.toml"
    spec.write_text('metrics = ["share:nvidia:2030"]\n[sample]\nn = 100000\n'
                    "defaults = true\n", encoding="utf-8")
    pids_file = tmp_path / "workers.txt"
    sweep = subprocess.Popen([sys.executable, "-c", SWEEP_THEN_SIGTERM, str(spec),
                              str(tmp_path / "big.csv"), str(pids_file)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:  # the pipe ends once no process holds it: before, the workers held it for ever
        out, _ = sweep.communicate(timeout=300)
    finally:
        if sweep.poll() is None:
            sweep.kill()
        workers = [int(p) for p in pids_file.read_text().split()] if pids_file.exists() else []
        for pid in workers:  # never leave them running, whatever the outcome
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert sweep.returncode == 143, out
    assert out.strip().endswith("chipscope-cli: error: terminated"), out
    assert workers  # (a second may still be starting: the pipe ending says it went too)
    assert not (tmp_path / "big.csv").exists()
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)  # a killed worker is gone once its new parent (init) reaps it
    assert not any(alive(pid) for pid in workers)
