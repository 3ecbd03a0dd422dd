"""Reading messy spreadsheets exported by other platforms (pure: no openpyxl, no DB).

Grid platforms export reports with title rows above the header, headers split over two merged
rows, column names that vary from county to county, dates typed every way a clerk can type
them, blank rows and 合计/小计 rows. These helpers turn a sheet's rows (lists of cell values)
into records keyed by our field names, and say why a row could not be read.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (it counts the non-existent 1900-02-29)
_SPACES = re.compile(r"[\s\u3000]+")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")  # "联系电话（手机）" → "联系电话"
_SUBTOTAL = re.compile(r"^(合\s*计|小\s*计|总\s*计|共\s*计|累\s*计)")
_FW = str.maketrans("０１２３４５６７８９．／－：", "0123456789./-:")


def norm_header(value: object) -> str:
    """Header text reduced to what identifies it: no spaces, brackets, punctuation or '*'."""
    text = "" if value is None else str(value)
    text = _SPACES.sub("", text.translate(_FW))
    text = _BRACKETS.sub("", text)
    return text.strip("*:：·.、")


def cell_text(value: object) -> str:
    """A cell as stripped text; floats that are whole numbers lose their '.0' (codes, phones)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    return str(value).replace("\u3000", " ").strip()


def is_blank(row: Sequence[object]) -> bool:
    return all(cell_text(v) == "" for v in row)


def is_subtotal(row: Sequence[object]) -> bool:
    """A 合计/小计 row: its first non-empty text cell starts with such a word."""
    for v in row:
        text = _SPACES.sub("", cell_text(v))
        if text:
            return bool(_SUBTOTAL.match(text))
    return False


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int  # 0-based index of the (last) header row in the sheet's rows
    columns: dict[str, int]  # field name → 0-based column
    labels: dict[str, str]  # field name → the header text as written in the sheet


def _match_field(header: str, aliases: dict[str, Sequence[str]]) -> str | None:
    """The field whose alias equals the header, else the longest alias the header contains."""
    if not header:
        return None
    for field, names in aliases.items():
        if header in names:
            return field
    best, best_len = None, 0
    for field, names in aliases.items():
        for name in names:
            if len(name) >= 2 and name in header and len(name) > best_len:
                best, best_len = field, len(name)
    return best


def find_header(rows: Sequence[Sequence[object]], aliases: dict[str, Sequence[str]], required: Sequence[str],
                scan: int = 15) -> HeaderMatch | None:
    """Find the header among the first ``scan`` rows: the row (or two merged rows) naming every
    required field and the most fields overall. A two-row header ("基本信息" over "姓名") is
    read by joining each column's upper and lower text, and by the lower text alone."""
    best: HeaderMatch | None = None
    limit = min(len(rows), scan)
    for i in range(limit):
        candidates = [[norm_header(v) for v in rows[i]]]
        if i > 0:  # merged upper row: fill it rightwards as merged cells read empty after the first
            upper, last = [], ""
            for v in rows[i - 1]:
                last = norm_header(v) or last
                upper.append(last)
            lower = candidates[0]
            width = max(len(upper), len(lower))
            upper += [""] * (width - len(upper))
            lower = lower + [""] * (width - len(lower))
            candidates.append([lo or up for up, lo in zip(upper, lower)])
        for headers in candidates:
            columns: dict[str, int] = {}
            labels: dict[str, str] = {}
            for col, header in enumerate(headers):
                field = _match_field(header, aliases)
                if field and field not in columns:
                    columns[field] = col
                    labels[field] = header
            if all(f in columns for f in required) and (best is None or len(columns) > len(best.columns)):
                best = HeaderMatch(i, columns, labels)
    return best


_DATE_SEP_SPACES = re.compile(r"\s*([年月日./-])\s*")
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """(date, None) or (None, a Chinese reason). Accepts date/datetime cells, Excel serial
    numbers, 2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日, 20250305 (also with full-width digits)."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, f"“{value}”不是日期"
    if isinstance(value, (int, float)):
        if 20000 <= value <= 80000:  # 1954..2119 as Excel serials
            return EXCEL_EPOCH + dt.timedelta(days=int(value)), None
        if isinstance(value, int) or float(value).is_integer():
            value = str(int(value))  # maybe 20250305
        else:
            return None, f"“{value}”不是日期"
    text = _SPACES.sub(" ", str(value).translate(_FW)).strip()
    text = _DATE_SEP_SPACES.sub(r"\1", text)  # "2025 年 3 月 5 日" → "2025年3月5日"
    if not text:
        return None, "日期为空"
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
            except ValueError:
                return None, f"“{text}”不是有效日期"
    if text.isdigit() and 20000 <= int(text) <= 80000:
        return EXCEL_EPOCH + dt.timedelta(days=int(text)), None
    return None, f"“{text}”不是可识别的日期，请写成 2025-03-05 或 2025年3月5日"


def parse_int(value: object) -> tuple[int | None, str | None]:
    """(number, None), (None, None) for an empty cell, or (None, reason). '150户' reads as 150."""
    text = cell_text(value).translate(_FW).replace(",", "")
    if not text:
        return None, None
    m = re.fullmatch(r"(\d+)(?:\.0+)?\s*(户|人|个)?", text)
    if not m:
        return None, f"“{text}”不是整数"
    return int(m.group(1)), None
