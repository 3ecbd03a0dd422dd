"""Apply one verified bundle in one transaction.

Rules (each has a test):
- only the sender's own rows are taken (``owner_code`` = sender); a row we hold for another
  owner is never touched; a row's parents belong to the sender too, and what else a row may
  claim (its Center, deletions, referrals) is screened first (``ownership``);
- a higher ``row_version`` replaces a lower one; a lower or equal one is ignored; an equal version
  with different content is a conflict, reported and never merged;
- a tombstone with a version above the row's deletes it, and keeps any older copy arriving
  later from coming back — only for its sender's rows;
- a row whose parent is missing is skipped and reported (it comes again in the next bundle,
  because it is not acknowledged).
Rows are checked and written by the batch, never one query per row: per table, one lookup per
500 ids (versions, tombstones, parents not already seen in this bundle, unique values) and one
``executemany`` per 1,000 rows. The statements are made by peewee or are plain INSERT/UPDATE
with the database's own quoting (no SQLite-only statements; the larger page cache is asked for
only on SQLite), so the county store could later live on a server database.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


import peewee as pw

from zhongxin_desktop.exchange import (
    audit_heads, blobs, conflicts, ownership, person_index, receipts, records, referrals,
)
from zhongxin_desktop.exchange.container import BlobStaging, BundleRefused, OpenedBundle
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.exchange.local_center import LocalCenter
from zhongxin_desktop.store import migrations
from zhongxin_desktop.store.db import database, database_cache
from zhongxin_desktop.store.engine import serialize_writes
from zhongxin_desktop.store.models import StatSnapshot, Tombstone, utcnow

# Fault injection for the "killed half-way" test: after the first table is written, touch this
# file and wait, so the test can kill the process inside the open transaction.
PAUSE_ENV = "ZHONGXIN_TEST_IMPORT_PAUSE_FILE"
# Page cache while a bundle is applied: a township-year inserts ~27,000 rows into a dozen tables
# and their indexes; with SQLite's default 2 MB the transaction spills and re-reads pages.
IMPORT_CACHE_MIB = 64


def allowed_tables(local: LocalCenter) -> set[str]:
    if local.kind == "county":
        return set(records.BY_TABLE) - {"referral"}
    return {"referral", "tombstone"}


def load_payload(ob: OpenedBundle) -> tuple[dict[str, list[records.ExchangeRow]], dict[str, dict[str, dict[str, Any]]]]:
    """Every record of the bundle, checked for shape before anything is written; and each
    record's values converted for the database ({table: {id: values}}), so they are converted
    only once."""
    payload: dict[str, list[records.ExchangeRow]] = {}
    converted: dict[str, dict[str, dict[str, Any]]] = {}
    for table in ob.tables():
        if table not in records.BY_TABLE:
            raise BundleRefused(f"数据包含本程序不认识的数据表“{table}”（对方程序版本较新）。请升级本程序后再导入。")
        rows = ob.json(f"records/{table}.json")
        if not isinstance(rows, list):
            raise BundleRefused(f"数据包中 {table} 的记录格式不对")
        known = {f.column_name for f in records.FIELDS[table]}
        values = converted[table] = {}
        for r in rows:
            if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not isinstance(r.get("row_version"), int):
                raise BundleRefused(f"数据包中 {table} 有格式不对的记录")
            if not known.issuperset(r):
                raise BundleRefused(f"数据包中 {table} 含本程序不认识的字段 {sorted(set(r) - known)}（对方程序版本较新）。"
                                    "请升级本程序后再导入。")
            try:
                values[r["id"]] = records.db_values(table, r)
            except ValueError as exc:
                raise BundleRefused(f"数据包中记录 {r['id']} 的值不对：{exc}") from None
        payload[table] = rows
    return payload, converted


def _versions(table: str, ids: list[str]) -> dict[str, tuple[str, int]]:
    """{id: (owner_code, row_version)} of the rows of ``table`` we hold among ``ids``."""
    model = records.BY_TABLE[table]
    found = records.rows_by_key(model, (model.id, model.owner_code, model.row_version), model.id, ids)
    return {rid: (owner, version) for rid, owner, version in found}


def _full_rows(table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    model = records.BY_TABLE[table]
    out = {}
    for chunk in records.chunks(ids):
        for r in records.select_dicts(table, model.id.in_(chunk)):
            out[r["id"]] = r
    return out


def _tombstoned(ids: list[str], sender: str) -> dict[str, int]:
    """The stored deletions, by the sender, of rows among ``ids``: another center's tombstone
    never hides the sender's row."""
    found = records.rows_by_key(Tombstone, (Tombstone.id, Tombstone.row_version, Tombstone.owner_code),
                                Tombstone.id, ids)
    return {rid: version for rid, version, owner in found if owner == sender}


def _owners(table: str, ids: set[str], known: dict[str, dict[str, str]]) -> dict[str, str]:
    """{id: owner_code} of those of ``ids`` that are rows of ``table`` now: those this bundle
    already found or wrote (``known``), and the rest looked up."""
    have = known.get(table, {})
    found = {i: have[i] for i in ids if i in have}
    rest = sorted(ids - have.keys())
    if rest:
        model = records.BY_TABLE[table]
        found.update(records.rows_by_key(model, (model.id, model.owner_code), model.id, rest))
    return found


def _check_parents(table: str, rows: list[records.ExchangeRow], summary: ImportSummary, sender: str,
                   known: dict[str, dict[str, str]] | None = None) -> list[records.ExchangeRow]:
    """Drop (and report) rows pointing at a parent that is not here, or that belongs to another
    center: a township hangs nothing (a party, an event, a session) on another township's case.
    Self references are fine when the parent comes earlier in the same list (agreements are
    sent oldest version first)."""
    fks = records.FOREIGN_KEYS[table]
    if not fks or not rows:
        return rows
    wanted: dict[str, set[str]] = {}
    for col, parent in fks:
        wanted.setdefault(parent, set()).update(r[col] for r in rows if r.get(col))
    owners = {parent: _owners(parent, ids, known or {}) for parent, ids in wanted.items()}
    ok, batch_ids = [], set()
    for r in rows:
        refs = [(r[col], parent) for col, parent in fks if r.get(col)
                and not (parent == table and r[col] in batch_ids)]
        if any(ref not in owners[parent] for ref, parent in refs):
            summary.problem("missing_parent", table, r["id"])
            summary.count(table).ignored += 1
            continue
        if any(owners[parent][ref] != sender for ref, parent in refs):
            summary.problem("foreign_parent", table, r["id"])
            summary.count(table).ignored += 1
            continue
        ok.append(r)
        batch_ids.add(r["id"])
    return ok


def _check_unique(table: str, rows: list[records.ExchangeRow], summary: ImportSummary) -> list[records.ExchangeRow]:
    """Single-column unique fields (case numbers, center codes) must not clash with another row."""
    model = records.BY_TABLE[table]
    for field in [f for f in records.FIELDS[table] if f.unique and not f.primary_key]:
        values = {r[field.column_name]: r["id"] for r in rows if r.get(field.column_name) is not None}
        clash = {values[value] for other_id, value in records.rows_by_key(model, (model.id, field), field, sorted(values))
                 if other_id != values[value]}
        if clash:
            for r in rows:
                if r["id"] in clash:
                    summary.problem("unique", table, r["id"])
                    summary.count(table).ignored += 1
            rows = [r for r in rows if r["id"] not in clash]
    return rows


def apply_table(table: str, rows: list[records.ExchangeRow], sender: str, tomb: dict[str, int], summary: ImportSummary,
                converted: dict[str, dict[str, Any]] | None = None, known: dict[str, dict[str, str]] | None = None,
                ) -> list[str]:
    """Upsert ``rows`` by the version rules; returns the ids inserted or updated.

    ``converted`` is this table's {id: db_values}; ``known`` ({table: {id: owner}}) collects,
    across the tables of one bundle, the rows found or written, so parent checks look up only
    the others.
    Each step is one query per 500 rows (versions, tombstones, parents, unique values) and one
    ``executemany`` per 1,000, never a query per row."""
    count = summary.count(table)
    known = {} if known is None else known
    ids = [r["id"] for r in rows]
    existing = _versions(table, ids)
    stored_tomb = _tombstoned(ids, sender) if table != "tombstone" else {}
    inserts, updates, same = [], [], []
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
        elif ex[0] != sender:
            summary.problem("owner_mismatch", table, rid)
            count.ignored += 1
        elif ex[1] > version:
            count.ignored += 1
        elif ex[1] == version:
            same.append(r)
        else:
            updates.append(r)
    if same:  # a resent version: the whole stored row is read only for these, to compare content
        stored = _full_rows(table, [r["id"] for r in same])
        for r in same:
            mine = records.row_dict(table, stored[r["id"]])
            if mine.keys() != r.keys():  # an older sender lacks newer columns: compare what both have
                mine = {k: mine[k] for k in r if k in mine}
            if records.row_hash(mine) == records.row_hash(r):
                count.ignored += 1
            else:
                summary.problem("conflict", table, r["id"])
                count.conflicts += 1
                conflicts.hold(sender, table, records.row_dict(table, stored[r["id"]]), r, summary.sequence)
    here = known.setdefault(table, {})
    here.update((rid, owner) for rid, (owner, _version) in existing.items())
    inserts = _check_unique(table, _check_parents(table, inserts, summary, sender, known), summary)
    updates = _check_unique(table, _check_parents(table, updates, summary, sender, known), summary)
    records.bulk_insert(table, inserts, converted)
    records.bulk_update(table, updates, converted)
    here.update((r["id"], sender) for r in inserts)
    count.imported += len(inserts)
    count.updated += len(updates)
    return [r["id"] for r in inserts + updates]


def apply_tombstones(rows: list[records.ExchangeRow], sender: str, summary: ImportSummary,
                     converted: dict[str, dict[str, Any]] | None = None) -> None:
    """Store the tombstones, then delete what they name (children first; the database cascades)."""
    apply_table("tombstone", rows, sender, {}, summary, converted)
    order = {t: i for i, t in enumerate(records.BY_TABLE)}
    for t in sorted((r for r in rows if r.get("owner_code") == sender and r.get("table_name") in records.BY_TABLE),
                    key=lambda r: -order[r["table_name"]]):
        model = records.BY_TABLE[t["table_name"]]
        n = (model.delete().where(model.id == t["id"], model.owner_code == sender,
                                  model.row_version < t["row_version"]).execute())
        summary.count(t["table_name"]).deleted += n


def _store_snapshot(snap: object, sender: str, sequence: int) -> None:
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


def apply_bundle(ob: OpenedBundle, *, local: LocalCenter, attachments_dir: Path, dry_run: bool = False,
                 on_applied: Callable[[ImportSummary], None] | None = None,
                 on_county_reply: Callable[[dict[str, Any], str, ImportSummary], None] | None = None) -> ImportSummary:
    """Apply ``ob`` in one transaction. ``on_applied`` runs inside it (log and audit entries), so
    they commit together with the data. At a township ``on_county_reply`` (receipt, sender,
    summary) applies what the county's receipt carries down, inside it too; raising
    BundleRefused there refuses the whole reply. In a dry run the transaction is rolled back."""
    m = ob.manifest
    sender = m["sender"]
    summary = ImportSummary(sender=sender, sender_name=str(m.get("sender_name", "")),
                            sequence=int(m.get("sequence") or 0), period=str(m.get("period") or ""),
                            dry_run=dry_run)
    # Attachments are checked and stored (by hash) on a worker thread while the records are
    # checked and applied; the transaction commits only after every one matched its hash and was
    # synced, so a bad one refuses the bundle with nothing changed. If the bundle is refused, a
    # file already stored stays behind — harmless, content-addressed, and reused by the next import.
    staging = ob.stage_blobs_in_background(None if dry_run else attachments_dir, then=blobs.sync)
    try:
        payload, converted = load_payload(ob)
        allowed = allowed_tables(local)
        for table in list(payload):
            if table not in allowed:
                for r in payload.pop(table):
                    summary.problem("not_allowed", table, r["id"])
                    summary.count(table).ignored += 1
        receipt = ob.json("receipt.json") or {}
        if not isinstance(receipt, dict):
            raise BundleRefused("数据包中的回执（receipt.json）格式不对，已拒绝")
        snap = ob.json("snapshot.json") if local.kind == "county" else None
        with database_cache(IMPORT_CACHE_MIB):
            return _apply_in_transaction(ob, payload, converted, receipt, snap, summary, local, staging, dry_run,
                                         on_applied, on_county_reply)
    except pw.IntegrityError as exc:  # e.g. a constraint this schema has and the sender's had not
        raise BundleRefused(f"数据包无法写入本地数据库（{exc}），已整体撤销，未做任何修改") from None
    finally:
        staging.stop()  # nothing if it is done; else (the records failed) no need to go on


def _apply_in_transaction(ob: OpenedBundle, payload: dict[str, list[records.ExchangeRow]],
                          converted: dict[str, dict[str, dict[str, Any]]], receipt: dict[str, Any],
                          snap: object, summary: ImportSummary, local: LocalCenter, staging: BlobStaging, dry_run: bool,
                          on_applied: Callable[[ImportSummary], None] | None,
                          on_county_reply: Callable[[dict[str, Any], str, ImportSummary], None] | None
                          ) -> ImportSummary:
    m, sender, paused = ob.manifest, ob.manifest["sender"], False
    held = receipt.get("held", {})
    known: dict[str, dict[str, str]] = {}
    match_keys: set[str] = set()
    with database.atomic() as txn:
        serialize_writes(sender)  # a server store: that township's other bundles wait (SQLite: one writer)
        ownership.screen(payload, sender, local, summary)
        tomb = {r["id"]: r["row_version"] for r in payload.get("tombstone", []) if r.get("owner_code") == sender}
        for table in records.BY_TABLE:
            if table == "tombstone" or table not in payload:
                continue
            staging.raise_if_failed()  # a scan that does not match its hash: no point going on
            changed = apply_table(table, payload[table], sender, tomb, summary, converted[table], known)
            if table == "referral" and local.kind == "township":
                summary.referrals_received += referrals.materialise(changed, local)
            if table == "party" and local.kind == "county":  # who disputes in several townships
                changed_ids = set(changed)
                match_keys |= person_index.write_keys([r for r in payload[table] if r["id"] in changed_ids], sender)
            if not paused:
                paused = True
                _pause_for_test()
        if "tombstone" in payload:
            apply_tombstones(payload["tombstone"], sender, summary, converted["tombstone"])
        same_schema = m.get("schema_version") == migrations.latest_number()
        receipts.apply_held(held, sender, local.code, summary, compare_content=same_schema)
        if local.kind == "county":
            if match_keys:  # counted across townships: their imports take turns from here on
                serialize_writes()
                person_index.recount(match_keys)
            _store_snapshot(snap, sender, summary.sequence)
            summary.audit = audit_heads.check_and_store(m, sender)
        else:
            audit_heads.remember_held(m)
            if on_county_reply:
                on_county_reply(receipt, sender, summary)
            if "conflict" in summary.problems:  # only the county settles conflicts; here it is told
                summary.problems["conflict_kept_local"] = summary.problems.pop("conflict")
        written = staging.result()  # every attachment matched its hash, and is durable: then commit
        summary.attachments_written = len(written)
        summary.finish()
        if on_applied:
            on_applied(summary)
        if dry_run:
            txn.rollback()
    return summary
