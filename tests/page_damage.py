"""Damaging a database file the way a stray program or a failing disk does, for the tests of
the clean-close marker and the background check (import: from page_damage import ...)."""
from __future__ import annotations

import os
import sqlite3

from zhongxin_desktop.store import clean_close


def btree_pages(path, sampled: bool, needed: int = 5,
                tables: tuple[str, ...] = ("grid_visit", "grid_meeting")) -> list[int]:
    """0-based indexes of leaf pages of ``tables`` inside (or outside) the marker's sample: tables
    that opening and signing in never read, so only a full check can find damage there."""
    found = clean_close.fingerprint(path)
    sample = set(clean_close.sample_pages(found.pages))
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # immutable: leaves no -wal
    try:
        marks = ",".join("?" * len(tables))
        leaves = [n - 1 for (n,) in con.execute(
            f"SELECT pageno FROM dbstat WHERE name IN ({marks}) AND pagetype = 'leaf' ORDER BY pageno", tables)]
    finally:
        con.close()
    pages = [p for p in leaves if (p in sample) == sampled]
    assert len(pages) >= needed, "the test database is too small for pages on this side of the sample"
    return pages


def overwrite_pages_keeping_size_and_mtime(path, pages) -> None:
    """What a stray program or a failing disk does within one clock tick: bytes change in
    place, the size and modification time stay as they were."""
    before = os.stat(path)
    page_size = clean_close.fingerprint(path).page_size
    with open(path, "r+b") as f:
        for p in pages:
            f.seek(p * page_size)
            f.write(b"\xee" * 16)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
