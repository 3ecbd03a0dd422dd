"""The case ledger (台账) for a date range as an Excel file.

ID numbers and phones are masked unless the actor may reveal them and asked to (audited). The
ledger carries personal data, so writing it needs Perm.EXPORT; every export is audited.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.reports import xlsx_style as xs
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.figures import ledger_cases
from zhongxin_desktop.services.casework import case_query
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store import tempfiles

HEADER: xs.Header = [
    ("序号", []), ("案件编号", []), ("登记日期", []), ("案件来源", []), ("纠纷类型", []),
    ("申请人（当事人）", ["姓名", "身份证号", "联系电话"]),
    ("被申请人", ["姓名", "身份证号", "联系电话"]),
    ("纠纷简要情况", []), ("涉及金额（元）", []), ("风险等级", []), ("调解员", []),
    ("办理情况", ["状态", "办结日期", "调解结果"]),
]
# Printed at 100 % on A4 landscape parts cut between header groups (xs.print_setup).
WIDTHS = [5, 20, 11, 10, 10, 9, 20, 13, 9, 20, 13, 28, 12, 7, 8, 8, 11, 17]
PARTY_COLS = (6, 7, 8, 9, 10, 11)  # one sub-row per party, so an ID number stands beside its name


def _side(parties: list[ledger_cases.LedgerParty]) -> list[list[str]]:
    """Names, ID numbers (or credit codes) and phones, one entry per party in the same order."""
    return [[p.name for p in parties], [p.number for p in parties], [p.phone for p in parties]]


def ledger_rows(actor: Actor, date_from: dt.date | None, date_to: dt.date | None,
                reveal: bool) -> list[list[object]]:
    rows: list[list[object]] = []
    for n, entry in enumerate(ledger_cases.ledger_cases(actor, date_from, date_to, reveal), start=1):
        c = entry.case
        first = [p for p in entry.parties if p.role != "被申请人"]
        second = [p for p in entry.parties if p.role == "被申请人"]
        rows.append([n, c.case_no or "", c.registered_on, c.source, c.category, *_side(first), *_side(second),
                     c.facts, float(c.amount or 0), c.risk_level, entry.mediator, Status(c.status).label,
                     c.closed_on, c.outcome or c.rejection_reason])
    return rows


def build_workbook(rows: list[list[object]], unit: str, date_from: dt.date | None, date_to: dt.date | None,
                   masked: bool) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "案件台账"
    ncols = xs.header_width(HEADER)
    span = f"{cn_date(date_from) or '最早'}至{cn_date(date_to) or '今'}"
    xs.write_title(ws, "矛盾纠纷排查调处台账", f"填报单位：{unit}",
                   f"登记日期：{span}" + ("（个人信息已脱敏）" if masked else ""), ncols)
    xs.write_header(ws, HEADER, top=3)
    r = 5
    for row in rows:
        height = max([len(v) for v in row if isinstance(v, list)] + [1])
        for c, value in enumerate(row, start=1):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    xs.put(ws, r + i, c, item)
                continue
            cell = xs.put(ws, r, c, value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy\"年\"m\"月\"d\"日\""
            elif c == 15:
                cell.number_format = xs.CURRENCY
            if height > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + height - 1, end_column=c)
        r += height
    last = r - 1
    xs.style_body(ws, 5, last, ncols, left_cols={12, 18})
    for row_no in range(5, last + 1):  # long facts stay on one line: wrapped rows overlap in print
        for c in (12, 18):
            ws.cell(row_no, c).alignment = Alignment(horizontal="left", vertical="center", shrink_to_fit=False)
    xs.set_widths(ws, WIDTHS)
    xs.print_setup(ws, header_top=3, freeze_col=3)
    return wb


def _no_progress(done: int, total: int, text: str) -> None:
    pass


def export_ledger(actor: Actor, path: Path | str, *, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, reveal: bool = False,
                  progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write the ledger of cases registered in [date_from, date_to]; returns the number of cases.
    ``progress(done, total, text)`` is called between the steps; it may raise to cancel, which
    leaves no file (the workbook is written only at the end, atomically)."""
    step = progress or _no_progress
    actor.require(Perm.EXPORT, "ledger")
    reveal = case_query.may_reveal(actor, reveal, "ledger")
    step(0, 3, "正在读取案件…")
    rows = ledger_rows(actor, date_from, date_to, reveal)
    path = Path(path)
    step(1, 3, f"正在生成台账（{len(rows)} 件）…")
    wb = build_workbook(rows, local_center().name, date_from, date_to, masked=not reveal)
    step(2, 3, "正在保存文件…")
    with tempfiles.written_atomically(path) as tmp:  # never a half-written workbook under the user's name
        if reveal:  # full ID numbers and phones: readable by this user only, like the printed PDFs
            xs.save_private(wb, tmp)
        else:
            wb.save(tmp)
    audit.record(actor.username, "report_ledger_export", "ledger", "",
                 detail={"file": path.name, "from": date_from, "to": date_to, "cases": len(rows),
                         "revealed": reveal})
    return len(rows)
