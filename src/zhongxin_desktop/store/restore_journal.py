"""The restore journal: ``zhongxin.sqlite-restore`` beside the database while a restore puts a
backup in its place.

A restore prepares the copy of the backup completely before the swap: migrated, and with its
bookkeeping already inside (the audit entry, a token). The swap is then one rename, and the
journal, written just before it, says which token to look for and which backup was restored.
After the rename the heads of later backups are marked as replaced (store/backup_heads.py),
then the journal goes. At the next start a journal still there is settled: the database carries
the token, so the rename happened, and the marking is done (again: it is idempotent); or it does
not, so the rename never happened and the database is as it was before the restore. Either way
the journal is removed, and the audit check never expects the heads of a replaced history.
"""
from __future__ import annotations

from typing import Any

import json
import os
import sqlite3
from pathlib import Path

from zhongxin_desktop.store import tempfiles

SUFFIX = "-restore"
TOKEN_KEY = "last_restore_token"  # setting in the restored database


def path_for(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def pending(database: Path) -> bool:
    return path_for(database).exists()


def write(database: Path, entry: dict[str, Any]) -> None:
    """Durably, before the swap: a journal that is not on disk when the rename is cannot help."""
    with tempfiles.written_atomically(path_for(database)) as tmp, open(tmp, "w", encoding="utf-8") as f:
        json.dump(entry, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())


def read(database: Path) -> dict[str, Any] | None:
    try:
        entry = json.loads(path_for(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and entry.get("token") else None


def remove(database: Path) -> None:
    path_for(database).unlink(missing_ok=True)


def swapped(database: Path, token: str) -> bool:
    """Whether ``database`` is the prepared copy carrying ``token`` (read-only look)."""
    try:
        con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = ?", (TOKEN_KEY,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and json.loads(row[0]) == token
