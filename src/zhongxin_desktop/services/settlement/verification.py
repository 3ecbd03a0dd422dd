"""Checking the text of an agreement's QR code against the stored agreements."""
from __future__ import annotations

from typing import Any

from dataclasses import dataclass
from pathlib import Path

from zhongxin_desktop.domain import agreement_code
from zhongxin_desktop.domain.agreement_status import AgreementStatus
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.store.models import Agreement, Case

# outcome codes: match (the stored version in force), draft (genuine but not signed), superseded (genuine but replaced by a later
# version), mismatch (the content differs from what is stored: altered paper or altered data),
# unknown (no such case/version here), invalid (not one of our codes)


@dataclass
class Verdict:
    outcome: str
    message: str
    agreement_id: str | None = None
    number: str = ""
    status: str = ""
    latest_version: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "match"


def verify(actor: Actor, text: str) -> Verdict:
    actor.require(Perm.VIEW, "agreement")
    verdict = _verify(text)
    audit.record(actor.username, "agreement_verify", "agreement", verdict.agreement_id or "",
                 detail={"outcome": verdict.outcome})
    return verdict


def _verify(text: str) -> Verdict:
    code = agreement_code.parse(text)
    if code is None:
        a = agreements._by_number(text) if (text or "").strip() else None
        if a is None:
            return Verdict("invalid", "这不是本系统协议书上的核验码或协议编号（格式不符，或本中心没有此编号的协议）。")
        # the 编号 typed from the paper: say which version of it is in force
        code = agreement_code.ParsedCode(a.case.case_no or "", a.version, a.content_hash)
    if code.number:
        a = agreements._by_number(code.number, code.version)
        if a is not None and not _signed_by_us_or_trusted(code):
            return Verdict("mismatch", f"协议“{a.number}”核验码的签名不是本中心（或受信任中心）的签名：核验码可能被伪造。",
                           agreement_id=a.id, number=a.number, status=a.status)
        case = a.case if a is not None else None
    else:
        case = Case.get_or_none(Case.case_no == code.case_no)
        a = None if case is None else (Agreement.select().where(Agreement.case == case,
                                                                Agreement.version == code.version).first())
    if a is None:
        return Verdict("unknown", f"本中心没有协议“{code.number or code.case_no}”第 {code.version} 版的记录。"
                                  "可能是其他中心出具的协议，或者核验码被改动。")
    assert case is not None  # an agreement always has its case
    recomputed = agreement_code.content_hash(agreements._content_of(a))
    latest = agreements._versions(case)[-1].version
    base: dict[str, Any] = dict(agreement_id=a.id, number=a.number, status=a.status, latest_version=latest)
    if recomputed != a.content_hash:
        return Verdict("mismatch", f"协议“{a.number}”的存储内容与其登记的摘要不一致：数据可能被改动，请立即报告。",
                       **base)
    if code.digest != a.content_hash:
        return Verdict("mismatch", f"核验码与本中心保存的协议“{a.number}”内容不一致：纸面协议或核验码可能被改动。",
                       **base)
    if a.status == AgreementStatus.SUPERSEDED:
        newer = agreements._in_force(case)
        by = f"第 {newer.version} 版" if newer is not None and newer.version > a.version else f"第 {latest} 版"
        return Verdict("superseded", f"协议“{a.number}”确由本中心出具，但已被{by}更正，请以{by}为准。", **base)
    if a.status in agreements.EDITABLE:
        return Verdict("draft", f"协议“{a.number}”是尚未签署的草稿（第 {a.version} 版），不是生效的协议。", **base)
    draft = agreements._pending_correction(a)
    if draft is not None:
        return Verdict("match", f"核验通过：协议“{a.number}”与本中心保存的内容一致，现行有效"
                                f"（{agreements.STATUS_LABELS[a.status]}）；第 {draft.version} 版更正正在制作中，"
                                "签署前本版继续有效。", **base)
    return Verdict("match", f"核验通过：协议“{a.number}”与本中心保存的内容一致（{agreements.STATUS_LABELS[a.status]}）。",
                   **base)


def _signed_by_us_or_trusted(code: agreement_code.ParsedCode) -> bool:
    from zhongxin_desktop.exchange import keys
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.store.models import TrustedKey

    own = keys.load_or_create(DataDir(Path(database.obj.database).parent).keys).sign_public
    candidates = [own] + [bytes.fromhex(k.sign_public) for k in TrustedKey.select()]
    return any(signature_valid(code, key) for key in candidates)


@unattended("checks a code against a public key: reads no data")
def signature_valid(code: agreement_code.ParsedCode, sign_public: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(code.signature, code.payload.encode("utf-8"))
        return True
    except (InvalidSignature, ValueError):
        return False


@unattended("checks a code against a public key: reads no data")
def verify_offline(text: str, public_key_file: str) -> Verdict:
    """Check a code against a center's public key file (``keys export``) alone: no database. Says
    whether that center issued this 编号, version and content hash — not whether a later
    version exists, which only the center's records know."""
    from zhongxin_desktop.exchange import keys

    try:
        doc = keys.parse_public_document(Path(public_key_file).read_text(encoding="utf-8"))
    except OSError as exc:
        return Verdict("invalid", f"无法读取公钥文件 {public_key_file}：{exc}")
    code = agreement_code.parse(text)
    if code is None or not code.number:
        return Verdict("invalid", "这不是带签名的协议核验码：离线核验只适用于带中心签名的二维码（ZXAGR2）。")
    if not signature_valid(code, bytes.fromhex(doc["sign_public"])):
        return Verdict("mismatch", f"签名不符：此核验码不是“{doc['name']}”出具的，或已被改动。", number=code.number)
    return Verdict("match", f"签名有效：“{doc['name']}”出具了协议“{code.number}”第 {code.version} 版"
                            f"（内容摘要 {code.digest[:12]}…）。是否已被更正，请向该中心查询。", number=code.number)
