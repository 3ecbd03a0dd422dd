"""Reading messy spreadsheets exported by other platforms (pure: no openpyxl, no DB).

Grid platforms export reports with title rows above the header, headers split over two merged
rows, column names that vary from county to county, dates typed every way a clerk can type
them, blank rows and 合计/小计 rows. These helpers turn a sheet's rows (lists of cell values)
into records keyed by our field names, and say why a row could not be read.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from zhongxin_desktop.domain import ledger_values

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


def _match_field(header: str, aliases: Mapping[str, Sequence[str]]) -> str | None:
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


def find_header(rows: Sequence[Sequence[object]], aliases: Mapping[str, Sequence[str]], required: Sequence[str],
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


def parse_date(value: object, year: int | None = None) -> tuple[dt.date | None, str | None]:
    """(date, None) or (None, a Chinese reason): ledger_values.parse_date, the one date reader of
    every spreadsheet import, in this module's (value, reason-or-None) convention."""
    day, why = ledger_values.parse_date(value, year)
    if day is not None:
        return day, None
    return None, "日期为空" if why == "为空" else why


def parse_int(value: object) -> tuple[int | None, str | None]:
    """(number, None), (None, None) for an empty cell, or (None, reason). '150户' reads as 150."""
    text = cell_text(value).translate(_FW).replace(",", "")
    if not text:
        return None, None
    m = re.fullmatch(r"(\d+)(?:\.0+)?\s*(户|人|个)?", text)
    if not m:
        return None, f"“{text}”不是整数"
    return int(m.group(1)), None
