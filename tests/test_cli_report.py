"""``chipscope report``: one PDF that poppler renders, with the scenario, a changed assumption
and the sources' licences in its text; bad input is one sentence, exit 2, nothing written."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.__main__ import main
from chipscope.storage import files

Capture = pytest.CaptureFixture[str]
SCENARIO = """format_version = 1
name = "Cheaper AMD <draft>"
description = "AMD cuts prices 25 %/yr."

[assumptions]
"vendor.amd.price_change_pct" = -25
"""
PAGES = range(6, 16)  # title + 4 charts on 3 pages, tables, notes, ~100 sources


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed; CI installs it")
    return path


def page_count(pdf: Path) -> int:
    info = subprocess.run([needs("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    return subprocess.run([needs("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One report of the bundled dataset (it has ~100 sources), drawn once for the module."""
    folder = tmp_path_factory.mktemp("report")
    scenario = folder / "amd.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    out = folder / "amd.pdf"
    assert main(["report", "--db", str(paths.bundled_db_path()), "--scenario", str(scenario),
                 "--set", "vendor.nvidia.price_level_pct=20", "--out", str(out)]) == 0
    return out


def test_the_report_renders_page_by_page(report: Path, tmp_path: Path) -> None:
    assert report.read_bytes().startswith(b"%PDF-")
    pages = page_count(report)
    assert pages in PAGES
    subprocess.run([needs("pdftoppm"), "-r", "30", "-png", str(report), str(tmp_path / "p")],
                   check=True, timeout=120, capture_output=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    assert all(p.stat().st_size > 2000 for p in images)  # not blank


def test_the_text_has_the_scenario_changes_notes_and_licences(report: Path) -> None:
    text = pdf_text(report)
    flat = " ".join(text.split())
    assert "Cheaper AMD <draft> (with --set changes)" in flat  # escaped, not taken as markup
    assert "AMD cuts prices 25 %/yr." in flat
    for row in (r"AMD price change\s+Vendor\s+-25 %/yr\s+-10 %/yr",
                r"NVIDIA price level\s+Vendor\s+20 %\s+0 ?%"):  # label, group, value, default
        assert re.search(row, text), row
    assert "Licence: CC BY 4.0" in flat and "MIT (Copyright (c) 2025 Epoch AI)" in flat
    assert "https://epoch.ai/data/machine-learning-hardware" in flat
    assert "Vendor share in key years" in flat and "Total (H100e, dense BF16)" in flat
    for figure in ("Figure 1. Vendor share.", "Figure 4. Who buys what"):
        assert figure in flat
    assert f"Page 1 of {page_count(report)}" in flat
    # Every page has the footer: page N of M, once per page.
    assert flat.count("ChipScope report \u00b7 Cheaper AMD") == page_count(report)


def test_no_source_is_split_across_pages(report: Path) -> None:
    pages = [pdf_text_page(report, i) for i in range(1, page_count(report) + 1)]
    first = next(i for i, text in enumerate(pages) if "Sources (" in text)
    for text in pages[first + 1:]:
        top = next(line for line in text.splitlines() if line.strip())
        assert re.match(r"\d+\. ", top), top  # each page starts with a whole source


def pdf_text_page(pdf: Path, page: int) -> str:
    return subprocess.run([needs("pdftotext"), "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True, timeout=60).stdout


def test_charts_are_embedded_at_print_resolution(report: Path) -> None:
    listing = subprocess.run([needs("pdfimages"), "-list", str(report)], capture_output=True,
                             text=True, check=True, timeout=60).stdout.splitlines()[2:]
    images = [line.split() for line in listing if line.split()[2] == "image"]
    assert len(images) == 4
    for row in images:
        width, x_ppi = int(row[3]), int(row[12])
        assert width >= 1800 and x_ppi >= 250, row


def test_the_cli_sets_offscreen_itself(tmp_path: Path) -> None:
    """Without a display and without QT_QPA_PLATFORM, the command still draws."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    out = tmp_path / "r.pdf"
    done = subprocess.run([sys.executable, "-m", "chipscope", "report",
                           "--db", str(paths.bundled_db_path()), "--paper", "letter",
                           "--out", str(out)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Wrote the report of \u201cDefault assumptions\u201d" in done.stdout
    assert out.read_bytes().startswith(b"%PDF-")


def fails(argv: list[str], capfd: Capture, *words: str) -> str:
    assert main(argv) == 2
    out, err = capfd.readouterr()
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    assert "Wrote" not in out and "Qt" not in err, (out, err)
    for word in words:
        assert word in err, err
    return err


def test_a_bad_scenario_writes_nothing(tmp_path: Path, capfd: Capture) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format_version = 1\n[assumptions]\n"vendor.amd.nope" = 1\n')
    out = tmp_path / "r.pdf"
    fails(["report", "--scenario", str(bad), "--out", str(out)], capfd, "vendor.amd.nope")
    fails(["report", "--scenario", str(tmp_path / "none.toml"), "--out", str(out)], capfd,
          "none.toml")
    assert not out.exists()


def test_a_special_file_is_never_replaced(tmp_path: Path, capfd: Capture,
                                          mkfifo: Callable[..., Path]) -> None:
    fifo = mkfifo(tmp_path / "pipe.pdf")
    fails(["report", "--out", str(fifo)], capfd, str(fifo), "FIFO")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    fails(["report", "--out", str(folder)], capfd, str(folder), "folder")


def test_an_unwritable_path_is_one_sentence(tmp_path: Path, capfd: Capture,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    fails(["report", "--out", str(tmp_path / "missing" / "r.pdf")], capfd, "does not exist")
    fails(["report", "--out", str(tmp_path / "r.txt")], capfd, "must end in .pdf")

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)  # root ignores folder modes
    out = tmp_path / "r.pdf"
    fails(["report", "--db", str(paths.bundled_db_path()), "--out", str(out)], capfd,
          str(out), f"its folder {tmp_path} does not let this user add files (permission "
          "denied); make the folder writable or choose another one")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
