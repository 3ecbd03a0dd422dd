"""What every sheet we hand to a county office shares: fonts, borders, a merged title, the
填报单位/period line, two-level merged headers, and an A4 print set-up that repeats the headers.

Every value reaches a cell through ``put``: typed text is stored as text, never as a formula."""
from __future__ import annotations

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


def put(ws: Worksheet, row: int, col: int, value) -> Cell:
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


def style_body(ws: Worksheet, first_row: int, last_row: int, ncols: int, left_cols: set[int] = frozenset()
               ) -> None:
    for r in range(first_row, last_row + 1):
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            cell.border, cell.font = BORDER, BODY_FONT
            cell.alignment = LEFT if c in left_cols else CENTER


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def print_setup(ws: Worksheet, header_top: int = 3, freeze_col: int = 2) -> None:
    """A4 landscape, fit all columns on one page width, header rows repeated on every page,
    panes frozen below the headers and right of the first column(s)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_top}:{header_top + 1}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = ws.cell(header_top + 2, freeze_col)
