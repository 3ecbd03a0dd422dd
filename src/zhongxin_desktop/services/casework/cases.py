"""Case use cases: register, accept (numbering), move through the workflow, read."""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

import datetime as dt

from zhongxin_desktop.domain import numbering, workflow
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput, validate_case
from zhongxin_desktop.domain.errors import Collector, DomainError, FieldError, ValidationError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Action, Status
from zhongxin_desktop.services import _case_timeline as case_timeline, audit, settings
from zhongxin_desktop.services._case_rows import _get_case
from zhongxin_desktop.services.casework import grid_loop, liaison, search_index
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop.store import case_parties, inserts
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, CaseNumberSequence, Transfer


def _today() -> dt.date:
    return dt.date.today()


@unattended("checks the input against the center's vocabularies; reads no case")
def validate(data: CaseInput, today: dt.date | None = None, *, kept: tuple[str, str] | None = None) -> Collector:
    """``kept``: a corrected case's own (category, source), accepted even when the lists no
    longer offer them (a county's newer rules may have dropped one)."""
    categories, sources, risk_levels = settings.get_many("categories", "sources", "risk_levels")
    if kept:
        categories, sources = [*categories, kept[0]], [*sources, kept[1]]
    return validate_case(data, categories=categories, sources=sources, risk_levels=risk_levels, today=today)


@unattended("a rule over its arguments")
def person_values(p: PartyInput) -> dict[str, Any]:
    """The party's own fields as the store's party writer takes them (``case_parties``)."""
    return dict(
        kind=p.kind, name=p.name, sex=p.sex, ethnicity=p.ethnicity, birth_date=p.birth_date,
        occupation=p.occupation, address=p.address, phone=p.phone, id_number=p.id_number,
        legal_rep=p.legal_rep, contact=p.contact, credit_code=p.credit_code, legal_rep_title=p.legal_rep_title,
    )


@unattended("a rule over its arguments")
def party_values(p: PartyInput) -> dict[str, Any]:
    """The party with its role and agent: one item for ``case_parties.write_case_parties``."""
    return dict(person_values(p), role=p.role, agent_name=p.agent_name, agent_phone=p.agent_phone,
                agent_kind=p.agent_kind)


def _event(case: Case, actor: Actor, action: str, from_status: str = "", to_status: str = "",
           remark: str = "", details: dict[str, Any] | None = None) -> None:
    case_timeline.add(actor, case, action, from_status, to_status, remark, details)


def _record_event(case: Case, actor: Actor, action: str, remark: str = "", details: dict[str, Any] | None = None) -> None:
    """A step on the case's timeline that leaves its status as it is (a correction, an assignment)."""
    _event(case, actor, action, case.status, case.status, remark, details)


def register(actor: Actor, data: CaseInput, *, today: dt.date | None = None) -> CaseRecord:
    """Validate and save a new case with its parties, in one transaction."""
    actor.require(Perm.REGISTER, "case")
    validate(data, today).raise_if_any()
    owner = local_center().code  # before the transaction: read there, it could not be remembered
    with database.atomic():
        return CaseRecord.of(_write_case(actor, data, owner))


def register_many(actor: Actor, records: list[CaseInput], *, today: dt.date | None = None) -> list[CaseRecord]:
    """All or nothing: every record is validated first (errors name the record), then all are
    written in one transaction."""
    actor.require(Perm.REGISTER, "case")
    errors = Collector()
    for i, data in enumerate(records, start=1):
        for e in validate(data, today).errors:
            errors.errors.append(FieldError(e.field, e.message, f"第{i}条记录" + (f"·{e.record}" if e.record else ""),
                                            e.key, e.party, i - 1))
    errors.raise_if_any()
    owner = local_center().code
    with database.atomic():
        return [CaseRecord.of(_write_case(actor, data, owner)) for data in records]


def _write_case(actor: Actor, data: CaseInput, owner: str) -> Case:
    """Inside the caller's transaction (register, register_many)."""
    case = inserts.create(
        Case, owner_code=owner, status=Status.REGISTERED.value, registered_on=data.registered_on or _today(),
        registered_by=actor.user_id, source=data.source, source_detail=data.source_detail,
        reporter_name=data.reporter_name, village=data.village_id, grid=data.grid_id,
        category=data.category, facts=data.facts.strip(), claims=data.claims,
        persons_involved=data.persons_involved, amount=data.amount, risk_level=data.risk_level,
        is_group=data.is_group, prevent_criminal=data.prevent_criminal,
        prevent_criminal_persons=data.prevent_criminal_persons, prevent_petition=data.prevent_petition,
        prevent_petition_persons=data.prevent_petition_persons, prevent_suicide=data.prevent_suicide,
        prevent_suicide_persons=data.prevent_suicide_persons, mediator=data.mediator_id,
        external_ref=data.external_ref, instructions=data.instructions, due_on=data.due_on,
    )
    case_parties.write_case_parties(case.id, owner, [party_values(p) for p in data.parties])
    _event(case, actor, "register", "", Status.REGISTERED.value)
    liaison._on_registered(case, data)  # an order's reply deadline is tracked like a transfer's
    search_index.index_cases([case.id])
    audit.record(actor.username, "case_register", "case", case.id)
    return case


@unattended("a step inside accept's write transaction, which has checked the actor")
def next_case_number(year: int) -> tuple[int, str]:
    """Hand out the next number of ``year``. Must run inside the caller's write transaction."""
    CaseNumberSequence.insert(year=year, last_seq=0).on_conflict_ignore().execute()
    CaseNumberSequence.update(last_seq=CaseNumberSequence.last_seq + 1).where(
        CaseNumberSequence.year == year).execute()
    seq = CaseNumberSequence.get_by_id(year).last_seq
    center = local_center()
    return seq, numbering.format_case_number(year, seq, center.committee_short,
                                             settings.get("case_number_pattern"))


def get_case(actor: Actor, case_ref: str) -> CaseRecord:
    """A case by id or by case number."""
    actor.require(Perm.VIEW, "case", case_ref)
    return CaseRecord.of(_get_case(case_ref))


@unattended("a rule over the case row another service has already loaded for its actor")
def refuse_unless(case: Case, states: Collection[Status], doing: str, hint: str) -> None:
    """A step outside the workflow (an agreement, a session record) allowed only in some states:
    refused with the case's state, what was refused, and what to do instead."""
    if Status(case.status) not in states:
        raise DomainError(f"案件当前为“{Status(case.status).label}”，不能{doing}。{hint}")


@unattended("a rule over its argument")
def permission_for(action: Action | str) -> Perm:
    """The permission a workflow step needs (the GUI greys out what the user may not do)."""
    action = Action(action)
    if action in (Action.SUCCEED, Action.TERMINATE, Action.START_MEDIATION, Action.REMEDIATE):
        return Perm.MEDIATE
    return Perm.REGISTER if action in (Action.ACCEPT, Action.REJECT) else Perm.EDIT


def transition(actor: Actor, case_id: str, action: Action | str, *, remark: str = "", on: dt.date | None = None,
               **details: Any) -> CaseRecord:
    """Move a case one step through the workflow, recording the event."""
    action = Action(action)
    actor.require(permission_for(action), "case", case_id)
    on = on or _today()
    # IMMEDIATE takes the write lock before reading, so two windows cannot hand out one number.
    with database.atomic():
        case = Case.get_by_id(case_id)
        old = Status(case.status)
        new = workflow.apply(old, action, {**details, "reason": details.get("reason") or remark})
        case.status = new.value
        if action == Action.ACCEPT:
            case.accepted_on = on
            case.case_seq, case.case_no = next_case_number(on.year)
            case.case_year = on.year
            if case.due_on is None:  # a deadline the sender set governs (see CaseInput.due_on)
                case.due_on = on + dt.timedelta(days=settings.due_days_for(case.category))
        elif action == Action.REJECT:
            case.rejection_reason = details.get("reason") or remark
            case.guided_to = details.get("guided_to", "")
            case.closed_on = on
        elif action == Action.TRANSFER:
            Transfer.create(owner_code=case.owner_code, case=case, department=details["department"],
                            sent_on=on, feedback_due=details["feedback_due"],
                            instructions=details.get("instructions", remark),
                            reference=str(details.get("reference") or "").strip())
        elif action in (Action.TRANSFER_RETURN, Action.TRANSFER_CONCLUDE):
            transfer = (Transfer.select().where(Transfer.case == case, Transfer.reply_on.is_null())
                        .order_by(Transfer.sent_on.desc()).first())
            if transfer is not None:
                transfer.reply, transfer.reply_on, transfer.replied_by = details["reply"], on, actor.username
                transfer.touch()
                transfer.save()
            if action == Action.TRANSFER_CONCLUDE:
                case.closed_on = on
        elif action in (Action.SUCCEED, Action.TERMINATE):
            case.closed_on = on
            case.outcome = remark or case.outcome
        elif action == Action.REMEDIATE:
            case.closed_on = None
        case.touch()
        case.save()
        if action == Action.ACCEPT:
            search_index.index_cases([case.id])
        _event(case, actor, action.value, old.value, new.value, remark, details)
        audit.record(actor.username, f"case_{action.value}", "case", case.id,
                     detail={"from": old.value, "to": new.value})
        grid_loop._on_case_changed(case, actor.username)  # the outcome goes back to the grid events
    return CaseRecord.of(case)


def extend_deadline(actor: Actor, case_id: str, new_due: dt.date, reason: str) -> CaseRecord:
    """Extend a case's deadline (with the parties' consent): the reason is required, the change
    is an event on the case's timeline and an audit entry."""
    actor.require(Perm.EDIT, "case", case_id)
    errors = Collector()
    if not (reason or "").strip():
        errors.add("延期原因", "不能为空，请写明延期原因（如：经双方当事人同意）")
    with database.atomic():
        case = _get_case(case_id)
        if Status(case.status) not in workflow.OPEN_STATUSES:
            errors.add("办理期限", f"案件已{Status(case.status).label}，无需延期")
        elif case.due_on and new_due <= case.due_on:
            errors.add("新期限", f"应晚于原期限{case.due_on.isoformat()}")
        errors.raise_if_any()
        old = case.due_on
        case.due_on = new_due
        case.touch()
        case.save()
        _event(case, actor, "extend_deadline", case.status, case.status, reason.strip(),
               {"from": old, "to": new_due})
        audit.record(actor.username, "case_extend_deadline", "case", case.id,
                     detail={"from": old, "to": new_due, "reason": reason.strip()})
    return CaseRecord.of(case)


def record_overdue_reason(actor: Actor, case_id: str, reason: str) -> CaseRecord:
    """Why an overdue case is not closed yet (shown in red lists and the dashboard)."""
    actor.require(Perm.EDIT, "case", case_id)
    if not (reason or "").strip():
        raise ValidationError(FieldError("逾期原因", "不能为空，请写明案件未能按期办结的原因"))
    with database.atomic():
        case = _get_case(case_id)
        case.overdue_reason = reason.strip()
        case.touch()
        case.save()
        _event(case, actor, "overdue_reason", case.status, case.status, reason.strip())
        audit.record(actor.username, "case_overdue_reason", "case", case.id)
    return CaseRecord.of(case)
