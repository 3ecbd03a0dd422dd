"""Exchange use cases: keys, bundle export and import, receipts.

Every function takes the acting user, checks a permission, and writes the exchange log and an
audit entry in the same transaction as its change. The mechanics live in ``exchange/``.
"""
from __future__ import annotations

from typing import Any

import json
import logging
from collections.abc import Callable
from pathlib import Path

from zhongxin_desktop.domain.errors import DomainError, NotFound
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange import apply as applying
from zhongxin_desktop.exchange import audit_heads, container, export, keys
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit, leftovers
from zhongxin_desktop.services.countywork import county_rules
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.countywork._bundle_snapshot import check_period, monthly_snapshot
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.results import CenterRecord
from zhongxin_desktop.services.countywork._key_trust import forget_key, preview_key, replace_key, rotate_key, trust_key

__all__ = ["forget_key", "preview_key", "replace_key", "rotate_key", "trust_key"]  # the key use cases, here too
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, ExchangeLog, TrustedKey

log = logging.getLogger(__name__)


def _keypair(data: DataDir) -> keys.KeyPair:
    return keys.load_or_create(data.keys)


def my_key(actor: Actor, data: DataDir) -> dict[str, Any]:
    actor.require(Perm.VIEW)
    from zhongxin_desktop.services.countywork._key_trust import rotation_signature

    center = local_center()
    return keys.public_document(_keypair(data), center.code, center.name, center.kind, rotation_signature(data))


def export_public_key(actor: Actor, data: DataDir, out: Path) -> dict[str, Any]:
    actor.require(Perm.EXPORT, "key")
    doc = my_key(actor, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    audit.record(actor.username, "key_export", "key", doc["code"], detail={"fingerprint": doc["fingerprint"]})
    return doc


def trusted_keys(actor: Actor) -> list[dict[str, Any]]:
    actor.require(Perm.VIEW)
    return [{"code": k.code, "name": k.name, "kind": k.kind, "fingerprint": k.fingerprint,
             "trusted_at": k.trusted_at, "trusted_by": k.trusted_by}
            for k in TrustedKey.select().order_by(TrustedKey.kind, TrustedKey.code)]


NO_COUNTY_KEY = ("尚未信任县级中心的公钥，无法加密数据包。请先信任县级公钥：在“数据交换”页点“信任对方公钥…”"
                 "选择县级公钥文件并电话核对指纹（命令行：zhongxin keys trust 县级公钥文件）。")
NO_TOWNSHIP_KEY = ("尚未信任任何乡镇的公钥，无法加密回执。请先在“数据交换”页点“信任对方公钥…”选择乡镇导出的公钥文件"
                   "并电话核对指纹（命令行：zhongxin keys trust）。")


def _missing_peer_key(local: CenterRecord) -> str:
    """The kind of center ("county" / "township") whose trusted key an export still needs, or ""
    when it can go: a bundle is encrypted to the county's key, a county's replies to townships'."""
    peer_kind = "county" if local.kind == "township" else "township"
    return "" if TrustedKey.select().where(TrustedKey.kind == peer_kind).exists() else peer_kind


def _peers(local: CenterRecord, township: str | None) -> list[TrustedKey]:
    if local.kind == "township":
        peers = list(TrustedKey.select().where(TrustedKey.kind == "county"))
        if not peers:
            raise DomainError(NO_COUNTY_KEY)
        return peers
    q = TrustedKey.select().where(TrustedKey.kind == "township").order_by(TrustedKey.code)
    if township:
        q = q.where(TrustedKey.code == township)
    peers = list(q)
    if township and not peers:
        raise NotFound((f"乡镇“{township}”的公钥尚未信任。请先信任其公钥：在“数据交换”页点“信任对方公钥…”"
                        "（命令行：zhongxin keys trust）。"))
    if not peers:
        raise DomainError(NO_TOWNSHIP_KEY)
    return peers


def export_bundles(actor: Actor, data: DataDir, out_dir: Path, *, period: str = "", township: str | None = None,
                   progress: export.Progress | None = None) -> list[export.ExportResult]:
    """Township: one bundle for its county. County: one reply (receipt + referrals) per township."""
    actor.require(Perm.EXPORT, "bundle")
    local = local_center()
    if period:
        try:
            check_period(period)
        except ValueError as exc:
            raise DomainError(str(exc)) from None
    pair = _keypair(data)
    results = []
    for peer in _peers(local, township):
        # the township's audit head goes up for the county to hold; the county says which it holds
        extra = ({"audit": audit_heads.outgoing(peer.code)} if local.kind == "township"
                 else {"audit_held": audit_heads.held_for(peer.code)})
        down = county_rules.reply_extra(local.code, peer.code, pair) if local.kind == "county" else None
        result = export.write_bundle(local=local, peer=peer, keys=pair, out_dir=Path(out_dir),
                                     attachments_dir=data.attachments, period=period, progress=progress,
                                     manifest_extra=extra, receipt_extra=down,
                                     snapshot=(monthly_snapshot(local.code, period)
                                               if local.kind == "township" and period else None))
        with database.atomic():
            ExchangeLog.create(direction="out", peer_code=peer.code, sequence=result.sequence, period=period,
                               file_name=str(result.path), file_sha256=result.file_sha256,
                               username=actor.username,
                               summary=json.dumps({"counts": result.counts, "blobs": result.blobs,
                                                   "missing_blobs": result.missing_blobs,
                                                   "audit_head": (extra.get("audit") or {}).get("head")},
                                                  ensure_ascii=False))
            audit.record(actor.username, "bundle_export", "bundle", result.path.name,
                         detail={"to": peer.code, "sequence": result.sequence, "counts": result.counts})
        results.append(result)
    return results


@unattended("a step of a bundle import whose caller has checked the actor")
def backup_before_import(data: DataDir, username: str) -> None:
    """A verified backup of the database before bundles are applied (safety's backup service),
    so even a wrong-but-valid bundle can be undone with ``zhongxin backup restore``."""
    from zhongxin_desktop.services.safety import backups
    from zhongxin_desktop.store.engine import is_server

    if is_server():  # a server database is backed up by its own tools (pg_dump, replication)
        return
    backups.backup_before(data, "pre-import", username)


def _pair_for(path: Path, data: DataDir) -> keys.KeyPair:
    """Our key pair the bundle was encrypted to: the current one, or one retired by a key
    rotation (bundles written before the other side replaced our key). A file whose header
    cannot be read goes to the current pair, whose check then says what is wrong."""
    from zhongxin_desktop.exchange import crypto

    current = _keypair(data)
    try:
        with open(path, "rb") as fh:
            to = crypto.read_header(fh)[0].get("to")
    except (OSError, crypto.EnvelopeError):
        return current
    for pair in [current, *keys.previous_pairs(data.keys)]:
        if keys.enc_fingerprint(pair.enc_public) == to:
            return pair
    return current


def _signer(code: str) -> bytes | None:
    key = TrustedKey.get_or_none(TrustedKey.code == code)
    return bytes.fromhex(key.sign_public) if key else None


def import_bundle(actor: Actor, data: DataDir, path: Path, *, dry_run: bool = False,
                  before_apply: Callable[[], None] | None = None) -> ImportSummary:
    """Decrypt, verify, then apply one bundle in one transaction. A refused bundle changes
    nothing (only the refusal is logged) and comes back as a summary with status ERROR; so does
    a file that breaks the reader in a way nobody foresaw. ``before_apply`` runs once the file
    has been checked and before anything is written (the safety backup)."""
    actor.require(Perm.IMPORT, "bundle")
    local = local_center()
    path = Path(path)
    try:
        opened = container.open_bundle(path, _pair_for(path, data), _signer, local.code, tmp_parent=data.exports)
    except container.BundleRefused as exc:
        return _refused(actor, path, str(exc), dry_run)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others, nor show a traceback
        return _refused(actor, path, _unexpected(path, exc), dry_run)
    with opened:
        if before_apply is not None and not dry_run:
            before_apply()
        def log(summary: ImportSummary) -> None:
            summary.file = path.name
            if local.kind == "county" and summary.sender:  # said at once, not only in ``county status``
                from zhongxin_desktop.services.countywork.county import missing_bundles

                summary.missing_bundles = missing_bundles(summary.sender, summary.sequence)
            for case in Case.select(Case.id, Case.external_ref).where(Case.id.in_(summary.referrals_received)):
                audit.record("system", "referral_received", "case", case.id, detail={"referral": case.external_ref})
            ExchangeLog.create(direction="in", peer_code=summary.sender, sequence=summary.sequence,
                               period=summary.period, file_name=str(path), file_sha256=opened.file_sha256,
                               status="dry-run" if dry_run else summary.status.lower(), username=actor.username,
                               summary=json.dumps(summary.to_dict(), ensure_ascii=False, default=str))
            audit.record(actor.username, "bundle_import", "bundle", path.name,
                         detail={"from": summary.sender, "sequence": summary.sequence, "status": summary.status,
                                 "count": summary.to_dict()["import_count"], "dry_run": dry_run})

        def county_reply(receipt: dict[str, Any], sender: str, summary: ImportSummary) -> None:
            county_rules.apply_reply(receipt, sender, local.code, actor.username, summary)

        try:
            return applying.apply_bundle(opened, local=local, attachments_dir=data.attachments, dry_run=dry_run,
                                         on_applied=log, on_county_reply=county_reply)
        except container.BundleRefused as exc:
            return _refused(actor, path, str(exc), dry_run)
        except Exception as exc:  # noqa: BLE001 - the transaction rolled back; the next file goes on
            return _refused(actor, path, _unexpected(path, exc), dry_run)


def _unexpected(path: Path, exc: Exception) -> str:
    from zhongxin_desktop.store.db import disk_full_message

    log.error("import of %s failed", path, exc_info=exc)
    return disk_full_message(exc) or ("读取或写入此数据包时出现意外错误，此文件未导入，未做任何修改；"
                                      "同批的其他文件照常导入。详情已记入日志文件（logs 文件夹）。")


def _refused(actor: Actor, path: Path, reason: str, dry_run: bool) -> ImportSummary:
    summary = ImportSummary(file=path.name, refused_reason=reason, dry_run=dry_run).finish()
    with database.atomic():
        ExchangeLog.create(direction="in", peer_code="", file_name=str(path), status="refused",
                           username=actor.username, summary=json.dumps(summary.to_dict(), ensure_ascii=False))
        audit.record(actor.username, "bundle_import", "bundle", path.name, outcome="failed", detail={"reason": reason})
    return summary


def import_bundles(actor: Actor, data: DataDir, paths: list[Path], *, dry_run: bool = False,
                   progress: export.Progress | None = None) -> list[ImportSummary]:
    """Import each file in turn; a refused file is reported and the next one goes on. The safety
    backup is taken once per run, just before the first file that passed every check is applied
    (a run of refused files costs no backup). Decrypted leftovers of a killed import go first."""
    actor.require(Perm.IMPORT, "bundle")
    leftovers.sweep(data)
    backed_up = False

    def backup_once() -> None:
        nonlocal backed_up
        if not backed_up:
            backup_before_import(data, actor.username)
            backed_up = True

    out = []
    for i, p in enumerate(paths):
        if progress:
            progress(i, len(paths), f"导入 {Path(p).name}")
        out.append(import_bundle(actor, data, Path(p), dry_run=dry_run, before_apply=backup_once))
    return out


def history(actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    actor.require(Perm.VIEW)
    rows = ExchangeLog.select().order_by(ExchangeLog.at.desc(), ExchangeLog.id.desc()).limit(limit)
    return [{"at": r.at, "direction": r.direction, "peer_code": r.peer_code, "sequence": r.sequence,
             "period": r.period, "file": Path(r.file_name).name, "status": r.status, "username": r.username,
             "summary": json.loads(r.summary or "{}")} for r in rows]


def overview(actor: Actor, data: DataDir) -> dict[str, Any]:
    """Everything the 数据交换 page shows, in one call from the worker thread."""
    from zhongxin_desktop.services.countywork import county, referrals

    local = local_center()
    out = {"kind": local.kind, "local": my_key(actor, data), "trusted": trusted_keys(actor),
           "history": history(actor, 30), "missing_peer_key": _missing_peer_key(local)}
    if local.kind == "county":
        out["reporting"] = county.reporting_status(actor)
        out["referrals"] = referrals.referral_dicts(actor)
    return out
