"""Opening a data folder's database: check it, refuse what must not be opened, migrate.

The session state below says whether this process has seen the whole file pass SQLite's check
(at open, or later in the background): only then does closing it leave a clean-close marker
(store/clean_close.py) that lets the next start skip the full check.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from zhongxin_desktop import __version__
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store import clean_close, migrations, sealed
from zhongxin_desktop.store.db import CorruptDatabase, StoreError, bind, database, make_database, quick_check
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


def close_database() -> None:
    """Close this thread's connection; when it was the last one and the file was verified in
    this session, leave the clean-close marker for the next start."""
    if database.obj is not None and not database.is_closed():
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
    db = engine.make_server_database(url)
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
