"""Numbered migrations and the runner.

Each migration module has NUMBER, NAME and ``apply(db)``. ``apply`` must be idempotent (check
before altering) because an interrupted upgrade is re-run. Migrations are listed explicitly —
a frozen app cannot discover modules by scanning a folder.

On PostgreSQL (store/engine.py) a migration's ``apply_postgres(db)`` runs instead of ``apply``
when it has one: the first ones were frozen as SQLite DDL; later ones should be portable SQL.

Numbers leave room per area so parallel work never collides: 1-9 foundation, 10-19 cases,
20-29 documents, 30-39 exchange, 40-49 safety, 50-59 statistics, 60-69 grid.
"""
from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType
from pathlib import Path

import peewee as pw

from zhongxin_desktop import __version__
from zhongxin_desktop.store.db import StoreError
from zhongxin_desktop.store.engine import WRITE_LOCK, is_server

MIGRATION_MODULES = [
    "m0001_initial",
    "m0007_name_bigrams",
    "m0010_case_search",
    "m0011_case_number_per_center",
    "m0012_transfer_reference",
    "m0013_search_representatives",
    "m0014_county_search_indexes",
    "m0016_repeat_party_indexes",
    "m0017_open_case_indexes",
    "m0020_agreement_parties",
    "m0021_party_credit_code",
    "m0030_exchange",
    "m0034_audit_heads",
    "m0035_rosters",
    "m0036_person_keys",
    "m0037_exchange_conflicts",
    "m0038_county_rules",
    "m0040_audit_head",
    "m0050_overdue_span",
    "m0060_tenlink",
    "m0061_watch_registers",
    "m0062_meeting_tasks",
    "m0073_agreement_signed_on",
]


def run_statements(db: pw.Database, sql: str) -> None:
    """Run a migration's ``;``-separated statements (each CREATE … IF NOT EXISTS: re-runnable)."""
    for statement in sql.strip().split(";\n"):
        if statement.strip():
            db.execute_sql(statement.strip().rstrip(";"))


def _number(name: str) -> int:
    """A migration's number, read from its module's name (m0016_… is 16): what a start compares
    with the database's list, without importing every migration module to read its NUMBER."""
    return int(name[1:5])


def _numbers() -> list[int]:
    numbers = [_number(name) for name in MIGRATION_MODULES]
    assert len(set(numbers)) == len(numbers), "duplicate migration numbers"
    return numbers


def _load(names: list[str] | None = None) -> list[ModuleType]:
    names = MIGRATION_MODULES if names is None else names
    mods = [importlib.import_module(f"{__name__}.{name}") for name in names]
    for name, mod in zip(names, mods):
        assert mod.NUMBER == _number(name), f"{name} says it is migration {mod.NUMBER}"
    mods.sort(key=lambda m: m.NUMBER)
    return mods


def known_migrations() -> list[ModuleType]:
    _numbers()
    return _load()


def latest_number() -> int:
    return max(_numbers())


def applied_numbers(db: pw.Database) -> set[int]:
    if "schema_migration" not in db.get_tables():
        return set()
    return {row[0] for row in db.execute_sql('SELECT "number" FROM "schema_migration"')}


def check_not_newer(db: pw.Database) -> None:
    known = set(_numbers())
    unknown = sorted(applied_numbers(db) - known)
    # a server database keeps its version in schema_migration only
    user_version = 0 if is_server(db) else db.execute_sql("PRAGMA user_version").fetchone()[0]
    if unknown or user_version > max(known):
        raise StoreError(
            "此数据库由更新版本的综治中心桌面端创建（数据结构版本 "
            f"{max(unknown or [user_version])}，本程序最高支持 {max(known)}）。"
            "为保护数据，本程序不会打开它。请安装新版本后再打开。"
        )


def pending(db: pw.Database, upto: int | None = None) -> list[ModuleType]:
    done = applied_numbers(db)
    return _load([name for name, number in zip(MIGRATION_MODULES, _numbers())
                  if number not in done and (upto is None or number <= upto)])


def backup_before_upgrade(db_path: Path, backup_dir: Path, from_numbers: set[int]) -> Path | None:
    """A verified backup (SQLite's backup API, consistent even in WAL mode) with its manifest."""
    from zhongxin_desktop.store import backup

    if not db_path.exists() or not from_numbers:
        return None
    m = backup.create(db_path, backup_dir, f"pre-migration-v{max(from_numbers)}", app_version=__version__)
    return m.path()


def migrate(db: pw.Database, db_path: Path | None = None, backup_dir: Path | None = None,
            upto: int | None = None) -> list[int]:
    """Apply every pending migration (each in its own transaction). Returns the numbers applied."""
    check_not_newer(db)
    todo = pending(db, upto)
    if not todo:
        return []
    before = applied_numbers(db)
    if db_path is not None and backup_dir is not None and before:
        try:
            backup_before_upgrade(db_path, backup_dir, before)
        except (OSError, StoreError) as exc:
            raise StoreError(f"升级数据库前备份失败，未做任何修改：{exc}") from exc
    done = []
    if is_server(db):
        for mod in todo:
            with db.atomic():
                # two processes starting on a fresh database at once: one migrates, the other waits
                db.execute_sql("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                getattr(mod, "apply_postgres", mod.apply)(db)
                db.execute_sql(
                    'INSERT INTO "schema_migration" ("number", "name", "app_version", "applied_at") '
                    'VALUES (?, ?, ?, ?) ON CONFLICT ("number") DO NOTHING',
                    (mod.NUMBER, mod.NAME, __version__, dt.datetime.utcnow()),
                )
            done.append(mod.NUMBER)
        return done
    for mod in todo:
        with db.atomic():
            mod.apply(db)
            db.execute_sql(
                'INSERT OR IGNORE INTO "schema_migration" ("number", "name", "app_version", "applied_at") '
                "VALUES (?, ?, ?, ?)",
                (mod.NUMBER, mod.NAME, __version__, dt.datetime.utcnow().isoformat(sep=" ")),
            )
            db.execute_sql(f"PRAGMA user_version = {int(max(applied_numbers(db)))}")
        done.append(mod.NUMBER)
    return done
