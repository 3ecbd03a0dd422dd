"""Opening a data folder's database: check it, refuse what must not be opened, migrate.

The session state below says whether this process has seen the whole file pass SQLite's check
(at open, or later in the background): only then does closing it leave a clean-close marker
(store/clean_close.py) that lets the next start skip the full check.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from zhongxin_desktop import __version__
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store import clean_close, migrations, sealed, tempfiles
from zhongxin_desktop.store.db import CorruptDatabase, DatabaseLost, StoreError, bind, database, make_database, quick_check
from zhongxin_desktop.store.models import utcnow


@dataclass
class Session:
    path: Path | None = None
    verified: bool = False  # the whole file passed quick_check (or integrity_check) in this process
    damaged: bool = False  # a check found a problem after the file was opened


_session = Session()


def corrupt_message(problem: str) -> str:
    return (f"数据库文件已损坏（{problem}）。为保护数据，程序不会写入它。"
            "请用“zhongxin backup restore”从最近的完好备份恢复，或联系县级技术人员。")


def signs_of_use(data: DataDir) -> list[str]:
    """What shows that this folder has held a center: its backups, keys, attachments, or a
    write-ahead log with data the main file has not taken in yet."""
    from zhongxin_desktop.store import backup

    signs = []
    found = backup.list_backups(data.backups)
    if found:
        signs.append(f"{len(found)} 个备份")
    if _has_files(data.keys):
        signs.append("密钥文件")
    if _has_files(data.attachments):
        signs.append("附件")
    wal = data.database.with_name(data.database.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        signs.append("未写回的日志文件（-wal）")
    return signs


def _has_files(folder: Path) -> bool:
    return any(p.is_file() and not tempfiles.is_temp_name(p.name) for p in folder.rglob("*")) \
        if folder.is_dir() else False


def lost_database(data: DataDir) -> str | None:
    """The message when the database file is missing or empty although the folder was in use
    (``signs_of_use``): damage, which a new empty database must never cover. Else None."""
    path = data.database
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError as exc:
        return f"无法读取数据库文件 {path}（{exc}）"
    if size:
        return None
    signs = signs_of_use(data)
    if not signs:
        return None
    state = "是空文件（0 字节）" if size == 0 else "不存在"
    kept = "该空文件保持原样，" if size == 0 else ""
    return (f"数据库文件 {path} {state}，但数据目录中还有{'、'.join(signs)}：这是数据损坏或被误删，不是新的中心。"
            f"为保护数据，程序不会在这里新建空数据库，{kept}请从最近的完好备份恢复"
            "（用备份中的账户登录）：命令行“zhongxin backup restore”，或在程序启动时选择“从此备份恢复”。"
            "没有备份时，请不要删除数据目录，联系县级技术人员。")


def refuse_lost(data: DataDir) -> None:
    problem = lost_database(data)
    if problem:
        raise DatabaseLost(problem)


def open_database(data: DataDir, *, check: bool = True, migrate: bool = True,
                  trust_clean_close: bool = False) -> pw.SqliteDatabase:
    """Open (creating if needed) and bind the database of ``data``.

    A corrupt file or one made by a newer version raises StoreError and is left untouched.
    ``trust_clean_close``: skip the full check when the clean-close marker proves the file
    unchanged since a verified session closed it; the caller must then run the check later
    (``needs_check()``, then ``record_check()``), as the GUI does in the background.
    """
    global _session
    _session = Session()
    data.ensure()
    refuse_lost(data)
    tempfiles.sweep(data)  # what killed backups, imports, exports and restores left behind
    path = data.database
    existed = path.exists()
    # taken away whatever happens next: from now on the file may be written
    unchanged = clean_close.take_marker(path) if existed else False
    verified = not existed
    if existed and check and not (trust_clean_close and unchanged):
        problem = quick_check(path)
        if problem:
            raise CorruptDatabase(corrupt_message(problem))
        verified = True
    db = make_database(path)
    try:
        db.connect(reuse_if_open=True)
        migrations.check_not_newer(db)
        if migrate:
            migrations.migrate(db, db_path=path, backup_dir=data.backups)
            _record_app_version(db)
        sealed.configure(db, data.keys)  # optional encryption of ID numbers and phones
    except pw.DatabaseError as exc:
        db.close()
        raise StoreError(f"无法打开数据库：{exc}") from exc
    except StoreError:
        db.close()
        raise
    bind(db)
    _session = Session(path=path, verified=verified)
    return db


def current_path() -> Path | None:
    """The file open_database last opened in this process."""
    return _session.path


def needs_check() -> bool:
    """True when the open file has not been checked in full in this process."""
    return _session.path is not None and not _session.verified and not _session.damaged


def current_session() -> Session:
    """What open_database last opened: a check started now reports against it (``record_check``)."""
    return _session


def record_check(path: Path, problem: str | None, session: Session | None = None) -> bool:
    """The result of a full check of ``path`` made after it was opened (in the background).
    ``session``: the one the check started in; False (nothing recorded) when the database was
    opened again since (a restore keeps the path but replaces the file the check read)."""
    if _session.path is None or Path(path) != _session.path or (session is not None and session is not _session):
        return False  # a check of a file this process no longer has open
    if problem:
        _session.damaged = True
        clean_close.discard_marker(_session.path)
    else:
        _session.verified = True
    return True


CHECKPOINT_WAIT_MS = 200  # readers (another program's, the background check) are not waited for longer


def checkpoint(session: Session | None = None) -> bool:
    """Copy what the write-ahead log holds into the database file and empty the log (TRUNCATE),
    so that a lost or deleted ``-wal`` costs seconds of work, not a session's. Best effort: a
    reader that holds an old snapshot leaves the rest for the next time. ``session``: only while
    the database is still the one that session opened. On a connection of its own, closed again
    at once: a job on another thread never keeps one, nor reaches a file opened since. True when
    the log is empty afterwards."""
    current = _session
    if current.path is None or current.damaged or (session is not None and session is not current):
        return False
    wal = current.path.with_name(current.path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return True
    try:
        con = sqlite3.connect(f"file:{current.path}?mode=rw", uri=True, timeout=CHECKPOINT_WAIT_MS / 1000,
                              isolation_level=None)
        try:
            blocked = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return not blocked


def _checkpoint_here() -> None:
    """The same on this thread's own connection, just before it closes."""
    if _session.damaged or database.in_transaction():
        return
    busy = database.execute_sql("PRAGMA busy_timeout").fetchone()[0]
    database.execute_sql(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
    try:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except pw.DatabaseError:
        pass  # only a fuller log: never a reason not to close
    finally:
        database.execute_sql(f"PRAGMA busy_timeout = {int(busy)}")


def close_database() -> None:
    """Close this thread's connection, the write-ahead log checkpointed first; when it was the
    last one and the file was verified in this session, leave the clean-close marker for the
    next start."""
    if database.obj is not None and not database.is_closed():
        if isinstance(database.obj, pw.SqliteDatabase) and Path(database.obj.database) == _session.path:
            _checkpoint_here()
        database.close()
        path = Path(database.obj.database)
        if _session.path == path and _session.verified and not _session.damaged:
            clean_close.write_marker(path)


def refuse_writes() -> None:
    """Make this thread's connection, and every connection opened later, read-only (a damaged
    file found while the app runs): a write then fails instead of spreading the damage."""
    if database.obj is not None:
        database.obj.pragma("query_only", 1, permanent=True)


def _record_app_version(db: pw.SqliteDatabase) -> None:
    """Setting "app_version": the version that last opened this file (support asks for it;
    schema_migration.app_version says which version made each schema step)."""
    value = json.dumps(__version__)
    row = db.execute_sql('SELECT "value" FROM "setting" WHERE "key" = ?', ("app_version",)).fetchone()
    if row is None or row[0] != value:
        with db.atomic():
            db.execute_sql('INSERT INTO "setting" ("key", "value", "updated_at") VALUES (?, ?, ?) '
                           'ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", '
                           '"updated_at" = excluded."updated_at"',
                           ("app_version", value, utcnow()))


def open_server_database(url: str, data: DataDir, *, migrate: bool = True) -> pw.Database:
    """Open and bind the county's store on a PostgreSQL server (store/engine.py); the data folder
    still holds keys, attachments and logs. The server keeps its own integrity and backups, so
    none of the file checks above apply. A server that cannot be reached raises StoreError."""
    from zhongxin_desktop.store import engine

    global _session
    _session = Session()
    data.ensure()
    db = engine.make_server_database(url, data)
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise StoreError(engine.unreachable_message(url, exc)) from exc
    try:
        migrations.check_not_newer(db)
        if migrate:
            migrations.migrate(db)
            _record_app_version(db)
        sealed.configure(db, data.keys)
    except pw.DatabaseError as exc:
        db.close()
        raise StoreError(f"无法打开数据库：{exc}") from exc
    except StoreError:
        db.close()
        raise
    bind(db)
    return db


def open_store(data: DataDir, url: str | None, **file_options) -> pw.Database:
    """The county's server store when ``url`` is given, else the data folder's file (with
    ``file_options`` for open_database)."""
    if url:
        return open_server_database(url, data)
    return open_database(data, **file_options)
