"""Opening a data folder's database: check it, refuse what must not be opened, migrate."""
from __future__ import annotations

import json

import peewee as pw

from zhongxin_desktop import __version__
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store import migrations, sealed
from zhongxin_desktop.store.db import CorruptDatabase, StoreError, bind, database, make_database, quick_check
from zhongxin_desktop.store.models import utcnow


def open_database(data: DataDir, *, check: bool = True, migrate: bool = True) -> pw.SqliteDatabase:
    """Open (creating if needed) and bind the database of ``data``.

    A corrupt file or one made by a newer version raises StoreError and is left untouched.
    """
    data.ensure()
    path = data.database
    if path.exists() and check:
        problem = quick_check(path)
        if problem:
            raise CorruptDatabase(
                f"数据库文件已损坏（{problem}）。为保护数据，程序不会写入它。"
                "请用“zhongxin backup restore”从最近的完好备份恢复，或联系县级技术人员。"
            )
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
    return db


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


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
