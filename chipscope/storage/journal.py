"""Whether a rollback journal beside a database was left by a write to *that* file.

SQLite rolls a hot ``<db>-journal`` back onto whatever file now has the database's name. After
a crash the user may restore a backup over the database, or delete it to start afresh; the old
journal then stays beside a different file, and rolling it back writes another database's
pages into it (a restored backup destroyed, a fresh copy given a phantom row and a broken
index). :func:`journal_belongs` recognises such a journal from the SQLite file format
(https://www.sqlite.org/fileformat2.html, "The Rollback Journal"):

* the journal header (magic, record count, nonce, initial page count N, sector size, page size)
  starts each segment; a header without the magic is never played back (harmless);
* the journal's page size must be the file's;
* a header SQLite would not play back as it was written (a sector or page size that cannot
  be true, a record count or nonce that leaves records of the write unplayed while the file
  was already written) is damaged: refused, never finished as nothing (pass 18, A3 and D3);
* the journal holds page 1's original content once the transaction touched page 1. SQLite
  writes page 1 to the file only with the change counter (offset 24) one more than the
  original, so the file's page 1 is either the journal's copy byte for byte (not written yet)
  or carries the same application id and page size and the original counter plus one;
* a journal without page 1: the transaction has not written page 1, so the file's header
  still says the initial page count N (offset 28: SQLite journals page 1 before it changes
  that field) and the file holds at least N pages. That much any file of N pages passes, so a
  journal holding pages but no page 1 (never ChipScope's: its ``write_transaction`` journals
  page 1 first) is refused as one that cannot be told apart (:func:`journal_belongs` None);
  one holding no page at all only cuts the file to N pages, which a file of N pages passes.

A journal of a ChipScope write also holds the page of the file's lineage row, which tells its
database from any other (:func:`~chipscope.storage.lineage.journal_match`); the header test
above could not tell two copies of the bundled database apart (a change counter one higher:
pass 12, A4b). The lineage is proof only when the file's row was written by this very write
("signed"). SQLite keeps page 1 in memory for the whole transaction and writes it first at the
commit, so otherwise the database the journal was written for has page 1 as the journal has
it, or (a commit killed before it wrote the lineage page) the successor of it with the file
still of the journal's initial page count. A copy forked at the write's start and written
since (by ChipScope or another program: pass 14, A1) is refused (:func:`_by_lineage`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from chipscope.model.shell_words import shell_command
from chipscope.storage.files import FileRefused
from chipscope.storage.lineage import Match, has_table, journal_match, unsigned_row
from chipscope.storage.lineage import journal_path as journal_path  # re-exported
from chipscope.storage.sqlite_locks import read_at

MAGIC = bytes.fromhex("d9d505f920a163d7")
MAX_JOURNAL_BYTES = 512_000_000
"""A journal is read whole only up to this size (ChipScope's journals are a few hundred KB);
a larger one is taken as it is (SQLite's own checks apply)."""


def _u32(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset:offset + 4], "big")


def _page_size(header: bytes) -> int:
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _first_page(journal: bytes) -> tuple[int, int, bytes | None, bool] | None:
    """(page size, initial page count, page 1's original content or None, whether it holds
    any page) of a journal; None when its header has no magic (SQLite does not play it back)."""
    if len(journal) < 28 or not journal.startswith(MAGIC):
        return None
    sector, page_size, initial = _u32(journal, 20), _u32(journal, 24), _u32(journal, 16)
    if not 512 <= sector <= 65536 or not 512 <= page_size <= 65536:
        return page_size, initial, None, True
    pages = False
    for number, content in _records(journal, sector, page_size):
        if number == 1:
            return page_size, initial, content, True
        pages = True
    return page_size, initial, None, pages


def _records(journal: bytes, sector: int, page_size: int) -> Iterator[tuple[int, bytes]]:
    """(page number, original content) of each whole record of a journal, in order."""
    record = 4 + page_size + 4
    offset = 0
    while offset + 28 <= len(journal) and journal[offset:offset + 8] == MAGIC:
        count = _u32(journal, offset + 8)
        at = offset + sector
        if count == 0xFFFFFFFF:
            count = max(0, (len(journal) - at) // record)
        for _ in range(count):
            if at + record > len(journal):
                return
            yield _u32(journal, at), journal[at + 4:at + 4 + page_size]
            at += record
        if count == 0:
            break
        offset = -(-at // sector) * sector  # the next segment starts on a sector boundary


def _rolled_back(path: Path, journal: bytes, page_size: int, initial: int) -> bytes | None:
    """The database as it was when the journal's write began, if the journal is the file's:
    the file with the journal's pages put back and cut to the initial page count (what
    SQLite's playback makes); None when the file cannot be read or is too large to, or the
    image would be larger than the file and the journal together (never allocated from the
    header's count alone: a commit that shrank the file is then not told apart, pass 17 C1)."""
    try:
        size = path.stat().st_size
        if size > MAX_JOURNAL_BYTES or initial * page_size > size + len(journal):
            return None
        image = bytearray(read_at(path, 0, initial * page_size))
    except OSError:
        return None
    image.extend(bytes(initial * page_size - len(image)))
    for number, content in _records(journal, _u32(journal, 20), page_size):
        if 1 <= number <= initial:
            image[(number - 1) * page_size:number * page_size] = content
    return bytes(image)


def played_back(db_path: Path) -> bool:
    """Whether SQLite would play the journal beside ``db_path`` back onto a file of that name:
    its header starts with the magic. A zeroed header (a finished transaction, or one killed
    while SQLite finished it) is never played back. A magic with a record count of 0 is: the
    playback still cuts the file to the header's initial page count. True when the journal
    cannot be read, or is not a regular file (refused, not guessed: a FIFO is never opened,
    which would wait for a writer for ever)."""
    path = journal_path(db_path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return True
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return True
    try:  # replaced by a FIFO since the look: opened without waiting, and refused
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return True
        return os.read(fd, len(MAGIC)) == MAGIC
    except OSError:
        return True
    finally:
        os.close(fd)


def journal_belongs(db_path: Path) -> bool | None:
    """Whether the non-empty rollback journal beside ``db_path`` may be played back onto it
    (see the module docstring); True when there is none, or it would not be played back; None
    when it may be another file's and cannot be told apart (never played back either)."""
    path = Path(db_path)
    belongs: bool | None = None
    for _attempt in range(3):  # a writer in another process moved on during the look: again
        before = _stamp(path)
        try:
            belongs = _belongs(path)
        except _Damaged as damaged:
            if _stamp(path) != before:
                continue
            raise FileRefused.about(
                f"The database {path}", f"cannot be opened: {journal_path(path).name} beside "
                f"it is damaged ({damaged}), so the write it was left by cannot be rolled back "
                "safely", "restore a copy of the database, or move the journal away and check "
                f"the file with `{shell_command('chipscope-cli data check', [], [('--db', path)])}`"
            ) from None
        if belongs or _stamp(path) == before:
            return belongs
    return belongs


class _Damaged(Exception):
    """A journal header that cannot be true (the cause, for the sentence)."""


def _check_initial(initial: int, original: bytes, pages_now: int) -> None:
    """:class:`_Damaged` when the header's initial page count cannot be the database's size
    when the write began (pass 17, C1): SQLite's playback cuts or extends the file to it (a
    damaged count of 4,294,967,295 would make the file terabytes long). It is the file's page
    count then, which is at least the size page 1 records (offset 28, when valid: its change
    counter equals offset 92) and, unless the commit shrank the file, at most the file's size
    now (a commit that shrank the file leaves the old size in the journal's copy of page 1)."""
    if _u32(original, 24) != _u32(original, 92) or not (recorded := _u32(original, 28)):
        return
    if initial < recorded or initial > max(recorded, pages_now):
        raise _Damaged(f"its header gives the database {initial:,} pages before the write, "
                       f"where its own copy of page 1 records {recorded:,} and the file has "
                       f"{pages_now:,}")


def _valid_size(size: int) -> bool:
    return 512 <= size <= 65536 and not size & (size - 1)


def _checksum(nonce: int, content: bytes) -> int:
    """A record's checksum as SQLite computes it: the nonce plus every 200th byte of the page,
    from the end (https://www.sqlite.org/fileformat2.html, "The Rollback Journal")."""
    return (nonce + sum(content[len(content) - 200:0:-200])) % 2**32


def _check_header(journal: bytes, file_page_size: int) -> None:
    """:class:`_Damaged` when the journal's sector size or page size cannot be true (pass 18,
    D3): not a power of two from 512 to 65,536 (SQLite then plays nothing back and finishes
    the journal), or not where its first record is: page 1 of the file's page size (its copy
    begins with SQLite's header and records that page size) at another sector boundary."""
    sector, size = _u32(journal, 20), _u32(journal, 24)
    for at in [sector] * _valid_size(sector) + [2**n for n in range(9, 17)]:
        for pages in [size] * _valid_size(size) + [file_page_size]:
            content = journal[at + 4:at + 4 + pages]
            if (_u32(journal, at) == 1 and len(content) == pages
                    and content.startswith(b"SQLite format 3\x00")
                    and _page_size(content[:100]) == pages):
                if (at, pages) == (sector, size):
                    return  # the header is where its first record is
                wrong = (f"a sector size of {sector:,} bytes, where its first record starts at "
                         f"byte {at:,}" if at != sector else
                         f"pages of {size:,} bytes, where its first record is page 1 of "
                         f"{pages:,} bytes")
                raise _Damaged(f"its header gives {wrong}")
    if not (_valid_size(sector) and _valid_size(size)):
        raise _Damaged(f"its header gives a sector size of {sector:,} and pages of {size:,} "
                       "bytes, which no SQLite journal has")


def _check_playable(journal: bytes, path: Path, initial: int) -> None:
    """:class:`_Damaged` when SQLite would play none of the journal's records back although
    the file was already written (pass 18, A3: the next save then deleted the journal and
    wrote into a half-written file). SQLite plays the records the header counts in order
    (a count of 0xFFFFFFFF: as many as the journal holds), skips one of a page past the
    initial page count and stops at one whose checksum fails. SQLite writes the count (with
    the magic) after the records it counts, and before it writes the file; later records go to
    a new segment. Records past the count that match the header's nonce (a count of 0 plays
    none), or a first record that does not, while the file differs from them, are a damaged
    header, never a write's order."""
    count, nonce, sector, size = (_u32(journal, at) for at in (8, 12, 20, 24))
    length = size + 8
    records = [(_u32(journal, at), journal[at + 4:at + 4 + size], _u32(journal, at + 4 + size))
               for at in range(sector, len(journal) - length + 1, length)]
    if records and 1 <= records[0][0] <= initial \
            and _checksum(nonce, records[0][1]) != records[0][2]:
        unplayed = records[:count]
        cause = (f"the checksum of its first record, page {records[0][0]:,}, does not match "
                 "its header's nonce, so SQLite would put back no page")
    elif count != 0xFFFFFFFF and len(records) > count:
        unplayed = []
        for record in records[count:]:
            if not 1 <= record[0] <= initial or _checksum(nonce, record[1]) != record[2]:
                break
            unplayed.append(record)
        if not unplayed:
            return
        cause = (f"its header gives a record count of {count:,}, where it holds "
                 f"{count + len(unplayed):,} records of the write, so SQLite would put back "
                 + (f"only {count:,}" if count else "none"))
    else:
        return
    unplayed += _later_records(journal, sector, size)  # playback stops: not reached either
    try:
        for number, content, _sum in unplayed:
            if 1 <= number <= initial and read_at(path, (number - 1) * size, size) != content:
                raise _Damaged(f"{cause}, and the file was already written")
    except OSError:
        return  # nothing to compare: the reader reports what it finds


def _later_records(journal: bytes, sector: int, size: int) -> list[tuple[int, bytes, int]]:
    """The records of the segments after the first (each header on a sector boundary) that
    match their header's nonce, as (page number, original content, checksum)."""
    found = []
    for at in range(sector, len(journal) - 28, sector):
        if journal[at:at + 8] == MAGIC:
            count, nonce = _u32(journal, at + 8), _u32(journal, at + 12)
            starts = range(at + sector, len(journal) - size - 7, size + 8)
            for start in starts[:count]:
                content = journal[start + 4:start + 4 + size]
                if _checksum(nonce, content) == _u32(journal, start + 4 + size):
                    found.append((_u32(journal, start), content, 0))
    return found


def _stamp(path: Path) -> tuple[tuple[int, int] | None, ...]:
    return file_stamp(path, journal_path(path))


def file_stamp(*paths: Path) -> tuple[tuple[int, int] | None, ...]:
    """Size and modification time of each of ``paths`` (None for one that is not there): two
    equal stamps around a read mean no writer changed the files meanwhile."""
    out: list[tuple[int, int] | None] = []
    for p in paths:
        try:
            st = p.stat()
            out.append((st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def _belongs(path: Path) -> bool | None:
    journal = journal_path(path)
    try:
        if journal.stat().st_size > MAX_JOURNAL_BYTES:
            return True
        data = journal.read_bytes()
        page1 = read_at(path, 0, 65536)
        size = path.stat().st_size
    except OSError:
        return True  # nothing to compare: the reader reports what it finds
    head = page1[:100]
    found = _first_page(data)
    if found is None or len(head) < 100:
        return True
    page_size, initial, original, pages = found
    _check_header(data, _page_size(head))
    if page_size != _page_size(head):
        return False
    _check_playable(data, path, initial)
    if original is None:
        if _u32(head, 28) != initial or size < initial * page_size:
            return False
        return None if pages else True
    _check_initial(initial, original, -(-size // page_size))
    if (match := journal_match(path, data)) is not None:  # a ChipScope write's journal
        return _by_lineage(match, original, page1[:page_size], size == initial * page_size)
    if unsigned_row(path, data) and has_table(_rolled_back(path, data, page_size,
                                                           initial)) is False:
        # The file's lineage row was made by a write that is not this one, while the database
        # this journal's write began on had no lineage table (pass 16, A1: a copy's killed
        # first save beside another copy restored there): another file's journal.
        return False
    if original[:100] == head:
        return True
    return _successor(original, head)


def _successor(original: bytes, head: bytes) -> bool:
    """Whether ``head`` is the header SQLite writes over ``original`` at a commit."""
    return (original[16:18] == head[16:18] and original[68:72] == head[68:72]
            and _u32(head, 24) == (_u32(original, 24) + 1) % 2**32)


def _by_lineage(match: Match, original: bytes, page1: bytes, initial_size: bool) -> bool:
    """Whether a ChipScope write's journal belongs to the file, from its lineage ``match``,
    the journal's page 1 ``original``, the file's ``page1`` and whether the file is still of
    the journal's initial page count (see the module docstring)."""
    if match in ("foreign", "signed"):
        return match == "signed"
    if page1 == original:  # the write never reached page 1 (or this is the copy it began from)
        return True
    if match == "previous":  # written since, by another write: a copy forked at its start
        return False
    # The commit wrote page 1 and was killed before the lineage page (the pages after it and
    # any page added are not written yet either), or another program changed a copy.
    return initial_size and _successor(original, page1[:100])


def foreign_journal(db_path: Path, companion: Path | None = None, *,
                    uncertain: bool = False) -> FileRefused:
    """The error for a journal (or ``companion``, a write-ahead log) that does not belong to
    ``db_path`` (or sits beside no file), or, ``uncertain``, may not: it is never played back."""
    path = Path(db_path)
    name = (companion or journal_path(path)).name
    if uncertain:
        return FileRefused.about(
            f"The database {path}", f"cannot be opened: {name} beside it was left by a crash "
            "of another program and may belong to another copy of the database", "if the file "
            "was not replaced since, open it once with that program (or sqlite3) to finish "
            "that write, otherwise move it away")
    return FileRefused.about(f"The database {path}", f"cannot be opened: {name} beside it was "
                             "left by a crash of another copy of the database", "move it away")
