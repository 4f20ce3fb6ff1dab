"""Running the desktop's refresh tools (update-mime-database, update-desktop-database) for
:mod:`chipscope.storage.desktop_entry`: each in its own process group, ended with whatever it
started when it hangs or the command is stopped."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time

from chipscope import child_processes


def run_tool(command: list[str]) -> tuple[int, bytes]:
    """Run ``command`` in its own process group; its exit status and standard error. When it
    does not end within a minute, or this command is stopped (SIGTERM, Ctrl+C), the tool and
    whatever it started are ended and waited for: none is left running on its own."""
    proc = None
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        _out, err = proc.communicate(timeout=60)
    except BaseException:
        # stopped before Popen returned (the tool already started): find it as our child
        leaders = [proc.pid] if proc is not None else [
            pid for pid in child_processes.children() if _group_of(pid) == pid]
        for pid in leaders:
            _end_group(pid)
        if proc is not None and proc.stderr is not None:
            proc.stderr.close()
        raise
    return proc.returncode, err


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _end_group(pid: int) -> None:
    """End the process group led by ``pid``, a child of this process: SIGTERM, up to 5 s to
    end, then SIGKILL for what is left of it (a tool that ignored it, what it started); the
    tool itself is waited for."""
    import signal

    killpg = getattr(os, "killpg", None)
    if killpg is None:  # not POSIX: no process groups (and no XDG tools)
        return
    with contextlib.suppress(OSError):
        killpg(pid, signal.SIGTERM)
    for _ in range(100):
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                break
        except ChildProcessError:  # already waited for
            break
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        killpg(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
