"""The mediation organisation: each township's 人民调解委员会 and its 调解员 roster.

A township keeps its own (committees, then mediators linked to one); the rows travel up in its
bundles like any synced row, without the link to a sign-in account. The county lists what each
township sent (``county_rosters``), phones masked unless revealed (audited), and the monthly
statistics count both (services/figures/statistics).
"""
from __future__ import annotations

from typing import Any

from zhongxin_desktop.domain import phone as phones
from zhongxin_desktop.domain.errors import Collector, DomainError, NotFound
from zhongxin_desktop.domain.masking import mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.text_rules import blank, check_text
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import CenterRecord
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.casework.repeat_parties import may_reveal
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import MediationCommittee, Mediator

COMMITTEE_KINDS = ["乡镇（街道）", "村（居）", "企事业单位", "行业性专业性"]
DUTIES = ["主任", "副主任", "委员", "专职调解员", "兼职调解员", "调解员"]
SEXES = ["男", "女"]


def _township(actor: Actor) -> CenterRecord:
    actor.require(Perm.MANAGE_USERS, "roster")
    center = local_center()
    if center.kind != "township":
        raise DomainError("调委会和调解员名册由各乡镇维护，随数据包报送县级；县级在“调解组织”中查看")
    return center


def _committee_by(name_or_id: str) -> MediationCommittee:
    found = MediationCommittee.get_or_none((MediationCommittee.id == name_or_id)
                                           | (MediationCommittee.name == name_or_id.strip()))
    if found is None:
        raise NotFound(f"找不到调委会“{name_or_id}”。先用 zhongxin roster committee-add 添加，"
                       "或在“设置 → 调解组织”中添加")
    return found


def _check_name(errors: Collector, label: str, name: str, when_blank: str) -> None:
    if blank(name):
        errors.add(label, when_blank)
    else:
        check_text(errors, label, name, limit=100)


def add_committee(actor: Actor, name: str, kind: str = COMMITTEE_KINDS[0]) -> dict[str, Any]:
    center = _township(actor)
    errors = Collector()
    _check_name(errors, "调委会名称", name, "不能为空，如：青山镇人民调解委员会")
    if kind not in COMMITTEE_KINDS:
        errors.add("类别", f"应为{'、'.join(COMMITTEE_KINDS)}之一")
    errors.raise_if_any()
    name = name.strip()
    if MediationCommittee.select().where(MediationCommittee.name == name).exists():
        raise DomainError(f"调委会“{name}”已在名册中")
    with database.atomic():
        row = MediationCommittee.create(owner_code=center.code, name=name, kind=kind)
        audit.record(actor.username, "roster_committee_add", "mediation_committee", row.id, detail={"name": name})
    return _committee_dict(row, [])


def add_mediator(actor: Actor, *, name: str, sex: str = "", duty: str = "调解员", phone: str = "",
                 committee: str = "", trained: bool = False, active: bool = True) -> dict[str, Any]:
    center = _township(actor)
    errors = Collector()
    _check_name(errors, "姓名", name, "不能为空")
    if sex and sex not in SEXES:
        errors.add("性别", "应为男或女（可不填）")
    if duty not in DUTIES:
        errors.add("职务", f"应为{'、'.join(DUTIES)}之一")
    number = phones.normalize(phone or "")
    if number and (why := phones.validate(number)):
        errors.add("联系电话", why)
    errors.raise_if_any()
    parent = _committee_by(committee) if committee else None
    with database.atomic():
        row = Mediator.create(owner_code=center.code, name=name.strip(), sex=sex, duty=duty, phone=number,
                              committee=parent, trained=bool(trained), active=bool(active))
        audit.record(actor.username, "roster_mediator_add", "mediator", row.id,
                     detail={"name": row.name, "committee": parent.name if parent else ""})
    return _mediator_dict(row, parent.name if parent else "", reveal=False)


def _mediator_by(name_or_id: str) -> Mediator:
    found = list(Mediator.select().where((Mediator.id == name_or_id) | (Mediator.name == name_or_id.strip())))
    if not found:
        raise NotFound(f"找不到调解员“{name_or_id}”。名册见 zhongxin roster list")
    if len(found) > 1:
        raise DomainError(f"名册中有 {len(found)} 名调解员叫“{name_or_id.strip()}”：请用 zhongxin roster list --json "
                          "中的 id 指明是哪一位")
    return found[0]


def set_mediator(actor: Actor, mediator: str, *, active: bool | None = None, trained: bool | None = None) -> dict[str, Any]:
    """Mark a mediator (id, or a name only one has) as no longer serving, or as trained (a new
    version travels up)."""
    _township(actor)
    row = _mediator_by(mediator)
    with database.atomic():
        if active is not None:
            row.active = active
        if trained is not None:
            row.trained = trained
        row.touch()
        row.save()
        audit.record(actor.username, "roster_mediator_edit", "mediator", row.id,
                     detail={"active": row.active, "trained": row.trained})
    return _mediator_dict(row, row.committee.name if row.committee else "", reveal=False)


def _committee_dict(c: MediationCommittee, members: list[str]) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "kind": c.kind, "active": bool(c.active), "members": members,
            "member_count": len(members)}


def _mediator_dict(m: Mediator, committee: str, reveal: bool) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "sex": m.sex, "duty": m.duty, "committee": committee,
            "phone": m.phone if reveal else mask_phone(m.phone), "active": bool(m.active), "trained": bool(m.trained)}


def _roster(owner_code: str | None, reveal: bool) -> dict[str, Any]:
    committees = MediationCommittee.select().order_by(MediationCommittee.created_at, MediationCommittee.name)
    people = Mediator.select().order_by(Mediator.active.desc(), Mediator.created_at, Mediator.name)
    if owner_code:
        committees = committees.where(MediationCommittee.owner_code == owner_code)
        people = people.where(Mediator.owner_code == owner_code)
    names = {c.id: c.name for c in committees}
    members: dict[str, list[str]] = {}
    mediators: list[dict[str, Any]] = []
    for m in people:
        if m.active and m.committee_id in names:
            members.setdefault(m.committee_id, []).append(m.name)
        mediators.append(_mediator_dict(m, names.get(m.committee_id or "", ""), reveal))
    return {"committees": [_committee_dict(c, members.get(c.id, [])) for c in committees], "mediators": mediators}


def roster(actor: Actor, *, reveal: bool = False) -> dict[str, Any]:
    """This center's own roster (a township)."""
    actor.require(Perm.VIEW)
    reveal = may_reveal(actor, reveal, "roster")
    return _roster(local_center().code, reveal)


def county_rosters(actor: Actor, *, reveal: bool = False) -> list[dict[str, Any]]:
    """County: each trusted township's committees and mediators as its bundles brought them."""
    from zhongxin_desktop.services.countywork import county

    townships = county.townships(actor)
    reveal = may_reveal(actor, reveal, "county_rosters")
    out = []
    for t in townships:
        r = _roster(t["code"], reveal)
        out.append({**t, **r, "committee_count": sum(c["active"] for c in r["committees"]),
                    "mediator_count": sum(m["active"] for m in r["mediators"])})
    return out
