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
  backup in WAL mode restored over the database passes the two tests above. After a crash
  that is not certain either way (a checkpoint also writes the file), so such a log is refused
  with the sentence for a crash that cannot be told apart. While another program has the
  database open, the file it has open and the ``-shm``'s record of what its checkpoints copied
  in tell them apart.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

from chipscope.storage.sqlite_locks import has_open, read_at

WAL_MAGICS = (0x377F0682, 0x377F0683)  # the low bit: checksums of big-endian words
WAL_VERSION = 3007000
HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
_CKPT_INFO = 96
"""Where the wal-index (``-shm``) keeps ``WalCkptInfo``, whose first field is nBackfill: after
its two 48-byte header copies (https://www.sqlite.org/walformat.html)."""


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


def replaced_since_log(db_path: Path, *, holder: int | None = None) -> bool | None:
    """Whether the file at ``db_path`` was changed (written, copied over, renamed into place:
    its ctime) after the log beside it was last written, so that the log is not its own. SQLite
    writes a WAL-mode file only in a checkpoint, which copies the log's frames into it; a file
    changed later than its log was most likely replaced (a backup restored after another
    tool's crash: pass 13, A4), and a log played into it would write another copy's pages.

    ``holder``: the process id of another program that has the database open now (0: its id
    is not known), whose checkpoints write the file after its log (pass 15, D2). Its file was
    then replaced when that program has another file open (pass 16 A2, pass 17 A1: renamed
    into place), or when the file's content changed after the log and the frames the ``-shm``
    says were copied in are not in it (:func:`checkpointed`; pass 17 A1: copied over). When
    only the ctime moved on the file that program has open, that was chmod, chown or a new hard
    link (pass 17 D3), or a copy into that file that kept the old mtime (pass 18 A1): the
    content decides, False when it holds what the checkpoints copied in. None: cannot be told
    (nothing was copied in yet, or that program's open files cannot be read, and only the
    ctime moved)."""
    try:
        info = os.stat(db_path)
        logged = os.stat(wal_path(db_path)).st_mtime_ns
    except (OSError, ValueError):
        return False
    if info.st_ctime_ns <= logged:
        return False
    if holder is None:
        return True
    opened = has_open(holder, info)
    if opened is False:
        return True
    copied = checkpointed(db_path)
    if info.st_mtime_ns > logged:
        return copied is not True
    # Only the ctime moved: chmod, chown, a new hard link (pass 17 D3), or a copy into this
    # very file that kept the old mtime (`cp -p`, `rsync -a --inplace`: pass 18 A1). Only the
    # content tells them apart, and only once a checkpoint copied something in.
    if copied is None:
        return None
    if copied is False:
        return True
    return False if opened else None


def checkpointed(db_path: Path) -> bool | None:
    """Whether the file at ``db_path`` holds the pages that the live ``-shm`` beside it says a
    checkpoint copied in from the log (``WalCkptInfo.nBackfill`` at offset 96, in the machine's
    byte order, of a wal-index whose salts are the log's): for each page, its latest frame
    among the first nBackfill. Only pages within the database's size after the last of those
    commits (frame header bytes 4-7) and within the file are compared: a checkpoint skips
    pages beyond it and truncates the file (a VACUUM or auto_vacuum shrank it: pass 18 D2).
    False: a page differs (a copy put there since). None: cannot be told (nothing copied in
    yet, no page to compare, no such ``-shm`` or log). Read a page at a time."""
    try:
        index = read_at(shm_path(db_path), 0, _CKPT_INFO + 4)
        with open(wal_path(db_path), "rb") as log:  # SQLite locks no byte of its log
            header = log.read(HEADER_BYTES)
            found = _valid_header(header)
            if found is None or len(index) < _CKPT_INFO + 4 or index[32:40] != header[16:24]:
                return None
            page_size = found[1]
            backfilled = struct.unpack_from("=I", index, _CKPT_INFO)[0]
            latest: dict[int, int] = {}
            size = 0  # the database's size in pages after the last commit read
            for frame in range(backfilled):
                log.seek(HEADER_BYTES + frame * (FRAME_HEADER_BYTES + page_size))
                head = log.read(FRAME_HEADER_BYTES)
                if len(head) < FRAME_HEADER_BYTES or head[8:16] != header[16:24]:
                    return None
                page, commit = struct.unpack(">II", head[:8])
                latest[page] = frame
                size = commit or size
            size = min(size, os.stat(db_path).st_size // page_size)
            compared = False
            for page, frame in latest.items():
                if page < 1 or page > size:
                    continue
                log.seek(HEADER_BYTES + frame * (FRAME_HEADER_BYTES + page_size)
                         + FRAME_HEADER_BYTES)
                if read_at(db_path, (page - 1) * page_size, page_size) != log.read(page_size):
                    return False
                compared = True
            return True if compared else None
    except (OSError, ValueError):
        return None
