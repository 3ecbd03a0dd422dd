"""The audit log as a use case: reading it (Perm.AUDIT), checking it, pruning by retention."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import datetime as dt

from zhongxin_desktop.domain import labels
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import SYSTEM, Actor, unattended
from zhongxin_desktop.services.results import AuditEventRecord
from zhongxin_desktop.store.models import AuditEvent, Case, User

OUTCOME_LABELS = {"ok": "成功", "denied": "拒绝", "failed": "失败"}


@unattended("a rule over its argument")
def action_label(action: str) -> str:
    return labels.action_label(action)


def entries(actor: Actor, *, username: str | None = None, action: str | None = None,
            since: dt.date | None = None, until: dt.date | None = None, outcome: str | None = None,
            limit: int = 500, offset: int = 0) -> list[AuditEventRecord]:
    actor.require(Perm.AUDIT, "audit")
    return AuditEventRecord.of_all(audit._query(username=username, action=action, since=since, until=until,
                                                outcome=outcome, limit=limit, offset=offset))


@unattended("formats an entry the caller has already read under Perm.AUDIT")
def entry_dict(e: AuditEvent | AuditEventRecord) -> dict[str, Any]:
    return {"seq": e.seq, "at": str(e.at), "user": e.username, "action": e.action,
            "action_label": action_label(e.action),
            "object_type": e.object_type, "object_label": labels.object_label(e.object_type),
            "object_id": e.object_id, "outcome": e.outcome,
            "outcome_label": OUTCOME_LABELS.get(e.outcome, e.outcome), "detail": e.detail,
            "detail_text": labels.detail_text(e.detail)}


@unattended("formats entries the caller has already read under Perm.AUDIT")
def object_names(rows: list[dict[str, Any]]) -> dict[str, str]:
    """What a person calls the objects of ``rows`` (entry_dict rows): a case by its number, a user
    by name and login. Other objects have no name worth a lookup; their ids are for --json only."""
    ids = {kind: {d["object_id"] for d in rows if d["object_type"] == kind and d["object_id"]}
           for kind in ("case", "user")}
    names: dict[str, str] = {}
    for chunk in _chunks(sorted(ids["case"])):
        for c in Case.select(Case.id, Case.case_no).where(Case.id.in_(chunk)):
            names[c.id] = c.case_no or "（未受理）"
    for chunk in _chunks(sorted(ids["user"])):
        for u in User.select(User.id, User.username, User.display_name).where(User.id.in_(chunk)):
            names[u.id] = f"{u.display_name}（{u.username}）"
    return names


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:  # SQLite limits a statement's parameters
    for i in range(0, len(items), size):
        yield items[i:i + size]


@unattended("run by the system: the check at start-up and after a restore, pruning after the daily backup")
def verify_chain(data: DataDir) -> audit.VerifyResult:
    """The chain of the bound database, also against the heads recorded in backups."""
    from zhongxin_desktop.services.safety.backups import known_heads

    return audit.verify(known_heads=known_heads(data))


def usernames(actor: Actor) -> list[str]:
    """Who appears in the log, for the filter's choices."""
    actor.require(Perm.AUDIT, "audit")
    return [r.username for r in AuditEvent.select(AuditEvent.username).distinct().order_by(AuditEvent.username)]


@unattended("run by the system: the check at start-up and after a restore, pruning after the daily backup")
def prune_expired(data: DataDir | None = None, today: dt.date | None = None) -> int:
    """Drop entries older than the retention setting (never under six months), and never past
    the oldest head a kept backup recorded (so the dropped entries are still in the backups,
    and an anchor after that head can only be forged). Run after the daily backup."""
    below = None
    if data is not None:
        from zhongxin_desktop.services.safety.backups import known_heads

        below = min((h["seq"] for h in known_heads(data) if h.get("seq")), default=None)
    return audit.prune(SYSTEM, int(settings.get("audit_keep_days")), today=today, below_seq=below)
