"""A case's rows as the services' own writing steps read them: the case by id or number, its
parties in order, an agreement's signed scans. Shared by the packages that act on a case
(casework registers and corrects it, settlement mediates it and records its agreement), and
private to services: what leaves them is a record (services/results.py), never one of these rows."""
from __future__ import annotations

from zhongxin_desktop.domain.errors import NotFound
from zhongxin_desktop.store.models import Agreement, Attachment, Case, CaseParty, Party


def _get_case(case_ref: str) -> Case:
    """A case's row by id or by case number."""
    case = Case.get_or_none((Case.id == case_ref) | (Case.case_no == case_ref))
    if case is None:
        raise NotFound(f"找不到案件“{case_ref}”，请核对案件编号")
    return case


def _parties_of(case: Case | str) -> list[tuple[CaseParty, Party]]:
    links = (CaseParty.select(CaseParty, Party).join(Party).where(CaseParty.case == case)
             .order_by(CaseParty.position))
    return [(link, link.party) for link in links]


def _agreement_scans(agreement: Agreement) -> list[Attachment]:
    return list(Attachment.select().where(Attachment.agreement == agreement).order_by(Attachment.created_at))
