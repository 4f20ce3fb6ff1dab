"""Pass 60 F5: ``export-chart --out X/`` where X exists but is no folder (a file, a socket, a
device, a symlink loop, a dangling link) names what X is, in every writer's words
(:func:`chipscope.storage.output_folder.folder_problem`), not "there is no folder 'X'".
Exit 2, nothing written. A missing folder keeps its words."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from chipscope.cli import main

pytestmark = pytest.mark.usefixtures("in_scratch")


def _refused(out: str, capsys: pytest.CaptureFixture[str]) -> str:
    before = sorted(os.listdir("."))
    assert main(["export-chart", "--chart", "vendor_share", "--out", out]) == 2
    assert sorted(os.listdir(".")) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1].split("argument --out: ", 1)[1]


def test_a_file_named_as_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sc.toml").write_bytes(b"x = 1\n")
    assert _refused("sc.toml/", capsys) == (
        "'sc.toml/' ends in /, which names a folder, but sc.toml is a file, not a folder; "
        "choose another folder")
    assert (tmp_path / "sc.toml").read_bytes() == b"x = 1\n"


def test_a_socket_named_as_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock")
        assert _refused("sock/", capsys) == (
            "'sock/' ends in /, which names a folder, but sock is a socket, not a folder; "
            "choose another folder")


def test_a_device_named_as_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert _refused("/dev/null/", capsys) == (
        "'/dev/null/' ends in /, which names a folder, but /dev/null is a device, not a "
        "folder; choose another folder")


def test_a_symlink_loop_named_as_a_folder(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sl").mkdir()
    (tmp_path / "sl" / "loop").symlink_to("loop")
    for out in ("sl/loop/", "sl/loop/."):
        tail = out.removeprefix("sl/loop")
        assert _refused(out, capsys) == (
            f"'{out}' ends in {tail}, which names a folder, but sl/loop is a symlink loop; "
            "remove the link or choose another folder")


def test_a_dangling_link_named_as_a_folder(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sl").mkdir()
    (tmp_path / "sl" / "dang").symlink_to("nothere")
    assert _refused("sl/dang/", capsys) == (
        "'sl/dang/' ends in /, which names a folder, but sl/dang is a symlink to the missing "
        "nothere; put the folder back or choose another folder")


def test_a_missing_folder_keeps_its_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert _refused("nope/", capsys) == (
        "'nope/' ends in /, which names a folder, and there is no folder 'nope'; give the "
        "file's name without the /, or a folder that exists")
