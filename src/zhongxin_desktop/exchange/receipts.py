"""Acknowledgement by state: every bundle carries what its sender holds of the recipient's rows
(id, version, content hash). The recipient marks those versions acknowledged and stops sending
them; anything not acknowledged is sent again in every later bundle. Because a receipt states
what is held (not what arrived in one bundle), receipts may be lost, repeated or reordered."""
from __future__ import annotations

from typing import Any

import peewee as pw

from zhongxin_desktop.exchange import records
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.store.models import ExchangeAck


def held_state(peer_code: str) -> dict[str, list[list[Any]]]:
    """{table: [[id, row_version, hash], ...]} of the rows owned by ``peer_code`` that we hold."""
    held = {}
    for table, model in records.BY_TABLE.items():
        rows = [[r["id"], r["row_version"], records.row_hash(records.row_dict(table, r))]
                for r in records.select_dicts(table, model.owner_code == peer_code)]
        if rows:
            held[table] = rows
    return held


def apply_held(held: dict[str, Any], peer_code: str, local_code: str, summary: ImportSummary,
               compare_content: bool = True) -> None:
    """Record what ``peer_code`` confirmed holding of our rows. A version the peer holds with a
    different content than ours (same version number) is a conflict: not acknowledged. Content
    is compared only between equal schemas (an added column changes every hash)."""
    if not isinstance(held, dict):
        return
    acks: list[dict[str, Any]] = []
    for table, entries in held.items():
        model = records.BY_TABLE.get(table)
        if model is None or not isinstance(entries, list):
            continue
        wanted = {e[0]: (e[1], e[2]) for e in entries
                  if isinstance(e, list) and len(e) == 3 and isinstance(e[0], str) and isinstance(e[1], int)}
        for chunk in records.chunks(list(wanted)):
            for r in records.select_dicts(table, (model.id.in_(chunk)) & (model.owner_code == local_code)):
                version, their_hash = wanted[r["id"]]
                if (compare_content and version == r["row_version"]
                        and records.row_hash(records.row_dict(table, r)) != their_hash):
                    summary.problem("receipt_conflict", table, r["id"])
                    continue
                acks.append({"peer_code": peer_code, "table_name": table, "row_id": r["id"], "row_version": version})
    for batch in records.chunks(acks, 300):
        (ExchangeAck.insert_many(batch)
         .on_conflict(conflict_target=[ExchangeAck.peer_code, ExchangeAck.row_id],
                      update={ExchangeAck.row_version: pw.EXCLUDED.row_version},
                      where=(ExchangeAck.row_version < pw.EXCLUDED.row_version))
         .execute())
    summary.acknowledged += len(acks)
