"""Backups as a use case: create (with rotation and a second folder), list, verify, restore,
and recovering a corrupt database from the newest good backup.

Rules:
- creating a backup by hand: Perm.EXPORT (a backup is a full copy of every party's personal data;
  the automatic and safety backups run as the system); listing and verifying: any signed-in
  user; restoring: Perm.RESTORE;
- every restore first makes a safety backup of the current database (or, when the current file
  is corrupt, keeps a raw copy of it), then checks the chosen backup, then swaps the file;
- a passphrase (environment ZHONGXIN_BACKUP_PASSPHRASE, or the file keys/backup-passphrase set
  from the settings) encrypts every new backup.
"""
from __future__ import annotations

from typing import Any

import contextlib
import datetime as dt
import logging
import os
import shutil
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from zhongxin_desktop import __version__
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.errors import DomainError, NotFound, PermissionDenied
from zhongxin_desktop.domain.roles import Perm, Role, allows
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit, passwords, settings
from zhongxin_desktop.services.actor import Actor, SYSTEM, unattended
from zhongxin_desktop.store import backup as store_backup, restore_journal, tempfiles
from zhongxin_desktop.store.backup import BackupError
from zhongxin_desktop.store.backup import Manifest as Manifest  # what a backup is, as the GUI lists it
from zhongxin_desktop.store.db import StoreError, database, is_bound, quick_check

log = logging.getLogger(__name__)

ENV_PASSPHRASE = "ZHONGXIN_BACKUP_PASSPHRASE"
PASSPHRASE_FILE = "backup-passphrase"
FAILURE_KEY = "backup_failure"


@dataclass
class CreateResult:
    manifest: Manifest
    warnings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def configured_passphrase(data: DataDir) -> str | None:
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env
    path = data.keys / PASSPHRASE_FILE
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def set_passphrase(actor: Actor, data: DataDir, passphrase: str | None) -> None:
    """Turn backup encryption on (a passphrase of at least 8 characters) or off (None)."""
    actor.require(Perm.SETTINGS, "setting", "backup_passphrase")
    path = data.keys / PASSPHRASE_FILE
    if not passphrase:
        path.unlink(missing_ok=True)
        audit.record(actor.username, "backup_passphrase_clear", "setting", "backup_passphrase")
        return
    if len(passphrase) < 8:
        from zhongxin_desktop.domain.errors import FieldError, ValidationError

        raise ValidationError(FieldError("备份口令", "至少8位；请记在安全的地方，丢失后加密备份无法恢复"))
    data.keys.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(passphrase)
    audit.record(actor.username, "backup_passphrase_set", "setting", "backup_passphrase")


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def second_folder(data: DataDir) -> Path | None:
    """The optional second target (a USB disk), one sub-folder per center."""
    configured = (settings.get("backup_second_dir") or "").strip()
    if not configured:
        return None
    from zhongxin_desktop.services.center import local_center

    return Path(configured).expanduser() / f"ZhongxinDesktop-{local_center().code}"


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def all_backups(data: DataDir) -> list[Manifest]:
    return store_backup.list_backups(data.backups)


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def every_backup(data: DataDir) -> list[Manifest]:
    """The backups here, then those in the second folder (when it is set and reachable)."""
    found = all_backups(data)
    second = _second_folder_or_none(data)
    if second is not None:
        found += store_backup.list_backups(second)
    return found


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def find_backup(data: DataDir, name: str | None) -> Manifest:
    """A backup by name (stem, file name or path), or the newest when ``name`` is None."""
    found = every_backup(data)
    if not found:
        raise NotFound(f"没有找到任何备份（{data.backups}）")
    if not name:
        return found[0]
    for m in found:
        if name in (m.name, m.file, str(m.path())):
            return m
    raise NotFound(f"没有名为“{name}”的备份。可用“zhongxin backup list”查看备份")


def _second_folder_or_none(data: DataDir) -> Path | None:
    if not is_bound():  # recovering a corrupt database: only the local folder
        return None
    try:
        return second_folder(data)
    except (DomainError, peewee.DatabaseError, sqlite3.Error):  # not initialised, or unreadable
        return None


def _rotate(folder: Path) -> list[str]:
    doomed = store_backup.rotate(store_backup.list_backups(folder), int(settings.get("backup_keep_daily")),
                                 int(settings.get("backup_keep_weekly")), int(settings.get("backup_keep_monthly")))
    for m in doomed:
        store_backup.remove(m)
    return [m.name for m in doomed]


def _copy_to(m: Manifest, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tempfiles.sweep_folder(folder)
    copy = Manifest(**{**m.__dict__, "folder": str(folder)})
    with tempfiles.written_atomically(folder / m.file) as tmp:
        shutil.copyfile(m.path(), tmp)
        store_backup.write_manifest(copy)  # before the file takes its name: never a file without one


def create_backup(actor: Actor, data: DataDir, kind: str = "manual", passphrase: str | None = None,
                  *, now: dt.datetime | None = None) -> CreateResult:
    """Back up the database now: verified, described, rotated, copied to the second folder."""
    actor.require(Perm.EXPORT, "backup", kind)
    passphrase = passphrase or configured_passphrase(data)
    try:
        m = store_backup.create(data.database, data.backups, kind, app_version=__version__,
                                passphrase=passphrase, now=now)
    except BackupError as exc:
        audit.record(actor.username, "backup_create", "backup", kind, outcome="failed", detail=str(exc))
        raise
    result = CreateResult(m)
    result.removed = _rotate(data.backups)
    second = second_folder(data)
    if second is not None:
        try:
            _copy_to(m, second)
            _rotate(second)
        except OSError as exc:
            result.warnings.append(f"第二备份目录 {second} 不可用（{exc}），本次只保存在本机")
    audit.record(actor.username, "backup_create", "backup", m.name,
                 detail={"kind": kind, "sha256": m.sha256, "encrypted": m.encrypted,
                         "second_folder": bool(second) and not result.warnings})
    return result


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def auto_daily(data: DataDir, now: dt.datetime | None = None) -> CreateResult | None:
    """The automatic backup: once a day, on the first start of the day. A failure is kept
    (``failure_warning``) until a backup succeeds."""
    now = now or dt.datetime.now()
    if any(m.created.date() == now.date() for m in all_backups(data)):
        return None
    from zhongxin_desktop.services.center import local_center

    system = Actor(SYSTEM, "系统", Role.ADMIN, local_center().code)
    try:
        return create_backup(system, data, "daily", now=now)
    except (BackupError, OSError) as exc:
        _record_failure(data, str(exc))
        raise


# The last failed automatic backup of each database, also kept in this process: a full disk may
# refuse to store it.
_failures: dict[str, dict[str, Any]] = {}


def _record_failure(data: DataDir, message: str) -> None:
    failure = {"at": dt.datetime.now().isoformat(timespec="seconds"), "message": message}
    _failures[str(data.database)] = failure
    try:
        settings.put(FAILURE_KEY, failure)
    except (peewee.DatabaseError, sqlite3.Error) as exc:
        log.warning("backup failure not stored: %s", exc)


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def failure_warning(data: DataDir) -> str | None:
    """The lasting warning of the 工作台 while the last automatic backup failed and no backup has
    succeeded since (a backup's time is when it began), else None."""
    try:
        stored = settings.get(FAILURE_KEY)
    except (peewee.DatabaseError, sqlite3.Error):
        stored = None
    known = [f for f in (stored, _failures.get(str(data.database))) if isinstance(f, dict) and f.get("at")]
    if not known:
        return None
    failure = max(known, key=lambda f: f["at"])
    found = every_backup(data)
    if found and max(m.created_at for m in found) >= failure["at"]:
        return None
    when = dt.datetime.fromisoformat(failure["at"])
    return (f"自动备份失败（{cn_date(when.date())} {when:%H:%M}）：{failure.get('message', '')}\n"
            "在备份成功之前，数据只有这一份。请检查磁盘空间或备份位置，然后在“设置 → 备份”中立即备份。")


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def backup_before(data: DataDir, kind: str, username: str = SYSTEM) -> Manifest:
    """A safety backup before a risky operation (import, restore). For other services to call."""
    from zhongxin_desktop.services.center import local_center

    actor = Actor(username, username, Role.ADMIN, local_center().code)
    return create_backup(actor, data, kind).manifest


def verify_backup(actor: Actor, data: DataDir, name: str | None, passphrase: str | None = None) -> tuple[Manifest, str]:
    actor.require(Perm.VIEW, "backup", name or "")
    m = find_backup(data, name)
    result = store_backup.verify(m, passphrase or configured_passphrase(data))
    audit.record(actor.username, "backup_verify", "backup", m.name, outcome="ok" if result == "ok" else "failed",
                 detail=result)
    return m, result


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def known_heads(data: DataDir) -> list[dict[str, Any]]:
    """Audit heads recorded in backups that still describe this database's history (a restore
    marks those of the history it replaced, in their manifests: ``store/backup_heads``)."""
    from zhongxin_desktop.store.backup_heads import live_heads

    return live_heads(all_backups(data))


# --- restoring -------------------------------------------------------------------------------

def _stage(m: Manifest, data: DataDir, passphrase: str | None) -> Path:
    """Decrypt/copy the backup next to the database and check it. Returns the staged file."""
    from zhongxin_desktop.store import migrations

    staged = tempfiles.temp_path(data.root, "restore.sqlite")
    try:
        store_backup.extract(m, staged, passphrase or configured_passphrase(data))
        problem = store_backup.integrity_of(staged)
        if problem != "ok":
            raise BackupError(f"备份“{m.name}”未通过完整性检查（{problem}），不能用于恢复")
        if m.schema_version > migrations.latest_number():
            raise BackupError(f"备份“{m.name}”由更新版本的程序创建（数据结构版本 {m.schema_version}），请先升级程序")
    except BaseException:
        _discard(staged)
        raise
    return staged


def _discard(staged: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{staged}{suffix}").unlink(missing_ok=True)


def _close_current() -> None:
    from zhongxin_desktop.store.connection import close_database

    if database.obj is not None and not database.is_closed():
        try:
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:  # noqa: BLE001 - a failed checkpoint only means the safety copy matters more
            log.warning("checkpoint before restore failed", exc_info=True)
    close_database()


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def release_connection() -> None:
    """Close the calling thread's connection (the GUI thread's, before a restore runs on the
    worker): on Windows an open file cannot be replaced."""
    from zhongxin_desktop.store.connection import close_database

    close_database()


def _reopen(data: DataDir) -> None:
    from zhongxin_desktop.store.connection import open_database

    open_database(data)


def _prepare(staged: Path, username: str, m: Manifest, detail: dict[str, Any]) -> dict[str, Any]:
    """Put the restore's bookkeeping inside the staged copy before it takes the database's
    place (store/restore_journal.py): migrated to this version, its token, the audit entry.
    Returns the journal entry. The database proxy is bound to the copy meanwhile."""
    from zhongxin_desktop.store import migrations
    from zhongxin_desktop.store.db import bind, make_database

    token, at = uuid.uuid4().hex, dt.datetime.now().isoformat(timespec="seconds")
    db = make_database(staged)
    bind(db)
    try:
        db.connect()
        migrations.migrate(db)  # no copy first: the backup it came from stays as it is
        with db.atomic():
            settings.put(restore_journal.TOKEN_KEY, token)
            audit.record(username, "backup_restore", "backup", m.name, detail={"restored": m.name, **detail})
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute_sql("PRAGMA journal_mode=DELETE")  # one self-contained file to rename
    finally:
        db.close()
    return {"token": token, "at": at, "backup": m.name, "folder": m.folder, "user": username,
            "staged": staged.name, **detail}


def _swap_in(data: DataDir, staged: Path, username: str, m: Manifest, detail: dict[str, Any]) -> None:
    """The restore's one step: the prepared copy replaces the database under the journal."""
    try:
        entry = _prepare(staged, username, m, detail)
        restore_journal.write(data.database, entry)
        store_backup.replace_database(data.database, staged)
    except BaseException:
        _discard(staged)
        restore_journal.remove(data.database)
        with contextlib.suppress(StoreError):
            _reopen(data)  # the database as it was: the rename did not happen
        raise
    _reopen(data)
    _mark_heads(data, m)
    restore_journal.remove(data.database)


def _mark_heads(data: DataDir, m: Manifest) -> None:
    """The heads of the backups made after the restored one belong to the history the restore
    replaced (store/backup_heads.py). Part of the restore's step: a journal left by a restore
    killed after its swap does it at the next start. Runs on the restored database (the second
    folder is one of its settings)."""
    from zhongxin_desktop.store.backup_heads import mark_superseded

    try:
        mark_superseded(every_backup(data), m, dt.datetime.now().isoformat(timespec="seconds"))
    except OSError:  # a read-only second folder: its heads stay, and may be reported as rewritten
        log.warning("could not mark superseded backup heads", exc_info=True)


def restore_backup(actor: Actor, data: DataDir, name: str | None, passphrase: str | None = None) -> Manifest:
    """Replace the database with backup ``name`` (newest when None). Returns the safety backup.

    The caller must have closed the database in every other thread (the GUI's worker)."""
    actor.require(Perm.RESTORE, "backup", name or "")
    m = find_backup(data, name)
    staged = _stage(m, data, passphrase)
    try:
        safety = create_backup(actor, data, "pre-restore").manifest
        audit.record(actor.username, "backup_restore_start", "backup", m.name, detail={"safety": safety.name})
        _close_current()
    except BaseException:
        _discard(staged)
        raise
    _swap_in(data, staged, actor.username, m, {"safety": safety.name})
    return safety


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def finish_interrupted_restore(data: DataDir) -> str | None:
    """At start, with the folder lock held and the database open: settle a restore that was
    killed around its swap (store/restore_journal.py). Returns what to tell the user, or None."""
    path = data.database
    if not restore_journal.pending(path):
        return None
    entry = restore_journal.read(path)
    if entry is None:
        restore_journal.remove(path)
        return None
    if restore_journal.swapped(path, entry["token"]):
        restored = next((m for m in every_backup(data)
                         if m.name == entry.get("backup") and m.folder == entry.get("folder", m.folder)), None)
        if restored is not None:
            _mark_heads(data, restored)
        restore_journal.remove(path)
        log.warning("restore of %s was interrupted after the swap: complete", entry.get("backup"))
        return f"上次从备份“{entry.get('backup')}”恢复时程序被中断，但数据库已经替换完毕：恢复已完成。"
    staged = data.root / str(entry.get("staged", ""))
    if tempfiles.is_temp_name(staged.name):
        _discard(staged)
    if is_bound():
        audit.record(entry.get("user") or SYSTEM, "backup_restore", "backup", str(entry.get("backup")),
                     outcome="failed", detail={"interrupted": "before_swap"})
    restore_journal.remove(path)
    log.warning("restore of %s was interrupted before the swap: nothing changed", entry.get("backup"))
    return (f"上次从备份“{entry.get('backup')}”恢复时程序在替换数据库之前被中断：数据库保持恢复前的状态，"
            "没有任何改动。如仍需恢复，请重新操作。")


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def authenticate_in(path: Path, username: str, password: str) -> Role:
    """Check a user's password against the users of another database file (a backup), for
    recovering when the current database is unreadable. Needs Perm.RESTORE there."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute('SELECT password_hash, role, active FROM "user" WHERE username = ?',
                          (username,)).fetchone()
    finally:
        con.close()
    if row is None or not row[2] or not passwords.verify_password(password, row[0]):
        raise PermissionDenied("用户名或密码不正确（以备份中的账户为准）")
    role = Role(row[1])
    if not allows(role, Perm.RESTORE):
        raise PermissionDenied(f"“{role.label}”角色无权恢复备份，请由管理员操作")
    return role


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def keep_corrupt_copy(data: DataDir) -> Path:
    """Keep the unreadable database (and its -wal/-shm) for the technicians; never delete it."""
    folder = data.backups / f"corrupt-{dt.datetime.now():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(data.database) + suffix)
        if src.exists():
            shutil.copy2(src, folder / src.name)
    return folder


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def newest_good(data: DataDir, passphrase: str | None = None) -> Manifest | None:
    for m in all_backups(data):
        if store_backup.verify(m, passphrase or configured_passphrase(data)) == "ok":
            return m
    return None


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def recover_corrupt(data: DataDir, name: str | None, username: str, password: str,
                    passphrase: str | None = None) -> tuple[Manifest, Path]:
    """Replace a corrupt database by a good backup, by the user's explicit choice.

    The signed-in check uses the backup's own users (the current file cannot be read). The
    corrupt file is kept in backups/corrupt-*/. Returns the backup used and that folder."""
    # only this folder's backups: the settings (second folder) are in the unreadable file
    m = next((b for b in all_backups(data) if name in (b.name, b.file, str(b.path()))), None) if name \
        else newest_good(data, passphrase)
    if m is None:
        raise NotFound("没有可用的完好备份，请联系县级技术人员")
    staged = _stage(m, data, passphrase)
    try:
        authenticate_in(staged, username, password)
        kept = keep_corrupt_copy(data)
        _close_current()
    except BaseException:
        _discard(staged)
        raise
    _swap_in(data, staged, username, m, {"reason": "corrupt", "corrupt_copy": str(kept)})
    return m, kept


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def database_lost(data: DataDir) -> bool:
    """The database file is missing or empty in a folder that was in use (not a new center)."""
    from zhongxin_desktop.store.connection import lost_database

    return lost_database(data) is not None


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: acts on the data folder and its backups")
def database_is_corrupt(data: DataDir) -> str | None:
    """What makes the database unusable (damaged, or missing/empty in a folder in use), or None."""
    from zhongxin_desktop.store.connection import lost_database

    lost = lost_database(data)
    if lost:
        return lost
    return quick_check(data.database) if data.database.exists() else None
