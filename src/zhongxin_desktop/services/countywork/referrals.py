"""交办件 at the county: create a referral for a township and follow it (closed loop).

The referral goes down in the next bundle for that township (``bundle receipt``/``bundle export``
at the county); the township makes its own case from it (see ``exchange/referrals.py``) and its
handling comes back up; here the referral shows the status of that case.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import json

from zhongxin_desktop.domain.errors import Collector, DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import ReferralRecord
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, Referral, TrustedKey

PARTY_ROLES = ("申请人", "被申请人", "当事人")


def _date(value: Any, errors: Collector, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.add(label, f"“{value}”不是日期，应为 YYYY-MM-DD，如 2026-12-15")
        return None


def create_referral(actor: Actor, township_code: str, data: dict[str, Any], today: dt.date | None = None) -> ReferralRecord:
    """Validate and save a referral (county only)."""
    actor.require(Perm.REGISTER, "referral")
    local = local_center()
    if local.kind != "county":
        raise DomainError("交办件只能由县级中心创建")
    today = today or dt.date.today()
    errors = Collector()
    if not TrustedKey.select().where(TrustedKey.code == township_code, TrustedKey.kind == "township").exists():
        errors.add("乡镇", f"“{township_code}”不是已信任的本县乡镇，请先信任其公钥")
    category = str(data.get("category", "")).strip()
    if category not in settings.get("categories"):
        errors.add("纠纷类型", f"应为{'、'.join(settings.get('categories'))}之一")
    facts = str(data.get("facts", "")).strip()
    if not facts:
        errors.add("纠纷简要情况", "不能为空，请写明交办的事由")
    instructions = str(data.get("instructions", "")).strip()
    if not instructions:
        errors.add("交办要求", "不能为空，请写明办理要求")
    due_on = _date(data.get("due_on"), errors, "办结期限")
    if due_on is None and "办结期限" not in {e.field for e in errors.errors}:
        errors.add("办结期限", "不能为空，应为 YYYY-MM-DD")
    elif due_on is not None and due_on < today:
        errors.add("办结期限", "不能早于今天")
    risk = str(data.get("risk_level") or "黄")
    if risk not in settings.get("risk_levels"):
        errors.add("风险等级", f"应为{'、'.join(settings.get('risk_levels'))}之一")
    parties = data.get("parties") or []
    if not isinstance(parties, list):
        errors.add("当事人", "应为列表")
        parties = []
    for i, p in enumerate(parties, 1):
        if not isinstance(p, dict) or not str(p.get("name", "")).strip():
            errors.add("姓名", "不能为空", f"第{i}个当事人")
        elif p.get("role", "当事人") not in PARTY_ROLES:
            errors.add("身份", f"应为{'、'.join(PARTY_ROLES)}之一", f"第{i}个当事人")
    errors.raise_if_any()
    with database.atomic():
        ref = Referral.create(owner_code=local.code, township_code=township_code, category=category, facts=facts,
                              claims=str(data.get("claims", "")), instructions=instructions, due_on=due_on,
                              risk_level=risk, parties=json.dumps(parties, ensure_ascii=False),
                              created_by=actor.display_name or actor.username)
        audit.record(actor.username, "referral_create", "referral", ref.id, detail={"township": township_code})
    return ReferralRecord.of(ref)


def referral_dicts(actor: Actor, township_code: str | None = None) -> list[dict[str, Any]]:
    """Each referral with the township's case (when it has reported it back)."""
    actor.require(Perm.VIEW)
    q = Referral.select().order_by(Referral.created_at.desc())
    if township_code:
        q = q.where(Referral.township_code == township_code)
    refs = list(q)
    # a case answers a referral only when it is the addressed township's own case
    linked = {(c.external_ref, c.owner_code): c
              for c in Case.select().where(Case.external_ref.in_([r.id for r in refs]))} if refs else {}
    out = []
    for r in refs:
        case = linked.get((r.id, r.township_code))
        out.append({"id": r.id, "township_code": r.township_code, "category": r.category, "facts": r.facts,
                    "instructions": r.instructions, "due_on": r.due_on, "created_at": r.created_at,
                    "created_by": r.created_by, "case_id": case.id if case else None,
                    "case_no": case.case_no if case else None,
                    "status": case.status if case else None,
                    "status_label": Status(case.status).label if case else "未回报"})
    return out
