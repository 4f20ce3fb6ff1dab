"""Whether a write-ahead log beside a database was left by a write to *that* file.

SQLite plays a ``<db>-wal`` that holds committed frames into whatever file now has the
database's name, even one whose header says rollback mode (it then switches the file to WAL
mode). After another tool's crash the user may restore a backup over the database, or delete it
to start afresh; the old log then writes another database's pages into it (a restored backup
with an empty table, a fresh copy with a phantom scenario). The file format
(https://www.sqlite.org/fileformat2.html, "The Write-Ahead Log") tells such a log apart:

* SQLite plays back only frames whose salts are the log header's and whose cumulative
  checksum holds, up to the last commit frame; a log without such a frame changes nothing;
* SQLite keeps a log only while the file's header says WAL mode (versions 2/2 at bytes 18-19):
  it writes 2/2 before the first frame, and removes the log before it writes 1/1 back. A log
  with committed frames beside a rollback-mode file (or beside no file) is another file's;
* the log's page size (header bytes 8-11) is the file's;
* the file was not changed after the log was last written (:func:`replaced_since_log`): a
  backup in WAL mode restored over the database passes the two tests above. That is not
  certain either way (a checkpoint also writes the file), so such a log is refused with the
  sentence for a crash that cannot be told apart.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

WAL_MAGICS = (0x377F0682, 0x377F0683)  # the low bit: checksums of big-endian words
WAL_VERSION = 3007000
HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24


def wal_path(db_path: Path) -> Path:
    """The write-ahead log SQLite keeps beside a WAL-mode ``db_path`` (beside the file a
    symlink leads to, as SQLite resolves the database's name)."""
    path = Path(os.path.realpath(db_path))
    return path.with_name(path.name + "-wal")


def shm_path(db_path: Path) -> Path:
    """The shared-memory index SQLite keeps beside a WAL-mode ``db_path`` (where its log is)."""
    path = Path(os.path.realpath(db_path))
    return path.with_name(path.name + "-shm")


def _checksum(data: bytes, big: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _valid_header(header: bytes) -> tuple[bool, int] | None:
    """(checksums big-endian, page size) of a log header SQLite accepts; None otherwise."""
    if len(header) < HEADER_BYTES:
        return None
    magic, version, page_size = struct.unpack(">III", header[:12])
    if magic not in WAL_MAGICS or version != WAL_VERSION:
        return None
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return None
    big = bool(magic & 1)
    if _checksum(header[:24], big, 0, 0) != struct.unpack(">II", header[24:32]):
        return None
    return big, page_size


def wal_page_size(db_path: Path) -> int | None:
    """The page size in the header of the log beside ``db_path`` (None: no valid header)."""
    try:
        with open(wal_path(db_path), "rb") as handle:
            found = _valid_header(handle.read(HEADER_BYTES))
    except OSError:
        return None
    return None if found is None else found[1]


def has_committed_frames(db_path: Path) -> bool:
    """Whether SQLite would play the log beside ``db_path`` into a file of that name: a valid
    header followed by valid frames up to a commit frame. False when there is no log; True when
    it cannot be read (refused, not guessed)."""
    path = wal_path(db_path)
    try:
        info = path.stat()
    except OSError:  # none there, or a name too long to exist
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size <= HEADER_BYTES:
        return False
    try:
        with open(path, "rb") as handle:
            header = handle.read(HEADER_BYTES)
            found = _valid_header(header)
            if found is None:
                return False
            big, page_size = found
            salts = header[16:24]
            s0, s1 = struct.unpack(">II", header[24:32])
            while True:
                frame = handle.read(FRAME_HEADER_BYTES + page_size)
                if len(frame) < FRAME_HEADER_BYTES + page_size or frame[8:16] != salts:
                    return False
                page, commit = struct.unpack(">II", frame[:8])
                s0, s1 = _checksum(frame[:8], big, s0, s1)
                s0, s1 = _checksum(frame[FRAME_HEADER_BYTES:], big, s0, s1)
                if page == 0 or (s0, s1) != struct.unpack(">II", frame[16:24]):
                    return False
                if commit:
                    return True
    except OSError:
        return True


def wal_belongs(db_path: Path, head: bytes) -> bool:
    """Whether the log beside ``db_path`` (with committed frames) may be played into the file
    whose first 100 bytes are ``head`` (see the module docstring)."""
    if len(head) < 100:
        return True  # nothing to compare: the reader reports what it finds
    if head[18:20] != b"\x02\x02":
        return False
    size = int.from_bytes(head[16:18], "big")
    return wal_page_size(db_path) == (65536 if size == 1 else size)


def replaced_since_log(db_path: Path, *, live: bool = False) -> bool:
    """Whether the file at ``db_path`` was changed (written, copied over, renamed into place:
    its ctime) after the log beside it was last written. SQLite writes a WAL-mode file only in a
    checkpoint, which copies the log's frames into it; a file changed later than its log was
    most likely replaced (a backup restored after another tool's crash: pass 13, A4), and a log
    played into it would write another copy's pages. Such a log is not played back.

    ``live``: another program has the database open, and its checkpoints write the file after
    its log (both the file's mtime and ctime move past the log's: pass 15, D2). A file renamed
    into place keeps its own older mtime and only its ctime moves, so then only a file whose
    ctime is newer than the log while its mtime is not counts as replaced (pass 16, A2)."""
    try:
        info = os.stat(db_path)
        logged = os.stat(wal_path(db_path)).st_mtime_ns
    except (OSError, ValueError):
        return False
    return info.st_ctime_ns > logged and not (live and info.st_mtime_ns > logged)
