"""The linkage loop's deadlines (对接回复): every transfer keeps the other side's number and a reply
deadline — going out (交办 to 派出所, 人民法庭, 信访办 …: their reply awaited) or coming in (a 12345 or
110 work order, a court's or 信访's case: our reply owed). Replies are recorded against them; the
ones past their deadline without a reply are listed on the dashboard, not only inside each case.

A case registered from an order source (vocab.ORDER_SOURCES) with the sender's deadline gets its
incoming row at registration (``_on_registered``), numbered with the case's outside reference.
"""
from __future__ import annotations

from typing import Any

import datetime as dt

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.case_input import CaseInput
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.errors import Collector, DomainError, NotFound
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services._refs import _row_by_ref
from zhongxin_desktop.services import audit
from zhongxin_desktop.services import _case_timeline as case_timeline
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.results import TransferRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, Transfer

DIRECTIONS = {"out": "交办待反馈", "in": "来件待回复"}


def _on_registered(case: Case, data: CaseInput) -> Transfer | None:
    """Inside register's transaction: an order with a deadline owes a reply by then (its reply
    deadline, or else its handling deadline)."""
    reply_due = data.reply_due or data.due_on
    if data.source not in vocab.ORDER_SOURCES or reply_due is None:
        return None
    return Transfer.create(owner_code=case.owner_code, case=case, department=data.source_detail or data.source,
                           sent_on=case.registered_on, feedback_due=reply_due, reference=data.external_ref or "",
                           direction="in", instructions=data.instructions)


def _get_transfer(ref: str) -> Transfer:
    return _row_by_ref(Transfer, ref, f"找不到交办/来件记录“{ref}”，请核对编号（zhongxin liaison list 可列出）")


def record_order(actor: Actor, case_id: str, sender: str, reference: str, reply_due: dt.date, *,
                 received_on: dt.date | None = None, instructions: str = "") -> TransferRecord:
    """An order that came with a case already registered (the work order number arrived later)."""
    actor.require(Perm.EDIT, "case", case_id)
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("找不到该案件")
    received_on = received_on or case.registered_on
    errors = Collector()
    if not (sender or "").strip():
        errors.add("来件单位", "不能为空，如：12345热线、派出所、人民法庭")
    if reply_due is None or reply_due < received_on:
        errors.add("回复期限", f"不能为空，也不能早于收件日期{cn_date(received_on)}")
    errors.raise_if_any()
    with database.atomic():
        row = Transfer.create(owner_code=case.owner_code, case=case, department=sender.strip(), sent_on=received_on,
                              feedback_due=reply_due, reference=(reference or "").strip(), direction="in",
                              instructions=(instructions or "").strip())
        audit.record(actor.username, "order_add", "case", case.id, detail={"transfer": row.id})
    return TransferRecord.of(row)


def record_reply(actor: Actor, transfer_id: str, reply: str, *, on: dt.date | None = None) -> TransferRecord:
    """The reply sent back on an order, or received from the department a case was sent to
    (which leaves the case's status to the workflow's 交办反馈 steps)."""
    actor.require(Perm.EDIT, "transfer", transfer_id)
    on = on or dt.date.today()
    row = _get_transfer(transfer_id)
    if row.reply_on is not None:
        raise DomainError(f"该{'来件' if row.direction == 'in' else '交办'}已于{cn_date(row.reply_on)}回复，不能重复登记")
    errors = Collector()
    if not (reply or "").strip():
        errors.add("回复内容", "不能为空，请写明回复了什么")
    if on < row.sent_on:
        errors.add("回复日期", f"不能早于{cn_date(row.sent_on)}")
    errors.raise_if_any()
    with database.atomic():
        row.reply, row.reply_on, row.replied_by = reply.strip(), on, actor.username
        row.touch()
        row.save()
        whom = f"{row.department}（{row.reference}）" if row.reference else row.department
        case = row.case
        case_timeline.add(actor, case, "order_reply" if row.direction == "in" else "transfer_reply", case.status,
                          case.status, f"{whom}：{reply.strip()[:200]}", {"transfer": row.id, "on": on})
        audit.record(actor.username, "transfer_reply", "case", row.case_id, detail={"transfer": row.id, "on": on})
    return TransferRecord.of(row)


def case_transfers(actor: Actor, case_id: str, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """One case's orders in and transfers out with their numbers, deadlines and replies."""
    actor.require(Perm.VIEW, "case", case_id)
    today = today or dt.date.today()
    q = Transfer.select(Transfer, Case).join(Case).where(Transfer.case == case_id).order_by(Transfer.sent_on)
    return [transfer_dict(t, today) for t in q]


@unattended("formats a row the calling service has already read for its actor")
def transfer_dict(t: Transfer, today: dt.date) -> dict[str, Any]:
    late = t.reply_on is None and t.feedback_due < today
    return {"id": t.id, "case_id": t.case_id, "case_no": t.case.case_no or "（待受理）", "direction": t.direction,
            "direction_label": DIRECTIONS.get(t.direction, t.direction), "other_side": t.department,
            "reference": t.reference, "sent_on": t.sent_on, "reply_due": t.feedback_due, "reply_on": t.reply_on,
            "reply": t.reply, "late": late, "days_overdue": (today - t.feedback_due).days if late else 0}


def list_transfers(actor: Actor, *, overdue_only: bool = False, direction: str | None = None,
                   today: dt.date | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Most overdue first; with ``overdue_only`` only the unanswered ones past their deadline."""
    actor.require(Perm.VIEW, "transfer")
    today = today or dt.date.today()
    q = Transfer.select(Transfer, Case).join(Case)
    if overdue_only:
        q = q.where(Transfer.reply_on.is_null(), Transfer.feedback_due < today)
    if direction:
        q = q.where(Transfer.direction == direction)
    q = q.order_by(Transfer.reply_on.is_null(False), Transfer.feedback_due).limit(limit)
    return [transfer_dict(t, today) for t in q]


def get_transfer(actor: Actor, ref: str) -> TransferRecord:
    """The row ``_get_transfer`` finds, as a record (read permission)."""
    actor.require(Perm.VIEW, "transfer", ref)
    return TransferRecord.of(_get_transfer(ref))
