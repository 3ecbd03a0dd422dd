"""The append-only, hash-chained audit log (domain §12, issue 6).

Each entry's hash covers its own fields and the previous entry's hash, so an edited, deleted,
inserted or reordered entry breaks the chain at that point.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import AuditEvent, utcnow

GENESIS = "0" * 64


def _entry_hash(prev_hash: str, seq: int, at: str, username: str, action: str, object_type: str,
                object_id: str, outcome: str, detail: str) -> str:
    payload = json.dumps(
        [prev_hash, seq, at, username, action, object_type, object_id, outcome, detail],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fmt(at) -> str:
    return at.isoformat(sep=" ") if hasattr(at, "isoformat") else str(at)


def record(username: str, action: str, object_type: str = "", object_id: str = "",
           outcome: str = "ok", detail: str | dict = "") -> AuditEvent:
    """Append one entry. Runs inside the caller's transaction when there is one, so an
    audited change and its entry commit or roll back together."""
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    with database.atomic():
        last = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).first()
        prev_hash = last.hash if last else GENESIS
        seq = (last.seq + 1) if last else 1
        at = utcnow()
        h = _entry_hash(prev_hash, seq, _fmt(at), username, action, object_type, str(object_id), outcome,
                        detail)
        return AuditEvent.create(seq=seq, at=at, username=username, action=action, object_type=object_type,
                                 object_id=str(object_id), outcome=outcome, detail=detail,
                                 prev_hash=prev_hash, hash=h)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify() -> VerifyResult:
    """Walk the chain from the start; report the first entry that does not fit."""
    prev_hash = GENESIS
    expected_seq = None
    checked = 0
    cursor = database.execute_sql(
        'SELECT seq, at, username, action, object_type, object_id, outcome, detail, prev_hash, hash '
        'FROM audit_event ORDER BY seq'
    )
    for seq, at, username, action, otype, oid, outcome, detail, stored_prev, stored_hash in cursor:
        if expected_seq is not None and seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"第 {expected_seq} 条记录缺失（被删除或重排）")
        if stored_prev != prev_hash:
            return VerifyResult(False, checked, seq, f"第 {seq} 条记录与前一条不衔接（前序记录被删除、插入或重排）")
        h = _entry_hash(prev_hash, seq, str(at), username, action, otype, oid, outcome, detail)
        if h != stored_hash:
            return VerifyResult(False, checked, seq, f"第 {seq} 条记录内容被改动")
        prev_hash = stored_hash
        expected_seq = seq + 1
        checked += 1
    return VerifyResult(True, checked)
