import datetime as dt
import json

import pytest

from zhongxin_desktop.domain.dates import CHINA
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.safety import audit_log, backups
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import AuditEvent


def _fill(n: int) -> None:
    for i in range(n):
        audit.record("admin", "test", "case", f"k{i}")


def test_deleting_the_last_entries_is_detected(township):
    _fill(5)
    last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first().seq
    database.execute_sql("DELETE FROM audit_event WHERE seq >= ?", (last - 1,))
    result = audit.verify()
    assert not result.ok and result.bad_seq == last - 1
    assert "末尾" in result.reason


def test_deleting_the_first_entry_is_detected(township):
    _fill(3)
    database.execute_sql("DELETE FROM audit_event WHERE seq = 1")
    result = audit.verify()
    assert not result.ok and result.bad_seq == 1


def test_reordering_is_detected(township):
    _fill(4)
    database.execute_sql("UPDATE audit_event SET seq = 1000 WHERE seq = 2")
    database.execute_sql("UPDATE audit_event SET seq = 2 WHERE seq = 3")
    database.execute_sql("UPDATE audit_event SET seq = 3 WHERE seq = 1000")
    result = audit.verify()
    assert not result.ok and result.bad_seq == 2


def test_truncation_with_a_rewritten_head_is_caught_by_the_backups(township, data_dir):
    _fill(3)
    backups.create_backup(township, data_dir)  # the manifest remembers the head
    head = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    # a careful forger: delete the newest entries and rewrite the head setting to match
    database.execute_sql("DELETE FROM audit_event WHERE seq >= ?", (head.seq - 1,))
    new_last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    database.execute_sql("UPDATE setting SET value = ? WHERE key = 'audit_head'",
                         (f'{{"seq": {new_last.seq}, "hash": "{new_last.hash}"}}',))
    assert audit.verify().ok  # the database alone cannot tell...
    result = audit_log.verify_chain(data_dir)  # ...the backups can
    assert not result.ok and result.bad_seq == new_last.seq + 1


def test_pruning_keeps_six_months_and_the_chain_verifiable(township):
    old = dt.datetime(2025, 1, 1, 8, 0)
    _fill(4)
    database.execute_sql("UPDATE audit_event SET at = ? WHERE seq <= 3", (old,))
    # rehash: pretend those entries were written long ago
    prev = audit.GENESIS
    for e in AuditEvent.select().order_by(AuditEvent.seq):
        h = audit._entry_hash(prev, e.seq, str(e.at), e.username, e.action, e.object_type, e.object_id,
                              e.outcome, e.detail)
        database.execute_sql("UPDATE audit_event SET prev_hash=?, hash=? WHERE seq=?", (prev, h, e.seq))
        prev = h
    database.execute_sql("UPDATE setting SET value=? WHERE key='audit_head'",
                         (f'{{"seq": {e.seq}, "hash": "{prev}"}}',))
    assert audit.verify().ok
    assert audit.prune("admin", 30, today=dt.date(2026, 11, 27)) == 3  # 30 is raised to 183 days
    assert audit.verify().ok
    assert AuditEvent.select().where(AuditEvent.action == "audit_prune").count() == 1
    first = AuditEvent.select().order_by(AuditEvent.seq).first()
    database.execute_sql("DELETE FROM audit_event WHERE seq = ?", (first.seq,))
    assert audit.verify().bad_seq == first.seq
    # nothing younger than six months is ever pruned
    assert audit.prune("admin", 1, today=dt.date.today()) == 0


@pytest.mark.parametrize("days", [10, 182])
def test_retention_setting_cannot_go_under_six_months(township, days):
    from zhongxin_desktop.domain.errors import ValidationError
    from zhongxin_desktop.services import settings

    with pytest.raises(ValidationError, match="6个月"):
        settings.change(township, "audit_keep_days", days)
    assert settings.change(township, "audit_keep_days", 400) == 400


def test_audit_query_filters(township, make_user):
    clerk = make_user("clerk", "dj")
    from zhongxin_desktop.services import users

    with pytest.raises(users.SignInError, match="不正确"):
        users.sign_in("dj", "wrong-password-1")
    rows = audit_log.entries(township, username="dj", action="sign_in")
    assert {r.outcome for r in rows} == {"ok", "failed"}
    # the clerk's days are China's (domain.dates): from 16:00 UTC the machine's date is a day behind
    today = dt.datetime.now(CHINA).date()
    assert audit_log.entries(township, outcome="failed", since=today)
    assert not audit_log.entries(township, since=today + dt.timedelta(days=1))
    from zhongxin_desktop.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        audit_log.entries(clerk)


def _rehash_from(first_seq: int) -> None:
    """What a forger with the file does: rehash the chain from ``first_seq`` and fix the head."""
    before = AuditEvent.get_or_none(AuditEvent.seq == first_seq - 1)
    prev = before.hash if before else audit.GENESIS
    for e in AuditEvent.select().where(AuditEvent.seq >= first_seq).order_by(AuditEvent.seq):
        h = audit._entry_hash(prev, e.seq, str(e.at), e.username, e.action, e.object_type, e.object_id,
                              e.outcome, e.detail)
        database.execute_sql("UPDATE audit_event SET prev_hash=?, hash=? WHERE seq=?", (prev, h, e.seq))
        prev = h
    database.execute_sql("UPDATE setting SET value=? WHERE key='audit_head'",
                         (json.dumps({"seq": e.seq, "hash": prev}),))


def _all_checks_fail(data_dir, words: str) -> None:
    from zhongxin_desktop.services.safety.checks import check_database

    result = audit_log.verify_chain(data_dir)
    assert not result.ok and words in result.reason, result.reason
    report = check_database(data_dir)
    assert not report.ok and any(words in p for p in report.problems), report.problems


def test_deleting_and_rehashing_with_a_future_restore_time_is_still_caught(township, data_dir):
    _fill(5)
    backups.create_backup(township, data_dir)
    _fill(2)
    database.execute_sql("DELETE FROM audit_event WHERE seq IN (2, 3)")
    database.execute_sql("UPDATE audit_event SET seq = seq - 2 WHERE seq > 3")
    _rehash_from(2)
    # the old way out: a "last restore" in the future made every backup's head look stale
    database.execute_sql("INSERT OR REPLACE INTO setting (key, value, updated_at) VALUES "
                         "('last_restore_at', '\"2099-01-01T00:00:00\"', '2026-11-27 00:00:00')")
    assert audit.verify().ok  # the file alone agrees with itself
    _all_checks_fail(data_dir, "日志被改写")


def test_a_forged_anchor_hiding_deleted_first_entries_is_refused(township, data_dir):
    _fill(6)
    head = backups.create_backup(township, data_dir).manifest.audit_head["seq"]
    _fill(2)
    last_deleted = AuditEvent.get(AuditEvent.seq == head)  # hide everything the backup knew
    database.execute_sql("DELETE FROM audit_event WHERE seq <= ?", (head,))
    database.execute_sql("INSERT OR REPLACE INTO setting (key, value, updated_at) VALUES ('audit_anchor', ?, ?)",
                         (json.dumps({"seq": head, "hash": last_deleted.hash}), "2026-11-27 00:00:00"))
    assert audit.verify().ok  # without the backups the anchor looks like an ordinary prune
    _all_checks_fail(data_dir, "audit_anchor")


def test_pruning_stops_at_the_oldest_backup_head(township, data_dir):
    old = dt.datetime(2025, 1, 1, 8, 0)
    _fill(6)
    database.execute_sql("UPDATE audit_event SET at = ?", (old,))
    _rehash_from(1)
    backups.create_backup(township, data_dir)  # head: seq 7 (the backup's own entry comes after)
    oldest = min(h["seq"] for h in backups.known_heads(data_dir))
    database.execute_sql("UPDATE audit_event SET at = ?", (old,))
    _rehash_from(1)
    n = audit_log.prune_expired(data_dir, today=dt.date(2026, 11, 27))
    assert n == oldest - 1  # everything before the head, nothing from it on
    assert AuditEvent.select().order_by(AuditEvent.seq).first().seq == oldest
    assert audit_log.verify_chain(data_dir).ok


def test_a_restore_retires_the_heads_it_replaced_in_the_manifests(township, data_dir):
    from zhongxin_desktop.services.safety.checks import check_database

    first = backups.create_backup(township, data_dir).manifest
    _fill(3)
    later = backups.create_backup(township, data_dir).manifest
    backups.restore_backup(township, data_dir, first.name)
    heads = {m.name: m.audit_head for m in backups.all_backups(data_dir)}
    assert "superseded_at" in heads[later.name] and "superseded_at" not in heads[first.name]
    assert audit_log.verify_chain(data_dir).ok and check_database(data_dir).ok
