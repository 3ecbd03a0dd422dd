"""The one database of a data folder.

``database`` is a proxy that the CLI, the GUI and the test fixtures initialise with a real file.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import contextlib
import sqlite3
import threading
from pathlib import Path

import peewee

database = peewee.DatabaseProxy()

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",  # with WAL: durable across application crashes, cheap commits
}


class StoreError(Exception):
    """The database cannot be used (corrupt, newer version, in use). Message is Chinese."""


class CorruptDatabase(StoreError):
    """The file fails SQLite's check; it is left untouched for a restore by the user's choice."""


class DatabaseLost(CorruptDatabase):
    """The database file is missing or empty (0 bytes) in a folder that shows it was in use
    (backups, keys, attachments): damage, not a new center. Nothing is created over it."""


def make_database(path: Path | str, **extra_pragmas: Any) -> peewee.SqliteDatabase:
    pragmas = dict(PRAGMAS)
    pragmas.update(extra_pragmas)
    # thread_safe connections: the GUI's database worker thread gets its own connection.
    # IMMEDIATE: a write transaction takes the lock at BEGIN, so two writers queue instead of
    # failing with "database is locked" when a reader upgrades.
    return peewee.SqliteDatabase(str(path), pragmas=pragmas, thread_safe=True, check_same_thread=False,
                                 lock_type="IMMEDIATE")


def bind(db: peewee.Database) -> None:
    database.initialize(db)


def is_bound() -> bool:
    return database.obj is not None


@contextlib.contextmanager
def database_cache(mib: int) -> Iterator[None]:
    """A page cache of ``mib`` MiB for this thread's connection while a bulk write runs (SQLite's
    default is 2 MiB), the previous size afterwards. Other databases: nothing to do."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        yield
        return
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = {-int(mib) * 1024}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(before)}")


def raw_connection() -> sqlite3.Connection:
    con: sqlite3.Connection = database.connection()
    return con


class CheckCancelled(Exception):
    """quick_check stopped early because its caller asked it to (the app is quitting)."""


def quick_check(path: Path, pragma: str = "quick_check", cancel: threading.Event | None = None) -> str | None:
    """None when the file passes SQLite's quick check (or ``pragma="integrity_check"``, the full
    one), else the reason. Never writes. ``cancel``: setting it stops the check (CheckCancelled)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if cancel is not None:
                con.set_progress_handler(lambda: 1 if cancel.is_set() else 0, 100_000)
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if cancel is not None and cancel.is_set():
            raise CheckCancelled() from exc
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows[:5])
    return None if result == "ok" else result


def disk_full_message(exc: BaseException | None) -> str | None:
    """A Chinese message when ``exc`` (or an error it was raised while handling) means the disk
    or a file size limit is full, else None. SQLite rolls a transaction back by itself when the
    disk is full, so peewee's own rollback then fails and hides the cause: hence the chain."""
    import errno

    # walk the whole chain: each nested atomic() (a savepoint) adds two links ("no such savepoint",
    # raised by sqlite3 and re-raised by peewee) above the cause; only a cycle ends the walk early
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
            break
        # SQLITE_FULL says "full"; a refused write beyond a size limit (EFBIG) is "disk I/O error"
        if isinstance(exc, (sqlite3.Error, peewee.DatabaseError)) and (
                "full" in str(exc).lower() or "disk i/o error" in str(exc).lower()):
            break
        exc = exc.__cause__ or exc.__context__
    else:
        return None
    return ("写入磁盘失败（磁盘空间不足或磁盘故障），本次保存没有完成，之前保存的数据完好。"
            "请清理磁盘（或更换数据目录所在的磁盘）后再试。")
