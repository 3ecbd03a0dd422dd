"""The monthly statistics report as an Excel file in the shape county offices expect.

Sheet 综合统计: title, 填报单位 and period, two-level merged headers, one row per center (county
mode: per township, then 合计), bordered, A4 landscape fit to width with the headers repeated.
Sheet 纠纷类型: accepted cases by category, same layout; sheet 对接调解: the cases taken on
referral, split into 诉调、警调、访调、检调、仲调、专调. Every figure is a stored number (no
formula waits for a recalculation); rates are fractions shown with a percent format.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.vocab import LINKAGES
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.reports import xlsx_style as xs
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.figures.county_months import monthly_report
from zhongxin_desktop.services.figures.statistics import SOURCE_GROUPS, MonthlyReport, MonthlyStatistics
from zhongxin_desktop.store import tempfiles

TITLE = "矛盾纠纷排查调处工作统计月报表"

# (group, [(sub title, figure key)]); the first column is the unit.
MAIN_COLUMNS: list[tuple[str, list[tuple[str, str]]]] = [
    ("排查预防", [("排查次数", "inspections"), ("排查发现纠纷数", "inspection_disputes"),
              ("预防纠纷数", "prevented_disputes")]),
    ("受理调解", [("受理数", "accepted"), ("调解成功数", "succeeded"), ("调解成功率", "success_rate"),
              ("协议涉及金额（元）", "agreement_amount")]),
    ("受理来源", [(g, f"source:{g}") for g in SOURCE_GROUPS]),
    ("协议形式", [("口头协议", "oral_agreements"), ("书面协议", "written_agreements")]),
    ("履行与确认", [("履行数", "performed"), ("司法确认数", "judicial_confirmations")]),
    ("防止民转刑", [("件", "prevent_criminal_cases"), ("人", "prevent_criminal_persons")]),
    ("防止群体性上访", [("件", "prevent_petition_cases"), ("人", "prevent_petition_persons")]),
    ("防止自杀", [("件", "prevent_suicide_cases"), ("人", "prevent_suicide_persons")]),
    ("网格治理", [("网格发现案件数", "grid_found"), ("网格内化解率", "grid_handled_share"), ("超期案件数", "overdue")]),
    ("调解组织", [("调委会数", "committees"), ("调解员数", "mediators")]),
]
# 诉调、警调 … counted apart: on a sheet of their own, so 综合统计 keeps to few A4 parts
LINKAGE_COLUMNS: list[tuple[str, list[tuple[str, str]]]] = [
    ("接受委托移送", [("合计", "source:接受委托移送")]),
    ("其中：对接调解", [(k, f"linkage:{k}") for k in LINKAGES]),
]
PERCENT_KEYS = {"success_rate", "grid_handled_share"}
MONEY_KEYS = {"agreement_amount"}


def figure(stats: MonthlyStatistics, key: str) -> int | float:
    """A figure as the number stored in the cell."""
    if key.startswith("source:"):
        return stats.by_source_group.get(key.split(":", 1)[1], 0)
    if key.startswith("linkage:"):
        return stats.by_linkage.get(key.split(":", 1)[1], 0)
    if key.startswith("category:"):
        return stats.by_category.get(key.split(":", 1)[1], 0)
    value = stats.figure(key)
    return float(value) if key in MONEY_KEYS | PERCENT_KEYS else int(value)


def main_keys() -> list[str]:
    return [key for _, subs in MAIN_COLUMNS for _, key in subs]


def _period(report: MonthlyReport) -> str:
    return f"统计期间：{cn_date(report.first_day)}至{cn_date(report.last_day)}"


def _write_sheet(ws: Worksheet, report: MonthlyReport, title: str, header: xs.Header, keys: list[str],
                 today: dt.date, widths: list[float]) -> None:
    ncols = xs.header_width(header)
    xs.write_title(ws, f"{report.first_day.year}年{report.first_day.month}月{title}",
                   f"填报单位：{report.unit}", _period(report), ncols)
    xs.write_header(ws, header, top=3)
    r = 5
    for row in report.all_rows():
        xs.put(ws, r, 1, row.name)
        for c, key in enumerate(keys, start=2):
            cell = xs.put(ws, r, c, figure(row.stats, key))
            if key in PERCENT_KEYS:
                cell.number_format = "0.0%"
            elif key in MONEY_KEYS:
                cell.number_format = xs.CURRENCY
            else:
                cell.number_format = "0"
        r += 1
    xs.style_body(ws, 5, r - 1, ncols, left_cols={1})
    if report.total:
        for c in range(1, ncols + 1):
            ws.cell(r - 1, c).font = xs.HEADER_FONT
    foot = r + 1
    ws.merge_cells(start_row=foot, start_column=1, end_row=foot, end_column=ncols)
    xs.put(ws, foot, 1, f"填报人：            审核人：            负责人：            填报日期：{cn_date(today)}"
           ).font = xs.BODY_FONT
    xs.set_widths(ws, widths)
    xs.print_setup(ws, header_top=3, freeze_col=2)


def build_workbook(report: MonthlyReport, today: dt.date | None = None) -> Workbook:
    today = today or dt.date.today()
    wb = Workbook()
    ws = wb.active
    ws.title = "综合统计"
    header: xs.Header = [("单位", [])] + [(g, [t for t, _ in subs]) for g, subs in MAIN_COLUMNS]
    keys = main_keys()
    widths = [18.0] + [8.5 if k not in MONEY_KEYS else 12.0 for k in keys]  # A4 parts at 100 % (xs.print_setup)
    _write_sheet(ws, report, TITLE, header, keys, today, widths)
    categories = report.categories()
    ws2 = wb.create_sheet("纠纷类型")
    cat_keys = [f"category:{c}" for c in categories] + ["accepted"]
    header2: xs.Header = [("单位", []), ("受理纠纷类型（件）", categories + ["合计"])]
    _write_sheet(ws2, report, "矛盾纠纷类型统计表", header2, cat_keys, today, [22.0] + [8.0] * len(cat_keys))
    ws3 = wb.create_sheet("对接调解")
    header3: xs.Header = [("单位", [])] + [(g, [t for t, _ in subs]) for g, subs in LINKAGE_COLUMNS]
    link_keys = [key for _, subs in LINKAGE_COLUMNS for _, key in subs]
    _write_sheet(ws3, report, "诉调、警调、访调、检调、仲调、专调对接调解统计表", header3, link_keys, today,
                 [22.0] + [10.0] * len(link_keys))
    return wb


def export_monthly(actor: Actor, month: dt.date | str, path: Path | str, *, today: dt.date | None = None
                   ) -> MonthlyReport:
    """Compute the month's report and write it to ``path`` (.xlsx). Aggregate figures carry no
    personal data: the export needs Perm.PRINT (any signed-in clerk), and is audited."""
    actor.require(Perm.PRINT, "report")
    report = monthly_report(actor, month, today=today)
    path = Path(path)
    with tempfiles.written_atomically(path) as tmp:  # never a half-written workbook under the user's name
        build_workbook(report, today).save(tmp)
    audit.record(actor.username, "report_monthly_export", "report", report.month,
                 detail={"file": path.name, "rows": len(report.all_rows())})
    return report
