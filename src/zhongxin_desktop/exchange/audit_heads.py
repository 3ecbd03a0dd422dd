"""The township's audit log, vouched for by the county.

On its own PC a person with the database file can rewrite the hash chain and every anchor in
it. So each bundle a township sends carries its chain's head (seq, hash) and, for each head it
may have sent before (since the last one the county confirmed holding), the hash its chain has
*now* at that seq. The county keeps the heads it received; at each import the new chain must
still have, at the seq of the head the county holds, the same hash — else the log was
rewritten or rolled back since, and the import reports ERROR "审计日志被改写或回退" (the data
still applies: it is signed and checked like any other). The county's reply tells the township
which head it holds, so the list stays short.

What it does not cover: entries written after the last head the county received can still be
rewritten unseen until the next bundle; a person who also takes the township's private key and
changes the program can send made-up hashes (the chain on the PC then no longer contains the
county's heads, which an inspection shows).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, TypedDict

from zhongxin_desktop.store.models import AuditEvent, AuditHead, ExchangeLog, Setting, utcnow

HELD_KEY = "audit_county_head"  # township: the head of ours the county last said it holds
MAX_LINKS = 200  # heads sent since the county's last confirmation: a bundle a month, years of them


class Head(TypedDict):
    """One point of the chain: its sequence number and the hash there."""
    seq: int
    hash: str


class Judgement(TypedDict):
    """What the county concluded about a township's chain at one import."""
    status: str  # "first", "ok", "broken", "unverifiable"
    reason: str
    seq: int


class TownshipState(TypedDict):
    status: str  # "ERROR", "OK", or "" before the first bundle
    reason: str
    at: dt.datetime | None


def _head(value: object) -> Head | None:
    if isinstance(value, dict) and isinstance(value.get("seq"), int) and isinstance(value.get("hash"), str):
        return Head(seq=value["seq"], hash=value["hash"])
    return None


def _held_here() -> Head | None:
    row = Setting.get_or_none(Setting.key == HELD_KEY)
    return _head(json.loads(row.value)) if row else None


def outgoing(peer_code: str) -> dict[str, Any]:
    """Township: what a bundle for the county says about our audit chain ({} when empty)."""
    last = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).first()
    if last is None:
        return {}
    held = _held_here()
    floor = held["seq"] if held else 0
    seqs = {held["seq"]} if held else set()
    logs = (ExchangeLog.select(ExchangeLog.summary)
            .where(ExchangeLog.direction == "out", ExchangeLog.peer_code == peer_code)
            .order_by(ExchangeLog.id.desc()).limit(MAX_LINKS))
    for log in logs:
        sent = _head(json.loads(log.summary or "{}").get("audit_head"))
        if sent and sent["seq"] >= floor:
            seqs.add(sent["seq"])
    pairs: Any = (AuditEvent.select(AuditEvent.seq, AuditEvent.hash)
                  .where(AuditEvent.seq.in_(sorted(seqs))).tuples())  # the stubs type tuples() as models
    at = {str(seq): h for seq, h in pairs} if seqs else {}
    first = AuditEvent.select(AuditEvent.seq).order_by(AuditEvent.seq).first().seq
    return {"head": {"seq": last.seq, "hash": last.hash}, "at": at, "first_seq": first}


def remember_held(manifest: dict[str, Any]) -> None:
    """Township: the county's reply says which of our heads it holds."""
    held = _head(manifest.get("audit_held"))
    if held is None:
        return
    value = json.dumps(held)
    updated = Setting.update(value=value, updated_at=utcnow()).where(Setting.key == HELD_KEY).execute()
    if not updated:
        Setting.create(key=HELD_KEY, value=value)


def held_for(township: str) -> Head | dict[str, Any]:
    """County: the head of ``township`` it holds now ({} before its first bundle)."""
    row = _latest(township)
    if row is None:
        return {}
    return Head(seq=row.seq, hash=row.hash)


def _latest(township: str) -> AuditHead | None:
    latest: AuditHead | None = (AuditHead.select().where(AuditHead.center_code == township)
                                .order_by(AuditHead.bundle_created_at.desc(), AuditHead.id.desc()).first())
    return latest


def _judge(held: AuditHead | None, head: Head, at: dict[str, Any], first_seq: object) -> tuple[str, str]:
    if held is None:
        return "first", ""
    s = held.seq
    if head["seq"] < s:
        return "broken", f"日志头从第 {s} 条退回到第 {head['seq']} 条（日志被回退，或末尾被删除）"
    now = head["hash"] if head["seq"] == s else at.get(str(s))
    if now == held.hash:
        return "ok", ""
    if now is not None:
        return "broken", f"第 {s} 条日志的哈希与县级保存的不同（此前的日志被改写）"
    if isinstance(first_seq, int) and first_seq > s:
        return "unverifiable", f"乡镇已按保留期限清理第 {s} 条及以前的日志，无法核对衔接"
    return "broken", f"数据包给不出县级保存的第 {s} 条日志头（日志被改写或回退）"


def check_and_store(manifest: dict[str, Any], sender: str) -> Judgement | None:
    """County, inside the import's transaction: judge the bundle's audit head against the one
    held, and keep it. Returns {"status", "reason", "seq"}, or None when the bundle has nothing
    to say (an older sender, or a bundle older than the last one judged: replays change nothing)."""
    audit = manifest.get("audit")
    if not isinstance(audit, dict):
        return None
    head = _head(audit.get("head"))
    if head is None:
        return None
    sent_at = audit.get("at")
    at: dict[str, Any] = sent_at if isinstance(sent_at, dict) else {}
    created = str(manifest.get("created_at") or "")
    held = _latest(sender)
    if held is not None and created <= held.bundle_created_at:
        return None
    status, reason = _judge(held, head, at, audit.get("first_seq"))
    AuditHead.create(center_code=sender, seq=head["seq"], hash=head["hash"],
                     bundle_sequence=int(manifest.get("sequence") or 0), bundle_created_at=created,
                     status=status, reason=reason)
    return Judgement(status=status, reason=reason, seq=head["seq"])


def township_state(township: str) -> TownshipState:
    """County: {"status": "ERROR"/"OK"/"", "reason", "at"} for the reporting views. A break
    stays shown after later good bundles: it is a finding about the township's PC, not a
    passing state of the exchange."""
    broken = (AuditHead.select().where(AuditHead.center_code == township, AuditHead.status == "broken")
              .order_by(AuditHead.received_at.desc(), AuditHead.id.desc()).first())
    if broken is not None:
        return TownshipState(status="ERROR", reason=broken.reason, at=broken.received_at)
    latest = _latest(township)
    if latest is None:
        return TownshipState(status="", reason="", at=None)
    return TownshipState(status="OK", reason=latest.reason, at=latest.received_at)
