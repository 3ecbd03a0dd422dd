"""The append-only, hash-chained audit log (docs/exchange.md: what the county can vouch for).

Each entry's hash covers its own fields and the previous entry's hash, so an edited, deleted,
inserted or reordered entry breaks the chain at that point.

Two anchors close the ends of the chain:
- the head (setting ``audit_head``: seq and hash of the newest entry) is updated in the same
  transaction as each entry, so deleting the LAST entries is detected too; backups' manifests
  also carry the head, so a rewritten head is caught by comparing with any backup;
- the tail (setting ``audit_anchor``) is written when entries older than the retention period
  are pruned: it holds the seq and hash of the last pruned entry, so the remaining chain still
  verifies and deleting its first entries is still detected. Pruning never goes past the oldest
  head a backup recorded, so an anchor at or after that head is a forged one (refused).
Outside the PC, every bundle to the county carries the head, and the county checks that each
new head extends the one it holds (``exchange/audit_heads``).
"""
from __future__ import annotations

from typing import Any

import hashlib
import json
from dataclasses import dataclass

import datetime as dt
import sqlite3

from zhongxin_desktop.domain.dates import utc_start_of
from zhongxin_desktop.store import inserts
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.engine import serialize_writes
from zhongxin_desktop.store.models import AuditEvent, Setting, utcnow
from zhongxin_desktop.services.unattended import unattended

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
ANCHOR_KEY = "audit_anchor"
MIN_KEEP_DAYS = 183  # at least 6 months


def _entry_hash(prev_hash: str, seq: int, at: str, username: str, action: str, object_type: str,
                object_id: str, outcome: str, detail: str) -> str:
    payload = json.dumps(
        [prev_hash, seq, at, username, action, object_type, object_id, outcome, detail],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fmt(at: object) -> str:
    return at.isoformat(sep=" ") if hasattr(at, "isoformat") else str(at)


@unattended("the audit trail's own step: the caller names who acted (and has checked the permission)")
def record(username: str, action: str, object_type: str = "", object_id: str = "",
           outcome: str = "ok", detail: str | dict[str, Any] = "") -> None:
    """Append one entry. Runs inside the caller's transaction when there is one, so an
    audited change and its entry commit or roll back together."""
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    with database.atomic():
        serialize_writes()  # the next seq and hash must follow the entry just read (server stores)
        # plain SQL for the two statements every audited write pays (the model layer tripled their cost)
        last = database.execute_sql('SELECT "seq", "hash" FROM "audit_event" ORDER BY "seq" DESC LIMIT 1').fetchone()
        prev_hash = last[1] if last else GENESIS
        seq = (last[0] + 1) if last else 1
        at = utcnow()
        if last is None:  # after a full prune the chain continues from the anchor
            anchor = _read_setting(ANCHOR_KEY)
            if anchor:
                prev_hash, seq = anchor["hash"], anchor["seq"] + 1
        h = _entry_hash(prev_hash, seq, _fmt(at), username, action, object_type, str(object_id), outcome,
                        detail)
        inserts.create(AuditEvent, seq=seq, at=at, username=username, action=action,
                               object_type=object_type, object_id=str(object_id), outcome=outcome, detail=detail,
                               prev_hash=prev_hash, hash=h)
        _write_setting(HEAD_KEY, {"seq": seq, "hash": h})


def _read_setting(key: str, con: sqlite3.Connection | None = None) -> dict[str, Any] | None:
    if con is None:
        row = Setting.get_or_none(Setting.key == key)
        return json.loads(row.value) if row else None
    try:
        row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


def _write_setting(key: str, value: dict[str, Any]) -> None:
    database.execute_sql('INSERT INTO "setting" ("key", "value", "updated_at") VALUES (?, ?, ?) '
                         'ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", '
                         '"updated_at" = excluded."updated_at"',
                         (key, json.dumps(value), Setting.updated_at.db_value(utcnow())))


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


@unattended("run by the system: checking and pruning the chain at start-up, after a backup or a restore")
def verify(con: sqlite3.Connection | None = None, known_heads: list[dict[str, Any]] | None = None,
           head_required: bool = True) -> VerifyResult:
    """Walk the chain from its anchor; report the first entry that does not fit.

    ``con``: a (read-only) sqlite3 connection, for checking a file without opening it for
    writing; default the bound database. ``known_heads``: heads recorded elsewhere (backup
    manifests) that must still be in the chain. ``head_required``: False for a file made before
    the head existed and not yet upgraded.
    """
    execute = con.execute if con is not None else database.execute_sql
    anchor = _read_setting(ANCHOR_KEY, con) if con is not None else _read_setting(ANCHOR_KEY)
    head = _read_setting(HEAD_KEY, con) if con is not None else _read_setting(HEAD_KEY)
    prev_hash = anchor["hash"] if anchor else GENESIS
    expected_seq = anchor["seq"] + 1 if anchor else 1
    oldest = min((h["seq"] for h in known_heads or [] if h.get("seq")), default=None)
    if anchor and oldest is not None and anchor["seq"] >= oldest:
        return VerifyResult(False, 0, oldest,
                            f"日志起点记录（audit_anchor，第 {anchor['seq']} 条）不早于备份中记录的最早日志头"
                            f"（第 {oldest} 条）：清理从不越过备份，日志前面的记录可能被删除")
    checked = 0
    hashes: dict[int, str] = {}
    cursor = execute(
        'SELECT seq, at, username, action, object_type, object_id, outcome, detail, prev_hash, hash '
        'FROM audit_event ORDER BY seq'
    )
    for seq, at, username, action, otype, oid, outcome, detail, stored_prev, stored_hash in cursor:
        if seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"第 {expected_seq} 条记录缺失（被删除或重排）")
        if stored_prev != prev_hash:
            return VerifyResult(False, checked, seq, f"第 {seq} 条记录与前一条不衔接（前序记录被删除、插入或重排）")
        h = _entry_hash(prev_hash, seq, str(at), username, action, otype, oid, outcome, detail)
        if h != stored_hash:
            return VerifyResult(False, checked, seq, f"第 {seq} 条记录内容被改动")
        prev_hash = stored_hash
        expected_seq = seq + 1
        checked += 1
        if known_heads:
            hashes[seq] = stored_hash
    last_seq = expected_seq - 1
    if head is None and checked and head_required:
        return VerifyResult(False, checked, last_seq, "日志头记录（audit_head）缺失：日志末尾可能被删除")
    if head and (head.get("seq") != last_seq or (checked and head.get("hash") != prev_hash)):
        if head.get("seq", 0) > last_seq:
            return VerifyResult(False, checked, last_seq + 1,
                                f"{_span(last_seq + 1, head['seq'])}记录缺失（日志末尾被删除）")
        return VerifyResult(False, checked, head.get("seq"), f"第 {head.get('seq')} 条记录与日志头记录不符")
    for known in known_heads or []:
        seq = known.get("seq")
        if not seq:
            continue
        if seq > last_seq:
            return VerifyResult(False, checked, last_seq + 1,
                                f"{_span(last_seq + 1, seq)}记录缺失（备份中记录过的日志末尾被删除）")
        if hashes.get(seq) != known.get("hash"):
            return VerifyResult(False, checked, seq, f"第 {seq} 条记录与备份中的记录不符（日志被改写）")
    return VerifyResult(True, checked)


def _span(first: int, last: int) -> str:
    return f"第 {first} 条" if first == last else f"第 {first} 条至第 {last} 条"


@unattended("run by the system: checking and pruning the chain at start-up, after a backup or a restore")
def prune(username: str, keep_days: int, today: dt.date | None = None, below_seq: int | None = None) -> int:
    """Delete entries older than ``keep_days`` (never less than six months), keeping the chain
    verifiable through the tail anchor. ``below_seq``: the oldest head a kept backup recorded;
    entries from it on stay, so the anchor is always older than every backup. Returns how many
    were deleted. The pruning is audited."""
    keep_days = max(int(keep_days), MIN_KEEP_DAYS)
    cutoff = dt.datetime.combine((today or dt.date.today()) - dt.timedelta(days=keep_days), dt.time())
    with database.atomic():
        q = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.at < cutoff)
        if below_seq is not None:
            q = q.where(AuditEvent.seq < below_seq)
        old = list(q.order_by(AuditEvent.seq.desc()).limit(1))
        if not old:
            return 0
        last = old[0]
        n = AuditEvent.delete().where(AuditEvent.seq <= last.seq).execute()
        _write_setting(ANCHOR_KEY, {"seq": last.seq, "hash": last.hash, "pruned_at": _fmt(utcnow())})
        record(username, "audit_prune", "audit", str(last.seq), detail={"deleted": n, "keep_days": keep_days})
    return int(n)


def _query(*, username: str | None = None, action: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None, outcome: str | None = None, limit: int = 500,
          offset: int = 0) -> list[AuditEvent]:
    """Entries newest first, filtered. The permission check is the caller's (services.safety.audit_log)."""
    q = AuditEvent.select().order_by(AuditEvent.seq.desc())
    if username:
        q = q.where(AuditEvent.username == username)
    if action:
        q = q.where(AuditEvent.action.contains(action))
    if outcome:
        q = q.where(AuditEvent.outcome == outcome)
    if since:
        q = q.where(AuditEvent.at >= utc_start_of(since))
    if until:
        q = q.where(AuditEvent.at < utc_start_of(until + dt.timedelta(days=1)))
    return list(q.limit(limit).offset(offset))
