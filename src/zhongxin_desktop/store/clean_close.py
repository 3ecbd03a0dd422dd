"""The clean-close marker: proof that the database file is exactly as a verified session left it.

SQLite's quick_check reads every page (hundreds of MB at 100,000 cases), too slow for every
start. When the last connection of a session whose file passed a full check closes, it writes
``zhongxin.sqlite-clean`` beside the file: its size, mtime_ns, inode and a hash of sampled pages
(the first, the last, and pairs spread between). The next open takes the marker away (so a
crash after that open leaves none) and skips the full check only when everything still matches.

Never trusted when:
- any other connection has the file open, or crashed with it open: SQLite deletes ``-wal`` and
  ``-shm`` when the last connection closes cleanly, so either of them (or a rollback journal)
  means no marker is written and none is believed;
- two processes open at once: unlinking the marker is atomic, only one of them gets it;
- the file was replaced, grown, shrunk or written (inode, size, mtime), or rewritten in place
  within the same clock tick (the sampled pages: a program overwriting the file rewrites pages
  everywhere, and the pairs catch even every-other-page patterns).

What sampling cannot see (a bad sector in an unsampled page) the GUI still finds: it runs the
full check in the background after the window shows, and only a session that finished a full
check writes a marker.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MARKER_SUFFIX = "-clean"
SIDECARS = ("-wal", "-shm", "-journal")  # present while a connection is open, or after a crash
SAMPLE_PAIRS = 32  # 64 pages (256 KB at 4 KB pages): a few ms even on an old disk
SQLITE_MAGIC = b"SQLite format 3\x00"
FORMAT = 1


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    inode: int
    device: int
    page_size: int
    pages: int  # how many pages the file holds
    sample_sha256: str
    format: int = FORMAT


def marker_path(database: Path) -> Path:
    return database.with_name(database.name + MARKER_SUFFIX)


def sidecars_present(database: Path) -> list[str]:
    return [s for s in SIDECARS if database.with_name(database.name + s).exists()]


def sample_pages(count: int) -> list[int]:
    """Page indexes (0-based) to hash: the first two, the last, and pairs spread evenly."""
    if count <= 2 * SAMPLE_PAIRS + 2:
        return list(range(count))
    chosen = {0, 1, count - 1}
    for i in range(SAMPLE_PAIRS):
        start = 2 + i * (count - 3) // SAMPLE_PAIRS
        chosen.update((start, start + 1))
    return sorted(p for p in chosen if p < count)


def page_size_of(header: bytes) -> int | None:
    """The page size an SQLite header declares, or None when it is not an SQLite header."""
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    size = int.from_bytes(header[16:18], "big")
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1):
        return None
    return size


def fingerprint(database: Path) -> Fingerprint | None:
    """The file as it is now, or None when it is not a whole SQLite file or changed while read."""
    try:
        with open(database, "rb") as f:
            before = os.fstat(f.fileno())
            header = f.read(100)
            page_size = page_size_of(header)
            if page_size is None or before.st_size % page_size:
                return None
            count = before.st_size // page_size
            digest = hashlib.sha256()
            for page in sample_pages(count):
                f.seek(page * page_size)
                chunk = f.read(page_size)
                if len(chunk) != page_size:
                    return None
                digest.update(page.to_bytes(8, "big"))
                digest.update(chunk)
            after = os.fstat(f.fileno())
    except OSError:
        return None
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        return None  # written while we read it
    return Fingerprint(size=before.st_size, mtime_ns=before.st_mtime_ns, inode=before.st_ino,
                       device=before.st_dev, page_size=page_size, pages=count,
                       sample_sha256=digest.hexdigest())


def write_marker(database: Path) -> bool:
    """After the last connection closed: describe the file. False (and no marker) when another
    connection still has it open or the file cannot be read."""
    marker = marker_path(database)
    if sidecars_present(database):
        return False
    found = fingerprint(database)
    if found is None:
        return False
    tmp = marker.with_name(marker.name + ".tmp")
    try:
        tmp.write_text(json.dumps(asdict(found)), encoding="utf-8")
        os.replace(tmp, marker)
    except OSError as exc:
        log.warning("clean-close marker not written: %s", exc)
        tmp.unlink(missing_ok=True)
        return False
    # A connection opened while we were reading would have made a -wal, or changed the file.
    if sidecars_present(database) or fingerprint(database) != found:
        marker.unlink(missing_ok=True)
        return False
    return True


def take_marker(database: Path) -> bool:
    """Remove the marker (the file is about to be opened, and may be written) and say whether
    it proves the file unchanged since a clean close."""
    marker = marker_path(database)
    try:
        text = marker.read_text(encoding="utf-8")
    except OSError:
        return False
    try:
        marker.unlink()
    except OSError:  # another process took it first (it is opening the file too), or we cannot
        return False
    try:
        recorded = Fingerprint(**json.loads(text))
    except (ValueError, TypeError):
        return False
    if recorded.format != FORMAT or sidecars_present(database):
        return False
    return fingerprint(database) == recorded


def discard_marker(database: Path) -> None:
    marker_path(database).unlink(missing_ok=True)
