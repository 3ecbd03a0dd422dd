"""What every sheet we hand to a county office shares: fonts, borders, a merged title, the
填报单位/period line, two-level merged headers, and an A4 print set-up that repeats the headers.

Every value reaches a cell through ``put``: typed text is stored as text, never as a formula."""
from __future__ import annotations

from collections.abc import Sequence, Set
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
TITLE_FONT = Font(name=FONT, size=16, bold=True)
HEADER_FONT = Font(name=FONT, size=10, bold=True)
BODY_FONT = Font(name=FONT, size=10)

# A header is a list of groups: (group title, [sub titles]); a group with no sub titles spans
# both header rows ("单位" in the first column).
Header = list[tuple[str, list[str]]]


# Text a spreadsheet program would read as a formula when the cell is edited, pasted or saved as
# CSV (=, +, - and @ start formulas in Excel, WPS and LibreOffice), also behind leading blanks.
_FORMULA_START = ("=", "+", "-", "@")
_LEADING_BLANKS = " \t\r\n\u3000"


def put(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write ``value`` into a cell. Text stays text: openpyxl would store ``=…`` as a live formula
    and ``#N/A`` as an error, so a party named ``=HYPERLINK(…)`` would become a link in the
    county's ledger. Text that starts like a formula also gets Excel's quote prefix (the hidden
    leading apostrophe), so editing the cell later does not turn it into one either."""
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.lstrip(_LEADING_BLANKS).startswith(_FORMULA_START):
            cell.quotePrefix = True
    return cell


def header_width(header: Header) -> int:
    return sum(max(len(subs), 1) for _, subs in header)


def write_title(ws: Worksheet, title: str, left: str, right: str, ncols: int) -> None:
    """Row 1: the title across the table; row 2: 填报单位 on the left, the period on the right."""
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    cell = put(ws, 1, 1, title)
    cell.font, cell.alignment = TITLE_FONT, CENTER
    ws.row_dimensions[1].height = 30
    half = max(ncols // 2, 1)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    put(ws, 2, 1, left).font = BODY_FONT
    if ncols > half:
        ws.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=ncols)
        c = put(ws, 2, half + 1, right)
        c.font, c.alignment = BODY_FONT, Alignment(horizontal="right", vertical="center")


def write_header(ws: Worksheet, header: Header, top: int = 3) -> int:
    """Two header rows from ``top``; returns the number of columns."""
    col = 1
    for group, subs in header:
        if not subs:
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
            put(ws, top, col, group)
            col += 1
            continue
        if len(subs) > 1:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(subs) - 1)
        put(ws, top, col, group)
        for i, sub in enumerate(subs):
            put(ws, top + 1, col + i, sub)
        col += len(subs)
    ncols = col - 1
    for row in (top, top + 1):
        ws.row_dimensions[row].height = 32
        for c in range(1, ncols + 1):
            cell = ws.cell(row, c)
            cell.font, cell.alignment, cell.border, cell.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
    return ncols


def style_body(ws: Worksheet, first_row: int, last_row: int, ncols: int, left_cols: Set[int] = frozenset()
               ) -> None:
    for r in range(first_row, last_row + 1):
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            cell.border, cell.font = BORDER, BODY_FONT
            cell.alignment = LEFT if c in left_cols else CENTER


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


CURRENCY = '"¥"#,##0.00'  # amounts in yuan as currency


def column_mm(ws: Worksheet, col: int) -> float:
    """Printed width of one column at 100 % (Excel: a width of w characters is 7w + 5 pixels at 96 dpi)."""
    width: float = ws.column_dimensions[get_column_letter(col)].width
    return (width * 7 + 5) * 25.4 / 96


def printed_width_mm(ws: Worksheet) -> float:
    return sum(column_mm(ws, c) for c in range(1, ws.max_column + 1))


MIN_SCALE = 0.8  # 10 pt body text prints at 8 pt or more
PRINTABLE_MM = {"A4": 297 - 2 * 0.3 * 25.4, "A3": 420 - 2 * 0.3 * 25.4}  # landscape, 0.3" side margins


def paper_for(ws: Worksheet) -> str:
    return "A4" if printed_width_mm(ws) * MIN_SCALE <= PRINTABLE_MM["A4"] else "A3"


# LibreOffice lays the same column widths out about a quarter wider than Excel's rule gives, and
# adds a break of its own where a part does not fit: parts are cut with that much room to spare.
SPREADSHEET_SLACK = 0.75


def _group_starts(ws: Worksheet, header_top: int) -> set[int]:
    """Columns where a header group begins (a group's columns are never printed apart)."""
    starts = set(range(1, ws.max_column + 2))
    for merged in ws.merged_cells.ranges:
        if merged.min_row == header_top and merged.max_col > merged.min_col:
            starts -= set(range(merged.min_col + 1, merged.max_col + 1))
    return starts


def page_parts(ws: Worksheet, header_top: int, title_cols: int) -> list[tuple[int, int]]:
    """The sheet's columns cut into A4-wide parts at 100 %, each printed with the first
    ``title_cols`` columns repeated, cut between header groups where one fits."""
    room = PRINTABLE_MM["A4"] * SPREADSHEET_SLACK - sum(column_mm(ws, c) for c in range(1, title_cols + 1))
    starts = _group_starts(ws, header_top)
    parts, first, used = [], title_cols + 1, 0.0
    for col in range(title_cols + 1, ws.max_column + 1):
        width = column_mm(ws, col)
        if used + width > room and col > first:
            cut = max((c for c in starts if first < c <= col), default=col)
            parts.append((first, cut - 1))
            first = cut
            used = sum(column_mm(ws, c) for c in range(first, col))
        used += width
    parts.append((first, ws.max_column))
    return parts


def print_setup(ws: Worksheet, header_top: int = 3, freeze_col: int = 2, paper: str | None = None) -> None:
    """Landscape A4, header rows repeated on every page, panes frozen below the headers and right
    of the first column(s). A sheet that fits one A4 width at 80 % or more is fitted to it; a wider
    one prints at 100 % on A4 pages cut between header groups, each repeating the first
    column(s), so 10 pt text never prints below 8 pt (``paper="A3"`` fits it to one A3 width
    instead). The footer sits inside the bottom margin with room to spare (LibreOffice cuts a
    footer taller than the margin leaves)."""
    from openpyxl.worksheet.pagebreak import Break, ColBreak

    paper = paper or "A4"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    if paper == "A3" or paper_for(ws) == "A4":
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as needed
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = 100
        breaks = ColBreak()
        for _, last in page_parts(ws, header_top, freeze_col - 1)[:-1]:
            breaks.append(Break(id=last))
        ws.col_breaks = breaks
        ws.print_title_cols = f"A:{get_column_letter(freeze_col - 1)}"
    ws.print_title_rows = f"{header_top}:{header_top + 1}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    ws.freeze_panes = ws.cell(header_top + 2, freeze_col)


def save_private(wb: Workbook, path: Path | str) -> None:
    """Save readable by the owner only (0600 from creation: personal data in full)."""
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its mode on O_TRUNC
    with os.fdopen(fd, "wb") as fh:
        wb.save(fh)
