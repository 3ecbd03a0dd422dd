"""Apply one verified bundle in one transaction.

Rules (each has a test):
- only the sender's own rows are taken (``owner_code`` = sender); a row we hold for another
  owner is never touched;
- a higher ``row_version`` replaces a lower one; a lower or equal one is ignored; an equal version
  with different content is a conflict, reported and never merged;
- a tombstone with a version above the row's deletes it, and keeps any older copy arriving
  later from coming back;
- a row whose parent is missing is skipped and reported (it comes again in the next bundle,
  because it is not acknowledged).
Everything goes through peewee queries (no SQLite-only statements), so the county store could
later live on a server database.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


import peewee as pw

from zhongxin_desktop.exchange import blobs, receipts, records, referrals
from zhongxin_desktop.exchange.container import BundleRefused, OpenedBundle
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.store import migrations
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Center, StatSnapshot, Tombstone, utcnow

# Fault injection for the "killed half-way" test: after the first table is written, touch this
# file and wait, so the test can kill the process inside the open transaction.
PAUSE_ENV = "ZHONGXIN_TEST_IMPORT_PAUSE_FILE"


def allowed_tables(local: Center) -> set[str]:
    if local.kind == "county":
        return set(records.BY_TABLE) - {"referral"}
    return {"referral", "tombstone"}


def load_payload(ob: OpenedBundle) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """Every record of the bundle, checked for shape before anything is written; and each
    record's values converted for the database (by id), so they are converted only once."""
    payload, converted = {}, {}
    for table in ob.tables():
        if table not in records.BY_TABLE:
            raise BundleRefused(f"数据包含本程序不认识的数据表“{table}”（对方程序版本较新）。请升级本程序后再导入。")
        rows = ob.json(f"records/{table}.json")
        if not isinstance(rows, list):
            raise BundleRefused(f"数据包中 {table} 的记录格式不对")
        known = {f.column_name for f in records.FIELDS[table]}
        for r in rows:
            if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not isinstance(r.get("row_version"), int):
                raise BundleRefused(f"数据包中 {table} 有格式不对的记录")
            unknown = set(r) - known
            if unknown:
                raise BundleRefused(f"数据包中 {table} 含本程序不认识的字段 {sorted(unknown)}（对方程序版本较新）。"
                                    "请升级本程序后再导入。")
            try:
                converted[r["id"]] = records.model_values(table, r)
            except ValueError as exc:
                raise BundleRefused(f"数据包中记录 {r['id']} 的值不对：{exc}") from None
        payload[table] = rows
    return payload, converted


def _existing(table: str, ids: list[str]) -> dict[str, dict]:
    model = records.BY_TABLE[table]
    out = {}
    for chunk in records.chunks(ids):
        for r in records.select_dicts(table, model.id.in_(chunk)):
            out[r["id"]] = r
    return out


def _tombstoned(ids: list[str]) -> dict[str, int]:
    out = {}
    for chunk in records.chunks(ids):
        for t in Tombstone.select(Tombstone.id, Tombstone.row_version).where(Tombstone.id.in_(chunk)):
            out[t.id] = t.row_version
    return out


def _present(table: str, ids: set[str]) -> set[str]:
    model = records.BY_TABLE[table]
    found = set()
    for chunk in records.chunks(sorted(ids)):
        found.update(r[0] for r in model.select(model.id).where(model.id.in_(chunk)).tuples())
    return found


def _check_parents(table: str, rows: list[dict], summary: ImportSummary) -> list[dict]:
    """Drop (and report) rows pointing at a parent that is not here. Self references are fine
    when the parent comes earlier in the same list (agreements are sent oldest version first)."""
    fks = records.FOREIGN_KEYS[table]
    if not fks:
        return rows
    wanted: dict[str, set[str]] = {}
    for col, parent in fks:
        wanted.setdefault(parent, set()).update(r[col] for r in rows if r.get(col))
    present = {parent: _present(parent, ids) for parent, ids in wanted.items()}
    ok, batch_ids = [], set()
    for r in rows:
        missing = [col for col, parent in fks if r.get(col) and r[col] not in present[parent]
                   and not (parent == table and r[col] in batch_ids)]
        if missing:
            summary.problem("missing_parent", table, r["id"])
            summary.count(table).ignored += 1
            continue
        ok.append(r)
        batch_ids.add(r["id"])
    return ok


def _check_unique(table: str, rows: list[dict], summary: ImportSummary) -> list[dict]:
    """Single-column unique fields (case numbers, center codes) must not clash with another row."""
    model = records.BY_TABLE[table]
    for field in [f for f in records.FIELDS[table] if f.unique and not f.primary_key]:
        values = {r[field.column_name]: r["id"] for r in rows if r.get(field.column_name) is not None}
        clash = set()
        for chunk in records.chunks(sorted(values)):
            for other_id, value in model.select(model.id, field).where(field.in_(chunk)).tuples():
                if other_id != values[value]:
                    clash.add(values[value])
        if clash:
            for r in rows:
                if r["id"] in clash:
                    summary.problem("unique", table, r["id"])
                    summary.count(table).ignored += 1
            rows = [r for r in rows if r["id"] not in clash]
    return rows


def apply_table(table: str, rows: list[dict], sender: str, tomb: dict[str, int], summary: ImportSummary,
                converted: dict[str, dict] | None = None) -> list[str]:
    """Upsert ``rows`` by the version rules; returns the ids inserted or updated."""
    model = records.BY_TABLE[table]
    count = summary.count(table)
    ids = [r["id"] for r in rows]
    existing = _existing(table, ids)
    stored_tomb = _tombstoned(ids) if table != "tombstone" else {}
    inserts, updates = [], []
    for r in rows:
        rid, version = r["id"], r["row_version"]
        if r.get("owner_code") != sender or (table == "center" and r.get("code") != sender):
            summary.problem("not_owner", table, rid)
            count.ignored += 1
            continue
        dead = max(tomb.get(rid, 0), stored_tomb.get(rid, 0)) if table != "tombstone" else 0
        if dead and dead >= version:
            count.ignored += 1
            continue
        ex = existing.get(rid)
        if ex is None:
            inserts.append(r)
        elif ex["owner_code"] != sender:
            summary.problem("owner_mismatch", table, rid)
            count.ignored += 1
        elif ex["row_version"] > version:
            count.ignored += 1
        elif ex["row_version"] == version:
            mine = records.row_dict(table, ex)
            if mine.keys() != r.keys():  # an older sender lacks newer columns: compare what both have
                mine = {k: mine[k] for k in r if k in mine}
            if records.row_hash(mine) == records.row_hash(r):
                count.ignored += 1
            else:
                summary.problem("conflict", table, rid)
                count.conflicts += 1
        else:
            updates.append(r)
    inserts = _check_unique(table, _check_parents(table, inserts, summary), summary)
    updates = _check_unique(table, _check_parents(table, updates, summary), summary)
    records.bulk_insert(table, inserts, converted)
    for r in updates:
        values = dict(converted[r["id"]]) if converted else records.model_values(table, r)
        values.pop("id")
        model.update(values).where(model.id == r["id"]).execute()
    count.imported += len(inserts)
    count.updated += len(updates)
    return [r["id"] for r in inserts + updates]


def apply_tombstones(rows: list[dict], sender: str, summary: ImportSummary) -> None:
    """Store the tombstones, then delete what they name (children first; the database cascades)."""
    apply_table("tombstone", rows, sender, {}, summary)
    order = {t: i for i, t in enumerate(records.BY_TABLE)}
    for t in sorted((r for r in rows if r.get("owner_code") == sender and r.get("table_name") in records.BY_TABLE),
                    key=lambda r: -order[r["table_name"]]):
        model = records.BY_TABLE[t["table_name"]]
        n = (model.delete().where(model.id == t["id"], model.owner_code == sender,
                                  model.row_version < t["row_version"]).execute())
        summary.count(t["table_name"]).deleted += n


def _store_snapshot(snap: dict | None, sender: str, sequence: int) -> None:
    if not isinstance(snap, dict) or not isinstance(snap.get("period"), str):
        return
    import json

    data = json.dumps({**snap, "sequence": sequence}, ensure_ascii=False, default=str)
    row = StatSnapshot.get_or_none(StatSnapshot.center_code == sender, StatSnapshot.period == snap["period"])
    if row is None:
        StatSnapshot.create(center_code=sender, period=snap["period"], data=data)
    elif json.loads(row.data).get("sequence", 0) <= sequence:  # an older bundle never replaces a newer report
        row.data, row.received_at = data, utcnow()
        row.save()


def _pause_for_test() -> None:
    flag = os.environ.get(PAUSE_ENV)
    if flag:
        Path(flag).write_text("paused")
        time.sleep(120)


def apply_bundle(ob: OpenedBundle, *, local: Center, attachments_dir: Path, dry_run: bool = False,
                 on_applied: Callable[[ImportSummary], None] | None = None) -> ImportSummary:
    """Apply ``ob`` in one transaction. ``on_applied`` runs inside it (log and audit entries), so
    they commit together with the data. In a dry run the transaction is rolled back."""
    m = ob.manifest
    sender = m["sender"]
    summary = ImportSummary(sender=sender, sender_name=str(m.get("sender_name", "")),
                            sequence=int(m.get("sequence") or 0), period=str(m.get("period") or ""),
                            dry_run=dry_run)
    payload, converted = load_payload(ob)
    allowed = allowed_tables(local)
    for table in list(payload):
        if table not in allowed:
            for r in payload.pop(table):
                summary.problem("not_allowed", table, r["id"])
                summary.count(table).ignored += 1
    tomb = {r["id"]: r["row_version"] for r in payload.get("tombstone", []) if r.get("owner_code") == sender}
    # Attachments are checked (and stored, by hash) before the transaction: a bad one refuses
    # the bundle with nothing changed. If the transaction later rolls back, a stored file stays
    # behind — harmless, content-addressed, and reused by the next import.
    written = ob.stage_blobs(None if dry_run else attachments_dir)
    try:
        return _apply_in_transaction(ob, payload, converted, tomb, summary, local, written, dry_run, on_applied)
    except pw.IntegrityError as exc:  # e.g. a constraint this schema has and the sender's had not
        raise BundleRefused(f"数据包无法写入本地数据库（{exc}），已整体撤销，未做任何修改") from None


def _apply_in_transaction(ob: OpenedBundle, payload: dict, converted: dict, tomb: dict[str, int],
                          summary: ImportSummary, local: Center, written: list[Path], dry_run: bool,
                          on_applied: Callable[[ImportSummary], None] | None) -> ImportSummary:
    m, sender, paused = ob.manifest, ob.manifest["sender"], False
    with database.atomic() as txn:
        for table in records.BY_TABLE:
            if table == "tombstone" or table not in payload:
                continue
            changed = apply_table(table, payload[table], sender, tomb, summary, converted)
            if table == "referral" and local.kind == "township":
                summary.referrals_received += referrals.materialise(changed, local)
            if not paused:
                paused = True
                _pause_for_test()
        if "tombstone" in payload:
            apply_tombstones(payload["tombstone"], sender, summary)
        same_schema = m.get("schema_version") == migrations.latest_number()
        receipts.apply_held((ob.json("receipt.json") or {}).get("held", {}), sender, local.code, summary,
                            compare_content=same_schema)
        if local.kind == "county":
            _store_snapshot(ob.json("snapshot.json"), sender, summary.sequence)
        blobs.sync(written)  # durable before the commit that refers to them
        summary.attachments_written = len(written)
        summary.finish()
        if on_applied:
            on_applied(summary)
        if dry_run:
            txn.rollback()
    return summary
