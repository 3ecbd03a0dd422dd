"""Build a bundle for one peer: every row we own that the peer has not acknowledged, the
attachment files of those rows, what we hold of the peer's rows (its receipt), and the month's
statistics snapshot."""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import peewee as pw

from zhongxin_desktop import __version__
from zhongxin_desktop.exchange import blobs, receipts, records
from zhongxin_desktop.exchange.container import SUFFIX, BundleWriter
from zhongxin_desktop.exchange.keys import KeyPair
from zhongxin_desktop.exchange.local_center import LocalCenter
from zhongxin_desktop.store import migrations
from zhongxin_desktop.store.models import Agreement, ExchangeAck, ExchangeLog, Referral, TrustedKey, utcnow

Progress = Callable[[int, int, str], None]

# Which of our tables go to which kind of peer: a county sends only its referrals (and deletions).
DOWN_TABLES = ("referral", "tombstone")


@dataclass
class ExportResult:
    path: Path
    sequence: int
    counts: dict[str, int]
    blobs: int
    missing_blobs: list[str]
    manifest: dict[str, Any]
    file_sha256: str = ""


def _no_progress(done: int, total: int, text: str = "") -> None:
    pass


def tables_for(local: LocalCenter) -> list[str]:
    if local.kind == "county":
        return list(DOWN_TABLES)
    return [t for t in records.BY_TABLE if t != "referral"]


def pending_rows(table: str, local: LocalCenter, peer_code: str) -> list[records.ExchangeRow]:
    """Our rows of ``table`` whose version is above what ``peer_code`` acknowledged."""
    model = records.BY_TABLE[table]
    ack = ExchangeAck.alias()
    q = (model.select(*records.FIELDS[table])
         .join(ack, pw.JOIN.LEFT_OUTER, on=((ack.row_id == model.id) & (ack.peer_code == peer_code)))
         .where(model.owner_code == local.code, ack.id.is_null() | (ack.row_version < model.row_version)))
    if model is Referral:
        q = q.where(Referral.township_code == peer_code)
    if table == "agreement":
        q = q.order_by(Agreement.version)  # corrections after what they correct (self reference)
    rows: Iterable[dict[str, Any]] = cast(Iterable[dict[str, Any]], q.dicts())  # the stubs type dicts() as models
    return [records.row_dict(table, r) for r in rows]


def next_sequence(peer_code: str) -> int:
    last = (ExchangeLog.select(pw.fn.MAX(ExchangeLog.sequence))
            .where(ExchangeLog.direction == "out", ExchangeLog.peer_code == peer_code).scalar())
    return (last or 0) + 1


def write_bundle(*, local: LocalCenter, peer: TrustedKey, keys: KeyPair, out_dir: Path, attachments_dir: Path,
                 period: str, progress: Progress | None = None, manifest_extra: dict[str, Any] | None = None,
                 receipt_extra: dict[str, Any] | None = None, snapshot: dict[str, Any] | None = None) -> ExportResult:
    """Write the bundle file (complete or not at all). Does not record it in the log (the caller
    does, in its transaction). ``snapshot``: the month's statistics a township sends up."""
    progress = progress or _no_progress
    tables = tables_for(local)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    # The file name tells nothing about who sent it: a lost stick leaks nothing.
    path = out_dir / f"zhongxin-{stamp}-{secrets.token_hex(3)}{SUFFIX}"
    writer = BundleWriter(path, bytes.fromhex(peer.enc_public), keys)
    try:
        counts, blob_shas = {}, []
        for i, table in enumerate(tables):
            progress(i, len(tables) + 2, f"读取 {table}")
            rows = pending_rows(table, local, peer.code)
            if rows:
                writer.add_json(f"records/{table}.json", rows)
                counts[table] = len(rows)
            if table == "attachment":
                blob_shas = sorted({r["sha256"] for r in rows})
        progress(len(tables), len(tables) + 2, "写入回执")
        writer.add_json("receipt.json", {"held": receipts.held_state(peer.code), **(receipt_extra or {})})
        if snapshot is not None:
            writer.add_json("snapshot.json", snapshot)
        missing = []
        for n, sha in enumerate(blob_shas):
            src = blobs.blob_path(attachments_dir, sha)
            if not src.exists():
                missing.append(sha)
                continue
            progress(n, len(blob_shas), f"附件 {n + 1}/{len(blob_shas)}")
            writer.add_file(f"blobs/{sha}", src, check=lambda: progress(n, len(blob_shas), ""))
        sequence = next_sequence(peer.code)
        manifest = {
            "schema_version": migrations.latest_number(), "app_version": __version__,
            "sender": local.code, "sender_name": local.name, "sender_kind": local.kind,
            "recipient": peer.code, "sequence": sequence, "created_at": utcnow().isoformat(sep=" "),
            "period": period or "", "counts": counts, "missing_blobs": missing, **(manifest_extra or {}),
        }
        writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    progress(len(tables) + 2, len(tables) + 2, "完成")
    return ExportResult(path, sequence, counts, len(blob_shas) - len(missing), missing, manifest, writer.file_sha256)
