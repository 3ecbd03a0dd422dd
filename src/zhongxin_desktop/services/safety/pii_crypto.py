"""Turning encryption at rest of ID numbers and phones on or off (Perm.SETTINGS).

What it covers: every column that holds a party's ID number or phone (``sealed.SEALED_COLUMNS``:
the parties, their agents' phones, the party snapshots of agreements and of county referrals)
and the search index (tails become keyed hashes). What it does not: names, addresses, the facts
and other free text (a number typed into the facts stays readable), grid workers' and household
heads' contact phones, attachment scans, and backups made earlier (see ``plain_backups``).

The existing rows are converted and the search index rebuilt in ONE transaction together with
the setting, so a crash leaves either all plain or all sealed. Then the file is scrubbed: free
pages zeroed (``secure_delete``), the file rebuilt (``VACUUM``) and the WAL emptied
(``wal_checkpoint(TRUNCATE)``), so no old page still holds a number in plain text. Rows are not
``touch()``-ed: this changes how values are stored on this PC, not the values, and must not
re-send every party to the county.
"""
from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass, field

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.casework import search_index
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.store import backup as store_backup
from zhongxin_desktop.store import sealed
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Setting, utcnow

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    parties: int = 0  # parties whose numbers were converted
    rows: int = 0  # rows converted in every table
    warnings: list[str] = field(default_factory=list)
    plain_backups: list[store_backup.Manifest] = field(default_factory=list)


@unattended("a center-wide setting every screen may show")
def is_on() -> bool:
    return sealed.keyring.sealing


def _convert(to_sealed: bool) -> tuple[int, int]:
    """(parties changed, rows changed in all tables)."""
    parties, total = set(), 0
    for table, column in sealed.SEALED_COLUMNS:
        changed = []
        for rid, value in database.execute_sql(f'SELECT id, "{column}" FROM "{table}"').fetchall():
            new = sealed.seal(value, column) if to_sealed else sealed.unseal(value, column)
            if new != value:
                changed.append((new, rid))
                if table == "party":
                    parties.add(rid)
        database.connection().executemany(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', changed)
        total += len(changed)
    return len(parties), total


def _reindex() -> None:
    """Every case's tails again (keyed hashes or reversed digits), and the full-text index rebuilt
    from them, so no token of the other kind survives in its segments."""
    ids = [r[0] for r in database.execute_sql('SELECT id FROM "case" ORDER BY registered_on, created_at')]
    search_index.index_cases(ids)
    database.execute_sql("INSERT INTO case_fts(case_fts) VALUES ('rebuild')")


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def scrub() -> list[str]:
    """Leave no old page with plain numbers in the database file or its WAL. Returns warnings."""
    database.execute_sql("PRAGMA secure_delete = ON")
    database.execute_sql("VACUUM")
    busy, _, _ = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        return ["另一个程序（如已打开的综治中心桌面端）正在使用数据库，旧数据可能仍留在 -wal 文件中。"
                "请关闭所有窗口后再运行一次“zhongxin encrypt-pii on”。"]
    return []


def set_encryption(actor: Actor, data: DataDir, on: bool) -> int:
    """``change``; returns how many parties were converted."""
    return change(actor, data, on).parties


def change(actor: Actor, data: DataDir, on: bool) -> Outcome:
    """Convert every sealed column (or back), rebuild the search index, scrub the file. Turning
    it on when it is on already scrubs again (e.g. after the app held the WAL open)."""
    actor.require(Perm.SETTINGS, "setting", sealed.SETTING_KEY)
    out = Outcome()
    if on != is_on():
        if on:
            sealed.keyring.key = sealed.load_key(data.keys, create=True)
        before = sealed.keyring.sealing
        try:
            with database.atomic():
                sealed.keyring.sealing = on
                out.parties, out.rows = _convert(on)
                _reindex()
                value = "true" if on else "false"
                Setting.insert(key=sealed.SETTING_KEY, value=value, updated_at=utcnow()).on_conflict(
                    conflict_target=[Setting.key], update={Setting.value: value, Setting.updated_at: utcnow()}
                ).execute()
                audit.record(actor.username, "pii_encryption_on" if on else "pii_encryption_off", "setting",
                             sealed.SETTING_KEY, detail={"parties": out.parties, "rows": out.rows})
        except BaseException:
            sealed.keyring.sealing = before
            raise
    if on:
        out.warnings = scrub()
        out.plain_backups = plain_backups(data)
    return out


def _backup_is_plain(m: store_backup.Manifest) -> bool:
    """An unencrypted backup whose numbers were not sealed when it was made."""
    if m.encrypted:
        return False
    try:
        with contextlib.closing(sqlite3.connect(m.path().resolve().as_uri() + "?mode=ro", uri=True)) as con:
            row = con.execute("SELECT value FROM setting WHERE key = ?", (sealed.SETTING_KEY,)).fetchone()
    except sqlite3.Error:
        return True  # unreadable as a database: treat as plain, the person decides
    return not (row and row[0] == "true")


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def plain_backups(data: DataDir) -> list[store_backup.Manifest]:
    """Backups (here and in the second folder) that still hold ID numbers and phones in plain text."""
    from zhongxin_desktop.services.safety import backups

    return [m for m in backups.every_backup(data) if _backup_is_plain(m)]


def seal_backups(actor: Actor, data: DataDir) -> int:
    """Encrypt every plain backup with the backup passphrase (the whole file, AES-GCM), as new
    backups are when a passphrase is set. Returns how many."""
    from zhongxin_desktop.services.safety import backups

    actor.require(Perm.SETTINGS, "backup")
    passphrase = backups.configured_passphrase(data)
    if not passphrase:
        raise DomainError("尚未设置备份口令，无法加密旧备份。请先在 设置 › 备份 › 备份口令 设置口令"
                          "（或设置环境变量 ZHONGXIN_BACKUP_PASSPHRASE），或改为删除这些旧备份。")
    done = 0
    for m in plain_backups(data):
        enc_name = m.file + ".enc"
        target = m.path().with_name(enc_name)
        tmp = target.with_name(enc_name + ".part")
        tmp.write_bytes(store_backup.encrypt_bytes(m.path().read_bytes(), passphrase))
        tmp.replace(target)
        plain_file = m.path()
        sealed_m = store_backup.Manifest(**{**m.__dict__, "file": enc_name, "encrypted": True,
                                            "sha256": store_backup.sha256_file(target),
                                            "size": target.stat().st_size})
        store_backup.write_manifest(sealed_m)
        plain_file.unlink(missing_ok=True)
        audit.record(actor.username, "backup_seal", "backup", m.name)
        done += 1
    return done


def delete_plain_backups(actor: Actor, data: DataDir) -> int:
    actor.require(Perm.SETTINGS, "backup")
    found = plain_backups(data)
    for m in found:
        store_backup.remove(m)
        audit.record(actor.username, "backup_delete_plain", "backup", m.name)
    return len(found)
