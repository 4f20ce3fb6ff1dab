"""Acceptance (pass 33): ``chipscope-cli --help`` printed ``usage: chipscope ...``, a command
the user did not type (``chipscope`` is the window's entry point). The usage line and
argparse's own errors now name the command typed: ``chipscope-cli``, ``chipscope``, or
``python -m chipscope``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import chipscope
from chipscope.cli import main

ROOT = str(Path(chipscope.__file__).resolve().parent.parent)  # this checkout's code


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": ROOT, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env,
                          cwd=ROOT)


def _script(name: str) -> str:
    script = Path(sys.executable).parent / name
    if not script.is_file():
        pytest.skip(f"the {name} entry point is not installed beside {sys.executable}")
    return str(script)


@pytest.mark.parametrize("entry", ["chipscope-cli", "chipscope"])
def test_the_installed_entry_points_help_names_the_command_typed(entry: str) -> None:
    done = _run([_script(entry), "--help"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {entry} [-h]"), done.stdout[:80]


def test_a_usage_error_names_the_command_typed() -> None:
    done = _run([_script("chipscope-cli"), "run", "--basis", "x", "--out", "never.csv"])
    assert done.returncode == 2
    assert done.stderr.startswith("usage: chipscope-cli run "), done.stderr[:80]
    assert "chipscope-cli run: error: argument --basis: invalid choice: 'x'" in done.stderr
    assert not (Path(ROOT) / "never.csv").exists()


def test_python_m_chipscope_still_works_and_says_so() -> None:
    done = _run([sys.executable, "-m", "chipscope", "--help"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python -m chipscope [-h]"), done.stdout[:80]


@pytest.mark.parametrize(("argv0", "prog"), [
    ("/usr/local/bin/chipscope-cli", "chipscope-cli"),
    (r"C:\Program Files\Python\Scripts\chipscope-cli.exe".replace("\\", os.sep),
     "chipscope-cli"),
    ("/opt/venv/bin/chipscope", "chipscope"),
    (os.path.join("site-packages", "chipscope", "__main__.py"), "python -m chipscope"),
    ("/usr/bin/pytest", "chipscope-cli"),  # an embedding program: the CLI's name
    ("", "chipscope-cli"),
])
def test_invoked_as(argv0: str, prog: str) -> None:
    from chipscope.cli_common import invoked_as

    assert invoked_as(argv0) == prog


def test_main_called_in_a_program_names_chipscope_cli(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/somewhere/bin/tool"])
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: chipscope-cli [-h]")
