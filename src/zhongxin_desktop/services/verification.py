"""Checking the text of an agreement's QR code against the stored agreements."""
from __future__ import annotations

from dataclasses import dataclass

from zhongxin_desktop.domain import agreement_code
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import agreements, audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Agreement, Case

# outcome codes: match (the stored, current version), superseded (genuine but replaced by a later
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
        return Verdict("invalid", "这不是本系统协议书上的核验码（格式不符）。")
    case = Case.get_or_none(Case.case_no == code.case_no)
    a = None if case is None else (Agreement.select().where(Agreement.case == case,
                                                            Agreement.version == code.version).first())
    if a is None:
        return Verdict("unknown", f"本中心没有案件“{code.case_no}”第 {code.version} 版协议的记录。"
                                  "可能是其他中心出具的协议，或者核验码被改动。")
    recomputed = agreement_code.content_hash(agreements.content_of(a))
    latest = agreements.versions(case)[-1].version
    base = dict(agreement_id=a.id, number=a.number, status=a.status, latest_version=latest)
    if recomputed != a.content_hash:
        return Verdict("mismatch", f"协议“{a.number}”的存储内容与其登记的摘要不一致：数据可能被改动，请立即报告。",
                       **base)
    if code.digest != a.content_hash:
        return Verdict("mismatch", f"核验码与本中心保存的协议“{a.number}”内容不一致：纸面协议或核验码可能被改动。",
                       **base)
    if a.status == "superseded":
        return Verdict("superseded", f"协议“{a.number}”确由本中心出具，但已被更正，最新为第 {latest} 版。"
                                     "请以最新版本为准。", **base)
    return Verdict("match", f"核验通过：协议“{a.number}”与本中心保存的内容一致（{agreements.STATUS_LABELS[a.status]}）。",
                   **base)
