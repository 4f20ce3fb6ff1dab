"""Pass 35 F2: every line the CLI prints about an error begins with the name its usage line
shows, the command the user typed: ``chipscope-cli run`` said "chipscope-cli run: error: ..."
for argparse's mistakes but "chipscope: error: ..." for ChipScope's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("chipscope-cli")
ROOT = Path(__file__).resolve().parents[1]


def _stderr(tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this worktree's code, not the install's
    done = subprocess.run([str(SCRIPT), *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    return done.returncode, done.stderr


@pytest.mark.skipif(not SCRIPT.exists(), reason="the chipscope-cli script is not installed")
def test_argparse_and_own_errors_share_the_name(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("", encoding="utf-8")
    code, parser_err = _stderr(tmp_path, "run")
    assert code == 2 and parser_err.splitlines()[-1].startswith("chipscope-cli run: error: "), \
        parser_err
    code, own_err = _stderr(tmp_path, "sweep", "--workers", "x", "a.toml", "--out", "o.csv")
    assert code == 2, own_err
    assert own_err.startswith("chipscope-cli: error: --workers: ") and own_err.count("\n") == 1, \
        own_err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(("argv0", "prefix"), [
    ("/usr/bin/chipscope-cli", "chipscope-cli: error: "),
    ("/usr/bin/chipscope", "chipscope: error: "),
    ("/x/site-packages/chipscope/__main__.py", "python -m chipscope: error: "),
])
def test_error_line_follows_the_command_typed(monkeypatch: pytest.MonkeyPatch, argv0: str,
                                              prefix: str) -> None:
    from chipscope.cli_signals import _stop_now  # noqa: F401 - the handler's module imports it
    from chipscope.prog_name import error_line

    monkeypatch.setattr(sys, "argv", [argv0])
    assert error_line("interrupted") == prefix + "interrupted"
