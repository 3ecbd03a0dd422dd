"""Conflicts the county settles: a township row arriving with the version the county holds but
other content (a township restored from an old backup and edited again, say).

- ``hold``: on import, both versions are kept (``ExchangeConflict``); the county's copy stays.
- ``pending_for``: the county's decisions still to travel down, in every reply to that township
  until the township's next version of the row has come up (state, like receipts: a lost or
  repeated reply does no harm).
- ``apply_decisions``: at the township, the row gets the kept content and a new version, which
  goes up with the next bundle like any change, so both sides end with the same row.
"""
from __future__ import annotations

import json
from typing import Any, TypedDict

from zhongxin_desktop.exchange import records
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.store.models import ExchangeConflict, utcnow

KEEP = ("township", "county")


class Decision(TypedDict):
    """The county's decision on one conflict, as its reply carries it to the township."""
    id: str
    table: str
    row_id: str
    row_version: int
    keep: str  # one of KEEP
    content: dict[str, Any]  # the kept version of the row, as it travels
    reason: str
    decided_at: str


class AppliedDecision(TypedDict):
    """A decision the township applied, for its audit log."""
    table: str
    row_id: str
    version: int
    keep: str
    reason: str


def hold(sender: str, table: str, mine: records.ExchangeRow, theirs: records.ExchangeRow, sequence: int) -> None:
    """Keep both versions; the same content sent again (it is not acknowledged, so it is) is held once."""
    digest = records.row_hash(theirs)
    if ExchangeConflict.select().where(ExchangeConflict.center_code == sender, ExchangeConflict.row_id == theirs["id"],
                                       ExchangeConflict.row_version == theirs["row_version"],
                                       ExchangeConflict.incoming_hash == digest).exists():
        return
    ExchangeConflict.create(center_code=sender, table_name=table, row_id=theirs["id"],
                            row_version=theirs["row_version"], held=json.dumps(mine, ensure_ascii=False),
                            incoming=json.dumps(theirs, ensure_ascii=False), incoming_hash=digest,
                            bundle_sequence=sequence)


def current_version(table: str, row_id: str) -> int | None:
    model = records.BY_TABLE.get(table)
    if model is None:
        return None
    row = model.select(model.row_version).where(model.id == row_id).first()
    return row.row_version if row else None


def pending_for(township: str) -> list[Decision]:
    """Decisions for ``township`` whose row the county still holds at the disputed version."""
    out: list[Decision] = []
    for c in (ExchangeConflict.select().where(ExchangeConflict.center_code == township,
                                              ExchangeConflict.status == "resolved")
              .order_by(ExchangeConflict.resolved_at)):
        now = current_version(c.table_name, c.row_id)
        if now is None or now > c.row_version:
            continue  # the township's next version arrived: settled on both sides
        kept = json.loads(c.incoming if c.keep == "township" else c.held)
        out.append(Decision(id=c.id, table=c.table_name, row_id=c.row_id, row_version=c.row_version,
                            keep=c.keep, content=kept, reason=c.reason,
                            decided_at=c.resolved_at.isoformat(sep=" ") if c.resolved_at else ""))
    return out


# Columns a decision never sets: who owns the row, its identity and its version are the township's own.
_NOT_SET = {"id", "owner_code", "row_version", "created_at", "updated_at"}


def apply_decisions(decisions: object, local_code: str, summary: ImportSummary) -> list[AppliedDecision]:
    """At the township: give each disputed row the content the county kept, as a new version.
    A row already past the disputed version was changed here since: that newer version stands.
    Returns what was applied (table, row_id, version, keep, reason), for the audit log."""
    if not isinstance(decisions, list):
        return []
    applied: list[AppliedDecision] = []
    for d in decisions:
        if not isinstance(d, dict) or d.get("keep") not in KEEP or d.get("table") not in records.BY_TABLE \
                or not isinstance(d.get("content"), dict) or not isinstance(d.get("row_version"), int):
            continue
        table, row_id = d["table"], str(d.get("row_id", ""))
        model = records.BY_TABLE[table]
        row = model.get_or_none((model.id == row_id) & (model.owner_code == local_code))
        if row is None or row.row_version != d["row_version"]:
            continue  # not ours, gone, or already decided here (a repeated reply)
        try:
            values = records.model_values(table, {k: v for k, v in d["content"].items() if k not in _NOT_SET})
        except ValueError:
            summary.problem("decision_bad", table, row_id)
            continue
        values = {k: v for k, v in values.items() if k in model._meta.fields}
        version = row.row_version + 1
        model.update(**values, row_version=version, updated_at=utcnow()).where(model.id == row_id).execute()
        summary.decisions_applied.append(f"{table}:{row_id}")
        _settled(summary, f"{table}:{row_id}")
        applied.append(AppliedDecision(table=table, row_id=row_id, version=version, keep=d["keep"],
                                       reason=str(d.get("reason", ""))))
    return applied


def _settled(summary: ImportSummary, ref: str) -> None:
    """The same reply's receipt says the county holds other content at this version: that is the
    conflict this decision just settled, not a problem left for a person."""
    differing = summary.problems.get("receipt_conflict", [])
    if ref in differing:
        differing.remove(ref)
        if not differing:
            del summary.problems["receipt_conflict"]
