import datetime as dt
import json
import sqlite3

import pytest

from conftest import PASSWORD
from zhongxin_desktop.domain.errors import PermissionDenied
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services import settings, users
from zhongxin_desktop.store import backup as store_backup
from zhongxin_desktop.store.backup import BackupError, Manifest
from zhongxin_desktop.store.models import AuditEvent, User


def test_backup_is_verified_and_described(township, data_dir):
    result = backups.create_backup(township, data_dir)
    m = result.manifest
    assert m.path().exists() and m.manifest_path().exists()
    manifest = json.loads(m.manifest_path().read_text(encoding="utf-8"))
    assert manifest["sha256"] == store_backup.sha256_file(m.path())
    assert manifest["integrity"] == "ok" and manifest["schema_version"] >= 1
    assert manifest["app_version"] and manifest["created_at"]
    assert manifest["audit_head"]["seq"] >= 1
    # a standalone file: no -wal beside it, and it holds the users
    con = sqlite3.connect(f"file:{m.path()}?mode=ro", uri=True)
    assert con.execute('SELECT count(*) FROM "user"').fetchone()[0] == 1
    con.close()
    assert backups.verify_backup(township, data_dir, m.name)[1] == "ok"
    assert AuditEvent.select().where(AuditEvent.action == "backup_create").count() == 1


def test_a_changed_backup_fails_verification(township, data_dir):
    m = backups.create_backup(township, data_dir).manifest
    blob = bytearray(m.path().read_bytes())
    blob[5000] ^= 0xFF
    m.path().write_bytes(bytes(blob))
    _, result = backups.verify_backup(township, data_dir, m.name)
    assert "校验值不符" in result


def test_encrypted_backup_needs_the_passphrase(township, data_dir, monkeypatch):
    backups.set_passphrase(township, data_dir, "usb-disk-secret-1")
    assert (data_dir.keys / backups.PASSPHRASE_FILE).stat().st_mode & 0o077 == 0
    m = backups.create_backup(township, data_dir).manifest
    assert m.encrypted and m.file.endswith(".sqlite.enc")
    assert b"SQLite format 3" not in m.path().read_bytes()[:100]
    assert store_backup.verify(m, "usb-disk-secret-1") == "ok"
    assert "口令不正确" in store_backup.verify(m, "wrong passphrase")
    assert "需要备份口令" in store_backup.verify(m, None)


def test_second_folder_gets_a_copy_and_a_missing_one_only_warns(township, data_dir, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    settings.change(township, "backup_second_dir", str(usb))
    result = backups.create_backup(township, data_dir)
    copies = store_backup.list_backups(backups.second_folder(data_dir))
    assert [c.name for c in copies] == [result.manifest.name]
    assert store_backup.verify(copies[0]) == "ok"
    (usb / "blocker").write_text("x")
    settings.change(township, "backup_second_dir", str(usb / "blocker"))  # a file, not a folder: unusable
    result = backups.create_backup(township, data_dir)
    assert result.warnings and "第二备份目录" in result.warnings[0]
    assert result.manifest.path().exists()


def _fake(name: str, when: dt.datetime) -> Manifest:
    return Manifest(name=name, file=name + ".sqlite", kind="daily", created_at=when.isoformat(), app_version="t",
                    schema_version=1, sha256="", size=0, encrypted=False, integrity="ok")


def test_rotation_keeps_7_daily_4_weekly_12_monthly():
    now = dt.datetime(2026, 11, 27, 9, 0)
    made = [_fake(f"b{i}", now - dt.timedelta(days=i)) for i in range(400)]  # one a day for 400 days
    doomed = {m.name for m in store_backup.rotate(made, 7, 4, 12, now=now)}
    kept = [m for m in made if m.name not in doomed]
    days = {m.created.date() for m in kept}
    assert all((now - dt.timedelta(days=i)).date() in days for i in range(7))
    weeks = {m.created.isocalendar()[:2] for m in kept}
    assert len(weeks) >= 4
    months = {(m.created.year, m.created.month) for m in kept}
    assert len(months) == 12
    assert len(kept) <= 7 + 4 + 12
    assert "b399" in doomed


def test_rotation_runs_on_create(township, data_dir):
    settings.change(township, "backup_keep_daily", 2)
    settings.change(township, "backup_keep_weekly", 0)
    settings.change(township, "backup_keep_monthly", 0)
    now = dt.datetime.now()
    for days in (5, 4, 3):
        backups.create_backup(township, data_dir, "daily", now=now - dt.timedelta(days=days))
    names = [m.created.date() for m in backups.all_backups(data_dir)]
    assert names == [(now - dt.timedelta(days=d)).date() for d in (3, 4)]


def test_daily_backup_only_once_a_day(township, data_dir):
    assert backups.auto_daily(data_dir) is not None
    assert backups.auto_daily(data_dir) is None
    assert len(backups.all_backups(data_dir)) == 1


def test_restore_brings_back_the_data_and_keeps_a_safety_backup(township, data_dir, make_user):
    m = backups.create_backup(township, data_dir).manifest
    make_user(Role.CLERK, "later")  # made after the backup
    assert User.select().where(User.username == "later").exists()
    safety = backups.restore_backup(township, data_dir, m.name)
    assert not User.select().where(User.username == "later").exists()
    assert safety.kind == "pre-restore"
    con = sqlite3.connect(f"file:{safety.path()}?mode=ro", uri=True)
    assert con.execute("SELECT count(*) FROM user WHERE username='later'").fetchone()[0] == 1
    con.close()
    # a fresh connection of its own (no stale WAL frames of the replaced file replayed into it)
    # sees the restored data, not the user made after the backup
    fresh = sqlite3.connect(f"file:{data_dir.database}?mode=ro", uri=True)
    assert fresh.execute("SELECT count(*) FROM user WHERE username='later'").fetchone()[0] == 0
    fresh.close()
    from zhongxin_desktop.services.safety.checks import check_database

    report = check_database(data_dir)
    assert report.ok, report.problems
    assert AuditEvent.select().where(AuditEvent.action == "backup_restore").count() == 1


def test_restore_needs_the_permission(township, data_dir, make_user):
    m = backups.create_backup(township, data_dir).manifest
    director = make_user(Role.DIRECTOR)
    with pytest.raises(PermissionDenied, match="恢复备份"):
        backups.restore_backup(director, data_dir, m.name)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(township, data_dir, make_user):
    m = backups.create_backup(township, data_dir).manifest
    make_user(Role.CLERK, "later")
    m.path().write_bytes(b"not a database")
    with pytest.raises(BackupError, match="校验值不符"):
        backups.restore_backup(township, data_dir, m.name)
    assert User.select().where(User.username == "later").exists()


def test_recover_a_corrupt_database_from_the_newest_good_backup(township, data_dir, make_user):
    from zhongxin_desktop.store.connection import close_database, open_database
    from zhongxin_desktop.store.db import CorruptDatabase

    make_user(Role.MEDIATOR, "tj")
    backups.create_backup(township, data_dir)
    close_database()
    raw = bytearray(data_dir.database.read_bytes())
    for page in range(2, len(raw) // 4096):
        raw[page * 4096:page * 4096 + 100] = b"\x13" * 100
    data_dir.database.write_bytes(bytes(raw))
    corrupt = data_dir.database.read_bytes()
    with pytest.raises(CorruptDatabase):
        open_database(data_dir)
    assert data_dir.database.read_bytes() == corrupt  # never opened for writing
    with pytest.raises(PermissionDenied):
        backups.recover_corrupt(data_dir, None, "tj", PASSWORD)  # a mediator may not restore
    assert data_dir.database.read_bytes() == corrupt
    m, kept = backups.recover_corrupt(data_dir, None, "admin", PASSWORD)
    assert (kept / "zhongxin.sqlite").read_bytes() == corrupt
    assert User.select().where(User.username == "tj").exists()
    assert users.sign_in("admin", PASSWORD).role == Role.ADMIN


def test_pre_migration_backup_uses_the_backup_function(tmp_path):
    from zhongxin_desktop.store import migrations

    src = tmp_path / "db.sqlite"
    con = sqlite3.connect(src)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    path = migrations.backup_before_upgrade(src, tmp_path / "backups", {1})
    found = store_backup.list_backups(tmp_path / "backups")
    assert [m.path() for m in found] == [path] and found[0].kind == "pre-migration-v1"
    assert store_backup.verify(found[0]) == "ok"


def test_interrupted_backup_is_never_listed(township, data_dir):
    m = backups.create_backup(township, data_dir).manifest
    m.manifest_path().unlink()  # as if killed before the manifest was written
    assert backups.all_backups(data_dir) == []
