"""The case ledger (台账) for a date range as an Excel file.

ID numbers and phones are masked unless the actor may reveal them and asked to (audited). The
ledger carries personal data, so writing it needs Perm.EXPORT; every export is audited.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.reports import xlsx_style as xs
from zhongxin_desktop.services import audit, case_query
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store import tempfiles
from zhongxin_desktop.store.models import Case, CaseParty, Party, User

HEADER: xs.Header = [
    ("序号", []), ("案件编号", []), ("登记日期", []), ("案件来源", []), ("纠纷类型", []),
    ("申请人（当事人）", ["姓名", "身份证号", "联系电话"]),
    ("被申请人", ["姓名", "身份证号", "联系电话"]),
    ("纠纷简要情况", []), ("涉及金额（元）", []), ("风险等级", []), ("调解员", []),
    ("办理情况", ["状态", "办结日期", "调解结果"]),
]
WIDTHS = [6, 24, 13, 12, 11, 9, 21, 14, 9, 21, 14, 40, 12, 8, 9, 9, 13, 24]


def _parties(case_ids: list[str]) -> dict[str, list[tuple[str, Party]]]:
    found: dict[str, list[tuple[str, Party]]] = {}
    for i in range(0, len(case_ids), 500):
        q = (CaseParty.select(CaseParty, Party).join(Party)
             .where(CaseParty.case.in_(case_ids[i:i + 500])).order_by(CaseParty.position))
        for link in q:
            found.setdefault(link.case_id, []).append((link.role, link.party))
    return found


def _side(parties: list[Party], reveal: bool) -> list[str]:
    return ["、".join(p.name for p in parties),
            "、".join((p.id_number if reveal else mask_id(p.id_number)) for p in parties if p.id_number),
            "、".join((p.phone if reveal else mask_phone(p.phone)) for p in parties if p.phone)]


def ledger_rows(date_from: dt.date | None, date_to: dt.date | None, reveal: bool) -> list[list]:
    q = Case.select().order_by(Case.registered_on, Case.created_at)
    if date_from:
        q = q.where(Case.registered_on >= date_from)
    if date_to:
        q = q.where(Case.registered_on <= date_to)
    cases = list(q)
    parties = _parties([c.id for c in cases])
    mediators = {u.id: u.display_name for u in User.select(User.id, User.display_name)}
    rows = []
    for n, c in enumerate(cases, start=1):
        links = parties.get(c.id, [])
        first = [p for role, p in links if role != "被申请人"]
        second = [p for role, p in links if role == "被申请人"]
        rows.append([n, c.case_no or "", c.registered_on, c.source, c.category, *_side(first, reveal),
                     *_side(second, reveal), c.facts, float(c.amount or 0), c.risk_level,
                     mediators.get(c.mediator_id, ""), Status(c.status).label, c.closed_on,
                     c.outcome or c.rejection_reason])
    return rows


def build_workbook(rows: list[list], unit: str, date_from: dt.date | None, date_to: dt.date | None,
                   masked: bool) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "案件台账"
    ncols = xs.header_width(HEADER)
    span = f"{cn_date(date_from) or '最早'}至{cn_date(date_to) or '今'}"
    xs.write_title(ws, "矛盾纠纷排查调处台账", f"填报单位：{unit}",
                   f"登记日期：{span}" + ("（个人信息已脱敏）" if masked else ""), ncols)
    xs.write_header(ws, HEADER, top=3)
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=1):
            cell = xs.put(ws, r, c, value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy\"年\"m\"月\"d\"日\""
            elif c == 15:
                cell.number_format = "#,##0.00"
    xs.style_body(ws, 5, 4 + len(rows), ncols, left_cols={12, 18})
    for r in range(5, 5 + len(rows)):  # long facts stay on one line: wrapped rows overlap in print
        for c in (12, 18):
            ws.cell(r, c).alignment = xs.Alignment(horizontal="left", vertical="center", shrink_to_fit=False)
    xs.set_widths(ws, WIDTHS)
    xs.print_setup(ws, header_top=3, freeze_col=3)
    return wb


def export_ledger(actor, path: Path | str, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  reveal: bool = False) -> int:
    """Write the ledger of cases registered in [date_from, date_to]; returns the number of cases."""
    actor.require(Perm.EXPORT, "ledger")
    reveal = case_query.may_reveal(actor, reveal, "ledger")
    rows = ledger_rows(date_from, date_to, reveal)
    path = Path(path)
    with tempfiles.written_atomically(path) as tmp:  # never a half-written workbook under the user's name
        build_workbook(rows, local_center().name, date_from, date_to, masked=not reveal).save(tmp)
    audit.record(actor.username, "report_ledger_export", "ledger", "",
                 detail={"file": path.name, "from": date_from, "to": date_to, "cases": len(rows),
                         "revealed": reveal})
    return len(rows)
