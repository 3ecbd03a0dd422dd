"""Which database engine holds the store, and the few places where the engines differ.

A township keeps its SQLite file (store/db.py). A county may instead keep its store on a
PostgreSQL server (``--database postgresql://…`` or ``ZHONGXIN_DATABASE_URL``): the same peewee
models and numbered migrations, driven through psycopg 3. What differs is answered here:
- placeholders: raw statements across the code are written in sqlite3's ``?`` style;
  ``ServerDatabase`` hands them to psycopg in its ``%s`` style;
- schema: a migration may define ``apply_postgres(db)`` (types and indexes the server has;
  see migrations/__init__.py); the version lives in ``schema_migration`` only (no user_version);
- search: FTS5 on SQLite, ``pg_trgm`` trigram indexes on PostgreSQL (services/casework/server_search.py).
"""
from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

import peewee as pw

from zhongxin_desktop import _server_driver
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store.db import StoreError

URL_ENV = "ZHONGXIN_DATABASE_URL"
_QMARK = re.compile(r"\?")


def database_url(given: str | None = None, data: DataDir | None = None) -> str | None:
    """The server database asked for (the command line first, then the environment, then the
    address remembered in the data folder ``data``: store/server_address.py), or None for the
    data folder's SQLite file."""
    url = (given or os.environ.get(URL_ENV) or "").strip()
    if not url and data is not None:
        from zhongxin_desktop.store import server_address

        url = server_address.load(data) or ""
    if not url:
        return None
    scheme = urlsplit(url).scheme
    if scheme not in ("postgresql", "postgres"):
        raise StoreError(f"数据库地址“{describe(url)}”无法识别：请写成 postgresql://用户@主机:端口/数据库名")
    return url


def describe(url: str) -> str:
    """The address without its password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


class ServerDatabase(pw.PostgresqlDatabase):
    """PostgreSQL through psycopg 3, accepting the ``?`` placeholders of the store's raw SQL.

    Raw statements never carry a literal ``?`` or ``%`` (values always travel as parameters),
    so the translation is a plain substitution; peewee's own statements already use ``%s``."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        _server_driver.attach()  # peewee was imported without it (the package's __init__)
        kwargs.setdefault("prefer_psycopg3", True)
        # a short connect timeout: a server that is down is reported, not waited on
        kwargs.setdefault("connect_timeout", 10)
        super().__init__(url.replace("postgres://", "postgresql://", 1), **kwargs)
        self.url = url

    def execute_sql(self, sql: str, params: Any = None, commit: Any = None) -> Any:
        if "?" in sql:
            sql = _QMARK.sub("%s", sql)
        parent: Any = super()  # peewee's stub leaves execute_sql unannotated
        return parent.execute_sql(sql, params)


def is_server(db: pw.Database | None = None) -> bool:
    """True when ``db`` (default: the bound store) is a PostgreSQL database."""
    from zhongxin_desktop.store.db import database

    db = db if db is not None else database.obj
    return isinstance(db, pw.PostgresqlDatabase)


def make_server_database(url: str, data: DataDir | None = None) -> ServerDatabase:
    """``data``: the data folder, whose password file (store/server_address.py) libpq then reads."""
    from zhongxin_desktop.store import server_address

    passfile = server_address.passfile(data) if data is not None else None
    return ServerDatabase(url, **({"passfile": str(passfile)} if passfile else {}))


def unreachable_message(url: str, exc: BaseException) -> str:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (f"无法连接数据库服务器 {describe(url)}（{reason}）。请确认 PostgreSQL 已启动、"
            "数据库已创建、地址与用户名正确，再重试。")


def create_model_tables(db: pw.Database, models: list[type[pw.Model]]) -> None:
    """The tables (with their indexes) of ``models`` as the server's types give them; idempotent."""
    with db.bind_ctx(models):
        db.create_tables(models, safe=True)


WRITE_LOCK = 0x7A68_7869  # "zhxi": the store's one advisory lock key
SENDER_LOCKS = 0x7A68  # first half of the two-key locks, one per township (a key space of its own)


def serialize_writes(sender: str | None = None) -> None:
    """Inside a transaction: wait until no other writer of the store holds the write lock, and
    hold it until this transaction ends. SQLite gives every write transaction this by itself
    (one writer at a time); on PostgreSQL the GUI, ``serve`` and the command line write at the
    same time, and the audit chain (each entry hashes the one before) needs the same
    one-at-a-time order. Re-taking it in one transaction is free.

    ``sender``: only the lock of that township's data. An import touches rows its sender owns
    (ownership.screen refuses the rest) and that sender's receipts, snapshots and audit heads,
    so bundles of different townships are applied side by side and one township's bundles in
    turn; the import's audit entry, written last, still takes the store's lock for the chain."""
    from zhongxin_desktop.store.db import database

    if not is_server():
        return
    if sender is None:
        database.execute_sql("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
    else:
        database.execute_sql("SELECT pg_advisory_xact_lock(?, hashtext(?))", (SENDER_LOCKS, sender))
