"""A month's grid figures as an Excel file: sheet 网格 (one row per grid, then 全镇合计) and sheet
网格员 (each worker's visits against the rhythm to date). Laid out like the monthly report
(title, 填报单位 and period, bordered, A4 landscape); every figure is a stored number and the
rate is a fraction shown with a percent format, as on the monthly report."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.reports import xlsx_style as xs
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.gridwork.grid_figures import GridFigures, GridRow, WorkerRow, grid_figures

GRID_HEADER: xs.Header = [
    ("网格", []), ("事件", ["发现事件", "网格内化解", "上报中心", "网格内化解率"]), ("未了结风险", []),
    ("走访（实际/应走访）", ["日常走访", "应日常走访", "重点走访", "应重点走访"]), ("周研判", ["研判会", "应开"]),
]
WORKER_HEADER: xs.Header = [
    ("网格", []), ("姓名", []), ("职务", []),
    ("走访（实际/应走访）", ["日常走访", "应日常走访", "重点走访", "应重点走访"]), ("是否落后于节奏", []),
]


def _grid_cells(g: GridRow) -> list[object]:
    return [g.name, g.events_found, g.handled_in_grid, g.escalated, g.handled_share, g.open_risk_total,
            g.routine_visits, round(g.expected_routine, 1), g.focused_visits, round(g.expected_focused, 1),
            g.meetings, round(g.expected_meetings, 1)]


def _worker_cells(w: WorkerRow) -> list[object]:
    return [w.grid_name, w.name, w.duty or "（非在册网格员）", w.routine_visits, round(w.expected_routine, 1),
            w.focused_visits, round(w.expected_focused, 1), "是" if w.behind else "否"]


def _sheet(ws: Worksheet, title: str, unit: str, period: str, header: xs.Header, rows: list[list[object]],
           widths: list[float], percent_cols: set[int], left_cols: set[int], bold_last: bool,
           today: dt.date) -> None:
    ncols = xs.header_width(header)
    xs.write_title(ws, title, f"填报单位：{unit}", period, ncols)
    xs.write_header(ws, header, top=3)
    r = 5
    for cells in rows:
        for c, value in enumerate(cells, start=1):
            cell = xs.put(ws, r, c, value)
            if c in percent_cols:
                cell.number_format = "0.0%"
            elif isinstance(value, float):
                cell.number_format = "0.0"
        r += 1
    xs.style_body(ws, 5, r - 1, ncols, left_cols=left_cols)
    if bold_last and rows:
        for c in range(1, ncols + 1):
            ws.cell(r - 1, c).font = xs.HEADER_FONT
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=ncols)
    xs.put(ws, r + 1, 1, f"填报人：            审核人：            填报日期：{cn_date(today)}").font = xs.BODY_FONT
    xs.set_widths(ws, widths)
    xs.print_setup(ws, header_top=3, freeze_col=2)


def build_workbook(figures: GridFigures, unit: str, today: dt.date | None = None) -> Workbook:
    today = today or dt.date.today()
    last = (figures.counted_until or figures.nxt) - dt.timedelta(days=1)
    period = f"统计期间：{cn_date(figures.first)}至{cn_date(last)}"
    month = f"{figures.first.year}年{figures.first.month}月"
    wb = Workbook()
    ws = wb.active
    ws.title = "网格"
    _sheet(ws, f"{month}网格工作统计表", unit, period, GRID_HEADER,
           [_grid_cells(g) for g in [*figures.grids, figures.township]],
           [20.0] + [10.0] * 11, {5}, {1}, True, today)
    _sheet(wb.create_sheet("网格员"), f"{month}网格员走访统计表", unit, period, WORKER_HEADER,
           [_worker_cells(w) for w in figures.workers], [20.0, 10.0, 12.0] + [10.0] * 5, set(), {1, 2, 3}, False, today)
    return wb


def export_grid_figures(actor: Actor, first: dt.date, nxt: dt.date, path: Path | str, *,
                        today: dt.date | None = None) -> GridFigures:
    """Compute the figures (grid_figures checks the view permission) and write them to ``path``.
    Names of grid workers but no phone or ID: Perm.PRINT, audited."""
    actor.require(Perm.PRINT, "grid_figures")
    figures = grid_figures(actor, first, nxt, today=today)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(figures, local_center().name, today).save(path)
    audit.record(actor.username, "grid_figures_export", "grid_figures", first.isoformat(),
                 detail={"file": path.name, "grids": len(figures.grids)})
    return figures
